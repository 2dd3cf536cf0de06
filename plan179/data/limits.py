"""Limits on what a data file may say, beyond its model: lengths and dates.

Names and titles from `data/` appear where hand-written titles do (headings, the
page head, link text), so they have the same 120-character limit; no text grows
without bound. A document cannot be dated after today: a report or source dated in
the future is a typo (or a fact not yet true) and is refused, naming the line.
"Today" is the real date in Viet Nam, not PLAN_BUILD_DATE, which only moves the
timeline's "now" for previews and tests.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

from plan179.data.strict_yaml import Document, PathKey

VIETNAM = dt.timezone(dt.timedelta(hours=7), "ICT")
TITLE_MAX = 120  # as `title` in a hand-written page's front matter (plan179/content/pages.py)
# Keys whose text is a name or title; in data/plan.yml `title` quotes the plan verbatim instead.
NAME_KEYS = frozenset({"name", "short_title", "issuer", "listed_as", "title"})
VERBATIM_FILES = frozenset({"data/plan.yml"})
SUMMARY_MAX = 600
TEXT_MAX = 5000  # the longest verbatim paragraph of the plan is about 1,200 characters
UI_TEXT_MAX = 1000


def today() -> dt.date:
    """Today in Viet Nam, the province's own calendar."""
    return dt.datetime.now(VIETNAM).date()


def _strings(value: Any, path: PathKey) -> Iterator[tuple[PathKey, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, child in value.items():
            yield from _strings(child, (*path, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _strings(child, (*path, index))


def _dotted(path: PathKey) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _limit(doc: Document, path: PathKey) -> tuple[int, str]:
    """The length limit of the text at `path` and what it is called."""
    keys = [p for p in path if isinstance(p, str) and p not in ("vi", "en")]
    last = keys[-1] if keys else ""
    if doc.file.startswith("data/i18n/"):
        return UI_TEXT_MAX, "a UI text"
    if last in NAME_KEYS and not (last == "title" and doc.file in VERBATIM_FILES):
        return TITLE_MAX, "a name or title (as a page title)"
    if last == "summary":
        return SUMMARY_MAX, "a summary"
    return TEXT_MAX, "a text"


def length_problems(doc: Document) -> list[tuple[int, str]]:
    """(line, message) for every text over its limit."""
    problems = []
    for path, text in _strings(doc.data, ()):
        limit, what = _limit(doc, path)
        if len(text) > limit:
            problems.append(
                (
                    doc.line_of(path),
                    f"{_dotted(path) or '(top level)'} is {len(text):,} characters long: as {what} it must be at"
                    f" most {limit:,}: shorten it",
                )
            )
    return problems


_MARKUP = re.compile(r"<[a-zA-Z!/?]|(?:java|vb)script\s*:", re.IGNORECASE)


def markup_problems(doc: Document) -> list[tuple[int, str]]:
    """(line, message) for HTML or a script URL in a data text (UI strings have their own check).

    Data texts are plain text on the pages, but also reach the page head and the
    downloads: refused where they are written, not where they end up."""
    if doc.file.startswith("data/i18n/"):
        return []
    return [
        (
            doc.line_of(path),
            f"{_dotted(path) or '(top level)'} contains HTML or a script URL: data texts are plain text: remove it",
        )
        for path, text in _strings(doc.data, ())
        if _MARKUP.search(text)
    ]


def _dates(value: Any, path: PathKey) -> Iterator[tuple[PathKey, str]]:
    for where, text in _strings(value, path):
        if len(where) >= 2 and where[-1] == "date" and where[-2] == "source":
            yield where, text


def future_problems(doc: Document, now: dt.date | None = None) -> list[tuple[int, str]]:
    """(line, message) for a source document dated after today, or a report for a year not yet begun."""
    now = now or today()
    problems = []
    for path, text in _dates(doc.data, ()):
        try:
            day = dt.date.fromisoformat(text)
        except ValueError:
            continue  # the model reports a malformed date
        if day > now:
            problems.append(
                (
                    doc.line_of(path),
                    f"{_dotted(path)}: {text} is after today ({now.isoformat()}): a source is recorded once it is"
                    " published: check the date, or add this record on or after that day",
                )
            )
    year = doc.data.get("year") if isinstance(doc.data, dict) and doc.file.startswith("data/reports/") else None
    if isinstance(year, int) and year > now.year:
        problems.append(
            (doc.line_of(("year",)), f"year: {year} has not begun ({now.isoformat()}): check the year of the report")
        )
    return problems
