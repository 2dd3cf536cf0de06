"""Progress reports: validated like the plan, and shown per task, agency and pillar.

The real data/reports/ is empty (no invented reports are shipped); the pages are
exercised with the invented fixtures of tests/fixtures/reports/, which between them
use every status.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from accountability_helpers import MID_2020, fixture_data, load_fixture, render
from conftest import DATA
from plan179.data.load import PlanDataError, SiteData, load
from plan179.data.model import ReportStatus

GOOD = """\
year: 2019
agency: "so-y-te"
tasks:
  - task: "1a"
    status: "completed"
summary:
  vi: "Tóm tắt."
  en: "Summary."
source:
  number: "12/BC-SYT"
  date: "2019-11-20"
  url: "https://example.test/r.pdf"
"""


def problems_for(tmp_path: Path, text: str, name: str = "2019-so-y-te.yml") -> list[str]:
    data = fixture_data(tmp_path, reports=False)
    (data / "reports" / name).write_text(text, encoding="utf-8")
    with pytest.raises(PlanDataError) as info:
        load(data, root=data.parent)
    return [str(p) for p in info.value.problems]


def line_of(text: str, needle: str) -> int:
    return next(i for i, row in enumerate(text.splitlines(), 1) if needle in row)


@pytest.fixture(scope="module")
def reported(tmp_path_factory: pytest.TempPathFactory) -> SiteData:
    return load_fixture(tmp_path_factory.mktemp("reported"))


@pytest.fixture(scope="module")
def pages(reported: SiteData) -> dict[str, str]:
    return render(reported, MID_2020)


# --- the real data -----------------------------------------------------------------------


def test_no_report_is_shipped(site: SiteData) -> None:
    assert site.reports == ()
    assert not list((DATA / "reports").glob("*.y*ml"))
    assert (DATA / "reports" / "README.md").exists()


def test_fixtures_cover_every_status(reported: SiteData) -> None:
    assert {c.status for r in reported.reports for c in r.tasks} == set(ReportStatus)


def test_good_report_loads(tmp_path: Path) -> None:
    data = fixture_data(tmp_path, reports=False)
    (data / "reports" / "2019-so-y-te.yml").write_text(GOOD, encoding="utf-8")
    site = load(data, root=data.parent)
    assert [(r.year, r.agency, r.tasks[0].task) for r in site.reports] == [(2019, "so-y-te", "1a")]


# --- bad input: file:line and what to do --------------------------------------------------

FILE = "data/reports/2019-so-y-te.yml"


def test_unknown_task(tmp_path: Path) -> None:
    text = GOOD.replace('task: "1a"', 'task: "9z"')
    found = problems_for(tmp_path, text)
    assert f"{FILE}:{line_of(text, '9z')}: tasks[0].task: unknown task '9z'" in found[0]


def test_unknown_agency(tmp_path: Path) -> None:
    text = GOOD.replace('agency: "so-y-te"', 'agency: "so-khong-co"')
    found = problems_for(tmp_path, text, "2019-so-khong-co.yml")
    assert found == [
        "data/reports/2019-so-khong-co.yml:2: agency: unknown agency 'so-khong-co': use the id of a file in data/agencies/ (e.g. so-y-te)"
    ]


def test_status_outside_the_list(tmp_path: Path) -> None:
    text = GOOD.replace('status: "completed"', 'status: "done"')
    (found,) = problems_for(tmp_path, text)
    assert found.startswith(f"{FILE}:{line_of(text, 'done')}: tasks[0].status: 'done' is not allowed: use one of")
    for status in ReportStatus:
        assert status.value in found


def test_missing_translation(tmp_path: Path) -> None:
    text = GOOD.replace('  en: "Summary."\n', "")
    (found,) = problems_for(tmp_path, text)
    assert found == f"{FILE}:{line_of(text, 'summary:')}: summary.en is missing: add the English text"


def test_missing_source(tmp_path: Path) -> None:
    text = GOOD.split("source:")[0]
    (found,) = problems_for(tmp_path, text)
    assert found.startswith(f"{FILE}:1: source is missing: a report is recorded only with its source")


def test_source_needs_an_https_address(tmp_path: Path) -> None:
    text = GOOD.replace("https://example.test/r.pdf", "http://example.test/r.pdf")
    (found,) = problems_for(tmp_path, text)
    assert found.startswith(f"{FILE}:{line_of(text, 'url:')}: source.url:")


def test_missing_source_date(tmp_path: Path) -> None:
    text = GOOD.replace('  date: "2019-11-20"\n', "")
    (found,) = problems_for(tmp_path, text)
    assert found == f"{FILE}:{line_of(text, 'source:')}: source.date is missing: add this field"


def test_file_name_must_match(tmp_path: Path) -> None:
    (found,) = problems_for(tmp_path, GOOD, "bao-cao-y-te.yml")
    assert found == (
        "data/reports/bao-cao-y-te.yml:1: a report for 2019 by 'so-y-te' must be in "
        "data/reports/2019-so-y-te.yml: rename the file"
    )


def test_task_listed_twice(tmp_path: Path) -> None:
    text = GOOD.replace(
        '    status: "completed"\n', '    status: "completed"\n  - task: "1a"\n    status: "delayed"\n', 1
    )
    (found,) = problems_for(tmp_path, text)
    assert found == f"{FILE}:6: tasks[1].task: task '1a' is listed twice: keep it once"


def test_year_before_the_plan_and_source_before_the_year(tmp_path: Path) -> None:
    text = GOOD.replace("year: 2019", "year: 2016").replace('date: "2019-11-20"', 'date: "2015-01-01"')
    found = problems_for(tmp_path, text, "2016-so-y-te.yml")
    assert "data/reports/2016-so-y-te.yml:1: year: 2016 is before the plan was issued (2017): check the year" in found
    assert any(
        p.startswith(f"data/reports/2016-so-y-te.yml:{line_of(text, '2015-01-01')}: source.date:") for p in found
    )


def test_no_tasks(tmp_path: Path) -> None:
    text = GOOD.replace('  - task: "1a"\n    status: "completed"\n', "").replace("tasks:\n", "tasks: []\n")
    (found,) = problems_for(tmp_path, text)
    assert found == f"{FILE}:3: tasks: no task listed: add each task the report covers, with its status"


def test_invalid_report_is_not_cross_checked(tmp_path: Path) -> None:
    """Like plan files: cross-record checks need a valid record, so they come on the next run."""
    text = GOOD.replace('task: "1a"', 'task: "9z"').replace('  en: "Summary."\n', "")
    assert problems_for(tmp_path, text) == [
        f"{FILE}:{line_of(text, 'summary:')}: summary.en is missing: add the English text"
    ]


def test_problems_in_several_reports_reported_together(tmp_path: Path) -> None:
    data = fixture_data(tmp_path, reports=False)
    (data / "reports" / "2019-so-y-te.yml").write_text(GOOD.replace('task: "1a"', 'task: "9z"'), encoding="utf-8")
    other = GOOD.replace("so-y-te", "tinh-doan").replace('status: "completed"', 'status: "finished"')
    (data / "reports" / "2019-tinh-doan.yml").write_text(other, encoding="utf-8")
    with pytest.raises(PlanDataError) as info:
        load(data, root=data.parent)
    found = [str(p) for p in info.value.problems]
    assert len(found) == 2
    assert found[0].startswith("data/reports/2019-so-y-te.yml:4: tasks[0].task: unknown task '9z'")
    assert found[1].startswith("data/reports/2019-tinh-doan.yml:5: tasks[0].status: 'finished' is not allowed")


# --- pages ---------------------------------------------------------------------------------


def test_task_pages_say_what_was_reported(pages: dict[str, str]) -> None:
    vi = pages["ke-hoach/noi-dung/cong-dong-gan-ket.vi.md"]
    en = pages["ke-hoach/noi-dung/cong-dong-gan-ket.en.md"]
    task_1a = vi.split("{#nhiem-vu-1a}")[1].split("### ")[0]
    assert "Báo cáo tiến độ đã công bố về nhiệm vụ 1a:" in task_1a
    assert "Năm 2018, [Sở Y tế](../co-quan/so-y-te.md): Hoàn thành" in task_1a
    assert (
        "Năm 2020, [Sở Lao động - Thương binh và Xã hội](../co-quan/so-lao-dong-thuong-binh-va-xa-hoi.md): Đang thực hiện"
        in task_1a
    )
    assert "[Văn bản số 01/BC-TEST ngày 20/11/2018](https://example.test/bao-cao/2018-so-y-te.pdf)" in task_1a
    assert "[chi tiết](../bao-cao.md#bao-cao-2018-so-y-te)" in task_1a
    task_1b = vi.split("{#nhiem-vu-1b}")[1].split("### ")[0]
    assert "chưa ghi nhận báo cáo nào được công bố về nhiệm vụ 1b" in task_1b
    assert "2018, [Department of Health](../co-quan/so-y-te.md): Completed" in en


def table_rows(section: str) -> dict[str, str]:
    """The rows of the first generated table in `section`, by their row header (a year)."""
    table = section.split("</table>")[0]
    rows: dict[str, str] = {}
    for row in table.split('<tr markdown="1">')[2:]:  # after the header row
        header = row.split('<th scope="row">')[1].split("</th>")[0]
        rows[header] = row
    return rows


def test_pillar_pages_summarise_reports(pages: dict[str, str]) -> None:
    vi = pages["ke-hoach/noi-dung/cong-dong-tu-luc-tu-cuong.vi.md"]
    section = vi.split("{#bao-cao}")[1]
    row = table_rows(section)["2019"]
    assert (
        '<td markdown="span" data-label="Cơ quan">[Sở Giáo dục và Đào tạo](../co-quan/so-giao-duc-va-dao-tao.md)</td>'
        in row
    )
    assert "[Nhiệm vụ 4đ](cong-dong-tu-luc-tu-cuong.md#nhiem-vu-4dd): Chưa triển khai</td>" in row
    assert "Báo cáo tiến độ: chưa ghi nhận" not in section
    quiet = pages["ke-hoach/noi-dung/cong-dong-hoa-nhap.vi.md"]  # 2a only
    assert "Chậm tiến độ" in quiet


def test_pillar_without_reports_says_so(site: SiteData) -> None:
    vi = render(site)["ke-hoach/noi-dung/cong-dong-gan-ket.vi.md"]
    assert "Chưa ghi nhận báo cáo tiến độ nào được công bố về các nhiệm vụ của nội dung này." in vi
    assert vi.count("chưa ghi nhận báo cáo nào được công bố về nhiệm vụ") == 3


def test_agency_page_years_relative_to_build_date(pages: dict[str, str]) -> None:
    vi = pages["ke-hoach/co-quan/so-y-te.vi.md"]
    section = vi.split("{#bao-cao}")[1]
    rows = table_rows(section)
    assert list(rows) == [str(y) for y in range(2017, 2026)]
    assert "Trước ngày 1/12/2017" in rows["2017"] and "Chưa ghi nhận báo cáo được công bố" in rows["2017"]
    assert "[Văn bản số 01/BC-TEST ngày 20/11/2018]" in rows["2018"] and "Hoàn thành" in rows["2018"]
    assert "Chưa ghi nhận" in rows["2019"]
    assert "Chưa đến hạn" in rows["2020"]  # built on 1 June 2020: the 2020 report is not due yet
    assert "Chưa đến hạn" in rows["2025"]


def test_agency_without_a_report_duty(pages: dict[str, str]) -> None:
    vi = pages["ke-hoach/co-quan/so-tai-chinh.vi.md"]
    assert "Chưa ghi nhận báo cáo tiến độ nào được công bố của cơ quan này." in vi.split("{#bao-cao}")[1]


def test_reports_page(pages: dict[str, str], reported: SiteData) -> None:
    for lang in ("vi", "en"):
        page = pages[f"ke-hoach/bao-cao.{lang}.md"]
        for report in reported.reports:
            assert f"{{#bao-cao-{report.year}-{report.agency}}}" in page
            assert report.summary.get(lang) in page
            assert report.source.url in page
        for status in ReportStatus:
            assert f"(`{status.value}`)" in page
    vi = pages["ke-hoach/bao-cao.vi.md"]
    assert "Trang đã ghi nhận 3 báo cáo." in vi
    assert '<td markdown="span" data-label="2018" data-state="published">[Đã công bố](#bao-cao-2018-so-y-te)</td>' in vi
    assert "[Nội dung 4: Cộng đồng tự lực, tự cường](noi-dung/cong-dong-tu-luc-tu-cuong.md#bao-cao): 1 báo cáo" in vi


def test_reports_page_without_reports(site: SiteData) -> None:
    files = render(site, dt.date(2026, 11, 28))
    vi = files["ke-hoach/bao-cao.vi.md"]
    assert "Trang chưa ghi nhận báo cáo tiến độ nào được công bố." in vi
    assert 'data-state="published"' not in vi
    assert 'data-state="not-due"' not in vi  # every yearly deadline 2017–2025 is past by 2026
    assert vi.count(' data-state="none">') == 10 * 9  # ten bodies must report, nine years each
    en = files["ke-hoach/bao-cao.en.md"]
    assert "No published progress report has been recorded." in en


def test_matrix_shows_reports_not_assignments(pages: dict[str, str], site: SiteData) -> None:
    vi = pages["ke-hoach/ai-lam-gi.vi.md"]
    matrix = vi.split("{#ma-tran}")[1]
    assert "[Báo cáo năm 2019](bao-cao.md#bao-cao-2019-so-giao-duc-va-dao-tao): 2a" in matrix
    assert "[Báo cáo năm 2018](bao-cao.md#bao-cao-2018-so-y-te): 3b" in matrix
    assert matrix.count('data-reports="1"') == 6  # one cell per (report, pillar) covered
    empty = render(site)["ke-hoach/ai-lam-gi.vi.md"].split("{#ma-tran}")[1]
    assert empty.count('data-reports="0"') == len(site.agencies) * len(site.pillars)
