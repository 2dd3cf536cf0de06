"""Drive Material's search box the way a reader does, and read the results."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Literal

from playwright.sync_api import Page

INPUT = "[data-md-component=search-query]"
META = ".md-search-result__meta"


@dataclass(frozen=True)
class Result:
    """One result group (a page and its matching sections)."""

    hrefs: tuple[str, ...]  # page first, then sections; without the ?h= query
    text: str  # text of the whole group, folded "more on this page" sections included
    marks: tuple[str, ...]  # highlighted words


def open_search(page: Page) -> None:
    """Focus the search box: on a phone it hides behind the header's search button."""
    button = page.locator("label.md-header__button[for=__search]")
    if button.is_visible():
        button.click()
    page.locator(INPUT).click()


def _translations(page: Page) -> dict[str, str]:
    config = json.loads(page.locator("#__config").text_content() or "{}")
    translations: dict[str, str] = config["translations"]
    return translations


def wait_for_results(page: Page, timeout: float = 10.0) -> str:
    """The result header once a search has finished and its results stopped changing."""
    none = _translations(page)["search.result.none"]
    deadline = time.monotonic() + timeout
    previous = None
    while time.monotonic() < deadline:
        meta = (page.locator(META).text_content() or "").strip()
        first = page.locator(".md-search-result__link").first
        snapshot = (meta, first.get_attribute("href") if first.count() else None)
        done = meta == none or any(ch.isdigit() for ch in meta)
        if done and snapshot == previous:
            return meta
        previous = snapshot if done else None
        page.wait_for_timeout(250)
    raise AssertionError(f"search did not finish: result header is {page.locator(META).text_content()!r}")


def search(page: Page, query: str, how: Literal["type", "paste"] = "type") -> list[Result]:
    """Search for `query` by typing it (key events) or pasting it (an input event only)."""
    open_search(page)
    box = page.locator(INPUT)
    box.fill("")
    if how == "type":
        box.press_sequentially(query, delay=20)
    else:
        box.fill(query)
    wait_for_results(page)
    return results(page)


def results(page: Page) -> list[Result]:
    items = page.locator(".md-search-result__item").evaluate_all(
        """items => items.map(item => ({
            hrefs: [...item.querySelectorAll('a.md-search-result__link')].map(a => a.href.split('?')[0] + (new URL(a.href).hash)),
            text: item.textContent,
            marks: [...item.querySelectorAll('mark')].map(m => m.textContent),
        }))"""
    )
    return [Result(tuple(i["hrefs"]), i["text"], tuple(i["marks"])) for i in items]


def pages_of(found: list[Result]) -> set[str]:
    """The page URLs (no anchors) of a result list."""
    return {r.hrefs[0].split("#")[0] for r in found}
