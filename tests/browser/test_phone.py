"""Readable on a phone (issue 18), in Chromium at 320 and 390 px, both languages.

Every kind of page: nothing of the content is wider than the screen, the page's own
content starts in the top half of an 844 px screen, axe-core finds no violation, and a
screenshot is kept (reports/screenshots/, uploaded by CI). Data tables are cards on a
phone and tables on a desktop; the jump list of a long page works without script;
headings have no empty line; the header shows a site name that fits.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page

from browser.helpers import LANGS, MISSING_PATH, OPTIONAL_KINDS, PAGE_KINDS, Site, axe_violations, describe
from browser.test_accessibility import AXE_TAGS
from build_helpers import ROOT

pytestmark = pytest.mark.browser

HEIGHT = 844
WIDTHS = (320, 390)
SCREENSHOTS = ROOT / "reports" / "screenshots"
# Every kind of page, the long data pages and the 404 page included.
KINDS: dict[str, str] = {
    **PAGE_KINDS,
    "who-does-what": "ke-hoach/ai-lam-gi/",
    "reports": "ke-hoach/bao-cao/",
    "history": "ke-hoach/lich-su/",
    "open-data": "du-lieu/",
    "404": MISSING_PATH,
}

# The first element of the page's own content: the first child of the article after its
# title that is not the one notice (or the edit button); its top, and what it is.
CONTENT_START = """() => {
    const article = document.querySelector('article.md-content__inner');
    const title = article.querySelector('h1');
    let el = title ? title.nextElementSibling : article.firstElementChild;
    while (el && (el.matches('.plan-notice, .md-content__button, script') || !el.getClientRects().length)) {
        el = el.nextElementSibling;
    }
    if (!el) return null;
    return {top: el.getBoundingClientRect().top + window.scrollY, what: el.tagName + '.' + el.className};
}"""

# Elements of the content reaching past the right edge of the screen (not counting what
# scrolls inside its own box, like code), and the width of the whole page.
TOO_WIDE = """(width) => ({
    page: document.documentElement.scrollWidth,
    wide: [...document.querySelectorAll('article *')]
        .filter(el => el.getBoundingClientRect().right > width + 1 && !el.closest('pre'))
        .slice(0, 5)
        .map(el => el.tagName + '.' + el.className + ': ' + el.textContent.trim().slice(0, 40)),
})"""


@pytest.fixture(scope="module")
def narrow(browser: Browser) -> Iterator[dict[int, Page]]:
    """One phone tab per width, 844 px tall, reused by the module's tests."""
    contexts: list[BrowserContext] = []
    pages: dict[int, Page] = {}
    for width in WIDTHS:
        context = browser.new_context(
            viewport={"width": width, "height": HEIGHT}, device_scale_factor=2, is_mobile=True, has_touch=True
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        pages[width] = context.new_page()
    yield pages
    for context in contexts:
        context.close()


def open_kind(page: Page, site: Site, kind: str, lang: str) -> None:
    if kind == "404":
        response = page.goto(site.page_url(MISSING_PATH, lang))
        assert response is not None and response.status == 404
        return
    path = KINDS[kind] if lang == "vi" else f"{lang}/{KINDS[kind]}"
    if not site.has(path):
        if kind in OPTIONAL_KINDS:
            pytest.skip(f"no '{path}' page in this build yet")
        pytest.fail(f"the build has no page at {path}")
    page.goto(site.url + path)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind", sorted(KINDS))
def test_fits_and_starts_in_the_top_half(site: Site, narrow: dict[int, Page], kind: str, lang: str, width: int) -> None:
    page = narrow[width]
    open_kind(page, site, kind, lang)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{kind}-{lang}-{width}.png"))
    sizes = page.evaluate(TOO_WIDE, width)
    assert sizes["wide"] == [], f"{kind} ({lang}, {width} px): content wider than the screen: {sizes['wide']}"
    assert sizes["page"] <= width, f"{kind} ({lang}, {width} px): the page is {sizes['page']} px wide"
    start = page.evaluate(CONTENT_START)
    assert start is not None, f"{kind} ({lang}): no content after the title"
    assert start["top"] < HEIGHT / 2, (
        f"{kind} ({lang}, {width} px): content starts at {start['top']:.0f} px ({start['what']})"
    )


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind", sorted(KINDS))
def test_axe_finds_no_violation_on_a_phone(
    site: Site, narrow: dict[int, Page], axe_source: str, kind: str, lang: str, width: int
) -> None:
    page = narrow[width]
    open_kind(page, site, kind, lang)
    violations = axe_violations(page, axe_source, AXE_TAGS)
    assert not violations, f"{kind} ({lang}, {width} px):\n{describe(violations)}"


CARDS = """() => [...document.querySelectorAll('article .plan-cards table')].map(table => {
    const cell = table.querySelector('tbody td[data-label]');
    return {
        table: getComputedStyle(table).display,
        row: getComputedStyle(table.querySelector('tbody tr')).display,
        label: cell.getAttribute('data-label'),
        shown: getComputedStyle(cell, '::before').content,
        header: getComputedStyle(table.querySelector('thead')).display,
    };
})"""


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind", ["who-does-what", "reports", "timeline", "agency", "agency-index", "history"])
def test_data_tables_are_cards_on_a_phone_and_tables_on_a_desktop(
    site: Site, narrow: dict[int, Page], desktop: Page, kind: str, lang: str
) -> None:
    phone = narrow[320]
    open_kind(phone, site, kind, lang)
    cards = phone.evaluate(CARDS)
    assert cards, f"{kind} ({lang}) has no data table"
    for card in cards:
        assert card["table"] == "block" and card["row"] in {"block", "grid"}, card
        assert card["header"] == "none", card
        assert card["shown"] == f'"{card["label"]}"', f"the cell does not show its column's name: {card}"
    path = KINDS[kind] if lang == "vi" else f"{lang}/{KINDS[kind]}"
    desktop.goto(site.url + path)
    for table in desktop.evaluate(CARDS):
        # Material draws a table as an inline block that scrolls; its rows stay table rows.
        assert table["table"] in {"table", "inline-block"} and table["row"] == "table-row", table
        assert table["header"] != "none" and table["shown"] == "none", table


def test_jump_to_a_body_works_without_script(site: Site, browser: Browser) -> None:
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 390, "height": HEIGHT}, is_mobile=True, has_touch=True
    )
    try:
        page = context.new_page()
        page.goto(site.page_url("ke-hoach/ai-lam-gi/"))
        jump = page.locator("details.plan-jump")
        link = jump.locator("a[href='#so-y-te']")
        assert not link.is_visible()
        jump.locator("summary").click()
        link.click()
        assert page.evaluate("location.hash") == "#so-y-te"
        row = page.locator("tr#so-y-te")
        box = row.bounding_box()
        assert box is not None and 0 <= box["y"] < HEIGHT / 2, box
        assert "Sở Y tế" in row.inner_text()
    finally:
        context.close()


HEADINGS = """() => [...document.querySelectorAll('article :is(h1, h2, h3, h4, h5, h6)')].map(h => {
    // The lines the heading's text takes (without its permalink), against its height.
    const range = document.createRange();
    range.selectNodeContents(h);
    const link = h.querySelector('.headerlink');
    if (link) range.setEndBefore(link);
    const tops = [];
    for (const r of range.getClientRects()) {
        if (r.width && !tops.some(t => Math.abs(t - r.top) < 6)) tops.push(r.top);
    }
    const style = getComputedStyle(h);
    const content = h.getBoundingClientRect().height - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom);
    return {text: h.textContent.replace('¶', '').trim(), level: h.tagName,
            lines: tops.length, lineHeight: parseFloat(style.lineHeight), content};
})"""


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind", sorted(PAGE_KINDS))
def test_headings_have_no_empty_line_and_no_repeated_title(
    site: Site, narrow: dict[int, Page], kind: str, lang: str
) -> None:
    page = narrow[320]
    open_kind(page, site, kind, lang)
    headings = page.evaluate(HEADINGS)
    for h in headings:
        assert h["content"] <= h["lines"] * h["lineHeight"] + 2, (
            f"{kind} ({lang}): '{h['text']}' has an empty line: {h}"
        )
    title = next(h["text"] for h in headings if h["level"] == "H1")
    repeated = [h["text"] for h in headings if h["level"] == "H2" and h["text"] == title]
    assert not repeated, f"{kind} ({lang}): the title '{title}' is repeated as a section heading"


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", LANGS)
def test_header_shows_a_site_name_that_fits(site: Site, narrow: dict[int, Page], lang: str, width: int) -> None:
    page = narrow[width]
    open_kind(page, site, "plan", lang)
    short = page.locator(".md-header__topic .plan-site-name--short")
    assert short.is_visible()
    fits = short.evaluate("el => el.scrollWidth <= el.clientWidth")
    assert fits, f"the short site name is cut: {short.inner_text()}"
    assert short.inner_text().strip() == ("Kế hoạch 179" if lang == "vi" else "Plan 179")
    full = page.locator(".md-header__topic .plan-site-name--full")  # kept for screen readers, not shown
    assert full.evaluate("el => getComputedStyle(el).display !== 'none' && el.getBoundingClientRect().width <= 1")


def test_copy_link_buttons_are_large_enough_to_tap(site: Site, narrow: dict[int, Page]) -> None:
    page = narrow[390]
    page.goto(site.require("agency"))
    sizes = page.locator("button.plan-copy-link").evaluate_all(
        "buttons => buttons.map(b => [b.getBoundingClientRect().width, b.getBoundingClientRect().height])"
    )
    assert sizes, "no copy-link button on the agency page"
    assert all(w >= 24 and h >= 24 for w, h in sizes), sizes[:5]
