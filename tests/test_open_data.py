"""Every download parsed with a real parser and checked against the data it comes from."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import icalendar
import jsonschema
import pytest

from accountability_helpers import MID_2020, load_fixture, render
from conftest import ROOT
from plan179.data.calendar import entries, entries_for, undated
from plan179.data.load import SiteData
from plan179.data.model import PlanData
from plan179.export.open_data import fold, ics_text
from plan179.render.site import Renderer

BUILD_DAY = dt.date(2026, 11, 28)


@pytest.fixture(scope="module")
def files(site: SiteData) -> dict[str, str]:
    return render(site, BUILD_DAY)


@pytest.fixture(scope="module")
def with_reports(tmp_path_factory: pytest.TempPathFactory) -> SiteData:
    return load_fixture(tmp_path_factory.mktemp("reports"), reports=True, successor=True)


@pytest.fixture(scope="module")
def report_files(with_reports: SiteData) -> dict[str, str]:
    return render(with_reports)


def rows(text: str) -> list[dict[str, str]]:
    """A CSV download as dictionaries; the byte-order mark and CRLF line ends are required."""
    assert text.startswith("\ufeff"), "CSV must start with a UTF-8 byte-order mark"
    body = text[1:]
    assert "\r\n" in body and body.replace("\r\n", "").count("\n") == body.count("\n") - body.count("\r\n")
    return list(csv.DictReader(io.StringIO(body, newline="")))


def calendar(text: str) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(text.encode("utf-8"))


# --- plan.json and its schema ---------------------------------------------------------


def test_plan_json_validates_against_its_published_schema(files: dict[str, str]) -> None:
    data = json.loads(files["du-lieu/plan.json"])
    schema = json.loads(files["du-lieu/plan-data.schema.json"])
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(data)
    # The published schema is the committed one (data/schema/), so both stay in step.
    committed = (ROOT / "data" / "schema" / "plan-data.schema.json").read_text(encoding="utf-8")
    assert files["du-lieu/plan-data.schema.json"] == committed


def test_plan_json_is_the_whole_plan(site: SiteData, files: dict[str, str]) -> None:
    data = json.loads(files["du-lieu/plan.json"])
    back = PlanData.model_validate(data)
    # Fields only: an obligation's words are not a field but those of its `source`, attached at load.
    assert back.plan.model_dump() == site.plan.model_dump()
    assert all(ob.source for ob in back.plan.obligations)
    assert back.pillars == site.pillars
    assert back.agencies == site.agencies
    assert back.reports == ()
    assert sum(len(p["tasks"]) for p in data["pillars"]) == 19
    assert data["plan"]["document"]["number"] == "179/KH-UBND"
    assert data["plan"]["document"]["title"]["vi"].startswith("THỰC HIỆN ĐỀ ÁN")
    assert data["plan"]["document"]["title"]["en"].startswith("Implementing the Scheme")


def test_plan_json_says_the_period_is_over_and_names_the_follow_up(site: SiteData) -> None:
    after = json.loads(render(site, BUILD_DAY)["du-lieu/plan.json"])
    assert after["status"] == {"last_milestone_year": 2025, "period_ended": True}
    follow_up = after["plan"]["follow_up"]
    assert follow_up["period"] == "2026-2035"
    assert follow_up["source"]["number"] == "155/QĐ-TTg" and follow_up["source"]["url"].startswith("https://")
    # Derived from the build date, never typed in: in 2025 the period is still running.
    during = json.loads(render(site, dt.date(2025, 6, 1))["du-lieu/plan.json"])
    assert during["status"] == {"last_milestone_year": 2025, "period_ended": False}


def test_plan_json_schema_rejects_a_changed_shape(files: dict[str, str]) -> None:
    data = json.loads(files["du-lieu/plan.json"])
    schema = json.loads(files["du-lieu/plan-data.schema.json"])
    data["agencies"][0]["nickname"] = "x"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)


def test_plan_json_carries_reports(report_files: dict[str, str]) -> None:
    data = json.loads(report_files["du-lieu/plan.json"])
    assert [(r["year"], r["agency"]) for r in data["reports"]] == [
        (2018, "so-y-te"),
        (2019, "so-giao-duc-va-dao-tao"),
        (2020, "so-lao-dong-thuong-binh-va-xa-hoi"),
    ]
    agency = next(a for a in data["agencies"] if a["id"] == "so-lao-dong-thuong-binh-va-xa-hoi")
    assert agency["successors"][0]["source"]["number"] == "99/QĐ-TEST"


# --- CSV -----------------------------------------------------------------------------


def test_tasks_csv(site: SiteData, files: dict[str, str]) -> None:
    table = rows(files["du-lieu/tasks.csv"])
    tasks = [(p, t) for p in site.pillars for t in p.tasks]
    assert [r["task_id"] for r in table] == [t.id for _, t in tasks]
    for row, (pillar, task) in zip(table, tasks, strict=True):
        assert row["text_vi"] == task.text.vi
        assert row["text_en"] == task.text.en
        assert row["letter"] == task.letter
        assert int(row["pillar_number"]) == pillar.number
        assert row["page_vi"] == f"ke-hoach/noi-dung/{pillar.slug}/#nhiem-vu-{task.id}"
        assert row["page_en"] == f"en/ke-hoach/noi-dung/{pillar.slug}/#nhiem-vu-{task.id}"
        assert row["reports"] == "0"
    assert next(r for r in table if r["task_id"] == "4dd")["letter"] == "đ"


def test_agencies_csv(site: SiteData, files: dict[str, str]) -> None:
    table = {r["agency_id"]: r for r in rows(files["du-lieu/agencies.csv"])}
    assert set(table) == {a.id for a in site.agencies}
    for agency in site.agencies:
        row = table[agency.id]
        assert row["name_vi"] == agency.name.vi
        assert row["name_en"] == agency.name.en
        assert row["role"] == agency.role.value
        assert row["sections"].split(";") == list(agency.sections)
        assert row["successors_vi"] == ";".join(s.name.vi for s in agency.successors)
        assert row["successor_sources"] == ";".join(s.source.url for s in agency.successors)
        has_calendar = bool(entries_for(site, agency.id))
        assert row["calendar_vi"] == (f"du-lieu/co-quan/{agency.slug}.ics" if has_calendar else "")
        assert (f"du-lieu/co-quan/{agency.slug}.vi.ics" in files) is has_calendar


def test_agencies_csv_lists_a_recorded_successor(report_files: dict[str, str]) -> None:
    table = {r["agency_id"]: r for r in rows(report_files["du-lieu/agencies.csv"])}
    row = table["so-lao-dong-thuong-binh-va-xa-hoi"]
    assert row["successors_vi"] == "Cơ quan kế thừa thử nghiệm"
    assert row["successor_sources"] == "https://example.test/quyet-dinh-99.pdf"
    assert row["successor_dates"] == "2025-03-01"
    assert row["successor_documents"] == "99/QĐ-TEST"
    assert (row["successor_areas_vi"], row["successor_areas_en"]) == ("lĩnh vực thử nghiệm", "test areas")


def test_duties_csv(site: SiteData, files: dict[str, str]) -> None:
    table = rows(files["du-lieu/duties.csv"])
    own = [d for a in site.agencies for d in a.duties]
    shared = [d for g in site.plan.duty_groups for d in g.duties]
    assert [r["duty_id"] for r in table] == [d.id for d in own + shared]
    texts = {d.id: d.text for d in own + shared}
    for row in table:
        assert row["text_vi"] == texts[row["duty_id"]].vi
        assert row["page_vi"].endswith("#" + row["duty_id"].replace(".", "-"))
    group = next(r for r in table if r["duty_id"] == "so-nganh-tinh.1")
    assert group["holder_kind"] == "group" and group["section"] == "VI.4"
    assert len(group["agencies"].split(";")) == 9
    lead = next(r for r in table if r["duty_id"] == "so-lao-dong-thuong-binh-va-xa-hoi.1")
    assert lead["section"] == "VI.1" and lead["item"] == "1"


def test_obligations_csv(site: SiteData, files: dict[str, str]) -> None:
    table = {r["obligation_id"]: r for r in rows(files["du-lieu/obligations.csv"])}
    assert set(table) == {o.id for o in site.plan.obligations}
    yearly = table["bao-cao-hang-nam"]
    assert (yearly["recurrence"], yearly["month"], yearly["day"], yearly["before"]) == ("yearly", "12", "1", "true")
    assert yearly["due_vi"] == "Trước ngày 01/12 hằng năm"
    assert yearly["due_en"] == "Every year, before 1 December"
    assert yearly["calendar_first_day"] == "2017-11-30"
    assert yearly["calendar_last_year"] == "2025"
    assert table["danh-gia-giua-ky-2020"]["year"] == "2020"
    assert table["danh-gia-giua-ky-2020"]["calendar_first_day"] == ""
    assert table["bo-tri-kinh-phi-hang-nam"]["due_vi"] == "Hằng năm (Kế hoạch không nêu ngày cụ thể)"


def test_reports_csv_empty_then_one_row_per_reported_task(
    files: dict[str, str], with_reports: SiteData, report_files: dict[str, str]
) -> None:
    assert rows(files["du-lieu/reports.csv"]) == []
    assert files["du-lieu/reports.csv"].startswith("\ufeffyear,agency_id,")
    table = rows(report_files["du-lieu/reports.csv"])
    expected = [(r.year, r.agency, c.task, c.status.value) for r in with_reports.reports for c in r.tasks]
    assert [(int(r["year"]), r["agency_id"], r["task_id"], r["status"]) for r in table] == expected
    assert {r["status"] for r in table} == {"completed", "in-progress", "delayed", "not-started", "not-stated"}
    first = table[0]
    assert first["status_vi"] == "Hoàn thành" and first["status_en"] == "Completed"
    assert first["source_url"] == "https://example.test/bao-cao/2018-so-y-te.pdf"
    assert first["page_vi"] == "ke-hoach/bao-cao/#bao-cao-2018-so-y-te"
    counts = {r["task_id"]: int(r["reports"]) for r in rows(report_files["du-lieu/tasks.csv"])}
    assert counts["1a"] == 2 and counts["4dd"] == 1 and counts["1b"] == 0


# --- iCalendar ---------------------------------------------------------------------------


def physical_lines(text: str) -> list[bytes]:
    assert text.endswith("\r\n")
    data = text.encode("utf-8")
    assert b"\n" not in data.replace(b"\r\n", b""), "every line must end with CRLF"
    return data.split(b"\r\n")[:-1]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_calendar_is_rfc5545_shaped(files: dict[str, str], lang: str) -> None:
    for path, text in files.items():
        if not path.endswith(f".{lang}.ics"):
            continue
        for line in physical_lines(text):
            assert len(line) <= 75, (path, line)
            line.decode("utf-8")  # folding never splits a character
        cal = calendar(text)
        assert cal["VERSION"] == "2.0" and cal["PRODID"]
        events = cal.walk("VEVENT")
        assert events, path
        for event in events:
            assert str(event["UID"]).endswith(f".{lang}@ke-hoach-179-kh-ubnd")
            assert event.decoded("DTSTAMP") == dt.datetime(2026, 11, 28, tzinfo=dt.UTC)
            assert type(event.decoded("DTSTART")) is dt.date, "all-day events only"
            assert type(event.decoded("DTEND")) is dt.date
            assert str(event["SUMMARY"].params["LANGUAGE"]) == lang
            assert event["TRANSP"] == "TRANSPARENT"


def test_calendar_events_and_dates(site: SiteData, files: dict[str, str]) -> None:
    events = {str(e["UID"]).split(".")[0]: e for e in calendar(files["du-lieu/obligations.vi.ics"]).walk("VEVENT")}
    expected = {e.id for e in entries(site)}
    assert set(events) == expected
    # Yearly obligations without a date are not invented into the calendar.
    assert {o.id for o in undated(site)} == {
        "bao-cao-tong-hop-hang-nam",
        "du-toan-kinh-phi-hang-nam",
        "bo-tri-kinh-phi-hang-nam",
    }
    assert not expected & {o.id for o in undated(site)}

    issued = events["moc-2017"]
    assert issued.decoded("DTSTART") == dt.date(2017, 6, 15)
    assert issued.decoded("DTEND") == dt.date(2017, 6, 16)

    report = events["bao-cao-hang-nam"]
    assert report.decoded("DTSTART") == dt.date(2017, 11, 30)
    assert report.decoded("DTEND") == dt.date(2017, 12, 1)
    rule = report["RRULE"]
    assert isinstance(rule, icalendar.vRecur)
    assert rule["FREQ"] == ["YEARLY"] and rule["UNTIL"] == [dt.date(2025, 11, 30)]
    assert "trước ngày 01/12" in str(report["SUMMARY"])
    assert "cách đọc của trang" in str(report["DESCRIPTION"])
    assert "ngày cuối cùng trước thời hạn 1/12/2017" in str(report["DESCRIPTION"])

    for uid, year in (("moc-2020", 2020), ("danh-gia-giua-ky-2020", 2020), ("tong-ket-2025", 2025)):
        event = events[uid]
        assert event.decoded("DTSTART") == dt.date(year, 1, 1), uid
        assert event.decoded("DTEND") == dt.date(year + 1, 1, 1), uid  # the whole year, no invented day
        assert "Kế hoạch không nêu ngày" in str(event["SUMMARY"])
        assert "RRULE" not in event


def test_english_calendar_has_the_same_events(files: dict[str, str]) -> None:
    vi = calendar(files["du-lieu/obligations.vi.ics"]).walk("VEVENT")
    en = calendar(files["du-lieu/obligations.en.ics"]).walk("VEVENT")
    assert [str(e["UID"]).replace(".vi@", "@") for e in vi] == [str(e["UID"]).replace(".en@", "@") for e in en]
    assert [e.decoded("DTSTART") for e in vi] == [e.decoded("DTSTART") for e in en]
    report = next(e for e in en if str(e["UID"]).startswith("bao-cao-hang-nam."))
    assert "before 1 December" in str(report["SUMMARY"])
    assert "our reading" in str(report["DESCRIPTION"])
    assert "our unofficial translation" in str(report["DESCRIPTION"])


def test_agency_calendars(site: SiteData, files: dict[str, str]) -> None:
    health = calendar(files["du-lieu/co-quan/so-y-te.vi.ics"])
    uids = {str(e["UID"]).split(".")[0] for e in health.walk("VEVENT")}
    # The Department of Health is one of the nine in the group that reports and evaluates.
    assert uids == {"bao-cao-hang-nam", "danh-gia-giua-ky-2020", "danh-gia-cuoi-ky-2025"}
    assert "Sở Y tế" in str(health["X-WR-CALNAME"])
    lead = calendar(files["du-lieu/co-quan/so-lao-dong-thuong-binh-va-xa-hoi.en.ics"])
    assert {str(e["UID"]).split(".")[0] for e in lead.walk("VEVENT")} == {
        "bao-cao-hang-nam",  # it receives the reports
        "so-ket-2020",
        "tong-ket-2025",
    }
    # No empty calendar is published (RFC 5545 needs at least one component).
    assert "du-lieu/co-quan/so-tai-chinh.vi.ics" not in files
    assert not entries_for(site, "so-tai-chinh")


def test_uids_are_stable_across_builds(site: SiteData, files: dict[str, str]) -> None:
    later = render(site, dt.date(2027, 1, 2))
    for path, text in files.items():
        if path.endswith(".ics"):
            assert later[path].replace("20270102T000000Z", "20261128T000000Z") == text, path
        elif not path.endswith(".md"):
            assert later[path] == text, path  # JSON and CSV do not depend on the build date


def test_fold_and_escape() -> None:
    assert fold("A" * 75) == "A" * 75
    assert fold("A" * 76) == "A" * 75 + "\r\n A"
    folded = fold("B" * 74 + "ệ" + "C")  # 'ệ' is 3 octets: it may not be split
    first, rest = folded.split("\r\n ")
    assert first == "B" * 74 and rest == "ệC"
    assert ics_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"


def test_open_data_page_lists_every_file(site: SiteData, files: dict[str, str]) -> None:
    renderer = Renderer(site, today=MID_2020)
    for lang in ("vi", "en"):
        page = files[f"du-lieu/index.{lang}.md"]
        for item in renderer.downloads():
            name = item["path"].split("/")[-1]
            assert f"[{name}]({name})" in page, (lang, name)
            target = item["path"] if not name.endswith(".ics") else item["path"].replace(".ics", f".{lang}.ics")
            assert target in files, target
        assert "CC BY 4.0" in page
        assert "https://creativecommons.org/licenses/by/4.0/" in page
        assert "plan-data.schema.json" in page
        for agency in site.agencies:
            if entries_for(site, agency.id):
                assert f"(co-quan/{agency.slug}.ics)" in page


def test_downloads_are_linked_from_the_pages_they_describe(files: dict[str, str]) -> None:
    for lang in ("vi", "en"):
        assert "../du-lieu/plan.json" in files[f"ke-hoach/index.{lang}.md"]
        assert "../../du-lieu/tasks.csv" in files[f"ke-hoach/noi-dung/cong-dong-gan-ket.{lang}.md"]
        agency = files[f"ke-hoach/co-quan/so-y-te.{lang}.md"]
        assert "../../du-lieu/co-quan/so-y-te.ics" in agency
        assert "../../du-lieu/agencies.csv" in agency and "../../du-lieu/duties.csv" in agency
        timeline = files[f"ke-hoach/thoi-gian.{lang}.md"]
        assert "../du-lieu/obligations.ics" in timeline and "../du-lieu/obligations.csv" in timeline
        assert "../du-lieu/reports.csv" in files[f"ke-hoach/bao-cao.{lang}.md"]


def test_generated_downloads_are_written_byte_for_byte(tmp_path: Path, files: dict[str, str]) -> None:
    from plan179.render.site import Page, write_pages

    write_pages([Page(p, c) for p, c in files.items()], tmp_path)
    ics = (tmp_path / "du-lieu" / "obligations.vi.ics").read_bytes()
    assert ics.count(b"\r\n") == files["du-lieu/obligations.vi.ics"].count("\r\n")
    assert (tmp_path / "du-lieu" / "tasks.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert write_pages([Page(p, c) for p, c in files.items()], tmp_path) == []  # unchanged: nothing rewritten
