"""The real build: strict, both languages, and every task verbatim on the published pages."""

from __future__ import annotations

import html
import re
import unicodedata
from pathlib import Path
from urllib.parse import urljoin

import pytest

from build_helpers import BuildResult, copy_project, mkdocs_build
from plan179.data.load import SiteData

pytestmark = pytest.mark.build

BASE = "https://example.test/ke-hoach-179/"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    project = copy_project(tmp_path_factory.mktemp("build") / "project")
    result = mkdocs_build(project)
    assert result.code == 0, result.output
    return result


def page(built: BuildResult, url_path: str) -> str:
    path = built.site / url_path / "index.html"
    assert path.exists(), f"missing page {url_path}"
    return path.read_text(encoding="utf-8")


def text_of(markup: str) -> str:
    """Visible text of HTML, entities decoded, whitespace folded."""
    no_tags = re.sub(r"<[^>]+>", " ", markup)
    return re.sub(r"\s+", " ", html.unescape(no_tags))


def fold(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def test_every_task_verbatim_on_pillar_page_and_full_text(built: BuildResult, site: SiteData) -> None:
    full = text_of(page(built, "ke-hoach/toan-van"))
    for pillar in site.pillars:
        pillar_text = text_of(page(built, f"ke-hoach/noi-dung/{pillar.slug}"))
        for task in pillar.tasks:
            assert fold(task.text.vi) in pillar_text, task.id
            assert fold(task.text.vi) in full, task.id
    assert sum(len(p.tasks) for p in site.pillars) == 19


def test_every_agency_page_in_both_languages(built: BuildResult, site: SiteData) -> None:
    for agency in site.agencies:
        vi = page(built, f"ke-hoach/co-quan/{agency.slug}")
        en = page(built, f"en/ke-hoach/co-quan/{agency.slug}")
        assert agency.name.vi in html.unescape(vi)
        assert agency.name.en in html.unescape(en)


@pytest.mark.parametrize(
    "url_path",
    ["", "ke-hoach/", "ke-hoach/toan-van/", "ke-hoach/co-quan/so-y-te/", "ke-hoach/noi-dung/cong-dong-ben-vung/"],
)
def test_lang_and_alternates(built: BuildResult, url_path: str) -> None:
    """`<html lang>` is right and both pages name the same pair of alternates."""
    for lang, here in (("vi", url_path), ("en", f"en/{url_path}")):
        markup = page(built, here.rstrip("/"))
        assert f'<html lang="{lang}"' in markup
        links = re.findall(r'<link rel="alternate" href="([^"]+)" hreflang="([a-z-]+)"', markup)
        resolved = {code: urljoin(BASE + here, href) for href, code in links}
        assert resolved["vi"] == BASE + url_path, (here, links)
        assert resolved["en"] == BASE + "en/" + url_path, (here, links)


def test_generated_pages_have_their_titles(built: BuildResult) -> None:
    assert "<title>Sở Y tế - " in page(built, "ke-hoach/co-quan/so-y-te")
    assert "<title>Department of Health - " in page(built, "en/ke-hoach/co-quan/so-y-te")


def test_task_anchors_resolve(built: BuildResult) -> None:
    markup = page(built, "ke-hoach/noi-dung/cong-dong-tu-luc-tu-cuong")
    assert 'id="nhiem-vu-4dd"' in markup
    assert 'id="nhiem-vu-4e"' in markup


def test_bad_data_stops_the_build_with_file_and_line(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    agency = project / "data" / "agencies" / "so-y-te.yml"
    text = agency.read_text(encoding="utf-8")
    agency.write_text(text.replace('role: "implementer"', 'role: "implementer"\nrole: "lead"'), encoding="utf-8")
    line = next(i for i, row in enumerate(agency.read_text(encoding="utf-8").splitlines(), 1) if row == 'role: "lead"')
    result = mkdocs_build(project)
    assert result.code != 0
    assert f"data/agencies/so-y-te.yml:{line}: duplicate key 'role'" in result.output
    assert "Traceback" not in result.output
    assert not result.site.exists()
