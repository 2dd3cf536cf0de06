"""Pure rendering: validated plan data + language → Markdown pages, written where changed.

No MkDocs import here on purpose: the data→Markdown step must stand alone, whatever
engine builds the site. Each page kind is one small module in `pages/`; page bodies
live in Jinja templates (StrictUndefined, so a missing value fails loudly) and every
UI string is looked up by key in `data/i18n/<lang>.yml`.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from plan179.content.files import check_output_folders
from plan179.data.load import LANGUAGES, SiteData
from plan179.export.open_data import (
    open_data_jobs,
)
from plan179.layout import GENERATED_DIR, GENERATED_DIRS, OPEN_DATA_DIR
from plan179.render.base import TEMPLATES, Page, build_date, environment, md, yaml_str
from plan179.render.pages import (
    agency as agency_page,
)
from plan179.render.pages import (
    agency_index as agency_index_page,
)
from plan179.render.pages import (
    full_text as full_text_page,
)
from plan179.render.pages import (
    funding as funding_page,
)
from plan179.render.pages import (
    history as history_page,
)
from plan179.render.pages import (
    open_data as open_data_page,
)
from plan179.render.pages import (
    overview as overview_page,
)
from plan179.render.pages import (
    pillar as pillar_page,
)
from plan179.render.pages import (
    reports as reports_page,
)
from plan179.render.pages import (
    solutions as solutions_page,
)
from plan179.render.pages import (
    timeline as timeline_page,
)
from plan179.render.pages import (
    who_does_what as who_does_what_page,
)
from plan179.render.text import Wording

__all__ = [
    "GENERATED_DIR",
    "GENERATED_DIRS",
    "TEMPLATES",
    "Page",
    "Renderer",
    "build_date",
    "environment",
    "generate",
    "md",
    "render_site",
    "write_pages",
    "yaml_str",
]

Job = tuple[str, "Callable[[], str | None]"]  # (path under docs/, render the file; None = no file)


class Renderer(Wording):
    """Everything templates call, and the list of pages to generate."""

    def page_jobs(self, languages: Sequence[str] = LANGUAGES) -> list[Job]:
        """(path, render it) for every generated page, in a fixed order."""
        jobs: list[Job] = []
        g = GENERATED_DIR
        for lang in languages:

            def add(path: str, render: Callable[..., str], *args: Any, lang: str = lang) -> None:
                jobs.append((path, functools.partial(render, self, *args, lang)))

            add(f"{g}/index.{lang}.md", overview_page.render)
            add(f"{g}/toan-van.{lang}.md", full_text_page.render)
            add(f"{g}/giai-phap.{lang}.md", solutions_page.render)
            add(f"{g}/kinh-phi.{lang}.md", funding_page.render)
            add(f"{g}/thoi-gian.{lang}.md", timeline_page.render)
            add(f"{g}/ai-lam-gi.{lang}.md", who_does_what_page.render)
            add(f"{g}/bao-cao.{lang}.md", reports_page.render)
            add(f"{g}/lich-su.{lang}.md", history_page.render)
            add(f"{g}/co-quan/index.{lang}.md", agency_index_page.render)
            for pillar in self.site.pillars:
                add(f"{g}/noi-dung/{pillar.slug}.{lang}.md", pillar_page.render, pillar)
            for agency in self.site.agencies:
                add(f"{g}/co-quan/{agency.slug}.{lang}.md", agency_page.render, agency)
            add(f"{OPEN_DATA_DIR}/index.{lang}.md", open_data_page.render)
        return jobs


def _jobs(renderer: Renderer, languages: Sequence[str] = LANGUAGES) -> list[Job]:
    return renderer.page_jobs(languages) + open_data_jobs(renderer, languages)


def run_jobs(jobs: Iterable[Job]) -> list[Page]:
    """Render each job; a job that returns None makes no file."""
    return [Page(path, text) for path, job in jobs if (text := job()) is not None]


def render_site(site: SiteData, today: dt.date | None = None) -> list[Page]:
    """All generated pages and open-data files for the validated data.

    `today` is the build date the timeline and calendars are relative to (see `build_date`).
    """
    return run_jobs(_jobs(Renderer(site, today=today)))


def generate(
    site: SiteData,
    docs_dir: Path,
    today: dt.date | None = None,
    *,
    languages: Sequence[str] = LANGUAGES,
) -> tuple[int, list[str]]:
    """Render every generated file and write it under docs_dir where it changed.

    Returns (files generated, paths written or deleted). `languages` narrows a
    one-language preview to its own pages; the other languages' files are left as
    they are, neither rewritten nor removed.
    """
    pages = run_jobs(_jobs(Renderer(site, today=today), languages))
    return len(pages), write_pages(pages, docs_dir, languages)


def write_pages(pages: Iterable[Page], docs_dir: Path, languages: Sequence[str] = LANGUAGES) -> list[str]:
    """Write files under docs_dir, only where content changed; delete stale generated files.

    Returns the paths written. Unchanged files keep their mtime, so `mkdocs serve`
    does not see a change and loop. Content is compared and written as UTF-8 bytes,
    so CRLF line ends (CSV, iCalendar) survive unchanged. Files in a language other
    than `languages` are left alone (see `_remove_stale`).
    """
    pages = list(pages)
    check_output_folders(docs_dir, GENERATED_DIRS)  # never write or delete through a symbolic link
    written = _write_changed(pages, docs_dir)
    return written + _remove_stale(docs_dir, {docs_dir / p.path for p in pages}, languages)


def _write_changed(pages: Iterable[Page], docs_dir: Path) -> list[str]:
    """Write in place: the build that wrote a file is the only reader of the folder,
    and a file cut short by an interrupted build differs from its content, so the next
    build rewrites it. (A temporary file and a rename per page made writing the 5,243
    files of the ×100 bench plan 15–25% slower on these disks.)"""
    written: list[str] = []
    folders: set[Path] = set()
    for page in pages:
        path = docs_dir / page.path
        content = page.content.encode("utf-8")
        try:
            if path.read_bytes() == content:
                continue
        except FileNotFoundError:
            pass
        if path.parent not in folders:
            path.parent.mkdir(parents=True, exist_ok=True)
            folders.add(path.parent)
        path.write_bytes(content)
        written.append(page.path)
    return written


def _language_of(path: Path) -> str | None:
    """The language suffix of a generated file (`page.en.md` → en), or None."""
    parts = path.name.split(".")
    return parts[-2] if len(parts) > 2 and parts[-2] in LANGUAGES else None


def _remove_stale(docs_dir: Path, wanted: set[Path], languages: Sequence[str] = LANGUAGES) -> list[str]:
    """Delete generated files no longer wanted (and emptied folders); their paths.

    Files in a language that was not rendered are not judged.
    """
    written: list[str] = []
    for folder in GENERATED_DIRS:
        out_root = docs_dir / folder
        if not out_root.exists():
            continue
        for existing in sorted(out_root.rglob("*"), reverse=True):
            if existing.is_file() and existing not in wanted and _language_of(existing) in (None, *languages):
                existing.unlink()
                written.append(existing.relative_to(docs_dir).as_posix())
            elif existing.is_dir() and not any(existing.iterdir()):
                existing.rmdir()
    return written
