"""Search as readers use it (issue 14), in Chromium, on the real site and its Pagefind index.

Quality is judged against the built pages' own text (search_helpers.Judge), with
queries taken from the plan's text: pages holding the phrase, then every word, rank
first; a query without tones finds the toned words; a toned query ranks the words as
typed above their folded forms; English is stemmed; a pasted query works as a typed
one; no results says so in the page's language. Each ranking test also checks that the
query has results of more than one rank, so that a wrong order can show.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from urllib.parse import urlsplit

import pytest
import yaml
from playwright.sync_api import Browser, Page, Request

from browser.helpers import MISSING_PATH, Site, axe_violations, describe
from browser.search_helpers import (
    INPUT,
    LINK,
    ROOT,
    STATUS,
    Judge,
    fold,
    open_search,
    page_words,
    pages_of,
    search,
    wait_for_results,
)
from build_helpers import ROOT as PROJECT

pytestmark = pytest.mark.browser

BrowserFactory = Callable[[int, str], Page]


def strings(lang: str) -> dict[str, str]:
    table: dict[str, str] = yaml.safe_load((PROJECT / "data" / "i18n" / f"{lang}.yml").read_text(encoding="utf-8"))
    return table


def judge(site: Site) -> Judge:
    return Judge(site.root, site.url)


# --- loading -------------------------------------------------------------------------


def test_nothing_of_search_loads_before_it_is_opened(site: Site, fresh_desktop: Page) -> None:
    page = fresh_desktop
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(site.page_url("pillar"))
    page.wait_for_load_state("networkidle")
    assert [u for u in requested if "/pagefind/" in u or "search_index" in u] == []

    open_search(page)
    for _ in range(100):  # Pagefind's worker fetches its metadata: not in the page's performance entries
        if any(u.endswith(".pf_meta") for u in requested):
            break
        page.wait_for_timeout(100)
    else:
        pytest.fail(f"opening search loaded no index metadata: {requested}")
    loaded = [urlsplit(u).path.removeprefix(urlsplit(site.url).path) for u in requested]
    assert "pagefind/vi/pagefind.js" in loaded
    assert not [u for u in loaded if u.endswith((".pf_index", ".pf_fragment"))], "index chunks before any word"

    page.locator(INPUT).press_sequentially("giảm nghèo", delay=20)
    wait_for_results(page, "giảm nghèo")
    loaded = [urlsplit(u).path.removeprefix(urlsplit(site.url).path) for u in requested]
    assert any(u.startswith("pagefind/vi/index/vi_") for u in loaded), loaded
    assert not any(u.startswith("pagefind/en/") for u in loaded), "English index loaded"


# --- languages -------------------------------------------------------------------------


def test_each_language_searches_its_own_pages(site: Site, desktop: Page) -> None:
    desktop.goto(site.page_url("plan", "vi"))
    vi = search(desktop, "giảm nghèo")
    assert vi
    assert not [r.href for r in vi if r.href.startswith(site.url + "en/")]
    assert search(desktop, "poverty reduction") == [], "the Vietnamese site found English pages"

    desktop.goto(site.page_url("plan", "en"))
    en = search(desktop, "poverty reduction")
    assert en
    assert all(r.href.startswith(site.url + "en/") for r in en)
    # The English full text quotes the Vietnamese original: still English pages only.
    quoted = search(desktop, "giảm nghèo")
    assert quoted and all(r.href.startswith(site.url + "en/") for r in quoted)


def test_untranslated_and_missing_pages_are_not_offered(site: Site, desktop: Page) -> None:
    """The 404 page (noindex) holds "đường dẫn bị gõ sai": it never comes up."""
    desktop.goto(site.page_url("home"))
    found = search(desktop, "gõ sai")
    assert not [r for r in found if "404" in r.href]
    assert "gõ" in page_words(site.root / "404.html")  # the control: the words are there


def test_search_works_from_the_404_page(site: Site, desktop: Page) -> None:
    """The 404 page answers every missing address, /en/… included: its links are absolute."""
    response = desktop.goto(site.url + "en/" + MISSING_PATH)
    assert response is not None and response.status == 404
    found = search(desktop, "giảm nghèo")
    assert found
    for result in found:
        assert result.page.startswith(site.url) and judge(site).file(result.page).is_file(), result.href


# --- quality ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("plain", "toned"),
    [
        ("giam ngheo", "giảm nghèo"),
        ("bao ve moi truong", "bảo vệ môi trường"),
        ("dao tao", "đào tạo"),
        ("phat trien nguon nhan luc", "phát triển nguồn nhân lực"),
    ],
)
def test_query_without_tones_finds_the_toned_words(site: Site, desktop: Page, plain: str, toned: str) -> None:
    desktop.goto(site.page_url("plan"))
    with_tones = search(desktop, toned, every=True)
    without = search(desktop, plain, every=True)
    assert with_tones, f"no result for {toned!r}"
    missing = set(pages_of(with_tones)) - set(pages_of(without))
    assert not missing, f"{plain!r} misses pages that {toned!r} finds: {missing}"
    assert toned in " ".join(r.text for r in without).lower(), f"results for {plain!r} do not show {toned!r}"
    marked = {m.lower().strip(".,;:") for r in without for m in r.marks}
    assert set(toned.split()) <= marked, f"results for {plain!r} mark {sorted(marked)[:12]}"


def test_d_without_tones_finds_dd(site: Site, desktop: Page) -> None:
    """As the accessibility statement says: typed without tones, "d" finds "đ" too."""
    desktop.goto(site.page_url("home"))
    marks = {" ".join(r.marks) for r in search(desktop, "dong thap")}
    assert any("Đồng Tháp" in m for m in marks), sorted(marks)[:5]
    assert any("dân" in r.marks for r in search(desktop, "nhan dan"))  # and "d" still finds "d"


@pytest.mark.parametrize(
    "query",
    [
        "bảo vệ môi trường",  # mục II.3 of the plan
        "bao ve moi truong",
        "môi trường",  # matched "mới" first before this issue
        "moi truong",
        "giảm nghèo bền vững",
        "y te",  # "y" and "tế": short words that start many others ("yêu", "tệp")
    ],
)
def test_phrase_then_every_word_ranks_first(site: Site, desktop: Page, query: str) -> None:
    desktop.goto(site.page_url("home"))
    found = search(desktop, query, every=True)
    keys = [judge(site).key(r.page, query) for r in found]
    assert len(set(keys)) > 1, f"{query!r}: every result ranks alike ({keys[:1]}), the order shows nothing"
    for i in range(1, len(keys)):
        assert keys[i] <= keys[i - 1], (
            f"{query!r}: result {i + 1} {found[i].page} {keys[i]} ranks below result {i} {found[i - 1].page} {keys[i - 1]}"
            " (phrase as typed, every word as typed, phrase folded, every word folded)"
        )
    phrase = 0 if fold(query) != query else 2
    assert keys[0][phrase] == 1 or len(query.split()) == 1, f"{query!r}: the first result does not hold the phrase"


@pytest.mark.parametrize(
    ("toned", "folded_forms"),
    [
        ("đường", {"đương"}),  # the example: "đường" above "dương"/"đương"
        ("trưởng", {"trường"}),  # "Thủ trưởng" vs "môi trường"
        ("đào", {"đạo"}),  # "Đào tạo" vs "chỉ đạo"
    ],
)
def test_toned_query_ranks_the_word_as_typed_first(
    site: Site, desktop: Page, toned: str, folded_forms: set[str]
) -> None:
    desktop.goto(site.page_url("home"))
    found = search(desktop, toned, every=True)
    exact = [toned in page_words(judge(site).file(r.page)) for r in found]
    assert True in exact and False in exact, f"{toned!r}: results {exact}: need both kinds to judge the order"
    first_folded = exact.index(False)
    assert all(not e for e in exact[first_folded:]), (
        f"{toned!r}: a page with {toned!r} ranks below one without: {exact}"
    )
    later = {fold(m) for r in found[first_folded:] for m in r.marks}
    assert fold(toned) in later, "the folded results do not mark the folded form"
    assert any(m.lower() in folded_forms for r in found[first_folded:] for m in r.marks), [r.marks for r in found]


def test_english_search_is_stemmed(site: Site, desktop: Page) -> None:
    """ "protect" finds "protection" on pages where "protect" itself does not occur."""
    desktop.goto(site.page_url("home", "en"))
    found = search(desktop, "protect")
    only_stemmed = [r for r in found if "protect" not in page_words(judge(site).file(r.page))]
    assert only_stemmed, "no page found through a form of the word only"
    assert any(m.lower().startswith("protection") for r in only_stemmed for m in r.marks)


@pytest.mark.parametrize("query", ["bảo vệ môi trường", "giam ngheo"])
def test_pasted_query_works_as_typed(site: Site, any_viewport: Page, query: str) -> None:
    any_viewport.goto(site.page_url("pillar"))
    typed = search(any_viewport, query)
    pasted = search(any_viewport, query, how="paste")
    assert pasted and [r.href for r in pasted] == [r.href for r in typed]


def test_input_method_composition_searches_the_committed_word(site: Site, desktop: Page) -> None:
    """A Vietnamese keyboard composes "giảm" then commits it: no key release reaches the page."""
    desktop.goto(site.page_url("pillar"))
    open_search(desktop)
    desktop.locator(INPUT).fill("")
    cdp = desktop.context.new_cdp_session(desktop)
    try:
        cdp.send("Input.imeSetComposition", {"text": "giả", "selectionStart": 3, "selectionEnd": 3})
        cdp.send("Input.imeSetComposition", {"text": "giảm", "selectionStart": 4, "selectionEnd": 4})
        cdp.send("Input.insertText", {"text": "giảm"})
    finally:
        cdp.detach()
    assert desktop.locator(INPUT).input_value() == "giảm"
    wait_for_results(desktop, "giảm")
    assert desktop.locator(LINK).count() > 0


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_no_results_is_said_in_the_page_language(site: Site, desktop: Page, lang: str) -> None:
    desktop.goto(site.page_url("home", lang))
    assert search(desktop, "xylophonequa") == []
    expected = strings(lang)["search_none"].replace("{query}", "xylophonequa")
    assert (desktop.locator(STATUS).text_content() or "").strip() == expected
    assert desktop.locator(STATUS).get_attribute("role") == "status"


# --- results -----------------------------------------------------------------------------


def test_a_result_opens_the_section_holding_the_words(site: Site, fresh_desktop: Page) -> None:
    page = fresh_desktop
    page.goto(site.page_url("home"))
    found = search(page, "bảo vệ môi trường")
    first = found[0]
    assert "#" in first.href, f"the first result links to the page, not a section: {first.href}"
    assert first.section, "the section's title is not shown"
    assert {"bảo", "vệ", "môi"} <= {m.lower() for m in first.marks}, first.marks
    with page.expect_navigation():
        page.locator(LINK).first.click()
    assert page.url == first.href
    section = page.evaluate(
        """() => {
            const start = document.getElementById(decodeURIComponent(location.hash.slice(1)));
            const level = /^H[1-6]$/.test(start.tagName) ? Number(start.tagName[1]) : 7;
            let text = start.textContent, node = start.nextElementSibling;
            while (node && !(/^H[1-6]$/.test(node.tagName) && Number(node.tagName[1]) <= level)) {
                text += ' ' + node.textContent; node = node.nextElementSibling;
            }
            return text;
        }"""
    )
    assert "bảo vệ môi trường" in " ".join(section.lower().split())


def test_results_come_in_pages_of_six(site: Site, desktop: Page) -> None:
    """Six at a time: what a phone shows, and each drawn result fetches its page's fragment."""
    desktop.goto(site.page_url("home"))
    found = search(desktop, "kế hoạch")
    status = desktop.locator(STATUS).text_content() or ""
    total = int("".join(c for c in status if c.isdigit()))
    assert len(found) == min(6, total) and total > 6, status
    more = desktop.locator(".plan-search__more")
    more.click()
    desktop.wait_for_function(f"() => document.querySelectorAll('{LINK}').length > 6")
    assert desktop.evaluate("() => document.activeElement.matches('.plan-search__link')")
    assert desktop.locator(LINK).count() == min(12, total)


# --- keyboard, phone, dark mode, accessibility ---------------------------------------


def test_keyboard_alone_on_a_390px_phone(site: Site, browser_context_390: Page) -> None:
    page = browser_context_390
    page.goto(site.page_url("plan"))
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.matches('.plan-search-open')"):
            break
    else:
        pytest.fail("the search button cannot be reached with Tab")
    assert page.locator(".plan-search-open").get_attribute("aria-expanded") == "false"
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "plan-search-input"
    assert page.locator(".plan-search-open").get_attribute("aria-expanded") == "true"
    page.keyboard.type("giảm nghèo", delay=20)
    wait_for_results(page, "giảm nghèo")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    target = page.evaluate("() => document.activeElement.href")
    assert page.evaluate("() => document.activeElement === document.querySelectorAll('.plan-search__link')[1]")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    assert page.evaluate("() => document.activeElement.id") == "plan-search-input"
    page.keyboard.press("Escape")
    assert not page.evaluate("() => document.getElementById('__search').checked")
    assert page.evaluate("() => document.activeElement.matches('.plan-search-open')"), "focus is lost on closing"
    page.keyboard.press("Enter")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == target


def test_slash_opens_search_and_escape_closes_it(site: Site, desktop: Page) -> None:
    desktop.goto(site.page_url("agency"))
    desktop.locator("body").click(position={"x": 5, "y": 300})
    desktop.keyboard.press("/")
    assert desktop.evaluate("() => document.activeElement.id") == "plan-search-input"
    assert desktop.locator(INPUT).input_value() == "", "the slash was typed into the box"
    desktop.keyboard.press("Escape")
    assert not desktop.evaluate("() => document.getElementById('__search').checked")


def test_results_fit_a_390px_screen(site: Site, browser_context_390: Page) -> None:
    page = browser_context_390
    page.goto(site.page_url("full-text"))
    search(page, "đào tạo nguồn nhân lực")
    sizes = page.evaluate(
        """() => [document.documentElement.scrollWidth, innerWidth,
                  ...[...document.querySelectorAll('.plan-search__link')].map(a => a.getBoundingClientRect().right)]"""
    )
    width, viewport, *rights = sizes
    assert width <= viewport, f"the page scrolls sideways: {width} > {viewport}"
    assert rights and max(rights) <= viewport, f"a result overflows: {max(rights)} > {viewport}"


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [390, 1280])
def test_open_results_have_no_axe_violation(
    site: Site, browser_for_search: BrowserFactory, axe_source: str, scheme: str, width: int
) -> None:
    page = browser_for_search(width, scheme)
    page.goto(site.page_url("plan"))
    expected = "slate" if scheme == "dark" else "default"
    assert page.evaluate("() => document.body.dataset.mdColorScheme") == expected
    search(page, "môi trường")
    assert page.locator(LINK).count() > 0
    violations = axe_violations(page, axe_source, ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    assert violations == [], describe(violations)


@pytest.mark.parametrize(("lang", "name"), [("vi", "Tìm kiếm"), ("en", "Search")])
def test_interface_speaks_the_page_language(site: Site, desktop: Page, lang: str, name: str) -> None:
    text = strings(lang)
    desktop.goto(site.page_url("home", lang))
    assert desktop.locator(f"{ROOT}[role=dialog]").get_attribute("aria-label") == name
    assert desktop.locator(INPUT).get_attribute("placeholder") == text["search_placeholder"]
    assert desktop.locator(".plan-search-open").get_attribute("aria-label") == text["search_open"]
    open_search(desktop)
    desktop.locator(INPUT).fill("")
    assert (desktop.locator(STATUS).text_content() or "").strip() == text["search_prompt"]
    assert search(desktop, "ASEAN")
    count = re.escape(text["search_other"]).replace(re.escape("{count}"), r"\d+")
    status = (desktop.locator(STATUS).text_content() or "").strip()
    assert re.fullmatch(count, status) or status == text["search_one"], status


# --- security ------------------------------------------------------------------------------


def test_search_runs_under_the_policy_without_its_worker(site: Site, fresh_desktop: Page) -> None:
    """Pagefind falls back to the page's own thread when its worker cannot start: its
    WebAssembly then runs under the page's CSP, which must allow 'wasm-unsafe-eval'
    (and nothing unsafe besides)."""
    page = fresh_desktop
    page.route("**/pagefind/pagefind-worker.js", lambda route: route.abort())
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(site.page_url("home"))
    policy = page.locator("meta[http-equiv=Content-Security-Policy]").get_attribute("content") or ""
    script_src = next(d for d in policy.split(";") if d.strip().startswith("script-src"))
    assert "'unsafe-eval'" not in script_src and "'unsafe-inline'" not in script_src, script_src
    found = search(page, "giảm nghèo")
    assert found, page.locator(STATUS).text_content()
    assert violations == []


def test_search_requests_stay_on_the_site(site: Site, fresh_desktop: Page) -> None:
    page = fresh_desktop
    hosts: set[str] = set()

    def note(request: Request) -> None:
        hosts.add(urlsplit(request.url).netloc)

    page.on("request", note)
    page.goto(site.page_url("home"))
    search(page, "Tiền Giang")
    search(page, "tien giang", how="paste")
    assert hosts == {urlsplit(site.url).netloc}


# --- fixtures of this module ------------------------------------------------------------


@pytest.fixture
def browser_for_search(browser: Browser) -> Iterator[BrowserFactory]:
    """Pages of a given width and colour scheme (a phone when narrow)."""
    contexts = []

    def make(width: int, scheme: str) -> Page:
        phone = width < 600
        context = browser.new_context(
            viewport={"width": width, "height": 844 if phone else 800},
            is_mobile=phone,
            has_touch=phone,
            color_scheme="dark" if scheme == "dark" else "light",
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def browser_context_390(browser_for_search: BrowserFactory) -> Page:
    return browser_for_search(390, "light")
