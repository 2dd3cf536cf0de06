"""The real build publishes the downloads at stable URLs and links them from the pages.

Built once with the fixture reports and successor (tests/fixtures/) added to a scratch
copy of data/, and with PLAN_BUILD_DATE fixed, so every page kind of this part is
exercised: reports per task, agency and pillar, the successor, past and upcoming marks.
"""

from __future__ import annotations

import csv
import html
import io
import json
import posixpath
import re
import shutil

import icalendar
import pytest

from accountability_helpers import FIXTURES, SUCCESSOR_AGENCY, add_successor
from build_helpers import BuildResult, copy_project, mkdocs_build
from plan179.data.load import SiteData

pytestmark = pytest.mark.build

DOWNLOADS = (
    "du-lieu/plan.json",
    "du-lieu/plan-data.schema.json",
    "du-lieu/tasks.csv",
    "du-lieu/agencies.csv",
    "du-lieu/duties.csv",
    "du-lieu/obligations.csv",
    "du-lieu/reports.csv",
    "du-lieu/obligations.ics",
    "en/du-lieu/obligations.ics",
    "du-lieu/co-quan/so-y-te.ics",
    "en/du-lieu/co-quan/so-y-te.ics",
)
MY_PAGES = ("ke-hoach/ai-lam-gi", "ke-hoach/bao-cao", "ke-hoach/lich-su", "du-lieu", "ke-hoach/thoi-gian")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    project = copy_project(tmp_path_factory.mktemp("open-data") / "project")
    for path in sorted((FIXTURES / "reports").glob("*.yml")):
        shutil.copy(path, project / "data" / "reports" / path.name)
    add_successor(project / "data")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("PLAN_BUILD_DATE", "2020-06-01")
        result = mkdocs_build(project)
    assert result.code == 0, result.output
    return result


def page(built: BuildResult, url_path: str) -> str:
    path = built.site / url_path.strip("/") / "index.html"
    assert path.exists(), f"missing page {url_path}"
    return path.read_text(encoding="utf-8")


def text_of(markup: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", markup)))


def test_downloads_at_stable_urls(built: BuildResult) -> None:
    for path in DOWNLOADS:
        assert (built.site / path).is_file(), path
    # Files with no language suffix exist once; the English pages link to that copy.
    assert not (built.site / "en" / "du-lieu" / "plan.json").exists()
    assert b"\r\n" in (built.site / "du-lieu" / "obligations.ics").read_bytes()
    assert (built.site / "du-lieu" / "tasks.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_published_files_parse(built: BuildResult, site: SiteData) -> None:
    data = json.loads((built.site / "du-lieu" / "plan.json").read_text(encoding="utf-8"))
    assert len(data["reports"]) == 3 and len(data["agencies"]) == len(site.agencies)
    text = (built.site / "du-lieu" / "reports.csv").read_text(encoding="utf-8-sig")
    assert len(list(csv.DictReader(io.StringIO(text, newline="")))) == 6
    vi = icalendar.Calendar.from_ical((built.site / "du-lieu" / "obligations.ics").read_bytes())
    en = icalendar.Calendar.from_ical((built.site / "en" / "du-lieu" / "obligations.ics").read_bytes())
    assert all(str(e["UID"]).endswith(".vi@ke-hoach-179-kh-ubnd") for e in vi.walk("VEVENT"))
    assert all(str(e["UID"]).endswith(".en@ke-hoach-179-kh-ubnd") for e in en.walk("VEVENT"))


def test_every_link_to_a_download_resolves(built: BuildResult) -> None:
    checked = 0
    for html_file in built.site.rglob("*.html"):
        rel = html_file.relative_to(built.site).as_posix()
        for href in re.findall(r'href="([^"#?]+\.(?:json|csv|ics))"', html_file.read_text(encoding="utf-8")):
            target = posixpath.normpath(posixpath.join(posixpath.dirname(rel), href))
            assert (built.site / target).is_file(), (rel, href)
            checked += 1
    assert checked > 100


def test_open_data_page_in_both_languages(built: BuildResult) -> None:
    for prefix in ("", "en/"):
        markup = page(built, f"{prefix}du-lieu")
        for name in ("plan.json", "plan-data.schema.json", "tasks.csv", "obligations.ics", "CC BY 4.0"):
            assert name in markup, (prefix, name)
    assert 'href="../../du-lieu/plan.json"' in page(built, "en/du-lieu")


def test_history_notice_on_every_plan_page(built: BuildResult) -> None:
    pages = [
        p
        for p in built.site.rglob("index.html")
        if re.match(r"(en/)?(ke-hoach|du-lieu)(/|$)", p.relative_to(built.site).as_posix())
    ]
    assert len(pages) == 2 * 31
    for path in pages:
        body = text_of(path.read_text(encoding="utf-8"))
        english = path.relative_to(built.site).as_posix().startswith("en/")
        assert ("Historical document" if english else "Văn bản lịch sử") in body, path
        assert "202/2025/QH15" in body and "203/2025/QH15" in body, path


def test_timeline_and_tables_in_html(built: BuildResult) -> None:
    timeline = page(built, "ke-hoach/thoi-gian")
    assert timeline.count('class="plan-timeline__event plan-timeline__event--past"') == 4
    assert timeline.count('class="plan-timeline__event plan-timeline__event--current"') == 3
    assert '<span class="plan-timeline__state">Sắp tới</span>' in timeline
    who = page(built, "en/ke-hoach/ai-lam-gi")
    assert who.count('<th scope="row">') == 2 * 16
    assert '<table aria-label="Bodies and areas of action">' in who
    assert 'href="../bao-cao/#bao-cao-2019-so-giao-duc-va-dao-tao"' in who


def test_reports_and_successor_on_pages(built: BuildResult) -> None:
    pillar = text_of(page(built, "ke-hoach/noi-dung/cong-dong-gan-ket"))
    assert re.search(r"Năm 2018, Sở Y tế ?: Hoàn thành", pillar)
    agency = text_of(page(built, f"ke-hoach/co-quan/{SUCCESSOR_AGENCY}"))
    assert "Nhiệm vụ nay do Cơ quan kế thừa thử nghiệm đảm nhận (từ ngày 1/3/2025" in agency
    assert "Cơ quan kế thừa: chưa được ghi nhận" in text_of(page(built, "ke-hoach/co-quan/so-y-te"))


def test_permalinks_and_copy_script(built: BuildResult) -> None:
    assert (built.site / "assets" / "javascripts" / "plan-copy-link.js").is_file()
    assert (built.site / "assets" / "stylesheets" / "plan-accountability.css").is_file()
    for url_path in ("ke-hoach/noi-dung/cong-dong-tu-luc-tu-cuong", "en/ke-hoach/co-quan/so-y-te"):
        markup = page(built, url_path)
        assert re.search(r'<script src="[./]*assets/javascripts/plan-copy-link\.js"', markup), url_path
        assert 'class="plan-permalink"' in markup
    pillar = page(built, "ke-hoach/noi-dung/cong-dong-tu-luc-tu-cuong")
    assert re.search(r'<a class="plan-permalink"[^>]*href="#nhiem-vu-4dd">Liên kết đến nhiệm vụ 4đ</a>', pillar)


def test_new_pages_in_nav_and_both_languages(built: BuildResult) -> None:
    for url_path in MY_PAGES:
        vi = page(built, url_path)
        en = page(built, f"en/{url_path}")
        assert '<html lang="vi"' in vi and '<html lang="en"' in en
    nav = page(built, "en/du-lieu")
    assert "Open data" in nav and "Who does what, by when" in nav and "Progress reports" in nav
