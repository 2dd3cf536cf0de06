"""Phones: no sideways scrolling at 360 px; a wide table scrolls inside its own box."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from browser.helpers import LANGS, PAGE_KINDS, Site

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind", sorted(PAGE_KINDS))
def test_no_horizontal_scroll_at_360px(site: Site, phone: Page, kind: str, lang: str) -> None:
    phone.goto(site.require(kind, lang))
    assert phone.viewport_size is not None and phone.viewport_size["width"] == 360
    sizes = phone.evaluate(
        """() => ({page: document.documentElement.scrollWidth, view: window.innerWidth,
                   wide: [...document.querySelectorAll('article *')]
                     .filter(el => el.getBoundingClientRect().right > window.innerWidth + 1
                                   && !el.closest('.md-typeset__scrollwrap, pre'))
                     .slice(0, 5).map(el => el.tagName + '.' + el.className + ': ' + el.textContent.slice(0, 40))})"""
    )
    assert sizes["page"] <= sizes["view"], f"{kind} ({lang}) scrolls sideways: {sizes}"
    assert sizes["wide"] == [], f"{kind} ({lang}) has content wider than the screen: {sizes['wide']}"


def test_wide_table_scrolls_in_its_own_box(site: Site, phone: Page) -> None:
    """A hand-written table (the glossary's), made wider than a phone, stays in its box.

    Generated data tables are cards on a phone instead (test_phone.py)."""
    phone.goto(site.page_url("tim-hieu/thuat-ngu/"))
    result = phone.evaluate(
        """() => {
            const table = document.querySelector('article table');
            const cell = table.querySelector('td');
            cell.textContent = 'Sở Lao động - Thương binh và Xã hội '.repeat(3) + 'x'.repeat(80);
            cell.style.whiteSpace = 'nowrap';
            const box = table.closest('.md-typeset__scrollwrap');
            return {box: !!box, overflow: box && getComputedStyle(box).overflowX,
                    scrolls: box && box.scrollWidth > box.clientWidth,
                    page: document.documentElement.scrollWidth, view: window.innerWidth};
        }"""
    )
    assert result["box"], "the table is not inside Material's scrolling box"
    assert result["overflow"] in {"auto", "scroll"}
    assert result["scrolls"], result
    assert result["page"] <= result["view"], result
