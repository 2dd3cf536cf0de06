"""Open data: the validated plan as JSON, CSV and iCalendar files, from the same models as the pages.

Pure functions from data to file contents; `open_data_jobs` lists them as (path,
make the file) jobs for `plan_render.generate`, which writes real files under
`docs/du-lieu/` (mkdocs-static-i18n publishes `name.vi.ics` at `/du-lieu/name.ics` and
`name.en.ics` at `/en/du-lieu/name.ics`; files without a language suffix exist once,
at `/du-lieu/`).
No MkDocs import, no clock: the build date comes in through the renderer.

- JSON: `plan.json` is `PlanData` dumped as JSON; `plan-data.schema.json` is its schema.
- CSV: UTF-8 with a byte-order mark (spreadsheet programs then read Vietnamese
  correctly), CRLF line ends (RFC 4180), one header row, lists joined with ";".
- iCalendar (RFC 5545): CRLF, lines folded at 75 octets, stable UIDs, all-day events.
  A year-only entry spans its whole year; see `plan_calendar` for the two readings.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import json
from collections.abc import Callable, Iterable, Sequence

from pydantic import BaseModel

from plan179.data.calendar import Entry, Precision, last_year
from plan179.data.load import LANGUAGES
from plan179.data.model import Agency, PlanData, task_anchor
from plan179.data.succession import plan_status
from plan179.export.source import ExportSource
from plan179.layout import OPEN_DATA_DIR

PLAN_JSON = "plan.json"
PLAN_SCHEMA = "plan-data.schema.json"
CSV_FILES = ("tasks", "agencies", "duties", "obligations", "reports")
CALENDAR = "obligations"
UID_DOMAIN = "ke-hoach-179-kh-ubnd"
LIST_SEPARATOR = ";"
LICENCE_ID = "CC-BY-4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"


# --- JSON ----------------------------------------------------------------------------


@functools.lru_cache(maxsize=16)
def json_schema(model: type[BaseModel], name: str) -> str:
    """A model's JSON Schema (2020-12) as published, stable byte for byte.

    Remembered: it depends on the code only, and pydantic takes 0.6 s to build it,
    which every `make preview` rebuild after a data edit paid.
    """
    schema = model.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = name
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def plan_json(r: ExportSource) -> str:
    """The whole validated plan, both languages, as `PlanData`, with its status on the build date."""
    site = r.site
    status = plan_status(site.plan, r.today)
    data = PlanData(plan=site.plan, status=status, pillars=site.pillars, agencies=site.agencies, reports=site.reports)
    return json.dumps(data.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"


# --- CSV -----------------------------------------------------------------------------


def _csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if value is None else value for value in row])
    return "\ufeff" + buffer.getvalue()


def _join(values: Iterable[str]) -> str:
    return LIST_SEPARATOR.join(values)


def tasks_csv(r: ExportSource) -> str:
    header = (
        "task_id",
        "pillar_number",
        "pillar_slug",
        "letter",
        "pillar_title_vi",
        "pillar_title_en",
        "text_vi",
        "text_en",
        "reports",
        "page_vi",
        "page_en",
    )
    rows = []
    for pillar in r.site.pillars:
        for task in pillar.tasks:
            page = f"ke-hoach/noi-dung/{pillar.slug}.md"
            rows.append(
                (
                    task.id,
                    pillar.number,
                    pillar.slug,
                    task.letter,
                    pillar.short_title.vi,
                    pillar.short_title.en,
                    task.text.vi,
                    task.text.en,
                    len(r.reports_for_task(task.id)),
                    r.url_of(page, "vi") + "#" + task_anchor(task.id),
                    r.url_of(page, "en") + "#" + task_anchor(task.id),
                )
            )
    return _csv(header, rows)


def agencies_csv(r: ExportSource) -> str:
    header = (
        "agency_id",
        "slug",
        "name_vi",
        "name_en",
        "listed_as_vi",
        "listed_as_en",
        "kind",
        "role",
        "sections",
        "groups",
        "successors_vi",
        "successors_en",
        "successor_sources",
        "successor_dates",
        "successor_documents",
        "successor_areas_vi",
        "successor_areas_en",
        "page_vi",
        "page_en",
        "calendar_vi",
        "calendar_en",
    )
    rows = []
    for a in r.site.agencies:
        page = f"ke-hoach/co-quan/{a.slug}.md"
        has_calendar = r.calendar_path(a) is not None
        calendar = f"{OPEN_DATA_DIR}/co-quan/{a.slug}.ics"
        rows.append(
            (
                a.id,
                a.slug,
                a.name.vi,
                a.name.en,
                a.listed_as.vi if a.listed_as else "",
                a.listed_as.en if a.listed_as else "",
                a.kind.value,
                a.role.value,
                _join(a.sections),
                _join(a.groups),
                _join(s.name.vi for s in a.successors),
                _join(s.name.en for s in a.successors),
                _join(s.source.url for s in a.successors),
                _join(s.date.isoformat() for s in a.successors),
                _join(s.source.number for s in a.successors),
                _join(s.areas.vi if s.areas else "" for s in a.successors),
                _join(s.areas.en if s.areas else "" for s in a.successors),
                r.url_of(page, "vi"),
                r.url_of(page, "en"),
                calendar if has_calendar else "",
                f"en/{calendar}" if has_calendar else "",
            )
        )
    return _csv(header, rows)


def duties_csv(r: ExportSource) -> str:
    header = (
        "duty_id",
        "holder_kind",
        "holder_id",
        "section",
        "item",
        "agencies",
        "text_vi",
        "text_en",
        "page_vi",
        "page_en",
    )
    rows = []
    for a in r.site.agencies:
        section = r.agency_section(a)
        page = f"ke-hoach/co-quan/{a.slug}.md"
        for n, duty in enumerate(a.duties, start=1):
            anchor = "#" + r.duty_anchor(duty.id)
            rows.append(
                (
                    duty.id,
                    "agency",
                    a.id,
                    section,
                    n,
                    a.id,
                    duty.text.vi,
                    duty.text.en,
                    r.url_of(page, "vi") + anchor,
                    r.url_of(page, "en") + anchor,
                )
            )
    for g in r.site.plan.duty_groups:
        members = r.members(g.id)
        first = f"ke-hoach/co-quan/{members[0].slug}.md"
        for n, duty in enumerate(g.duties, start=1):
            anchor = "#" + r.duty_anchor(duty.id)
            rows.append(
                (
                    duty.id,
                    "group",
                    g.id,
                    g.section,
                    n,
                    _join(m.id for m in members),
                    duty.text.vi,
                    duty.text.en,
                    r.url_of(first, "vi") + anchor,
                    r.url_of(first, "en") + anchor,
                )
            )
    return _csv(header, rows)


def obligations_csv(r: ExportSource) -> str:
    header = (
        "obligation_id",
        "kind",
        "section",
        "title_vi",
        "title_en",
        "actors",
        "recipients",
        "recurrence",
        "year",
        "month",
        "day",
        "before",
        "due_vi",
        "due_en",
        "calendar_first_day",
        "calendar_last_year",
        "text_vi",
        "text_en",
    )
    dated = {e.id: e for e in r.calendar_entries}
    rows = []
    for ob in r.site.plan.obligations:
        entry = dated.get(ob.id)
        due = ob.due
        rows.append(
            (
                ob.id,
                ob.kind.value,
                ob.section,
                ob.title.vi,
                ob.title.en,
                _join(ob.actors),
                _join(ob.recipients),
                due.recurrence.value,
                due.year,
                due.month,
                due.day,
                "true" if due.before else "false",
                r.due_text(due, "vi"),
                r.due_text(due, "en"),
                entry.first.isoformat() if entry and entry.precision is Precision.DAY else "",
                entry.until_year if entry and entry.until_year else "",
                ob.text.vi,
                ob.text.en,
            )
        )
    return _csv(header, rows)


def reports_csv(r: ExportSource) -> str:
    header = (
        "year",
        "agency_id",
        "agency_name_vi",
        "agency_name_en",
        "task_id",
        "status",
        "status_vi",
        "status_en",
        "summary_vi",
        "summary_en",
        "source_number",
        "source_date",
        "source_url",
        "page_vi",
        "page_en",
    )
    rows = []
    for report in r.site.reports:
        agency = r.agency(report.agency)
        anchor = "#" + r.report_anchor(report)
        for covered in report.tasks:
            rows.append(
                (
                    report.year,
                    report.agency,
                    agency.name.vi,
                    agency.name.en,
                    covered.task,
                    covered.status.value,
                    r.t("vi")("status_" + covered.status.value),
                    r.t("en")("status_" + covered.status.value),
                    report.summary.vi,
                    report.summary.en,
                    report.source.number,
                    report.source.date.isoformat(),
                    report.source.url,
                    r.url_of("ke-hoach/bao-cao.md", "vi") + anchor,
                    r.url_of("ke-hoach/bao-cao.md", "en") + anchor,
                )
            )
    return _csv(header, rows)


# --- iCalendar -------------------------------------------------------------------------


def ics_text(value: str) -> str:
    """Escape a TEXT value (RFC 5545 §3.3.11)."""
    return (
        value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\\n").replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """Fold a content line at 75 octets without splitting a UTF-8 character (RFC 5545 §3.1).

    Cuts the encoded line, stepping back off UTF-8 continuation bytes: a loop per
    character cost 20 s of generation at a hundred times the real plan (bench/).
    """
    data = line.encode("utf-8")
    parts: list[bytes] = []
    start, limit = 0, 75
    while len(data) - start > limit:
        end = start + limit
        while data[end] & 0xC0 == 0x80:  # inside a character: cut before it
            end -= 1
        parts.append(data[start:end])
        start, limit = end, 74  # continuation lines start with one space
    parts.append(data[start:])
    return "\r\n ".join(part.decode("utf-8") for part in parts)


def _ics_date(value: dt.date) -> str:
    return value.strftime("%Y%m%d")


def uid(entry: Entry, lang: str) -> str:
    """Stable across builds: the record id and the language, never a counter or a hash of text."""
    return f"{entry.id}.{lang}@{UID_DOMAIN}"


def _event(r: ExportSource, entry: Entry, lang: str, stamp: str) -> list[str]:
    if entry.precision is Precision.DAY:
        start = entry.first
        end = start + dt.timedelta(days=1)
    else:
        start = entry.first
        end = dt.date(entry.first.year + 1, 1, 1)
    lines = [
        "BEGIN:VEVENT",
        f"UID:{uid(entry, lang)}",
        f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{_ics_date(start)}",
        f"DTEND;VALUE=DATE:{_ics_date(end)}",
    ]
    if entry.until_year is not None:
        lines.append(f"RRULE:FREQ=YEARLY;UNTIL={_ics_date(entry.day_in(entry.until_year))}")
    lines += [
        f"SUMMARY;LANGUAGE={lang}:{ics_text(r.entry_summary(entry, lang))}",
        f"DESCRIPTION;LANGUAGE={lang}:{ics_text(chr(10).join(r.entry_description(entry, lang)))}",
        f"CATEGORIES;LANGUAGE={lang}:{ics_text(r.entry_kind(entry, lang))}",
        "TRANSP:TRANSPARENT",
        "CLASS:PUBLIC",
        "STATUS:CONFIRMED",
        "END:VEVENT",
    ]
    return lines


def calendar(r: ExportSource, lang: str, name: str, description: str, items: Sequence[Entry]) -> str:
    """One VCALENDAR in one language; RFC 5545 wants at least one event, so callers skip empty ones."""
    if not items:
        raise ValueError("a calendar needs at least one event")
    stamp = dt.datetime.combine(r.today, dt.time(0, 0), tzinfo=dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//{UID_DOMAIN}//open data//{lang.upper()}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"NAME:{ics_text(name)}",
        f"X-WR-CALNAME:{ics_text(name)}",
        f"DESCRIPTION:{ics_text(description)}",
        f"X-WR-CALDESC:{ics_text(description)}",
        "REFRESH-INTERVAL;VALUE=DURATION:P7D",
        "X-PUBLISHED-TTL:P7D",
    ]
    events = []
    for entry in items:
        event = r.ics_events.get((entry.id, lang))
        if event is None:  # the same event recurs in the calendar of every agency it names
            event = r.ics_events[(entry.id, lang)] = _folded(_event(r, entry, lang, stamp))
        events.append(event)
    return _folded(lines) + "".join(events) + _folded(["END:VCALENDAR"])


def _folded(lines: Sequence[str]) -> str:
    return "".join(fold(line) + "\r\n" for line in lines)


def plan_calendar(r: ExportSource, lang: str) -> str:
    t = r.t(lang)
    return calendar(
        r,
        lang,
        t("ics_name", plan=r.site.plan.document.number),
        t("ics_description", first=r.site.plan.document.date.year, last=last_year(r.site)),
        r.calendar_entries,
    )


def agency_calendar(r: ExportSource, agency: Agency, lang: str) -> str | None:
    """The entries an agency acts in or receives, or None when it has none (no empty calendar)."""
    items = r.entries_of(agency.id)
    if not items:
        return None
    t = r.t(lang)
    return calendar(
        r,
        lang,
        t("ics_agency_name", plan=r.site.plan.document.number, name=agency.name.get(lang)),
        t("ics_description", first=r.site.plan.document.date.year, last=last_year(r.site)),
        items,
    )


# --- all files -------------------------------------------------------------------------


def open_data_jobs(r: ExportSource, languages: Sequence[str] = LANGUAGES) -> list[tuple[str, Callable[[], str | None]]]:
    """(path, make the file) for every download; a job returning None writes no file.

    The calendars are made for `languages` only; the other files have no language.
    """
    d = OPEN_DATA_DIR
    jobs: list[tuple[str, Callable[[], str | None]]] = [
        (f"{d}/{PLAN_JSON}", lambda: plan_json(r)),
        (f"{d}/{PLAN_SCHEMA}", lambda: json_schema(PlanData, PLAN_SCHEMA)),
        (f"{d}/tasks.csv", lambda: tasks_csv(r)),
        (f"{d}/agencies.csv", lambda: agencies_csv(r)),
        (f"{d}/duties.csv", lambda: duties_csv(r)),
        (f"{d}/obligations.csv", lambda: obligations_csv(r)),
        (f"{d}/reports.csv", lambda: reports_csv(r)),
    ]
    for lang in languages:
        jobs.append((f"{d}/{CALENDAR}.{lang}.ics", functools.partial(plan_calendar, r, lang)))
        for agency in r.site.agencies:
            jobs.append((f"{d}/co-quan/{agency.slug}.{lang}.ics", functools.partial(agency_calendar, r, agency, lang)))
    return jobs
