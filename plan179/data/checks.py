"""Checks across the data files: ids and slugs unique, numbering complete, every
reference resolvable, reports about known agencies and tasks. Each problem carries the
file and the field path; the loader turns the path into a line."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from plan179.data.model import (
    Agency,
    Pillar,
    Plan,
    Problem,
    Report,
    TaskLetter,
    expected_task_id,
)


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
    return [
        *_unique(plan_file, plan, pillars, agencies),
        *_numbering(plan_file, plan, pillars),
        *_references(plan_file, plan, agencies),
    ]


def _unique(
    plan_file: str,
    plan: Plan,
    pillars: Sequence[tuple[str, Pillar]],
    agencies: Sequence[tuple[str, Agency]],
) -> list[Problem]:
    """Ids unique across the plan, slugs unique among their kind."""
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
        for j, own in enumerate(agency.duties):
            ids.append((file, ("duties", j, "id"), own.id))
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

    return problems


def _numbering(plan_file: str, plan: Plan, pillars: Sequence[tuple[str, Pillar]]) -> list[Problem]:
    """Pillars numbered 1..n, each mapped to a distinct characteristic; task ids follow letters."""
    problems: list[Problem] = []
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

    return problems


def _references(plan_file: str, plan: Plan, agencies: Sequence[tuple[str, Agency]]) -> list[Problem]:
    """References from agencies, obligations and headings resolve; every duty group has a member."""
    problems: list[Problem] = []
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
