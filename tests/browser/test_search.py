"""Search as readers use it: without diacritics, per language, pasted or composed."""

from __future__ import annotations

import unicodedata

import pytest
from playwright.sync_api import Page

from browser.helpers import Site
from browser.search_helpers import INPUT, pages_of, search, wait_for_results
from plan179.data.slug import fold

pytestmark = pytest.mark.browser


def folded(text: str) -> str:
    return fold(unicodedata.normalize("NFC", text)).lower()


@pytest.mark.parametrize(
    ("plain", "accented"),
    [("giam ngheo", "giảm nghèo"), ("bien doi khi hau", "biến đổi khí hậu"), ("ma tuy", "ma túy")],
)
def test_vietnamese_search_ignores_diacritics(site: Site, desktop: Page, plain: str, accented: str) -> None:
    """Typed with or without diacritics, the same pages come back, shown with their accents."""
    desktop.goto(site.page_url("plan"))
    with_accents = search(desktop, accented)
    without = search(desktop, plain)
    assert with_accents, f"no result for {accented!r}"
    assert pages_of(without) == pages_of(with_accents)
    shown = " ".join(r.text for r in without).lower()
    assert accented in shown, f"results for {plain!r} do not show the accented words {accented!r}"
    words = {folded(w) for w in accented.split()}
    marked = {m for r in without for m in r.marks}
    assert any(folded(m) in words and m != folded(m) for m in marked), (
        f"results for {plain!r} highlight no accented word of {accented!r}: {sorted(marked)[:10]}"
    )


def test_d_and_dd_match_both_ways(site: Site, desktop: Page) -> None:
    """`d` finds `đ` ("dong thap" → "Đồng Tháp") and `đ` finds `d` ("đân" → "dân")."""
    desktop.goto(site.page_url("home"))
    found = search(desktop, "dong thap")
    assert any("Đồng Tháp" in r.text for r in found)
    found = search(desktop, "đân")
    assert "dân" in {m.lower() for r in found for m in r.marks}


def test_each_language_searches_its_own_pages(site: Site, desktop: Page) -> None:
    desktop.goto(site.page_url("plan", "vi"))
    vi = search(desktop, "giảm nghèo")
    assert vi
    assert all(not href.startswith(site.url + "en/") for r in vi for href in r.hrefs)
    assert search(desktop, "poverty") == [], "the Vietnamese site found English pages"

    desktop.goto(site.page_url("plan", "en"))
    en = search(desktop, "poverty")
    assert en
    assert all(href.startswith(site.url + "en/") for r in en for href in r.hrefs)
    # The English full text quotes the Vietnamese original: still English pages only.
    assert all(href.startswith(site.url + "en/") for r in search(desktop, "giam ngheo") for href in r.hrefs)


def test_english_search_ignores_diacritics_too(site: Site, desktop: Page) -> None:
    desktop.goto(site.page_url("home", "en"))
    assert pages_of(search(desktop, "tien giang")) == pages_of(search(desktop, "Tiền Giang"))


def test_pasted_query_starts_a_search(site: Site, any_viewport: Page) -> None:
    """`fill` fires only an input event, like a paste from the context menu."""
    any_viewport.goto(site.page_url("pillar"))
    found = search(any_viewport, "giam ngheo", how="paste")
    assert found


def test_without_our_script_a_paste_starts_nothing(site: Site, fresh_desktop: Page) -> None:
    """The control: Material alone waits for a key release, so the paste test can fail."""
    desktop = fresh_desktop
    desktop.route("**/assets/javascripts/plan.js", lambda route: route.abort())
    desktop.goto(site.page_url("pillar"))
    box = desktop.locator(INPUT)
    box.click()
    desktop.wait_for_function("() => document.querySelector('.md-search-result__meta').textContent.trim() !== ''")
    before = desktop.locator(".md-search-result__meta").text_content()
    desktop.wait_for_timeout(1500)  # let the index load
    box.fill("giam ngheo")
    desktop.wait_for_timeout(1500)
    assert desktop.locator(".md-search-result__item").count() == 0, before


def test_input_method_composition_starts_a_search(site: Site, desktop: Page) -> None:
    """A Vietnamese keyboard composes "giảm" and commits it: no key release reaches the page."""
    desktop.goto(site.page_url("pillar"))
    desktop.locator(INPUT).click()
    cdp = desktop.context.new_cdp_session(desktop)
    try:
        cdp.send("Input.imeSetComposition", {"text": "giả", "selectionStart": 3, "selectionEnd": 3})
        cdp.send("Input.imeSetComposition", {"text": "giảm", "selectionStart": 4, "selectionEnd": 4})
        cdp.send("Input.insertText", {"text": "giảm"})
    finally:
        cdp.detach()
    assert desktop.locator(INPUT).input_value() == "giảm"
    wait_for_results(desktop)
    assert desktop.locator(".md-search-result__item").count() > 0


@pytest.mark.parametrize(
    ("lang", "query", "title", "path"),
    [
        ("vi", "so y te", "Sở Y tế", "ke-hoach/co-quan/so-y-te/"),
        ("en", "department of health", "Department of Health", "en/ke-hoach/co-quan/so-y-te/"),
        ("vi", "nhiem vu 4đ", "Nhiệm vụ 4đ", "ke-hoach/noi-dung/cong-dong-tu-luc-tu-cuong/#nhiem-vu-4dd"),
    ],
)
def test_generated_pages_are_found_by_their_titles(
    site: Site, desktop: Page, lang: str, query: str, title: str, path: str
) -> None:
    desktop.goto(site.page_url("home", lang))
    found = search(desktop, query)
    links = desktop.locator(".md-search-result__link").evaluate_all(
        "links => links.map(a => [a.href.split('?')[0] + new URL(a.href).hash, a.querySelector('h1, h2').textContent.trim()])"
    )
    assert [site.url + path, title] in links, (found[:3], links[:5])


def test_opened_result_highlights_the_accented_words(site: Site, desktop: Page) -> None:
    """A result found without diacritics opens its page with the accented words marked."""
    desktop.goto(site.page_url("plan"))
    search(desktop, "giam ngheo")
    with desktop.expect_navigation():
        desktop.locator(".md-search-result__link").nth(1).click()
    assert "h=giam+ngheo" in desktop.url
    marks = desktop.locator("article mark").all_text_contents()
    assert any(m.lower() == "giảm" for m in marks), marks[:10]
    assert any(m.lower() == "nghèo" for m in marks), marks[:10]
