"""Validate the plan data and generate its pages without MkDocs.

Run as `PYTHONPATH=hooks python -m plan_cli check|generate|schema`. The same code runs
inside the MkDocs hook; keeping a CLI proves the generator stands alone and gives
communicators a quick check of `data/` with the same messages as the build.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pydantic import BaseModel

from plan_export import PLAN_SCHEMA, json_schema
from plan_load import PlanDataError, load
from plan_model import Agency, Pillar, Plan, PlanData, Report
from plan_render import render_site, write_pages

ROOT = Path(__file__).resolve().parent.parent


# data/schema/<name>.schema.json: one per data file kind, and plan-data for the published plan.json.
SCHEMAS: dict[str, type[BaseModel]] = {
    "plan": Plan,
    "pillar": Pillar,
    "agency": Agency,
    "report": Report,
    PLAN_SCHEMA.removesuffix(".schema.json"): PlanData,
}


def schema_texts() -> dict[str, str]:
    """The JSON Schema of each data file kind, as published in data/schema/."""
    return {f"{name}.schema.json": json_schema(model, f"{name}.schema.json") for name, model in SCHEMAS.items()}


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the process exit code."""
    parser = argparse.ArgumentParser(prog="plan_cli", description=__doc__)
    parser.add_argument("command", choices=["check", "generate", "schema"])
    parser.add_argument("--data", type=Path, default=ROOT / "data", help="data folder (default: data/)")
    parser.add_argument("--docs", type=Path, default=ROOT / "docs", help="docs folder (default: docs/)")
    args = parser.parse_args(argv)
    if args.command == "schema":
        folder = args.data / "schema"
        folder.mkdir(exist_ok=True)
        for name, text in schema_texts().items():
            (folder / name).write_text(text, encoding="utf-8")
        print(f"JSON Schemas written to {folder}")
        return 0
    try:
        site = load(args.data, root=args.data.resolve().parent)
        pages = render_site(site)
    except PlanDataError as exc:
        count = len(exc.problems)
        print(f"The plan data has {count} problem{'s' if count != 1 else ''}:", file=sys.stderr)
        print(str(exc), file=sys.stderr)
        return 1
    if args.command == "generate":
        changed = write_pages(pages, args.docs)
        print(f"{len(pages)} pages generated, {len(changed)} changed on disk.")
    else:
        print(
            f"The plan data is valid: {len(site.pillars)} pillars, {len(site.agencies)} agencies, {len(pages)} pages."
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
