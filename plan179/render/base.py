"""What every page kind shares: the Jinja environment, the build date, Markdown escaping,
the UI-string lookup and the template call. No MkDocs import."""

from __future__ import annotations

import datetime as dt
import functools
import os
import posixpath
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from plan179.data.calendar import (
    State,
)
from plan179.data.load import Located, PlanDataError, SiteData
from plan179.data.model import (
    Quote,
    Report,
    Role,
    task_anchor,
)

TEMPLATES = Path(__file__).parent / "templates"
VIETNAM = dt.timezone(dt.timedelta(hours=7), "ICT")


@functools.lru_cache(maxsize=1 << 16)
def _relpath(target: str, start: str) -> str:
    """`posixpath.relpath`, remembered: pages of one folder link to the same files many times."""
    return posixpath.relpath(target, start)


ROLE_ORDER = [Role.LEAD, Role.COORDINATOR, Role.IMPLEMENTER, Role.OVERSIGHT, Role.RECIPIENT]

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")
_WS = re.compile(r"\s+")


@functools.lru_cache(maxsize=1 << 16)
def md(text: str) -> str:
    """Inline-safe Markdown for a data text: one line, Markdown syntax escaped.

    Remembered: the same names and texts are escaped on many pages (15% of rendering).
    """
    one_line = _WS.sub(" ", text).strip()
    escaped = _MD_SPECIAL.sub(r"\\\1", one_line)
    return escaped.replace("&", "&amp;")


def yaml_str(text: str) -> str:
    """A double-quoted YAML scalar for front matter."""
    return '"' + _WS.sub(" ", text).strip().replace("\\", "\\\\").replace('"', '\\"') + '"'


@dataclass(frozen=True)
class Item:
    """A paragraph or lettered task inside a section of the full text."""

    kind: str
    text: Quote
    anchor: str
    letter: str = ""
    prefix: str = ""


@dataclass(frozen=True)
class Section:
    """A heading of the full text and what stands under it."""

    level: int
    label: str
    heading_text: Quote
    anchor: str
    items: list[Item]


@dataclass(frozen=True)
class Page:
    """One generated file: its path under docs/ (with language suffix) and content."""

    path: str
    content: str


@dataclass(frozen=True)
class YearRow:
    """One year an agency had to report in, and what was published for it."""

    year: int
    due: dt.date | None  # the last day, where the plan gives one
    before: bool  # the plan says "before" the day after `due`
    reports: list[Report]
    state: State


def environment(templates: Path) -> jinja2.Environment:
    """The Jinja environment for a template folder, shared so templates compile once per process.

    A template edited while `mkdocs serve` runs changes the folder's stamp, which makes a
    new environment; within one, templates are not checked again on every page (Jinja's
    auto_reload looked at each template file once per page that used it).
    """
    stamp = tuple(
        (path.relative_to(templates).as_posix(), path.stat().st_mtime_ns, path.stat().st_size)
        for path in sorted(templates.rglob("*.j2"))
    )
    return _environment(templates, stamp)


@functools.lru_cache(maxsize=4)
def _environment(templates: Path, stamp: tuple[tuple[str, int, int], ...]) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates),
        auto_reload=False,
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        # `{#anchor}` is Markdown attribute syntax in our pages, so Jinja comments use {## ##}.
        comment_start_string="{##",
        comment_end_string="##}",
    )
    env.filters["md"] = md
    env.filters["yaml_str"] = yaml_str
    return env


def build_date(environ: Mapping[str, str] | None = None) -> dt.date:
    """The day pages call "today": PLAN_BUILD_DATE (YYYY-MM-DD), else SOURCE_DATE_EPOCH, else today in Viet Nam.

    Injectable so tests and reproducible builds do not depend on the clock.
    """
    env = os.environ if environ is None else environ
    value = env.get("PLAN_BUILD_DATE", "").strip()
    if value:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise PlanDataError(
                [Located("PLAN_BUILD_DATE", 1, f"{value!r} is not a date: write it as YYYY-MM-DD, or unset it")]
            ) from None
    epoch = env.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), VIETNAM).date()
        except (ValueError, OverflowError, OSError):
            raise PlanDataError(
                [Located("SOURCE_DATE_EPOCH", 1, f"{epoch!r} is not a number of seconds since 1970: fix or unset it")]
            ) from None
    return dt.datetime.now(VIETNAM).date()


class RenderBase:
    """Holds the Jinja environment and site data; renders a template for a language."""

    def __init__(self, site: SiteData, templates: Path = TEMPLATES, today: dt.date | None = None) -> None:
        self.site = site
        self.today = today if today is not None else build_date()
        self.env = environment(templates)
        self._lookups: dict[str, Callable[..., str]] = {}
        self._year_rows: dict[str, list[YearRow]] = {}
        # One calendar event's folded lines per (entry, language): an event recurs in the
        # calendar of every agency it names (plan_export.calendar).
        self.ics_events: dict[tuple[str, str], str] = {}

    def t(self, lang: str) -> Callable[..., str]:
        """The UI-string lookup for `lang`; unknown keys fail the build."""
        found = self._lookups.get(lang)
        if found is None:
            found = self._lookups[lang] = self._lookup(lang)
        return found

    def _lookup(self, lang: str) -> Callable[..., str]:
        table = self.site.strings[lang]

        def lookup(key: str, **values: Any) -> str:
            if key not in table:
                raise KeyError(f"UI string '{key}' is missing from data/i18n/{lang}.yml: add it")
            text = table[key]
            return text.format(**values) if values else text

        return lookup

    @staticmethod
    def url_of(docs_path: str, lang: str) -> str:
        """A page's address relative to the site root ('ke-hoach/co-quan/so-y-te.md' → 'ke-hoach/co-quan/so-y-te/')."""
        path = docs_path.removesuffix(".md")
        path = path.removesuffix("index") if path == "index" or path.endswith("/index") else path + "/"
        return ("en/" if lang == "en" else "") + path

    @staticmethod
    def relative(here: str, target: str) -> str:
        """A Markdown link from the page `here` to the file `target` (both paths under docs/)."""
        return _relpath(target, posixpath.dirname(here) or ".")

    @staticmethod
    def iso(day: dt.date, plus_days: int = 0) -> str:
        return (day + dt.timedelta(days=plus_days)).isoformat()

    @staticmethod
    def report_anchor(report: Report) -> str:
        return f"bao-cao-{report.year}-{report.agency}"

    @staticmethod
    def duty_anchor(duty_id: str) -> str:
        """Duty ids contain dots; anchors use hyphens ('so-nganh-tinh.1' → 'so-nganh-tinh-1')."""
        return duty_id.replace(".", "-")

    def source_of(self, record_id: str) -> dict[str, Any]:
        """`source_file` and `source_line` for a page whose main text is that record's:
        what "edit the data of this page" opens (plan179.data.homes)."""
        home = self.site.homes.get(record_id)
        if home is None:
            return {"source_file": self.site.files.get(record_id, self.site.files["plan"]), "source_line": None}
        return {"source_file": home.file, "source_line": home.line}

    def render_template(self, template: str, lang: str, here: str = "", **context: Any) -> str:
        tpl = self.env.get_template(template)
        return tpl.render(
            lang=lang,
            t=self.t(lang),
            plan=self.site.plan,
            site=self.site,
            r=self,
            task_anchor=task_anchor,
            here=here,
            link=lambda target: self.relative(here, target),
            today=self.today,
            **context,
        )
