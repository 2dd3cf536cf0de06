"""Typed, frozen records of Plan 179/KH-UBND and the checks that tie them together.

The models are the data contract: unknown fields are rejected, every text exists in
both languages, and `Quote` marks Vietnamese text that must match the official
document verbatim (a test proves it), while `Label` marks editorial wording of ours.
Cross-record checks live in `check_references`, which reports problems by file and
field path so the loader can turn them into `file:line` messages.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
SECTION_PATTERN = r"^(?:[IVX]+(?:\.[0-9]+)?|closing)$"
ID_PATTERN = r"^[a-z0-9]+(?:[-.][a-z0-9]+)*$"

Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=80)]
RecordId = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=80)]
NonEmpty = Annotated[str, StringConstraints(min_length=1)]
SectionRef = Annotated[str, StringConstraints(pattern=SECTION_PATTERN)]


class Record(BaseModel):
    """Base for every record: frozen, strict about unknown fields, NFC text."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=False)

    @field_validator("*", mode="before")
    @classmethod
    def _nfc(cls, value: object) -> object:
        if isinstance(value, str):
            return unicodedata.normalize("NFC", value)
        return value


class Bilingual(Record):
    """A text in Vietnamese and English."""

    vi: NonEmpty
    en: NonEmpty

    @field_validator("vi", "en")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("is blank: write the text")
        return value

    def get(self, lang: str) -> str:
        """The text in `lang` ('vi' or 'en')."""
        if lang == "vi":
            return self.vi
        if lang == "en":
            return self.en
        raise KeyError(f"unknown language {lang!r}")


class Quote(Bilingual):
    """Vietnamese text quoted verbatim from the plan; English is our unofficial translation."""


class Label(Bilingual):
    """Editorial wording of ours in both languages (not a quotation of the plan)."""


class Characteristic(StrEnum):
    """ASCC Blueprint 2025 characteristics, section letters A–E."""

    A = "A"
    B = "B"
    C = "C"
    D = "D"
    E = "E"


class Source(Record):
    """A cited source for a fact that does not come from the plan itself."""

    title: Label
    publisher: Label
    date: dt.date | None = None
    url: Annotated[str, StringConstraints(pattern=r"^https://[^\s]+$")]


class LegalBasis(Record):
    """A legal document the plan cites."""

    id: RecordId
    number: NonEmpty
    type: Label
    date: dt.date
    issuer: Label
    title: Quote


class DocumentInfo(Record):
    """The document block: what Vietnamese legal portals show above a text."""

    type: Label
    number: NonEmpty
    issuer: Label
    place: Quote
    date: dt.date
    date_line: Quote
    issuer_header: Quote
    motto: Quote
    kind_line: Quote
    title: Quote
    short_title: Label
    preamble: Quote
    closing: Quote


class Heading(Record):
    """A numbered heading of the plan (e.g. II, II.4, VI.1), in document order.

    `agency` or `group` says which record carries the text under a heading of
    section VI, so the full text can be rebuilt from the records.
    """

    id: Annotated[str, StringConstraints(pattern=r"^[IVX]+(?:\.[0-9]+)?$")]
    text: Quote
    agency: RecordId | None = None
    group: RecordId | None = None


class Paragraph(Record):
    """One numbered or bulleted paragraph of the plan."""

    id: RecordId
    text: Quote


class MilestoneKind(StrEnum):
    ISSUE = "issue"
    MIDTERM = "midterm"
    FINAL = "final"


class Milestone(Record):
    """A timeline entry of section III."""

    id: RecordId
    year: Annotated[int, Field(ge=2016, le=2030)]
    kind: MilestoneKind
    title: Label
    text: Quote


class Solution(Record):
    """One of the four solutions of section IV."""

    id: RecordId
    number: Annotated[int, Field(ge=1, le=20)]
    slug: Slug
    title: Label
    text: Quote


class CharacteristicInfo(Record):
    """An ASCC Blueprint 2025 characteristic with ASEAN's official English name."""

    letter: Characteristic
    name: Label
    source: Source


class Duty(Record):
    """A duty the plan assigns, quoted verbatim."""

    id: RecordId
    text: Quote


class DutyGroup(Record):
    """Duties the plan assigns jointly to several bodies (e.g. the nine of VI.4)."""

    id: RecordId
    section: SectionRef
    heading: Quote
    intro: Quote | None = None
    duties: tuple[Duty, ...]


class Recurrence(StrEnum):
    YEARLY = "yearly"
    ONCE = "once"


class Due(Record):
    """When an obligation falls due, exactly as precise as the plan states it."""

    recurrence: Recurrence
    year: Annotated[int, Field(ge=2016, le=2030)] | None = None
    month: Annotated[int, Field(ge=1, le=12)] | None = None
    day: Annotated[int, Field(ge=1, le=31)] | None = None
    before: bool = False

    @model_validator(mode="after")
    def _consistent(self) -> Due:
        if self.recurrence is Recurrence.ONCE and self.year is None:
            raise ValueError("a one-off obligation needs a year")
        if self.recurrence is Recurrence.YEARLY and self.year is not None:
            raise ValueError("a yearly obligation has no year: remove it")
        if (self.month is None) != (self.day is None):
            raise ValueError("give both month and day, or neither")
        if self.month is not None and self.day is not None:
            try:
                dt.date(self.year or 2016, self.month, self.day)  # 2016: a leap year
            except ValueError as exc:
                raise ValueError(f"impossible date: {exc}") from None
        if self.before and self.month is None:
            raise ValueError("'before' needs a month and day")
        return self


class ObligationKind(StrEnum):
    REPORT = "report"
    EVALUATION = "evaluation"
    REVIEW = "review"
    BUDGET = "budget"
    PLANNING = "planning"
    PROPOSAL = "proposal"


class Obligation(Record):
    """A dated or recurring duty, as structured data: who, to whom, when."""

    id: RecordId
    kind: ObligationKind
    title: Label
    section: SectionRef
    actors: tuple[RecordId, ...] = Field(min_length=1)
    recipients: tuple[RecordId, ...] = ()
    due: Due
    text: Quote


class Plan(Record):
    """The whole document except pillars and agencies, which have files of their own."""

    document: DocumentInfo
    legal_bases: tuple[LegalBasis, ...] = Field(min_length=1)
    headings: tuple[Heading, ...] = Field(min_length=1)
    purposes: tuple[Paragraph, ...] = Field(min_length=1)
    requirements: tuple[Paragraph, ...] = Field(min_length=1)
    characteristics: tuple[CharacteristicInfo, ...] = Field(min_length=5, max_length=5)
    timeline: tuple[Milestone, ...] = Field(min_length=1)
    solutions: tuple[Solution, ...] = Field(min_length=1)
    funding: tuple[Paragraph, ...] = Field(min_length=1)
    duty_groups: tuple[DutyGroup, ...] = ()
    obligations: tuple[Obligation, ...] = ()


TaskLetter = Literal["a", "b", "c", "d", "đ", "e", "g", "h", "i", "k"]


class Task(Record):
    """A lettered task within a pillar, e.g. 4đ."""

    letter: TaskLetter
    id: RecordId
    text: Quote


class Pillar(Record):
    """One of the five contents of section II, mapped to an ASCC characteristic (editorial)."""

    id: RecordId
    number: Annotated[int, Field(ge=1, le=20)]
    slug: Slug
    heading: Quote
    short_title: Label
    characteristic: Characteristic
    tasks: tuple[Task, ...] = Field(min_length=1)


class AgencyKind(StrEnum):
    DEPARTMENT = "department"
    MASS_ORGANISATION = "mass-organisation"
    PEOPLES_COMMITTEE = "peoples-committee"
    MINISTRY = "ministry"
    OFFICE_HOLDERS = "office-holders"


class Role(StrEnum):
    LEAD = "lead"
    COORDINATOR = "coordinator"
    IMPLEMENTER = "implementer"
    OVERSIGHT = "oversight"
    RECIPIENT = "recipient"


HttpsUrl = Annotated[str, StringConstraints(pattern=r"^https://[^\s]+$")]


class OfficialSource(Record):
    """An official document that records a fact from outside the plan (number, date, issuer, address)."""

    number: NonEmpty
    date: dt.date
    issuer: Label
    title: Label | None = None
    url: HttpsUrl


class Successor(Record):
    """A body that took over an agency's functions, recorded only with its official source."""

    name: Label
    date: dt.date
    source: OfficialSource


class Agency(Record):
    """A body the plan names, with its role and duties; its communicators own its file."""

    id: RecordId
    slug: Slug
    former_slugs: tuple[Slug, ...] = ()
    name: Label
    listed_as: Quote | None = None
    kind: AgencyKind
    role: Role
    sections: tuple[SectionRef, ...] = Field(min_length=1)
    duties: tuple[Duty, ...] = ()
    groups: tuple[RecordId, ...] = ()
    successors: tuple[Successor, ...] = ()


# --- progress reports (data/reports/<year>-<agency>.yml) -----------------------------


class ReportStatus(StrEnum):
    """The status a published report gives a task: its own words, never our assessment."""

    COMPLETED = "completed"
    IN_PROGRESS = "in-progress"
    DELAYED = "delayed"
    NOT_STARTED = "not-started"
    NOT_STATED = "not-stated"


class Summary(Bilingual):
    """A short summary of a published report, written by whoever records it, in both languages."""


class ReportedTask(Record):
    """One task a report covers, with the status the report gives it."""

    task: RecordId
    status: ReportStatus


class ReportSource(Record):
    """Where the report is published: document number, date and address."""

    number: NonEmpty
    date: dt.date
    url: HttpsUrl


class Report(Record):
    """An agency's published progress report for one year."""

    year: Annotated[int, Field(ge=2016, le=2030)]
    agency: RecordId
    tasks: tuple[ReportedTask, ...]
    summary: Summary
    source: ReportSource

    @field_validator("tasks")
    @classmethod
    def _some_tasks(cls, value: tuple[ReportedTask, ...]) -> tuple[ReportedTask, ...]:
        # Checked here, not with min_length, so a bad item is not also reported as "no items".
        if not value:
            raise ValueError("no task listed: add each task the report covers, with its status")
        return value


class PlanData(Record):
    """The whole validated plan as published in `plan.json` (both languages)."""

    format_version: Literal[1] = 1
    plan: Plan
    pillars: tuple[Pillar, ...]
    agencies: tuple[Agency, ...]
    reports: tuple[Report, ...] = ()


# --- cross-reference checks -------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """A problem found across records, located by file and field path."""

    file: str
    path: tuple[str | int, ...]
    message: str


def task_anchor(task_id: str) -> str:
    """The stable, language-neutral anchor of a task (e.g. 'nhiem-vu-4dd')."""
    return f"nhiem-vu-{task_id}"


def expected_task_id(pillar_number: int, letter: str) -> str:
    """Task ids are the pillar number and the letter, with đ written 'dd' (4đ → 4dd)."""
    return f"{pillar_number}{'dd' if letter == 'đ' else letter}"


def _duplicates(items: Iterable[tuple[str, tuple[str | int, ...], str]], what: str) -> list[Problem]:
    seen: dict[str, tuple[str, tuple[str | int, ...]]] = {}
    problems: list[Problem] = []
    for file, path, value in items:
        if value in seen:
            first_file, first_path = seen[value]
            where = f"{first_file} ({_dotted(first_path)})"
            problems.append(Problem(file, path, f"duplicate {what} '{value}', already used in {where}: choose another"))
        else:
            seen[value] = (file, path)
    return problems


def _dotted(path: Sequence[str | int]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def check_references(
    plan_file: str,
    plan: Plan,
    pillars: Sequence[tuple[str, Pillar]],
    agencies: Sequence[tuple[str, Agency]],
) -> list[Problem]:
    """Every id and slug unique, every reference resolvable, the numbering complete."""
    problems: list[Problem] = []
    ids: list[tuple[str, tuple[str | int, ...], str]] = []
    for i, basis in enumerate(plan.legal_bases):
        ids.append((plan_file, ("legal_bases", i, "id"), basis.id))
    for field in ("purposes", "requirements", "funding"):
        for i, para in enumerate(getattr(plan, field)):
            ids.append((plan_file, (field, i, "id"), para.id))
    for i, ms in enumerate(plan.timeline):
        ids.append((plan_file, ("timeline", i, "id"), ms.id))
    for i, sol in enumerate(plan.solutions):
        ids.append((plan_file, ("solutions", i, "id"), sol.id))
    for i, group in enumerate(plan.duty_groups):
        ids.append((plan_file, ("duty_groups", i, "id"), group.id))
        for j, duty in enumerate(group.duties):
            ids.append((plan_file, ("duty_groups", i, "duties", j, "id"), duty.id))
    for i, ob in enumerate(plan.obligations):
        ids.append((plan_file, ("obligations", i, "id"), ob.id))
    for file, pillar in pillars:
        ids.append((file, ("id",), pillar.id))
        for j, task in enumerate(pillar.tasks):
            ids.append((file, ("tasks", j, "id"), task.id))
    for file, agency in agencies:
        ids.append((file, ("id",), agency.id))
        for j, duty in enumerate(agency.duties):
            ids.append((file, ("duties", j, "id"), duty.id))
    problems += _duplicates(ids, "id")

    slugs: list[tuple[str, tuple[str | int, ...], str]] = []
    for file, agency in agencies:
        slugs.append((file, ("slug",), agency.slug))
        for j, old in enumerate(agency.former_slugs):
            slugs.append((file, ("former_slugs", j), old))
    problems += _duplicates(slugs, "agency slug")
    problems += _duplicates([(f, ("slug",), p.slug) for f, p in pillars], "pillar slug")
    problems += _duplicates(
        [(plan_file, ("solutions", i, "slug"), s.slug) for i, s in enumerate(plan.solutions)],
        "solution slug",
    )

    # Pillars numbered 1..n, each mapped to a distinct characteristic; task ids follow letters.
    numbers = sorted(p.number for _, p in pillars)
    if numbers != list(range(1, len(numbers) + 1)):
        problems.append(
            Problem(plan_file, (), f"pillars must be numbered 1..{len(numbers)} without gaps, found {numbers}")
        )
    problems += _duplicates([(f, ("characteristic",), p.characteristic.value) for f, p in pillars], "characteristic")
    known_letters = {c.letter for c in plan.characteristics}
    for file, pillar in pillars:
        if pillar.characteristic not in known_letters:
            problems.append(
                Problem(
                    file,
                    ("characteristic",),
                    f"characteristic {pillar.characteristic.value} is not described in plan.yml",
                )
            )
        letters = [t.letter for t in pillar.tasks]
        order = list(TaskLetter.__args__)  # type: ignore[attr-defined]
        if letters != order[: len(letters)]:
            problems.append(
                Problem(
                    file,
                    ("tasks",),
                    f"task letters must run {', '.join(order[: len(letters)])} in order, found {', '.join(letters)}",
                )
            )
        for j, task in enumerate(pillar.tasks):
            want = expected_task_id(pillar.number, task.letter)
            if task.id != want:
                problems.append(
                    Problem(file, ("tasks", j, "id"), f"task id must be '{want}' (pillar number + letter, đ as 'dd')")
                )

    # References from agencies and obligations.
    agency_ids = {a.id for _, a in agencies}
    group_ids = {g.id for g in plan.duty_groups}
    for file, agency in agencies:
        for j, gid in enumerate(agency.groups):
            if gid not in group_ids:
                problems.append(
                    Problem(
                        file,
                        ("groups", j),
                        f"unknown duty group '{gid}': use one of {', '.join(sorted(group_ids)) or '(none)'}",
                    )
                )
    for i, ob in enumerate(plan.obligations):
        for j, actor in enumerate(ob.actors):
            if actor not in agency_ids and actor not in group_ids:
                problems.append(
                    Problem(
                        plan_file,
                        ("obligations", i, "actors", j),
                        f"unknown agency or duty group '{actor}': check data/agencies/ and duty_groups",
                    )
                )
        for j, rec in enumerate(ob.recipients):
            if rec not in agency_ids:
                problems.append(
                    Problem(
                        plan_file, ("obligations", i, "recipients", j), f"unknown agency '{rec}': check data/agencies/"
                    )
                )
    seen_headings: set[str] = set()
    for i, heading in enumerate(plan.headings):
        if heading.id in seen_headings:
            problems.append(Problem(plan_file, ("headings", i, "id"), f"duplicate heading '{heading.id}'"))
        seen_headings.add(heading.id)
        if heading.agency is not None and heading.agency not in agency_ids:
            problems.append(
                Problem(
                    plan_file, ("headings", i, "agency"), f"unknown agency '{heading.agency}': check data/agencies/"
                )
            )
        if heading.group is not None and heading.group not in group_ids:
            problems.append(Problem(plan_file, ("headings", i, "group"), f"unknown duty group '{heading.group}'"))
    for i, group in enumerate(plan.duty_groups):
        if not any(group.id in a.groups for _, a in agencies):
            problems.append(
                Problem(
                    plan_file,
                    ("duty_groups", i, "id"),
                    f"duty group '{group.id}' has no member: list it under 'groups' in an agency file",
                )
            )
    issued = plan.document.date
    for file, agency in agencies:
        for j, successor in enumerate(agency.successors):
            if successor.date <= issued:
                problems.append(
                    Problem(
                        file,
                        ("successors", j, "date"),
                        f"{successor.date.isoformat()} is not after the plan's date ({issued.isoformat()}): "
                        "give the date the successor took over",
                    )
                )
            if successor.source.date <= issued:
                problems.append(
                    Problem(
                        file,
                        ("successors", j, "source", "date"),
                        f"{successor.source.date.isoformat()} is not after the plan's date ({issued.isoformat()}): "
                        "give the date of the official document that records the change",
                    )
                )
    return problems


def report_file_stem(report: Report) -> str:
    """Each report lives in `data/reports/<year>-<agency>.yml`."""
    return f"{report.year}-{report.agency}"


def check_reports(
    plan: Plan,
    pillars: Sequence[Pillar],
    agencies: Sequence[Agency],
    reports: Sequence[tuple[str, Report]],
) -> list[Problem]:
    """Every report names a known agency and known tasks, once each, in a year the plan ran."""
    problems: list[Problem] = []
    agency_ids = {a.id for a in agencies}
    task_ids = [t.id for p in pillars for t in p.tasks]
    first_year = plan.document.date.year
    for file, report in reports:
        if report.agency not in agency_ids:
            problems.append(
                Problem(
                    file,
                    ("agency",),
                    f"unknown agency '{report.agency}': use the id of a file in data/agencies/ (e.g. so-y-te)",
                )
            )
        if report.year < first_year:
            problems.append(
                Problem(file, ("year",), f"{report.year} is before the plan was issued ({first_year}): check the year")
            )
        seen: set[str] = set()
        for j, covered in enumerate(report.tasks):
            if covered.task not in task_ids:
                problems.append(
                    Problem(
                        file,
                        ("tasks", j, "task"),
                        f"unknown task '{covered.task}': use a task id such as {', '.join(task_ids[:3])} "
                        "(pillar number + letter, đ as 'dd')",
                    )
                )
            if covered.task in seen:
                problems.append(
                    Problem(file, ("tasks", j, "task"), f"task '{covered.task}' is listed twice: keep it once")
                )
            seen.add(covered.task)
        if report.source.date.year < report.year:
            problems.append(
                Problem(
                    file,
                    ("source", "date"),
                    f"{report.source.date.isoformat()} is before the year the report covers ({report.year}): "
                    "check the year or the document date",
                )
            )
    return problems
