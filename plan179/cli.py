"""Validate the plan data and generate its pages without MkDocs.

Run as `python -m plan179.cli check|generate|schema|publish`. The same code runs
inside the MkDocs hooks; the CLI proves the generator stands alone, gives communicators
a quick check of `data/` with the same messages as the build, and runs the publishing
stage on the built `site/` after the engine (`publish`).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pydantic import BaseModel

from plan179.data.load import PlanDataError, load
from plan179.data.model import Agency, Pillar, Plan, PlanData, Report
from plan179.export.open_data import PLAN_SCHEMA, json_schema
from plan179.publish.site import PublishError, Settings, publish
from plan179.render.site import render_site, write_pages

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
    parser = argparse.ArgumentParser(prog="python -m plan179.cli", description=__doc__)
    parser.add_argument("command", choices=["check", "generate", "schema", "publish"])
    parser.add_argument("--site", type=Path, default=ROOT / "site", help="built site folder, for publish")
    parser.add_argument("--site-url", default="http://127.0.0.1:8000/", help="the site's address, for publish")
    parser.add_argument("--record-urls", action="store_true", help="publish: rewrite urls.txt instead of checking it")
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
    if args.command == "publish":
        return _publish(args.site, args.site_url, record=args.record_urls)
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


def _publish(site_dir: Path, site_url: str, *, record: bool) -> int:
    settings = Settings(root=ROOT, site_dir=site_dir.resolve(), site_url=site_url, record_urls=record)
    try:
        notes = publish(settings)
    except PublishError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    for note in notes:
        print(note)
    return 0


if __name__ == "__main__":
    sys.exit(main())
