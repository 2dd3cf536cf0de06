"""Who holds the plan's duties after it: checks on recorded successors, and the plan's status.

Successors and the follow-up programme are facts from outside the plan, so each must
carry a document dated after the plan and, where it names a body of the plan, name one
that exists. The checks return `Problem`s located by file and field path, which the
loader turns into `file:line` messages like every other check. The plan's status is
derived from its own timeline and the build date, never typed in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from plan179.data.model import Agency, Plan, PlanStatus, Problem


def check_succession(plan_file: str, plan: Plan, agencies: Sequence[tuple[str, Agency]]) -> list[Problem]:
    """Successor and follow-up documents postdate the plan; a linked successor exists and is another body."""
    problems: list[Problem] = []
    issued = plan.document.date
    known = {a.id for _, a in agencies}

    def after_plan(file: str, path: tuple[str | int, ...], day: dt.date, what: str) -> None:
        if day <= issued:
            problems.append(
                Problem(file, path, f"{day.isoformat()} is not after the plan's date ({issued.isoformat()}): {what}")
            )

    for file, agency in agencies:
        for j, successor in enumerate(agency.successors):
            after_plan(file, ("successors", j, "date"), successor.date, "give the date the successor took over")
            after_plan(
                file,
                ("successors", j, "source", "date"),
                successor.source.date,
                "give the date of the official document that records the change",
            )
            if successor.agency is None:
                continue
            if successor.agency not in known:
                problems.append(
                    Problem(
                        file,
                        ("successors", j, "agency"),
                        f"unknown agency '{successor.agency}': use the id of a file in data/agencies/ "
                        "(e.g. so-noi-vu), or remove 'agency' if the plan does not name the successor",
                    )
                )
            elif successor.agency == agency.id:
                problems.append(
                    Problem(file, ("successors", j, "agency"), "a body cannot be its own successor: check the id")
                )
    if plan.follow_up is not None:
        after_plan(
            plan_file,
            ("follow_up", "source", "date"),
            plan.follow_up.source.date,
            "give the date of the document that approved the follow-up programme",
        )
    return problems


def plan_status(plan: Plan, today: dt.date) -> PlanStatus:
    """The plan's period is over once the year of its last milestone has passed."""
    last = max(m.year for m in plan.timeline)
    return PlanStatus(last_milestone_year=last, period_ended=today.year > last)
