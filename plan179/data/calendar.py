"""When things fall due: the plan's milestones and obligations as calendar entries.

One source for the timeline page and the iCalendar files, so both show the same
dates. Every entry is exactly as precise as the plan: a day where the plan gives
one, otherwise a whole year. Two readings of ours are explicit fields so pages and
calendars can label them: "before 1 December" is placed on the last day before
that date, and a yearly duty repeats from the year the plan was issued to its last
milestone year (the plan itself only says "every year").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from plan179.data.load import SiteData
from plan179.data.model import Milestone, MilestoneKind, Obligation, Recurrence


class Precision(StrEnum):
    DAY = "day"
    YEAR = "year"


class State(StrEnum):
    """Where an occurrence stands relative to the build date."""

    PAST = "past"
    CURRENT = "current"
    UPCOMING = "upcoming"


@dataclass(frozen=True)
class Entry:
    """A milestone or obligation that has at least a year in the plan."""

    id: str
    milestone: Milestone | None
    obligation: Obligation | None
    precision: Precision
    first: dt.date  # the day (DAY) or 1 January of the year (YEAR)
    before: bool  # the plan says "before" the day after `first`
    until_year: int | None  # last year of a yearly repetition (our reading), else None
    agencies: frozenset[str]  # agency ids acting (directly or via a group) or receiving

    @property
    def years(self) -> list[int]:
        """Every year the entry occurs in."""
        last = self.until_year if self.until_year is not None else self.first.year
        return list(range(self.first.year, last + 1))

    def day_in(self, year: int) -> dt.date:
        """The calendar day of the occurrence in `year` (for DAY precision); 29 February falls back to the 28th."""
        try:
            return self.first.replace(year=year)
        except ValueError:
            return self.first.replace(year=year, day=28)


@dataclass(frozen=True)
class Occurrence:
    """One occurrence of an entry, for the timeline."""

    entry: Entry
    year: int
    day: dt.date | None  # None for a year-only entry

    def state(self, today: dt.date) -> State:
        """Past once the day (or the whole year) is over; current during a year-only entry's year."""
        if self.day is not None:
            return State.PAST if today > self.day else State.UPCOMING
        if today.year > self.year:
            return State.PAST
        return State.CURRENT if today.year == self.year else State.UPCOMING

    @property
    def sort_key(self) -> tuple[int, int, int, int, str]:
        """Dated occurrences in order; year-only ones after the dated ones of their year, milestones first."""
        rank = 0 if self.entry.milestone is not None else 1
        if self.day is not None:
            return (self.year, self.day.month, self.day.day, rank, self.entry.id)
        return (self.year, 13, 0, rank, self.entry.id)


Members = Mapping[str, frozenset[str]]


def group_members(site: SiteData) -> dict[str, frozenset[str]]:
    """Each duty group's member agencies, computed once instead of once per obligation."""
    members: dict[str, set[str]] = {g.id: set() for g in site.plan.duty_groups}
    for agency in site.agencies:
        for group in agency.groups:
            if group in members:
                members[group].add(agency.id)
    return {group: frozenset(ids) for group, ids in members.items()}


def members_of(site: SiteData, party: str, groups: Members | None = None) -> set[str]:
    """An agency id stands for itself; a duty group for its member agencies."""
    groups = group_members(site) if groups is None else groups
    return set(groups[party]) if party in groups else {party}


def involved(site: SiteData, obligation: Obligation, groups: Members | None = None) -> frozenset[str]:
    """The agencies an obligation binds or reports to."""
    groups = group_members(site) if groups is None else groups
    out: set[str] = set()
    for party in (*obligation.actors, *obligation.recipients):
        out |= members_of(site, party, groups)
    return frozenset(out)


def last_year(site: SiteData) -> int:
    """The plan's last milestone year (2025): where a yearly repetition ends, in our reading."""
    return max(m.year for m in site.plan.timeline)


def _obligation_entry(site: SiteData, ob: Obligation, groups: Members) -> Entry | None:
    due = ob.due
    issued = site.plan.document.date
    if due.month is not None and due.day is not None:
        if due.recurrence is Recurrence.YEARLY:
            year = issued.year
            if dt.date(year, due.month, due.day) <= issued:
                year += 1
        else:
            assert due.year is not None
            year = due.year
        day = dt.date(year, due.month, due.day)
        if due.before:
            day -= dt.timedelta(days=1)
        until = last_year(site) if due.recurrence is Recurrence.YEARLY else None
        return Entry(ob.id, None, ob, Precision.DAY, day, due.before, until, involved(site, ob, groups))
    if due.year is not None:
        return Entry(ob.id, None, ob, Precision.YEAR, dt.date(due.year, 1, 1), False, None, involved(site, ob, groups))
    return None  # yearly with no date: nothing to put in a calendar


def _milestone_entry(site: SiteData, ms: Milestone) -> Entry:
    issued = site.plan.document.date
    if ms.kind is MilestoneKind.ISSUE and ms.year == issued.year:
        # The plan's own date is the day this milestone happened.
        return Entry(ms.id, ms, None, Precision.DAY, issued, False, None, frozenset())
    return Entry(ms.id, ms, None, Precision.YEAR, dt.date(ms.year, 1, 1), False, None, frozenset())


def entries(site: SiteData) -> list[Entry]:
    """Milestones, then obligations, in data order; undated yearly obligations are left out."""
    out = [_milestone_entry(site, m) for m in site.plan.timeline]
    groups = group_members(site)
    for ob in site.plan.obligations:
        entry = _obligation_entry(site, ob, groups)
        if entry is not None:
            out.append(entry)
    return out


def undated(site: SiteData) -> list[Obligation]:
    """Yearly obligations the plan gives no date for: listed on pages, absent from calendars."""
    groups = group_members(site)
    return [ob for ob in site.plan.obligations if _obligation_entry(site, ob, groups) is None]


def entries_for(site: SiteData, agency_id: str) -> list[Entry]:
    """The entries an agency acts in or receives."""
    return [e for e in entries(site) if agency_id in e.agencies]


def occurrences(items: list[Entry]) -> list[Occurrence]:
    """Every occurrence of the entries, in date order."""
    out = [
        Occurrence(e, year, e.day_in(year) if e.precision is Precision.DAY else None) for e in items for year in e.years
    ]
    return sorted(out, key=lambda o: o.sort_key)
