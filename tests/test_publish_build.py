"""The real build, as published: CSP on every page, the commit, no lost URL, sound links."""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest

from build_helpers import ROOT, BuildResult, copy_project, mkdocs_build
from plan179.publish.linkcheck import internal_problems
from plan179.publish.preview import SCRIPT_PATH, carries_preview
from plan179.publish.urls import published_urls, read_manifest

pytestmark = pytest.mark.build

BASE = "https://example.test/ke-hoach-179/"
COMMIT = "0123456789abcdef0123456789abcdef01234567"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BuildResult]:
    project = copy_project(tmp_path_factory.mktemp("publish") / "project")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SITE_COMMIT", COMMIT)
        result = mkdocs_build(project)
    assert result.code == 0, result.output
    yield result


class _Head(HTMLParser):
    """The head's elements in order, and each script's attributes and text, parsed independently of plan_csp."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.head: list[tuple[str, dict[str, str]]] = []
        self.in_head = False
        self.scripts: list[tuple[dict[str, str], str]] = []
        self._script: dict[str, str] | None = None
        self._text: list[str] = []
        self.style_attributes = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        self.style_attributes += "style" in values
        if tag == "head":
            self.in_head = True
        elif self.in_head:
            self.head.append((tag, values))
        if tag == "script":
            self._script, self._text = values, []

    def handle_endtag(self, tag: str) -> None:
        if tag == "head":
            self.in_head = False
        if tag == "script" and self._script is not None:
            self.scripts.append((self._script, "".join(self._text)))
            self._script = None

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._text.append(data)


def parse(path: Path) -> _Head:
    parser = _Head()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser


def pages(built: BuildResult) -> list[Path]:
    found = sorted(built.site.rglob("*.html"))
    assert len(found) > 60
    return found


def csp_of(head: _Head) -> dict[str, str]:
    tag, attrs = head.head[0]
    assert tag == "meta" and attrs.get("http-equiv") == "Content-Security-Policy", head.head[:2]
    return dict(part.strip().split(" ", 1) for part in attrs["content"].split(";"))


def test_csp_is_the_first_element_of_every_head(built: BuildResult) -> None:
    for path in pages(built):
        policy = csp_of(parse(path))
        assert policy["default-src"] == "'self'", path
        assert policy["object-src"] == "'none'", path
        assert policy["base-uri"] == "'self'", path
        assert "'unsafe-inline'" not in policy["script-src"] and "'unsafe-eval'" not in policy["script-src"], path


def test_csp_hashes_match_the_inline_scripts_of_each_page(built: BuildResult) -> None:
    """Recomputed from the built HTML: a theme upgrade that changes a script cannot go unnoticed."""
    seen: set[str] = set()
    for path in pages(built):
        head = parse(path)
        allowed = set(re.findall(r"'sha256-[A-Za-z0-9+/=]+'", csp_of(head)["script-src"]))
        runs = [
            text
            for attrs, text in head.scripts
            if "src" not in attrs and attrs.get("type", "text/javascript") in {"text/javascript", "module", ""}
        ]
        hashes = {f"'sha256-{base64.b64encode(hashlib.sha256(t.encode()).digest()).decode()}'" for t in runs}
        assert hashes == allowed, f"{path}: CSP hashes drifted from the page's inline scripts"
        seen |= hashes
    assert len(seen) >= 2, "Material's inline scripts (palette, scope) should be hashed"


def test_no_inline_styles_the_csp_would_block(built: BuildResult) -> None:
    for path in pages(built):
        assert parse(path).style_attributes == 0, f"{path} has a style attribute"


def test_every_page_names_its_commit(built: BuildResult) -> None:
    for path in pages(built):
        metas = [attrs for tag, attrs in parse(path).head if tag == "meta" and attrs.get("name") == "build-commit"]
        assert [m["content"] for m in metas] == [COMMIT], path


def test_every_url_of_the_manifest_is_still_published(built: BuildResult) -> None:
    """Removals fail; additions do not (a communicator's new page needs no manifest line)."""
    listed = {url for _, url in read_manifest(ROOT / "urls.txt")}
    assert listed <= published_urls(built.site)  # the build itself fails otherwise


def test_a_new_page_is_noted_not_refused(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    for lang in ("vi", "en"):
        source = (project / "docs" / "tim-hieu" / f"asean.{lang}.md").read_text(encoding="utf-8")
        (project / "docs" / "tim-hieu" / f"bai-moi.{lang}.md").write_text(source, encoding="utf-8")
    result = mkdocs_build(project)
    assert result.code == 0, result.output[-3000:]
    assert "/tim-hieu/bai-moi/" in result.output and "not yet in urls.txt" in result.output


def test_internal_links_and_anchors_resolve(built: BuildResult) -> None:
    assert internal_problems(built.site, BASE) == []


def rename_agency(project: Path, old: str, new: str, keep_old: bool) -> None:
    """What a communicator does to change an agency's slug: file, slug, nav, and (rightly) former_slugs."""
    data = project / "data" / "agencies"
    text = (data / f"{old}.yml").read_text(encoding="utf-8").replace(f'slug: "{old}"', f'slug: "{new}"', 1)
    if keep_old:
        text += f'former_slugs:\n  - "{old}"\n'
    (data / f"{new}.yml").write_text(text, encoding="utf-8")
    (data / f"{old}.yml").unlink()
    config = project / "mkdocs.yml"
    nav = config.read_text(encoding="utf-8").replace(f"co-quan/{old}.md", f"co-quan/{new}.md")
    config.write_text(nav, encoding="utf-8")


def test_renamed_agency_keeps_its_old_url(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    rename_agency(project, "so-y-te", "so-y-te-tinh", keep_old=True)
    (project / "redirects.yml").write_text('"gioi-thieu/cu/": "gioi-thieu/"\n', encoding="utf-8")
    result = mkdocs_build(project)
    assert result.code == 0, result.output
    for prefix, lang in (("", "vi"), ("en/", "en")):
        new = result.site / prefix / "ke-hoach/co-quan/so-y-te-tinh/index.html"
        assert new.is_file()
        old = (result.site / prefix / "ke-hoach/co-quan/so-y-te/index.html").read_text(encoding="utf-8")
        assert '<meta http-equiv="refresh" content="0; url=../so-y-te-tinh/">' in old
        assert f'<link rel="canonical" href="{BASE}{prefix}ke-hoach/co-quan/so-y-te-tinh/">' in old
        assert f'<html lang="{lang}">' in old
        assert old.split("<head>\n", 1)[1].startswith('<meta http-equiv="Content-Security-Policy"')
        moved = (result.site / prefix / "gioi-thieu/cu/index.html").read_text(encoding="utf-8")
        assert 'content="0; url=../"' in moved
    assert internal_problems(result.site, BASE) == []


def test_renamed_agency_without_former_slug_fails_naming_the_url(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    rename_agency(project, "so-y-te", "so-y-te-tinh", keep_old=False)
    result = mkdocs_build(project)
    assert result.code != 0
    manifest = (project / "urls.txt").read_text(encoding="utf-8").splitlines()
    for url in ("/ke-hoach/co-quan/so-y-te/", "/en/ke-hoach/co-quan/so-y-te/"):
        line = manifest.index(url) + 1
        assert f"urls.txt:{line}: {url} is no longer published: add a redirect" in result.output
    assert "Traceback" not in result.output
    assert not result.site.exists()


def test_one_language_preview_builds_without_the_url_check(tmp_path: Path) -> None:
    """`make preview` builds one language (PREVIEW_LANGUAGE): the other's URLs are not "lost"."""
    project = copy_project(tmp_path / "project")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PREVIEW_LANGUAGE", "en")
        result = mkdocs_build(project)
    assert result.code == 0, result.output
    assert "published URLs are not checked" in result.output
    assert '<html lang="en"' in (result.site / "index.html").read_text(encoding="utf-8")


def test_built_pages_never_carry_the_preview(built: BuildResult) -> None:
    """The live preview's reload script is added under `mkdocs serve` only, never by `make site`."""
    assert not (built.site / SCRIPT_PATH).exists()
    carrying = [p.relative_to(built.site).as_posix() for p in pages(built) if carries_preview(p.read_text("utf-8"))]
    assert carrying == []
    assert {csp_of(parse(p))["connect-src"] for p in pages(built)} == {"'self'"}
