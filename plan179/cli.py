"""Validate the plan data and generate its pages without MkDocs.

Run as `python -m plan179.cli check|generate|schema|publish`. The same code runs
inside the MkDocs hooks; the CLI proves the generator stands alone, gives communicators
a quick check of `data/` with the same messages as the build, and runs the publishing
stage on the built `site/` after the engine (`publish`).
"""

from __future__ import annotations

import argparse
import functools
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pydantic import BaseModel

from plan179.data.reading import LANGUAGES, Located, PlanDataError
from plan179.publish.site import PublishError, Settings, publish

# The publishing stage runs after every build: it imports only what it uses, and the
# other commands import the models, the renderer and the checks when they run.

ROOT = Path(__file__).resolve().parent.parent


def schema_texts() -> dict[str, str]:
    """The JSON Schema of each data file kind, as published in data/schema/: one per data
    file kind, and plan-data for the published plan.json."""
    from plan179.data.model import Agency, Pillar, Plan, PlanData, Report
    from plan179.export.open_data import PLAN_SCHEMA, json_schema

    schemas: dict[str, type[BaseModel]] = {
        "plan": Plan,
        "pillar": Pillar,
        "agency": Agency,
        "report": Report,
        PLAN_SCHEMA.removesuffix(".schema.json"): PlanData,
    }
    return {f"{name}.schema.json": json_schema(model, f"{name}.schema.json") for name, model in schemas.items()}


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
    if args.command == "check":
        return _check(args.data.resolve().parent)
    return _generate(args.data, args.docs)


def _generate(data: Path, docs: Path) -> int:
    from plan179.content.files import symlink_problems
    from plan179.data.load import load
    from plan179.render.site import render_site, write_pages

    root = data.absolute().parent
    try:
        if refused := symlink_problems(root, folders=(data.name,), files=()):
            raise PlanDataError(refused)  # never read (or write) through a link
        site = load(data, root=root)
        pages = render_site(site)
        changed = write_pages(pages, docs)
    except PlanDataError as exc:
        count = len(exc.problems)
        print(f"The plan data has {count} problem{'s' if count != 1 else ''}:", file=sys.stderr)
        print(str(exc), file=sys.stderr)
        return 1
    print(f"{len(pages)} pages generated, {len(changed)} changed on disk.")
    return 0


NOT_CHECKED = (
    "Not checked here (only `make site` can, after building every page): the rendered HTML "
    "(scripts, forms, images and their size), the Content-Security-Policy, redirects and the URL manifest."
)


def problems_of(root: Path) -> tuple[list[Located], str]:
    """Every problem found without building the site, and a summary of what was checked.

    The same code as the build's hooks: data and UI strings, quotations, generated pages,
    hand-written pages (front matter, parity, file names), links and anchors, the menu.
    """
    from plan179.content.files import repository_file_problems
    from plan179.content.links import broken_links, page_candidates
    from plan179.content.navigation import nav_problems
    from plan179.content.pages import hand_written_files, load_docs
    from plan179.data.fidelity import check_quotes
    from plan179.data.load import load
    from plan179.publish.preflight import no_build_problems
    from plan179.render.site import Page, render_site

    refused = repository_file_problems(root)
    if refused:  # a linked or unpublishable file is not read
        return refused, ""
    problems: list[Located] = no_build_problems(root)
    pages: list[Page] = []
    summary = ""
    try:
        site = load(root / "data", root=root)
        problems += check_quotes(site, root)
        pages = render_site(site)
        summary = f"{len(site.pillars)} pillars, {len(site.agencies)} agencies, {len(pages)} generated files"
    except PlanDataError as exc:
        problems += exc.problems
    docs_dir = root / "docs"
    try:
        tree = load_docs(docs_dir, root)
        summary += f"{', ' if summary else ''}{len(tree.bases())} hand-written pages"
    except PlanDataError as exc:
        problems += exc.problems
    generated = {page.path: page.content for page in pages}

    def text_of(path: str, lang: str = LANGUAGES[0]) -> str | None:
        for candidate in page_candidates(path, lang):
            if candidate in generated:
                return generated[candidate]
            if (docs_dir / candidate).is_file():
                # Undecodable bytes are reported, with their line, by the page check.
                return (docs_dir / candidate).read_bytes().decode("utf-8", errors="replace")
        return None

    for file in hand_written_files(docs_dir):
        rel = file.relative_to(docs_dir).as_posix()
        try:
            text = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue  # the page check reports it
        lang = next((x for x in LANGUAGES if rel.endswith(f".{x}.md")), LANGUAGES[0])
        found = broken_links(
            text,
            rel,
            functools.partial(text_of, lang=lang),
            lambda path: path in generated or (docs_dir / path).is_file(),
        )
        problems += [Located(f"docs/{rel}", line, message) for line, message in found]
    config = root / "mkdocs.yml"
    if config.is_file():
        menu = nav_problems(config.read_text(encoding="utf-8"), lambda path: text_of(path) is not None)
        problems += [Located(file, line, message) for file, line, message in menu]
    return sorted(set(problems), key=lambda p: (p.file, p.line, p.message)), summary


def _check(root: Path) -> int:
    problems, summary = problems_of(root)
    if problems:
        count = len(problems)
        print(f"{count} problem{'s' if count != 1 else ''} to fix:", file=sys.stderr)
        print("\n".join(str(p) for p in problems), file=sys.stderr)
        print(NOT_CHECKED, file=sys.stderr)
        return 1
    print(f"Everything that can be checked without building is valid: {summary}.")
    print(NOT_CHECKED)
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
