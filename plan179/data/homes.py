"""Where each text of the plan lives: one home per text, and the line that holds it.

Every quotation exists once in `data/`, in the file of the record that owns it: an
agency's own duties in `data/agencies/<slug>.yml`, duties shared by several bodies in
`duty_groups` of `data/plan.yml`, the plan's paragraphs and timeline in `data/plan.yml`,
a pillar's tasks in `data/pillars/`. Obligations name the record whose text states
them (`source`) and are given that text here, never a copy. The same index tells "edit
the data of this page" which file and line to open.

Plain Python: no MkDocs import.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from plan179.data.model import Agency, Bilingual, Pillar, Plan, Quote
from plan179.data.strict_yaml import Document, PathKey


@dataclass(frozen=True)
class Home:
    """The file and line (1-based) where a record's text is written."""

    file: str
    line: int
    text: Bilingual
    first_of: bool = False  # the home of a group, agency or pillar: that of its first text


DOCUMENT = "document"  # the home of the plan's title, for the pages about the whole plan


def _plan_texts(plan: Plan) -> Iterator[tuple[str, PathKey, Quote]]:
    yield DOCUMENT, ("document", "title"), plan.document.title
    for field in ("purposes", "requirements", "funding"):
        for i, para in enumerate(getattr(plan, field)):
            yield para.id, (field, i, "text"), para.text
    for i, ms in enumerate(plan.timeline):
        yield ms.id, ("timeline", i, "text"), ms.text
    for i, sol in enumerate(plan.solutions):
        yield sol.id, ("solutions", i, "text"), sol.text
    for i, group in enumerate(plan.duty_groups):
        for j, duty in enumerate(group.duties):
            yield duty.id, ("duty_groups", i, "duties", j, "text"), duty.text


def text_homes(
    plan_doc: Document,
    plan: Plan,
    pillars: Sequence[tuple[Document, Pillar]],
    agencies: Sequence[tuple[Document, Agency]],
) -> dict[str, Home]:
    """Record id → where its text is written. A group's or an agency's id points at its
    first duty; a pillar's at its first task."""
    homes: dict[str, Home] = {}

    def first(rid: str, of: str) -> None:
        home = homes[of]
        homes[rid] = Home(home.file, home.line, home.text, first_of=True)

    for rid, path, text in _plan_texts(plan):
        homes[rid] = Home(plan_doc.file, plan_doc.line_of(path), text)
    first(DOCUMENT, DOCUMENT)
    for group in plan.duty_groups:
        if group.duties:
            first(group.id, group.duties[0].id)
    for doc, pillar in pillars:
        for j, task in enumerate(pillar.tasks):
            homes[task.id] = Home(doc.file, doc.line_of(("tasks", j, "text")), task.text)
        if pillar.tasks:
            first(pillar.id, pillar.tasks[0].id)
    for doc, agency in agencies:
        for j, duty in enumerate(agency.duties):
            homes[duty.id] = Home(doc.file, doc.line_of(("duties", j, "text")), duty.text)
        if agency.duties:
            first(agency.id, agency.duties[0].id)
        else:  # a body the plan only names (e.g. as a recipient): its name is its text
            field = "listed_as" if agency.listed_as is not None else "name"
            homes[agency.id] = Home(doc.file, doc.line_of((field,)), agency.listed_as or agency.name, first_of=True)
    return homes


# What an obligation's `source` may name: records whose whole text states something.
SOURCE_KINDS = "a duty (of an agency or a duty group), a paragraph or a timeline entry"


def attach_obligation_texts(plan: Plan, homes: dict[str, Home]) -> list[tuple[PathKey, str]]:
    """Give every obligation the text of its source; the problems as (field path, message)."""
    problems: list[tuple[PathKey, str]] = []
    for i, ob in enumerate(plan.obligations):
        home = homes.get(ob.source)
        if home is None or home.first_of or not isinstance(home.text, Quote):
            problems.append(
                (
                    ("obligations", i, "source"),
                    f"'{ob.source}' is not the id of {SOURCE_KINDS}: "
                    "write the id of the record whose text states this obligation",
                )
            )
            continue
        ob.attach_text(home.text)  # a Quote: checked above
    return problems
