"""Drive the header's search (Pagefind) the way a reader does; read pages' text to judge it.

`search()` types or pastes a query and returns the results drawn. The judge is built
from the built HTML, independently of Pagefind: the text of each page's article (what
plan179/publish/search.py indexes), split in words, compared as typed or with
diacritics folded.
"""

from __future__ import annotations

import re
import time
import unicodedata
from dataclasses import dataclass
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Literal

from playwright.sync_api import Page

from plan179.publish.search import EXCLUDE_SELECTORS

ROOT = "#plan-search"
INPUT = "#plan-search-input"
STATUS = "#plan-search-status"
OPENER = ".plan-search-open"
LINK = ".plan-search__link"
MORE = ".plan-search__more"


@dataclass(frozen=True)
class Result:
    """One result: a page, the section linked, what is shown."""

    href: str  # absolute, with the section's #anchor when there is one
    title: str
    section: str
    text: str  # everything shown
    marks: tuple[str, ...]  # the words marked in the excerpt

    @property
    def page(self) -> str:
        return self.href.split("#")[0]


def open_search(page: Page) -> None:
    """Open search as a reader does: the header button on a phone, the box on a desktop."""
    if page.evaluate("() => document.getElementById('__search').checked"):
        page.locator(INPUT).focus()  # already open
        return
    opener = page.locator(OPENER)
    if opener.is_visible():
        opener.click()
    else:
        page.locator(INPUT).click()
    page.wait_for_function("() => document.getElementById('__search').checked")


def wait_for_results(page: Page, query: str, timeout: float = 15.0) -> None:
    """Until the search for `query` has drawn its results (or its "no results" line)."""
    expected = unicodedata.normalize("NFC", query).strip()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if page.locator(ROOT).get_attribute("data-searched") == expected:
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"search for {query!r} did not finish: {page.locator(STATUS).text_content()!r}")


def search(page: Page, query: str, how: Literal["type", "paste"] = "type", every: bool = False) -> list[Result]:
    """Search for `query` by typing it (key events) or pasting it (one input event).

    The results drawn: the first six, or with `every` all of them ("more results").
    """
    open_search(page)
    box = page.locator(INPUT)
    box.fill("")
    if how == "type":
        box.press_sequentially(query, delay=20)
    else:
        box.fill(query)
    wait_for_results(page, query)
    more = page.locator(MORE)
    while every and more.is_visible():
        shown = page.locator(LINK).count()
        more.click()
        page.wait_for_function(f"() => document.querySelectorAll('{LINK}').length > {shown}")
    return results(page)


def results(page: Page) -> list[Result]:
    items = page.locator(LINK).evaluate_all(
        """links => links.map(a => ({
            href: a.href,
            title: a.querySelector('.plan-search__title')?.textContent ?? '',
            section: a.querySelector('.plan-search__section')?.textContent ?? '',
            text: a.textContent,
            marks: [...a.querySelectorAll('mark')].map(m => m.textContent),
        }))"""
    )
    return [Result(i["href"], i["title"], i["section"], i["text"], tuple(i["marks"])) for i in items]


def pages_of(found: list[Result]) -> list[str]:
    """The page URLs of a result list, in order."""
    return [r.page for r in found]


# --- the judge: words of the built pages ------------------------------------------


def fold(text: str) -> str:
    """Lower case without diacritics (đ → d), as a reader typing without tones."""
    decomposed = unicodedata.normalize("NFD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("đ", "d")


def words(text: str) -> list[str]:
    return re.findall(r"[\w]+", unicodedata.normalize("NFC", text).lower())


_SKIPPED = {s.lstrip(".") for s in EXCLUDE_SELECTORS}
_VOID = {"br", "img", "hr", "input", "wbr", "meta", "link", "source", "col"}


class _ArticleText(HTMLParser):
    """The text of Material's article, without what the index leaves out."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.skip_depth = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = set((dict(attrs).get("class") or "").split())
        if not self.depth:
            if tag == "article" and "md-content__inner" in classes:
                self.depth = 1
            return
        if tag in _VOID:
            return
        self.depth += 1
        if self.skip_depth or classes & _SKIPPED:
            self.skip_depth += 1

    def handle_endtag(self, tag: str) -> None:
        if not self.depth or tag in _VOID:
            return
        self.depth -= 1
        if self.skip_depth:
            self.skip_depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth and not self.skip_depth:
            self.parts.append(data)


@cache
def page_words(html_file: Path) -> tuple[str, ...]:
    parser = _ArticleText()
    parser.feed(html_file.read_text(encoding="utf-8"))
    return tuple(words(" ".join(parser.parts)))


def has_phrase(haystack: tuple[str, ...], phrase: list[str]) -> bool:
    n = len(phrase)
    return any(list(haystack[i : i + n]) == phrase for i in range(len(haystack) - n + 1))


@dataclass(frozen=True)
class Judge:
    """What a page holds of a query: the rank it deserves, best first (larger is better)."""

    site_root: Path
    site_url: str

    def file(self, page_url: str) -> Path:
        relative = page_url.removeprefix(self.site_url)
        return self.site_root / relative / "index.html"

    def key(self, page_url: str, query: str) -> tuple[int, int, int, int]:
        """(phrase as typed, every word as typed, phrase folded, every word folded)."""
        held = page_words(self.file(page_url))
        terms = words(query)
        toned = fold(query) != query.lower()
        folded_held = tuple(fold(w) for w in held)
        folded_terms = [fold(t) for t in terms]
        return (
            int(toned and len(terms) > 1 and has_phrase(held, terms)),
            int(toned and all(t in held for t in terms)),
            int(len(terms) > 1 and has_phrase(folded_held, folded_terms)),
            int(all(t in folded_held for t in folded_terms)),
        )
