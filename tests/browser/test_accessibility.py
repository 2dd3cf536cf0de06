"""WCAG 2.2 AA in Chromium: axe-core on every kind of page, keyboard use, tables, status."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from browser.helpers import LANGS, MISSING_PATH, PAGE_KINDS, Site, axe_violations, describe

pytestmark = pytest.mark.browser

# WCAG 2.0, 2.1 and 2.2, levels A and AA, plus axe's best practices (named dialogs and
# landmarks, heading order…), which Lighthouse's accessibility score also counts.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
KINDS = [*PAGE_KINDS, "404"]


def open_kind(page: Page, site: Site, kind: str, lang: str) -> None:
    if kind == "404":
        response = page.goto(site.page_url(MISSING_PATH, lang))
        assert response is not None and response.status == 404
    else:
        page.goto(site.require(kind, lang))


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind", KINDS)
def test_axe_finds_no_violation(site: Site, any_viewport: Page, axe_source: str, kind: str, lang: str) -> None:
    open_kind(any_viewport, site, kind, lang)
    violations = axe_violations(any_viewport, axe_source, AXE_TAGS)
    assert not violations, f"{kind} ({lang}):\n{describe(violations)}"


@pytest.fixture
def dark(browser: Browser) -> Iterator[Page]:
    """A reader whose system asks for the dark scheme (a fresh context: Material remembers the palette)."""
    context = browser.new_context(color_scheme="dark", viewport={"width": 1280, "height": 800})
    page = context.new_page()
    yield page
    context.close()


@pytest.mark.parametrize("kind", ["home", "agency-index", "article", "404"])
def test_dark_scheme_has_enough_contrast(site: Site, dark: Page, axe_source: str, kind: str) -> None:
    open_kind(dark, site, kind, "vi")
    assert dark.locator("body").get_attribute("data-md-color-scheme") == "slate"
    violations = axe_violations(dark, axe_source, AXE_TAGS)
    assert not violations, f"{kind} (dark):\n{describe(violations)}"


@pytest.mark.parametrize(("lang", "text"), [("vi", "Chuyển đến nội dung chính"), ("en", "Skip to main content")])
def test_skip_link_comes_first_and_is_visible(site: Site, desktop: Page, lang: str, text: str) -> None:
    desktop.goto(site.page_url("agency", lang))
    desktop.keyboard.press("Tab")
    focused = desktop.evaluate(
        """() => { const el = document.activeElement; const box = el.getBoundingClientRect();
                   return {skip: el.classList.contains('md-skip'), text: el.textContent.trim(), href: el.getAttribute('href'),
                           visible: box.width > 0 && box.height > 0 && box.top >= 0 && box.left >= 0} }"""
    )
    assert focused["skip"], focused
    assert focused["text"] == text
    assert focused["visible"], "the skip link must show when it has focus"
    desktop.keyboard.press("Enter")
    target = str(focused["href"]).split("#")[1]
    assert desktop.url.endswith("#" + target)
    assert desktop.locator(f"[id='{target}']").evaluate("el => el.closest('article') !== null")


def test_keyboard_focus_is_always_visible(site: Site, desktop: Page) -> None:
    """Tab through the header, navigation and content: every stop shows an outline."""
    desktop.goto(site.page_url("pillar"))
    seen = 0
    for _ in range(40):
        desktop.keyboard.press("Tab")
        style = desktop.evaluate(
            """() => { const el = document.activeElement; if (!el || el === document.body) return null;
                       const s = getComputedStyle(el);
                       return {tag: el.tagName, cls: String(el.className), outline: s.outlineStyle,
                               width: parseFloat(s.outlineWidth), shadow: s.boxShadow} }"""
        )
        if style is None:
            continue
        seen += 1
        has_outline = style["outline"] != "none" and style["width"] > 0
        assert has_outline or style["shadow"] != "none", f"no visible focus on {style}"
    assert seen >= 20


@pytest.mark.parametrize(("lang", "name"), [("vi", "Tìm kiếm"), ("en", "Search")])
def test_search_dialog_is_named(site: Site, desktop: Page, lang: str, name: str) -> None:
    desktop.goto(site.page_url("home", lang))
    dialog = desktop.locator("#plan-search[role=dialog]")
    assert dialog.get_attribute("aria-label") == name


@pytest.mark.parametrize("kind", ["plan", "full-text", "agency", "agency-index", "timeline", "accessibility"])
def test_tables_have_header_cells(site: Site, desktop: Page, kind: str) -> None:
    desktop.goto(site.require(kind))
    tables = desktop.locator("article table").evaluate_all(
        "tables => tables.map(t => ({headers: t.querySelectorAll('th').length, rows: t.rows.length}))"
    )
    for table in tables:
        assert table["headers"] > 0, f"a table on {kind} has no header cells: {table}"


@pytest.mark.parametrize("kind", ["plan", "agency", "agency-index", "timeline"])
def test_status_is_never_shown_by_colour_or_emoji_alone(site: Site, desktop: Page, kind: str) -> None:
    """No element of the content says something only with an emoji or a symbol and no words."""
    desktop.goto(site.require(kind))
    symbol_only = desktop.evaluate(
        r"""() => [...document.querySelectorAll('article *')]
              .filter(el => el.children.length === 0 && !el.closest('.headerlink, svg'))
              .map(el => el.textContent.trim())
              .filter(t => t && /\p{Extended_Pictographic}/u.test(t) && !/[\p{L}\p{N}]/u.test(t))"""
    )
    assert symbol_only == [], f"status shown by a symbol alone on {kind}: {symbol_only[:5]}"
