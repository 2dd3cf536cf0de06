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
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, StringConstraints, field_validator, model_validator
from pydantic.config import JsonDict

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


class TextRef(Record):
    """One sentence of another record's text: `record` is a paragraph id or `document.closing`."""

    record: RecordId
    sentence: Annotated[int, Field(ge=1, le=50)]


def _text_optional_when_taken_from(schema: JsonDict) -> None:
    required = schema.get("required")
    if isinstance(required, list) and "text" in required:
        required.remove("text")  # given by `text_from` instead (plan179.data.homes)


class Duty(Record):
    """A duty the plan assigns, quoted verbatim."""

    id: RecordId
    text: Quote


class GroupDuty(Duty):
    """A duty of a group. Where the plan states it inside another passage (the closing
    paragraph, the funding section), it names that sentence (`text_from`) instead of
    copying it; the loader fills `text` in from there before validation."""

    model_config = ConfigDict(json_schema_extra=_text_optional_when_taken_from)

    text_from: TextRef | None = None


class DutyGroup(Record):
    """Duties the plan assigns jointly to several bodies (e.g. the nine of VI.4)."""

    id: RecordId
    section: SectionRef
    heading: Quote
    intro: Quote | None = None
    duties: tuple[GroupDuty, ...]


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
    """A dated or recurring duty, as structured data: who, to whom, when.

    Its words are not copied here: `source` names the duty, paragraph or timeline entry
    whose text states it, and the loader attaches that text (`text`), so a fix to the
    wording is made once, in the file of the record that owns it.
    """

    id: RecordId
    kind: ObligationKind
    title: Label
    section: SectionRef
    actors: tuple[RecordId, ...] = Field(min_length=1)
    recipients: tuple[RecordId, ...] = ()
    due: Due
    source: RecordId = Field(description="id of the duty, paragraph or timeline entry whose text states it")
    _text: Quote | None = PrivateAttr(default=None)

    @property
    def text(self) -> Quote:
        """The words of the plan that state this obligation (those of `source`)."""
        if self._text is None:
            raise LookupError(f"obligation {self.id}: its text is attached by plan179.data.load")
        return self._text

    def attach_text(self, text: Quote) -> None:
        """Called once by the loader with the text of `source`."""
        self._text = text


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
    follow_up: FollowUp | None = None


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
    """An official document that records a fact from outside the plan (number, date, issuer, address).

    `reported_by` names the newspaper or site the address points to when the official
    text itself was not found online, so readers know they are reading a report of it.
    """

    number: NonEmpty
    date: dt.date
    issuer: Label
    title: Label | None = None
    url: HttpsUrl
    reported_by: Label | None = None


class Successor(Record):
    """A body that took over an agency's functions, recorded only with its official source.

    `agency` links a successor that the plan itself names (e.g. so-noi-vu); `areas` says
    which of the body's duties it took, where they were split among several successors.
    """

    name: Label
    agency: RecordId | None = None
    areas: Label | None = None
    date: dt.date
    source: OfficialSource


class FollowUp(Record):
    """The national programme for the period after the plan's, with the document that approved it."""

    name: Label
    period: Annotated[str, StringConstraints(pattern=r"^[0-9]{4}-[0-9]{4}$")]
    source: OfficialSource


class PlanStatus(Record):
    """Where the plan stands on the build date: derived, never typed in (see `plan_status`).

    The programme that follows it is `Plan.follow_up`, a sourced fact kept in data/plan.yml.
    """

    last_milestone_year: int
    period_ended: bool


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
    status: PlanStatus | None = None
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
