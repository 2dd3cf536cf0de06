"""Load `data/` into validated models, or fail with every problem as `file:line: …`.

This is the only place that knows the folder layout of `data/`. It reads each file
with the strict YAML reader, validates it against its model, runs the cross-record
checks, and reports all problems at once so a communicator can fix them in one go.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from plan179.data.checks import check_references, check_reports, report_file_stem
from plan179.data.homes import Home, attach_obligation_texts, fill_duty_texts, text_homes
from plan179.data.model import Agency, Pillar, Plan, Report
from plan179.data.reading import LANGUAGES as LANGUAGES
from plan179.data.reading import Located as Located
from plan179.data.reading import PlanDataError as PlanDataError
from plan179.data.reading import load_strings as load_strings
from plan179.data.reading import read_document as _read
from plan179.data.reading import rel_path as _rel
from plan179.data.strict_yaml import Document, PathKey
from plan179.data.succession import check_succession

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class SiteData:
    """Everything the generator needs, validated."""

    plan: Plan
    pillars: tuple[Pillar, ...]
    agencies: tuple[Agency, ...]
    strings: dict[str, dict[str, str]]
    files: dict[str, str]  # record id -> data file (relative), for "edit this page"
    reports: tuple[Report, ...] = ()
    homes: dict[str, Home] = field(default_factory=dict)  # record id -> file and line of its text


def dotted(path: Sequence[str | int]) -> str:
    """`('duties', 1, 'en')` → `duties[1].en`."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


# What to add when a field is missing, where "add this field" would not say enough.
MISSING_HINTS: dict[type[BaseModel], dict[str, str]] = {
    Report: {
        "source": "source is missing: a report is recorded only with its source: add number, date and url",
        "tasks": "tasks is missing: list each task the report covers, with its status",
    },
}


def date_problem(value: object) -> str:
    """What to write instead of a date that is not `YYYY-MM-DD`, in the reader's terms.

    A Vietnamese reader writes 04/12/2026 (day/month/year): the fix names the same day
    in the form the site needs.
    """
    text = str(value).strip()
    match = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text)
    if match:
        day, month, year = (int(g) for g in match.groups())
        try:
            same = dt.date(year, month, day).isoformat()
        except ValueError:
            same = ""
        if same:
            return f'"{text}" is day/month/year: write it as "{same}" (year-month-day, in quotes)'
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return f'"{text}" is not a real day: check the month and the day (year-month-day, e.g. "2026-12-04")'
    return f'"{text}" is not a date of the form year-month-day: write it like "2026-12-04", in quotes'


def _explain(err: dict[str, Any], hints: dict[str, str] | None = None) -> str:
    kind = err.get("type", "")
    loc = tuple(err.get("loc", ()))
    field = dotted([p for p in loc if isinstance(p, (str, int))])
    if kind == "missing":
        leaf = loc[-1] if loc else ""
        if leaf in LANGUAGES:
            lang = "Vietnamese" if leaf == "vi" else "English"
            return f"{field} is missing: add the {lang} text"
        if hints and field in hints:
            return hints[field]
        return f"{field} is missing: add this field"
    if kind == "extra_forbidden":
        return f"{field} is not a known field: remove it or fix its spelling"
    if kind in {"date_from_datetime_parsing", "date_parsing", "date_type", "date_from_datetime_inexact"}:
        return f"{field}: {date_problem(err.get('input', ''))}"
    if kind == "enum" or kind == "literal_error":
        expected = err.get("ctx", {}).get("expected", "")
        return f"{field}: {err.get('input')!r} is not allowed: use one of {expected}"
    if kind == "string_pattern_mismatch":
        return f"{field}: {err.get('input')!r} has the wrong form: use lowercase ASCII letters, digits and hyphens (e.g. so-tai-chinh)"
    msg = str(err.get("msg", "invalid value"))
    msg = msg.removeprefix("Value error, ")
    return f"{field or '(top level)'}: {msg}"


def _validate(model: type[M], doc: Document) -> tuple[M | None, list[Located]]:
    try:
        return model.model_validate(doc.data), []
    except ValidationError as exc:
        problems = []
        hints = MISSING_HINTS.get(model)
        for err in exc.errors():
            loc: PathKey = tuple(p for p in err["loc"] if isinstance(p, (str, int)))
            problems.append(Located(doc.file, doc.line_of(loc), _explain(dict(err), hints)))
        return None, problems


def load_reports(data_dir: Path, root: Path, problems: list[Located]) -> list[tuple[Document, Report]]:
    """Published progress reports, one file per agency and year; the folder may be empty."""
    folder = data_dir / "reports"
    out: list[tuple[Document, Report]] = []
    if not folder.is_dir():
        return out
    stems: dict[str, str] = {}
    for path in sorted(folder.glob("*.yml")) + sorted(folder.glob("*.yaml")):
        if path.stem in stems:
            problems.append(
                Located(_rel(path, root), 1, f"duplicate of {stems[path.stem]}: keep one file per agency and year")
            )
            continue
        stems[path.stem] = _rel(path, root)
        doc = _read(path, root, problems)
        if doc is None:
            continue
        report, errs = _validate(Report, doc)
        problems.extend(errs)
        if report is None:
            continue
        stem = report_file_stem(report)
        if path.stem != stem:
            problems.append(
                Located(
                    doc.file,
                    doc.line_of(("year",)),
                    f"a report for {report.year} by '{report.agency}' must be in data/reports/{stem}.yml: rename the file",
                )
            )
        out.append((doc, report))
    return out


def load(data_dir: Path, root: Path | None = None) -> SiteData:
    """Load and validate all of `data/`; raise `PlanDataError` listing every problem."""
    root = root or data_dir.parent
    problems: list[Located] = []
    plan_path = data_dir / "plan.yml"
    plan_doc = _read(plan_path, root, problems) if plan_path.exists() else None
    if not plan_path.exists():
        problems.append(Located(_rel(plan_path, root), 1, "missing: the plan's main data file"))
    if plan_doc is not None:
        plan_doc, found = fill_duty_texts(plan_doc)
        problems += [Located(plan_doc.file, plan_doc.line_of(p), f"{dotted(p)}: {m}") for p, m in found]
    plan, errs = _validate(Plan, plan_doc) if plan_doc else (None, [])
    problems += errs

    unreadable: list[Path] = []  # files whose YAML could not be read at all

    def each(kind: str, model: type[M]) -> list[tuple[Document, M]]:
        out: list[tuple[Document, M]] = []
        folder = data_dir / kind
        paths = sorted(folder.glob("*.yml")) + sorted(folder.glob("*.yaml"))
        if not paths:
            problems.append(Located(_rel(folder, root), 1, f"no {kind} files found"))
        for path in paths:
            doc = _read(path, root, problems)
            if doc is None:
                unreadable.append(path)
                continue
            record, errs = _validate(model, doc)
            problems.extend(errs)
            if record is not None:
                slug = getattr(record, "slug", None)
                if slug is not None and path.stem != slug:
                    problems.append(
                        Located(
                            doc.file,
                            doc.line_of(("slug",)),
                            f"slug '{slug}' must match the file name: rename the file to {slug}.yml",
                        )
                    )
                out.append((doc, record))
        return out

    pillars = each("pillars", Pillar)
    agencies = each("agencies", Agency)
    reports = load_reports(data_dir, root, problems)
    strings = load_strings(data_dir, root, problems)

    homes: dict[str, Home] = {}
    # Cross-references only when every file could be read: an indentation error in one
    # agency file must not show up as "no member" problems in data/plan.yml as well.
    if plan is not None and plan_doc is not None and not unreadable:
        docs = {plan_doc.file: plan_doc} | {d.file: d for d, _ in pillars} | {d.file: d for d, _ in agencies}
        agency_records = [(d.file, a) for d, a in agencies]
        for problem in [
            *check_references(plan_doc.file, plan, [(d.file, p) for d, p in pillars], agency_records),
            *check_succession(plan_doc.file, plan, agency_records),
        ]:
            doc = docs[problem.file]
            where = dotted(problem.path)
            message = f"{where}: {problem.message}" if where else problem.message
            problems.append(Located(problem.file, doc.line_of(problem.path), message))
        homes = text_homes(plan_doc, plan, pillars, agencies)
        for path, message in attach_obligation_texts(plan, homes):
            problems.append(Located(plan_doc.file, plan_doc.line_of(path), f"{dotted(path)}: {message}"))
        report_docs = {d.file: d for d, _ in reports}
        for problem in check_reports(
            plan, [p for _, p in pillars], [a for _, a in agencies], [(d.file, r) for d, r in reports]
        ):
            doc = report_docs[problem.file]
            problems.append(
                Located(problem.file, doc.line_of(problem.path), f"{dotted(problem.path)}: {problem.message}")
            )

    if problems or plan is None:
        raise PlanDataError(sorted(set(problems), key=lambda p: (p.file, p.line, p.message)))

    files = {"plan": plan_doc.file if plan_doc else "data/plan.yml"}
    files |= {p.id: d.file for d, p in pillars}
    files |= {a.id: d.file for d, a in agencies}
    return SiteData(
        plan=plan,
        pillars=tuple(sorted((p for _, p in pillars), key=lambda p: p.number)),
        agencies=tuple(a for _, a in agencies),
        strings=strings,
        files=files,
        reports=tuple(sorted((r for _, r in reports), key=lambda r: (r.year, r.agency))),
        homes=homes,
    )
