"""Every built page is valid HTML: the W3C Nu checker (npm vnu-jar, pinned in
package-lock.json, on Java) reports no error, the theme's own markup included.

The site is built like `make site`, with the fixture reports, a recorded successor and
two news posts added to a scratch copy of the project, so that markup is checked too.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from accountability_helpers import FIXTURES, add_successor
from build_helpers import ROOT, BuildResult, copy_project, mkdocs_build, only_fixture_news
from plan179.publish.valid_html import correct

pytestmark = pytest.mark.build

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def nu_errors(*paths: Path) -> list[dict[str, Any]]:
    """The Nu checker's error messages for the HTML files under `paths`."""
    java = shutil.which("java")
    if java is None:
        pytest.fail("Java is missing: the W3C Nu checker needs it (apt-get install -y default-jre-headless)")
    if not VNU.is_file():
        pytest.fail(f"the W3C Nu checker is missing ({VNU}): run `npm ci` in the project root (make test does)")
    proc = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", "--skip-non-html", *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    try:
        report = json.loads(proc.stderr)  # vnu writes its JSON report on stderr
    except json.JSONDecodeError:
        pytest.fail(f"the Nu checker did not report (exit {proc.returncode}): {proc.stderr[-2000:]}")
    messages: list[dict[str, Any]] = report["messages"]
    return [m for m in messages if m.get("type") == "error" or m.get("subType") == "fatal"]


def summary(errors: list[dict[str, Any]]) -> str:
    counts = Counter(m["message"] for m in errors)
    first = {m["message"]: m for m in reversed(errors)}
    lines = [f"{len(errors)} errors on {len({m['url'] for m in errors})} pages"]
    for message, n in counts.most_common(10):
        where = first[message]
        lines.append(
            f"  {n} × {message}\n      first: {where['url']}:{where.get('lastLine')}: {where.get('extract', '')!r}"
        )
    return "\n".join(lines)


def add_news_posts(docs: Path) -> None:
    """Two posts in both languages, the older one naming an agency."""
    for slug, day, agency in (("bai-mot", "2026-05-01", 'agency: "so-y-te"\n'), ("bai-hai", "2026-06-01", "")):
        for lang, title in (("vi", f"Tin thử {slug}"), ("en", f"Test post {slug}")):
            (docs / "tin-tuc" / f"{slug}.{lang}.md").write_text(
                f'---\ntitle: "{title}"\ndescription: "{title}."\ndate: "{day}"\n'
                f'tags:\n  - "ASEAN"\n{agency}---\n\n# {title}\n\n{title}.\n',
                encoding="utf-8",
            )


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    project = only_fixture_news(copy_project(tmp_path_factory.mktemp("valid-html") / "project"))
    for path in sorted((FIXTURES / "reports").glob("*.yml")):
        shutil.copy(path, project / "data" / "reports" / path.name)
    add_successor(project / "data")
    add_news_posts(project / "docs")
    result = mkdocs_build(project)
    assert result.code == 0, result.output
    return result


def test_every_built_page_is_valid_html(built: BuildResult) -> None:
    pages = sorted(built.site.rglob("*.html"))
    assert len(pages) >= 80, f"only {len(pages)} pages were built"
    errors = nu_errors(built.site)
    assert errors == [], summary(errors)


def test_news_post_shows_its_date_topics_agency_and_neighbours(built: BuildResult) -> None:
    older = (built.site / "en" / "tin-tuc" / "bai-mot" / "index.html").read_text(encoding="utf-8")
    assert '<time datetime="2026-05-01">1 May 2026</time>' in older
    assert '<a href="../#chu-de-asean">ASEAN</a>' in older
    assert '<a href="../../ke-hoach/co-quan/so-y-te/">Department of Health</a>' in older
    assert '<a href="../bai-hai/">Test post bai-hai</a>' in older and "Older post" not in older
    assert older.count('<a href="../">All news</a>') == 2
    newer = (built.site / "tin-tuc" / "bai-hai" / "index.html").read_text(encoding="utf-8")
    assert "Tin cũ hơn" in newer and '<a href="../bai-mot/">Tin thử bai-mot</a>' in newer
    assert "Tin mới hơn" not in newer and "Cơ quan:" not in newer


def test_the_checker_finds_what_the_theme_used_to_write(tmp_path: Path) -> None:
    """The check can fail: Material's own markup before our overrides is rejected."""
    page = tmp_path / "bad.html"
    page.write_text(
        '<!doctype html><html lang="vi"><head><title>x</title></head><body>'
        '<input type="checkbox" id="a" autocomplete="off"><label for="a" tabindex="">a</label>'
        "</body></html>",
        encoding="utf-8",
    )
    messages = " | ".join(m["message"] for m in nu_errors(page))
    assert "autocomplete" in messages and "tabindex" in messages, messages


def test_correction_drops_autocomplete_from_checkboxes_only() -> None:
    html = (
        '<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">'
        '<input type="text" name="q" autocomplete="off">'
    )
    assert correct(html) == (
        '<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer">'
        '<input type="text" name="q" autocomplete="off">'
    )
