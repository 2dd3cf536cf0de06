"""Look-ups over the validated plan for templates: agencies, duty groups, obligations,
reports and calendar entries, each computed once per build."""

from __future__ import annotations

import functools

from plan179.data.calendar import (
    Entry,
    Occurrence,
    State,
    entries,
    group_members,
    last_year,
    members_of,
    occurrences,
    undated,
)
from plan179.data.model import (
    Agency,
    Characteristic,
    CharacteristicInfo,
    DutyGroup,
    Obligation,
    ObligationKind,
    Pillar,
    PlanStatus,
    Recurrence,
    Report,
    ReportedTask,
)
from plan179.data.succession import plan_status
from plan179.export.open_data import (
    CALENDAR,
    CSV_FILES,
    PLAN_JSON,
    PLAN_SCHEMA,
)
from plan179.layout import GENERATED_DIR, OPEN_DATA_DIR
from plan179.render.base import ROLE_ORDER, RenderBase, YearRow


class Lookups(RenderBase):
    """Indexes of the plan that several page kinds read."""

    def characteristic(self, letter: Characteristic) -> CharacteristicInfo:
        return next(c for c in self.site.plan.characteristics if c.letter == letter)

    def obligations_by_date(self) -> list[Obligation]:
        """Dated one-off obligations by year, then yearly ones (which recur)."""

        def key(ob: Obligation) -> tuple[int, int, int, int]:
            once = ob.due.recurrence is Recurrence.ONCE
            return (0 if not once else 1, ob.due.year or 0, ob.due.month or 13, ob.due.day or 32)

        return sorted(self.site.plan.obligations, key=key)

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

    def last_year(self) -> int:
        return last_year(self.site)

    def status(self) -> PlanStatus:
        """The plan's status on the build date (plan.json carries the same)."""
        return plan_status(self.site.plan, self.today)

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
