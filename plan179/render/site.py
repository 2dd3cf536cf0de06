"""Pure rendering: validated plan data + language → Markdown pages.

No MkDocs import here on purpose: Material reaches end of life in 2027 and its
successor runs no MkDocs hooks, so the data→Markdown step must stand alone.
Each page kind has one small `render_<kind>` function; page bodies live in
Jinja templates (StrictUndefined, so a missing value fails loudly) and every
UI string is looked up by key in `data/i18n/<lang>.yml`.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import posixpath
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from plan179.data.calendar import (
    Entry,
    Occurrence,
    Precision,
    State,
    entries,
    group_members,
    last_year,
    members_of,
    occurrences,
    undated,
)
from plan179.data.load import LANGUAGES, Located, PlanDataError, SiteData
from plan179.data.model import (
    Agency,
    Characteristic,
    CharacteristicInfo,
    Due,
    DutyGroup,
    LegalBasis,
    Obligation,
    ObligationKind,
    Pillar,
    Quote,
    Recurrence,
    Report,
    ReportedTask,
    ReportStatus,
    Role,
    task_anchor,
)
from plan179.export.open_data import (
    CALENDAR,
    CSV_FILES,
    LICENCE_URL,
    OPEN_DATA_DIR,
    PLAN_JSON,
    PLAN_SCHEMA,
    open_data_jobs,
)

Job = tuple[str, "Callable[[], str | None]"]  # (path under docs/, render the file; None = no file)

GENERATED_DIR = "ke-hoach"
GENERATED_DIRS = (GENERATED_DIR, OPEN_DATA_DIR)
TEMPLATES = Path(__file__).parent / "templates"
VIETNAM = dt.timezone(dt.timedelta(hours=7), "ICT")


@functools.lru_cache(maxsize=1 << 16)
def _relpath(target: str, start: str) -> str:
    """`posixpath.relpath`, remembered: pages of one folder link to the same files many times."""
    return posixpath.relpath(target, start)


ROLE_ORDER = [Role.LEAD, Role.COORDINATOR, Role.IMPLEMENTER, Role.OVERSIGHT, Role.RECIPIENT]

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")
_WS = re.compile(r"\s+")


@functools.lru_cache(maxsize=1 << 16)
def md(text: str) -> str:
    """Inline-safe Markdown for a data text: one line, Markdown syntax escaped.

    Remembered: the same names and texts are escaped on many pages (15% of rendering).
    """
    one_line = _WS.sub(" ", text).strip()
    escaped = _MD_SPECIAL.sub(r"\\\1", one_line)
    return escaped.replace("&", "&amp;")


def yaml_str(text: str) -> str:
    """A double-quoted YAML scalar for front matter."""
    return '"' + _WS.sub(" ", text).strip().replace("\\", "\\\\").replace('"', '\\"') + '"'


@dataclass(frozen=True)
class Item:
    """A paragraph or lettered task inside a section of the full text."""

    kind: str
    text: Quote
    anchor: str
    letter: str = ""
    prefix: str = ""


@dataclass(frozen=True)
class Section:
    """A heading of the full text and what stands under it."""

    level: int
    label: str
    heading_text: Quote
    anchor: str
    items: list[Item]


@dataclass(frozen=True)
class Page:
    """One generated file: its path under docs/ (with language suffix) and content."""

    path: str
    content: str


@dataclass(frozen=True)
class YearRow:
    """One year an agency had to report in, and what was published for it."""

    year: int
    due: dt.date | None  # the last day, where the plan gives one
    before: bool  # the plan says "before" the day after `due`
    reports: list[Report]
    state: State


def environment(templates: Path) -> jinja2.Environment:
    """The Jinja environment for a template folder, shared so templates compile once per process.

    A template edited while `mkdocs serve` runs changes the folder's stamp, which makes a
    new environment; within one, templates are not checked again on every page (Jinja's
    auto_reload looked at each template file once per page that used it).
    """
    stamp = tuple(
        (path.relative_to(templates).as_posix(), path.stat().st_mtime_ns, path.stat().st_size)
        for path in sorted(templates.rglob("*.j2"))
    )
    return _environment(templates, stamp)


@functools.lru_cache(maxsize=4)
def _environment(templates: Path, stamp: tuple[tuple[str, int, int], ...]) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates),
        auto_reload=False,
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        # `{#anchor}` is Markdown attribute syntax in our pages, so Jinja comments use {## ##}.
        comment_start_string="{##",
        comment_end_string="##}",
    )
    env.filters["md"] = md
    env.filters["yaml_str"] = yaml_str
    return env


def build_date(environ: Mapping[str, str] | None = None) -> dt.date:
    """The day pages call "today": PLAN_BUILD_DATE (YYYY-MM-DD), else SOURCE_DATE_EPOCH, else today in Viet Nam.

    Injectable so tests and reproducible builds do not depend on the clock.
    """
    env = os.environ if environ is None else environ
    value = env.get("PLAN_BUILD_DATE", "").strip()
    if value:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise PlanDataError(
                [Located("PLAN_BUILD_DATE", 1, f"{value!r} is not a date: write it as YYYY-MM-DD, or unset it")]
            ) from None
    epoch = env.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), VIETNAM).date()
        except (ValueError, OverflowError, OSError):
            raise PlanDataError(
                [Located("SOURCE_DATE_EPOCH", 1, f"{epoch!r} is not a number of seconds since 1970: fix or unset it")]
            ) from None
    return dt.datetime.now(VIETNAM).date()


class Renderer:
    """Holds the Jinja environment and site data; renders pages per language."""

    def __init__(self, site: SiteData, templates: Path = TEMPLATES, today: dt.date | None = None) -> None:
        self.site = site
        self.today = today if today is not None else build_date()
        self.env = environment(templates)
        self._lookups: dict[str, Callable[..., str]] = {}
        self._year_rows: dict[str, list[YearRow]] = {}
        # One calendar event's folded lines per (entry, language): an event recurs in the
        # calendar of every agency it names (plan_export.calendar).
        self.ics_events: dict[tuple[str, str], str] = {}

    # --- helpers shared by templates -------------------------------------------

    def t(self, lang: str) -> Callable[..., str]:
        """The UI-string lookup for `lang`; unknown keys fail the build."""
        found = self._lookups.get(lang)
        if found is None:
            found = self._lookups[lang] = self._lookup(lang)
        return found

    def _lookup(self, lang: str) -> Callable[..., str]:
        table = self.site.strings[lang]

        def lookup(key: str, **values: Any) -> str:
            if key not in table:
                raise KeyError(f"UI string '{key}' is missing from data/i18n/{lang}.yml: add it")
            text = table[key]
            return text.format(**values) if values else text

        return lookup

    def due_text(self, due: Due, lang: str) -> str:
        """When an obligation falls due, worded as precisely as the plan and no more."""
        t = self.t(lang)
        if due.recurrence is Recurrence.YEARLY:
            if due.month is not None and due.day is not None:
                key = "due_yearly_before" if due.before else "due_yearly_on"
                return t(
                    key, day=due.day, dd=f"{due.day:02d}", mm=f"{due.month:02d}", month_name=t(f"month_{due.month}")
                )
            return t("due_yearly")
        assert due.year is not None
        if due.month is not None and due.day is not None:
            key = "due_once_before" if due.before else "due_once_on"
            return t(
                key,
                year=due.year,
                day=due.day,
                dd=f"{due.day:02d}",
                mm=f"{due.month:02d}",
                month_name=t(f"month_{due.month}"),
            )
        return t("due_once", year=due.year)

    def date_text(self, value: dt.date, lang: str) -> str:
        """A date as the reader's language writes it (15/6/2017; 15 June 2017)."""
        return self.t(lang)(
            "date_format",
            day=value.day,
            dd=f"{value.day:02d}",
            month=value.month,
            mm=f"{value.month:02d}",
            year=value.year,
            month_name=self.t(lang)(f"month_{value.month}"),
        )

    def legal_basis_text(self, basis: LegalBasis, lang: str) -> str:
        return self.t(lang)(
            "legal_basis_line",
            type=basis.type.get(lang),
            number=basis.number,
            date=self.date_text(basis.date, lang),
            issuer=basis.issuer.get(lang),
            title=basis.title.get(lang),
        )

    def characteristic(self, letter: Characteristic) -> CharacteristicInfo:
        return next(c for c in self.site.plan.characteristics if c.letter == letter)

    def obligations_by_date(self) -> list[Obligation]:
        """Dated one-off obligations by year, then yearly ones (which recur)."""

        def key(ob: Obligation) -> tuple[int, int, int, int]:
            once = ob.due.recurrence is Recurrence.ONCE
            return (0 if not once else 1, ob.due.year or 0, ob.due.month or 13, ob.due.day or 32)

        return sorted(self.site.plan.obligations, key=key)

    def sections(self, lang: str) -> list[Section]:
        """The plan's body as headed sections in document order, rebuilt from the records."""
        plan = self.site.plan
        out: list[Section] = []
        groups = {g.id: g for g in plan.duty_groups}
        for h in plan.headings:
            roman, _, sub = h.id.partition(".")
            level = 3 if sub else 2
            label = f"{sub}." if sub else f"{roman}."
            anchor = "muc-" + h.id.lower().replace(".", "-")
            items: list[Item] = []
            if h.id == "I.1":
                items = [Item("para", p.text, p.id) for p in plan.purposes]
            elif h.id == "I.2":
                items = [Item("para", p.text, p.id) for p in plan.requirements]
            elif h.id == "III":
                items = [
                    Item("para", m.text, m.id, prefix=self.t(lang)("year_label", year=m.year) + ":")
                    for m in plan.timeline
                ]
            elif h.id == "IV":
                items = [Item("para", s.text, f"giai-phap-{s.number}", prefix=f"{s.number}.") for s in plan.solutions]
            elif h.id == "V":
                items = [Item("para", p.text, p.id) for p in plan.funding]
            elif h.agency is not None:
                items = [Item("para", d.text, d.id.replace(".", "-")) for d in self.agency(h.agency).duties]
            elif h.group is not None:
                g = groups[h.group]
                if g.intro is not None:
                    items.append(Item("para", g.intro, ""))
                items += [Item("para", d.text, d.id.replace(".", "-")) for d in g.duties]
            out.append(Section(level, label, h.text, anchor, items))
            if h.id == "II":
                for p in self.site.pillars:
                    tasks = [Item("task", t.text, task_anchor(t.id), letter=t.letter) for t in p.tasks]
                    out.append(Section(3, f"{p.number}.", p.heading, f"muc-ii-{p.number}", tasks))
        return out

    def section_list(self, sections: Iterable[str], lang: str) -> str:
        """Section references as readers know them ('VI.1, closing provisions')."""
        return ", ".join(self.t(lang)("section_closing") if s == "closing" else s for s in sections)

    # Lookups are indexed once per renderer: templates call them per page, and a linear
    # scan per call made generation quadratic in the number of agencies (see bench/).

    @functools.cached_property
    def _agencies_by_id(self) -> dict[str, Agency]:
        return {a.id: a for a in self.site.agencies}

    @functools.cached_property
    def _sorted_agencies(self) -> tuple[Agency, ...]:
        return tuple(sorted(self.site.agencies, key=lambda a: (ROLE_ORDER.index(a.role), min(a.sections), a.name.vi)))

    @functools.cached_property
    def _members(self) -> dict[str, list[Agency]]:
        out: dict[str, list[Agency]] = {}
        for a in self._sorted_agencies:
            for group_id in a.groups:
                out.setdefault(group_id, []).append(a)
        return out

    @functools.cached_property
    def _groups_by_id(self) -> dict[str, DutyGroup]:
        return {g.id: g for g in self.site.plan.duty_groups}

    @functools.cached_property
    def _obligations_by_party(self) -> dict[str, list[int]]:
        """Obligation positions by every id named as actor or recipient."""
        out: dict[str, list[int]] = {}
        for i, ob in enumerate(self.site.plan.obligations):
            for party in {*ob.actors, *ob.recipients}:
                out.setdefault(party, []).append(i)
        return out

    def agency(self, agency_id: str) -> Agency:
        return self._agencies_by_id[agency_id]

    def sorted_agencies(self) -> list[Agency]:
        return list(self._sorted_agencies)

    def members(self, group_id: str) -> list[Agency]:
        return list(self._members.get(group_id, ()))

    def party_names(self, ids: Iterable[str], lang: str) -> list[dict[str, str]]:
        """Agencies and groups as link targets: [{'name': …, 'href': … or ''}]."""
        out = []
        groups = self._groups_by_id
        for pid in ids:
            if pid in groups:
                out.append({"name": groups[pid].heading.get(lang), "href": "", "group": pid})
            else:
                a = self.agency(pid)
                out.append({"name": a.name.get(lang), "href": f"{a.slug}.md", "group": ""})
        return out

    def obligations_of(self, agency: Agency) -> list[tuple[Obligation, str]]:
        """Obligations where the agency acts (directly or via a group) or receives."""
        out: list[tuple[Obligation, str]] = []
        index = self._obligations_by_party
        found = sorted({i for party in (agency.id, *agency.groups) for i in index.get(party, ())})
        for ob in (self.site.plan.obligations[i] for i in found):
            if agency.id in ob.actors or any(g in ob.actors for g in agency.groups):
                out.append((ob, "actor"))
            elif agency.id in ob.recipients:
                out.append((ob, "recipient"))
        return out

    # --- links and open data -----------------------------------------------------

    @staticmethod
    def url_of(docs_path: str, lang: str) -> str:
        """A page's address relative to the site root ('ke-hoach/co-quan/so-y-te.md' → 'ke-hoach/co-quan/so-y-te/')."""
        path = docs_path.removesuffix(".md")
        path = path.removesuffix("index") if path == "index" or path.endswith("/index") else path + "/"
        return ("en/" if lang == "en" else "") + path

    @staticmethod
    def relative(here: str, target: str) -> str:
        """A Markdown link from the page `here` to the file `target` (both paths under docs/)."""
        return _relpath(target, posixpath.dirname(here) or ".")

    def downloads(self) -> list[dict[str, str]]:
        """The open-data files, in the order the open-data page lists them."""
        d = OPEN_DATA_DIR
        out = [
            {"key": "json", "path": f"{d}/{PLAN_JSON}", "format": "JSON"},
            {"key": "schema", "path": f"{d}/{PLAN_SCHEMA}", "format": "JSON Schema"},
        ]
        out += [{"key": name, "path": f"{d}/{name}.csv", "format": "CSV"} for name in CSV_FILES]
        out.append({"key": "ics", "path": f"{d}/{CALENDAR}.ics", "format": "iCalendar"})
        return out

    @functools.cached_property
    def calendar_entries(self) -> tuple[Entry, ...]:
        """Every dated or year-only entry of the plan, computed once per renderer."""
        return tuple(entries(self.site))

    @functools.cached_property
    def _entries_by_agency(self) -> dict[str, list[Entry]]:
        out: dict[str, list[Entry]] = {}
        for entry in self.calendar_entries:
            for agency_id in entry.agencies:
                out.setdefault(agency_id, []).append(entry)
        return out

    @functools.cached_property
    def _entries_by_id(self) -> dict[str, Entry]:
        return {e.id: e for e in self.calendar_entries}

    def entries_of(self, agency_id: str) -> list[Entry]:
        """The entries an agency acts in or receives, in calendar order (see `plan_calendar.entries_for`)."""
        return list(self._entries_by_agency.get(agency_id, ()))

    def calendar_path(self, agency: Agency) -> str | None:
        """The agency's calendar file (docs path, language-neutral), or None when it has no dated entry."""
        return f"{OPEN_DATA_DIR}/co-quan/{agency.slug}.ics" if self.entries_of(agency.id) else None

    # --- duties and their permalinks ---------------------------------------------------

    @staticmethod
    def duty_anchor(duty_id: str) -> str:
        """Duty ids contain dots; anchors use hyphens ('so-nganh-tinh.1' → 'so-nganh-tinh-1')."""
        return duty_id.replace(".", "-")

    @functools.cached_property
    def _agency_headings(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for h in self.site.plan.headings:
            if h.agency is not None:
                out.setdefault(h.agency, h.id)
        return out

    def agency_section(self, agency: Agency) -> str:
        """The heading under which the plan lists an agency's own duties (e.g. VI.1)."""
        return self._agency_headings.get(agency.id, agency.sections[0])

    def groups_of(self, agency: Agency) -> list[DutyGroup]:
        """The agency's duty groups, in the plan's order."""
        order = self._group_order
        mine = {g for g in agency.groups if g in order}
        return [self._groups_by_id[g] for g in sorted(mine, key=order.__getitem__)]

    @functools.cached_property
    def _group_order(self) -> dict[str, int]:
        return {g.id: i for i, g in enumerate(self.site.plan.duty_groups)}

    def section_name(self, section: str, lang: str) -> str:
        return self.t(lang)("section_closing") if section == "closing" else section

    def duty_name(self, section: str, item: int, lang: str) -> str:
        """How to cite a duty precisely: its section and item number."""
        if section == "closing":
            return self.t(lang)("duty_name_closing", item=item)
        return self.t(lang)("duty_name", section=section, item=item)

    def duty_refs(self, agency: Agency, lang: str) -> list[tuple[str, str]]:
        """(citation, anchor) of every duty on the agency's page: its own, then its groups'."""
        out = [
            (self.duty_name(self.agency_section(agency), n, lang), self.duty_anchor(d.id))
            for n, d in enumerate(agency.duties, start=1)
        ]
        for g in self.groups_of(agency):
            out += [
                (self.duty_name(g.section, n, lang), self.duty_anchor(d.id)) for n, d in enumerate(g.duties, start=1)
            ]
        return out

    @staticmethod
    def iso(day: dt.date, plus_days: int = 0) -> str:
        return (day + dt.timedelta(days=plus_days)).isoformat()

    def last_year(self) -> int:
        return last_year(self.site)

    # --- reports ---------------------------------------------------------------------

    @staticmethod
    def report_anchor(report: Report) -> str:
        return f"bao-cao-{report.year}-{report.agency}"

    def reports_for_task(self, task_id: str) -> list[tuple[Report, ReportedTask]]:
        return [(rep, c) for rep in self.site.reports for c in rep.tasks if c.task == task_id]

    def reports_of(self, agency_id: str) -> list[Report]:
        return list(self._reports_by_agency.get(agency_id, ()))

    @functools.cached_property
    def _reports_by_agency(self) -> dict[str, list[Report]]:
        out: dict[str, list[Report]] = {}
        for rep in self.site.reports:
            out.setdefault(rep.agency, []).append(rep)
        return out

    def reports_for_pillar(
        self, pillar: Pillar, agency_id: str | None = None
    ) -> list[tuple[Report, list[ReportedTask]]]:
        """Reports covering any task of the pillar (optionally of one agency), with those tasks."""
        ids = {task.id for task in pillar.tasks}
        out = []
        for rep in self.site.reports:
            if agency_id is not None and rep.agency != agency_id:
                continue
            covered = [c for c in rep.tasks if c.task in ids]
            if covered:
                out.append((rep, covered))
        return out

    def task_label(self, task_id: str) -> str:
        """'4dd' → '4đ', as the plan writes it."""
        for pillar in self.site.pillars:
            for task in pillar.tasks:
                if task.id == task_id:
                    return f"{pillar.number}{task.letter}"
        raise KeyError(task_id)

    def task_page(self, task_id: str) -> str:
        for pillar in self.site.pillars:
            if any(task.id == task_id for task in pillar.tasks):
                return f"{GENERATED_DIR}/noi-dung/{pillar.slug}.md"
        raise KeyError(task_id)

    @functools.cached_property
    def _report_obligations(self) -> dict[str, list[Obligation]]:
        out: dict[str, list[Obligation]] = {}
        groups = group_members(self.site)
        for ob in self.site.plan.obligations:
            if ob.kind is ObligationKind.REPORT and ob.due.recurrence is Recurrence.YEARLY:
                bound: set[str] = set()
                for actor in ob.actors:
                    bound |= members_of(self.site, actor, groups)
                for agency_id in sorted(bound):
                    out.setdefault(agency_id, []).append(ob)
        return out

    def report_obligations(self, agency: Agency) -> list[Obligation]:
        """Yearly report duties the agency carries, directly or as a member of a group."""
        return list(self._report_obligations.get(agency.id, ()))

    def reporting_agencies(self) -> list[Agency]:
        """Agencies with a yearly report duty, in the usual order."""
        return [a for a in self.sorted_agencies() if self.report_obligations(a)]

    def report_years(self, agency: Agency) -> list[YearRow]:
        """Each year the agency had to report in (our reading: from the year of issue to the last milestone)."""
        rows = self._year_rows.get(agency.id)
        if rows is None:  # the same in both languages
            rows = self._year_rows[agency.id] = self._report_years(agency)
        return list(rows)

    def _report_years(self, agency: Agency) -> list[YearRow]:
        obligations = self.report_obligations(agency)
        if not obligations:
            return []
        dated = self._entries_by_id
        first = self.site.plan.document.date.year
        rows = []
        for year in range(first, last_year(self.site) + 1):
            days = [
                (dated[ob.id].day_in(year), dated[ob.id].before)
                for ob in obligations
                if ob.id in dated and year in dated[ob.id].years
            ]
            due, before = min(days) if days else (None, False)
            published = [rep for rep in self.reports_of(agency.id) if rep.year == year]
            if due is not None:
                state = State.PAST if self.today > due else State.UPCOMING
            else:
                state = (
                    State.PAST
                    if self.today.year > year
                    else State.CURRENT
                    if self.today.year == year
                    else State.UPCOMING
                )
            rows.append(YearRow(year, due, before, published, state))
        return rows

    def year_row_due(self, row: YearRow, lang: str) -> str:
        """A report year's deadline in words, as precise as the plan."""
        t = self.t(lang)
        if row.due is None:
            return t("when_year_only", year=row.year)
        if row.before:
            return t("when_before", date=self.date_text(row.due + dt.timedelta(days=1), lang))
        return self.date_text(row.due, lang)

    # --- calendar entries in words -------------------------------------------------------

    def entry_title(self, entry: Entry, lang: str) -> str:
        item = entry.milestone or entry.obligation
        assert item is not None
        return item.title.get(lang)

    def entry_kind(self, entry: Entry, lang: str) -> str:
        t = self.t(lang)
        if entry.obligation is not None:
            return t("kind_" + entry.obligation.kind.value)
        return t("kind_milestone")

    def entry_summary(self, entry: Entry, lang: str) -> str:
        """The one-line event title: what, and when exactly as precise as the plan."""
        t = self.t(lang)
        plan = self.site.plan.document.number
        title = self.entry_title(entry, lang)
        if entry.precision is Precision.YEAR:
            return t("ics_summary_year", plan=plan, title=title, year=entry.first.year)
        if entry.before:
            after = entry.first + dt.timedelta(days=1)
            return t(
                "ics_summary_before",
                plan=plan,
                title=title,
                day=after.day,
                dd=f"{after.day:02d}",
                mm=f"{after.month:02d}",
                month_name=t(f"month_{after.month}"),
            )
        return t("ics_summary_day", plan=plan, title=title)

    def entry_description(self, entry: Entry, lang: str) -> list[str]:
        """The event's details: the plan's words, who, to whom, and how the date was read."""
        t = self.t(lang)
        plan = self.site.plan.document.number
        lines: list[str] = []
        if entry.obligation is not None:
            ob = entry.obligation
            lines.append(t("ics_quote", plan=plan, section=self.section_name(ob.section, lang), text=ob.text.get(lang)))
            lines.append(t("ics_who", names="; ".join(p["name"] for p in self.party_names(ob.actors, lang))))
            if ob.recipients:
                lines.append(
                    t("ics_to_whom", names="; ".join(p["name"] for p in self.party_names(ob.recipients, lang)))
                )
            lines.append(t("ics_due", due=self.due_text(ob.due, lang)))
        else:
            assert entry.milestone is not None
            lines.append(t("ics_quote", plan=plan, section="III", text=entry.milestone.text.get(lang)))
        if entry.precision is Precision.YEAR:
            lines.append(t("ics_year_only", year=entry.first.year))
        elif entry.before:
            after = entry.first + dt.timedelta(days=1)
            lines.append(
                t("ics_before_note", day=self.date_text(entry.first, lang), deadline=self.date_text(after, lang))
            )
        elif entry.milestone is not None:
            lines.append(t("ics_issue_day", date=self.date_text(entry.first, lang)))
        if entry.until_year is not None:
            lines.append(t("ics_recurrence_note", first=entry.first.year, last=entry.until_year))
        if lang == "en":
            lines.append(t("ics_unofficial"))
        return lines

    def occurrence_when(self, occ: Occurrence, lang: str) -> str:
        """When an occurrence falls, in words: a date, 'before' a date, or a year with no day."""
        t = self.t(lang)
        if occ.day is None:
            return t("when_year_only", year=occ.year)
        if occ.entry.before:
            return t("when_before", date=self.date_text(occ.day + dt.timedelta(days=1), lang))
        return self.date_text(occ.day, lang)

    def timeline_years(self) -> list[tuple[int, list[Occurrence]]]:
        """Occurrences of every calendar entry, grouped by year, in date order."""
        years: dict[int, list[Occurrence]] = {}
        for occ in occurrences(list(self.calendar_entries)):
            years.setdefault(occ.year, []).append(occ)
        return sorted(years.items())

    def state_of(self, occ: Occurrence) -> State:
        return occ.state(self.today)

    def undated_obligations(self) -> list[Obligation]:
        return list(self._undated)

    @functools.cached_property
    def _undated(self) -> tuple[Obligation, ...]:
        return tuple(undated(self.site))

    # --- rendering --------------------------------------------------------------------

    def _render(self, template: str, lang: str, here: str = "", **context: Any) -> str:
        tpl = self.env.get_template(template)
        return tpl.render(
            lang=lang,
            t=self.t(lang),
            plan=self.site.plan,
            site=self.site,
            r=self,
            task_anchor=task_anchor,
            here=here,
            link=lambda target: self.relative(here, target),
            today=self.today,
            **context,
        )

    # --- one function per page kind ----------------------------------------------

    def render_overview(self, lang: str) -> str:
        return self._render("overview.md.j2", lang, f"{GENERATED_DIR}/index.md", source_file=self.site.files["plan"])

    def render_full_text(self, lang: str) -> str:
        return self._render(
            "full_text.md.j2", lang, f"{GENERATED_DIR}/toan-van.md", source_file=self.site.files["plan"]
        )

    def render_pillar(self, pillar: Pillar, lang: str) -> str:
        char = next(c for c in self.site.plan.characteristics if c.letter == pillar.characteristic)
        return self._render(
            "pillar.md.j2",
            lang,
            f"{GENERATED_DIR}/noi-dung/{pillar.slug}.md",
            pillar=pillar,
            characteristic=char,
            source_file=self.site.files[pillar.id],
        )

    def render_agency_index(self, lang: str) -> str:
        return self._render(
            "agency_index.md.j2",
            lang,
            f"{GENERATED_DIR}/co-quan/index.md",
            agencies=self.sorted_agencies(),
            source_file="data/agencies/",
        )

    def render_agency(self, agency: Agency, lang: str) -> str:
        groups = self.groups_of(agency)
        return self._render(
            "agency.md.j2",
            lang,
            f"{GENERATED_DIR}/co-quan/{agency.slug}.md",
            agency=agency,
            groups=groups,
            obligations=self.obligations_of(agency),
            source_file=self.site.files[agency.id],
        )

    def render_timeline(self, lang: str) -> str:
        return self._render(
            "timeline.md.j2", lang, f"{GENERATED_DIR}/thoi-gian.md", source_file=self.site.files["plan"]
        )

    def render_solutions(self, lang: str) -> str:
        return self._render(
            "solutions.md.j2", lang, f"{GENERATED_DIR}/giai-phap.md", source_file=self.site.files["plan"]
        )

    def render_funding(self, lang: str) -> str:
        return self._render("funding.md.j2", lang, f"{GENERATED_DIR}/kinh-phi.md", source_file=self.site.files["plan"])

    def render_who_does_what(self, lang: str) -> str:
        return self._render(
            "who_does_what.md.j2",
            lang,
            f"{GENERATED_DIR}/ai-lam-gi.md",
            agencies=self.sorted_agencies(),
            source_file="data/agencies/",
        )

    def render_reports(self, lang: str) -> str:
        return self._render(
            "reports.md.j2",
            lang,
            f"{GENERATED_DIR}/bao-cao.md",
            agencies=self.sorted_agencies(),
            statuses=list(ReportStatus),
            source_file="data/reports/",
        )

    def render_history(self, lang: str) -> str:
        return self._render(
            "history.md.j2",
            lang,
            f"{GENERATED_DIR}/lich-su.md",
            agencies=self.sorted_agencies(),
            source_file="data/agencies/",
        )

    def render_open_data(self, lang: str) -> str:
        return self._render(
            "open_data.md.j2",
            lang,
            f"{OPEN_DATA_DIR}/index.md",
            licence_url=LICENCE_URL,
            agencies=[a for a in self.sorted_agencies() if self.calendar_path(a)],
            source_file="data/",
        )

    def page_jobs(self, languages: Sequence[str] = LANGUAGES) -> list[Job]:
        """(path, render it) for every generated page, in a fixed order."""
        jobs: list[Job] = []
        g = GENERATED_DIR
        for lang in languages:

            def add(path: str, render: Callable[..., str], *args: Any, lang: str = lang) -> None:
                jobs.append((path, functools.partial(render, *args, lang)))

            add(f"{g}/index.{lang}.md", self.render_overview)
            add(f"{g}/toan-van.{lang}.md", self.render_full_text)
            add(f"{g}/giai-phap.{lang}.md", self.render_solutions)
            add(f"{g}/kinh-phi.{lang}.md", self.render_funding)
            add(f"{g}/thoi-gian.{lang}.md", self.render_timeline)
            add(f"{g}/ai-lam-gi.{lang}.md", self.render_who_does_what)
            add(f"{g}/bao-cao.{lang}.md", self.render_reports)
            add(f"{g}/lich-su.{lang}.md", self.render_history)
            add(f"{g}/co-quan/index.{lang}.md", self.render_agency_index)
            for pillar in self.site.pillars:
                add(f"{g}/noi-dung/{pillar.slug}.{lang}.md", self.render_pillar, pillar)
            for agency in self.site.agencies:
                add(f"{g}/co-quan/{agency.slug}.{lang}.md", self.render_agency, agency)
            add(f"{OPEN_DATA_DIR}/index.{lang}.md", self.render_open_data)
        return jobs


def _jobs(renderer: Renderer, languages: Sequence[str] = LANGUAGES) -> list[Job]:
    return renderer.page_jobs(languages) + open_data_jobs(renderer, languages)


def run_jobs(jobs: Iterable[Job]) -> list[Page]:
    """Render each job; a job that returns None makes no file."""
    return [Page(path, text) for path, job in jobs if (text := job()) is not None]


def render_site(site: SiteData, today: dt.date | None = None) -> list[Page]:
    """All generated pages and open-data files for the validated data.

    `today` is the build date the timeline and calendars are relative to (see `build_date`).
    """
    return run_jobs(_jobs(Renderer(site, today=today)))


def generate(
    site: SiteData,
    docs_dir: Path,
    today: dt.date | None = None,
    *,
    languages: Sequence[str] = LANGUAGES,
) -> tuple[int, list[str]]:
    """Render every generated file and write it under docs_dir where it changed.

    Returns (files generated, paths written or deleted). `languages` narrows a
    one-language preview to its own pages; the other languages' files are left as
    they are, neither rewritten nor removed.
    """
    pages = run_jobs(_jobs(Renderer(site, today=today), languages))
    return len(pages), write_pages(pages, docs_dir, languages)


def write_pages(pages: Iterable[Page], docs_dir: Path, languages: Sequence[str] = LANGUAGES) -> list[str]:
    """Write files under docs_dir, only where content changed; delete stale generated files.

    Returns the paths written. Unchanged files keep their mtime, so `mkdocs serve`
    does not see a change and loop. Content is compared and written as UTF-8 bytes,
    so CRLF line ends (CSV, iCalendar) survive unchanged. Files in a language other
    than `languages` are left alone (see `_remove_stale`).
    """
    pages = list(pages)
    written = _write_changed(pages, docs_dir)
    return written + _remove_stale(docs_dir, {docs_dir / p.path for p in pages}, languages)


def _write_changed(pages: Iterable[Page], docs_dir: Path) -> list[str]:
    """Write in place: the build that wrote a file is the only reader of the folder,
    and a file cut short by an interrupted build differs from its content, so the next
    build rewrites it. (A temporary file and a rename per page made writing the 5,243
    files of the ×100 bench plan 15–25% slower on these disks.)"""
    written: list[str] = []
    folders: set[Path] = set()
    for page in pages:
        path = docs_dir / page.path
        content = page.content.encode("utf-8")
        try:
            if path.read_bytes() == content:
                continue
        except FileNotFoundError:
            pass
        if path.parent not in folders:
            path.parent.mkdir(parents=True, exist_ok=True)
            folders.add(path.parent)
        path.write_bytes(content)
        written.append(page.path)
    return written


def _language_of(path: Path) -> str | None:
    """The language suffix of a generated file (`page.en.md` → en), or None."""
    parts = path.name.split(".")
    return parts[-2] if len(parts) > 2 and parts[-2] in LANGUAGES else None


def _remove_stale(docs_dir: Path, wanted: set[Path], languages: Sequence[str] = LANGUAGES) -> list[str]:
    """Delete generated files no longer wanted (and emptied folders); their paths.

    Files in a language that was not rendered are not judged.
    """
    written: list[str] = []
    for folder in GENERATED_DIRS:
        out_root = docs_dir / folder
        if not out_root.exists():
            continue
        for existing in sorted(out_root.rglob("*"), reverse=True):
            if existing.is_file() and existing not in wanted and _language_of(existing) in (None, *languages):
                existing.unlink()
                written.append(existing.relative_to(docs_dir).as_posix())
            elif existing.is_dir() and not any(existing.iterdir()):
                existing.rmdir()
    return written
