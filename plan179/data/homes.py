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

import copy
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from plan179.data.model import Agency, Bilingual, Pillar, Plan, Quote
from plan179.data.strict_yaml import Document, PathKey

_SENTENCE_BREAK = re.compile(r"(?<=\.)\s+")
END_MARK = "/."  # the mark that ends a Vietnamese administrative document ("quyết định./.")


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
    yield "document.preamble", ("document", "preamble"), plan.document.preamble
    yield "document.closing", ("document", "closing"), plan.document.closing


def _duty_texts(plan: Plan) -> Iterator[tuple[str, PathKey, Quote, str | None]]:
    """Duties of the groups: where written, or the passage they take a sentence from."""
    for i, group in enumerate(plan.duty_groups):
        for j, duty in enumerate(group.duties):
            taken = duty.text_from.record if duty.text_from else None
            yield duty.id, ("duty_groups", i, "duties", j, "text"), duty.text, taken


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
    for rid, path, text, taken in _duty_texts(plan):
        where = homes[taken].line if taken in homes else plan_doc.line_of(path)
        homes[rid] = Home(plan_doc.file, where, text)
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


def sentences(text: str) -> list[str]:
    """A passage cut after each full stop that a capital letter follows; the closing
    document mark (`./.`) is left out."""
    out: list[str] = []
    start = 0
    for match in _SENTENCE_BREAK.finditer(text):
        if text[match.end() : match.end() + 1].isupper():
            out.append(text[start : match.start()])
            start = match.end()
    out.append(text[start:].removesuffix(END_MARK))
    return [part.strip() for part in out if part.strip()]


def _raw_passages(data: dict[str, Any]) -> dict[str, Any]:
    """Passages a duty of plan.yml may take a sentence from, by id, as written in YAML."""
    found: dict[str, Any] = {}
    document = data.get("document")
    if isinstance(document, dict):
        for key in ("preamble", "closing"):
            found[f"document.{key}"] = document.get(key)
    for field in ("purposes", "requirements", "funding", "timeline", "solutions"):
        items = data.get(field)
        for item in items if isinstance(items, list) else []:
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                found[item["id"]] = item.get("text")
    return found


def fill_duty_texts(doc: Document) -> tuple[Document, list[tuple[PathKey, str]]]:
    """plan.yml with each `text_from` duty given the words of the sentence it names
    (a copy: the parsed file is left as read); the problems as (field path, message)."""
    data = doc.data
    groups = data.get("duty_groups") if isinstance(data, dict) else None
    if not isinstance(groups, list):
        return doc, []
    data = copy.deepcopy(data)
    passages = _raw_passages(data)
    problems: list[tuple[PathKey, str]] = []
    for i, group in enumerate(data["duty_groups"]):
        duties = group.get("duties") if isinstance(group, dict) else None
        for j, duty in enumerate(duties if isinstance(duties, list) else []):
            ref = duty.get("text_from") if isinstance(duty, dict) else None
            if not isinstance(ref, dict):
                continue
            here: PathKey = ("duty_groups", i, "duties", j)
            if "text" in duty:
                problems.append(((*here, "text"), "remove it: the words are taken from text_from, written once there"))
                continue
            passage, number = passages.get(str(ref.get("record"))), ref.get("sentence")
            if not isinstance(passage, dict) or not isinstance(number, int):
                problems.append(
                    (
                        (*here, "text_from"),
                        f"'{ref.get('record')}' is not a paragraph id or document.closing, or sentence is not a number",
                    )
                )
                continue
            text: dict[str, str] = {}
            for lang in ("vi", "en"):
                parts = sentences(str(passage.get(lang, "")))
                if not 1 <= number <= len(parts):
                    problems.append(
                        (
                            (*here, "text_from", "sentence"),
                            f"{ref.get('record')} has {len(parts)} sentence(s) in '{lang}', not {number}",
                        )
                    )
                    break
                text[lang] = parts[number - 1]
            else:
                duty["text"] = text
    return Document(doc.file, data, doc.lines), problems
