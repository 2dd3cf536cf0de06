"""Language and links: the switcher, hreflang, the sitemap, anchors, the 404 page."""

from __future__ import annotations

import re
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from playwright.sync_api import Page

from browser.helpers import LANGS, MISSING_PATH, PAGE_KINDS, Site
from plan179.data.slug import slugify

pytestmark = pytest.mark.browser

SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML_LINK = "{http://www.w3.org/1999/xhtml}link"


def fetch(url: str) -> tuple[int, str]:
    """Status and text of a URL, as a crawler without JavaScript sees it."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode("utf-8")


class HeadLinks(HTMLParser):
    """`<html lang>` and the `<link rel="alternate" hreflang>` of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.lang: str | None = None
        self.alternates: dict[str, str] = {}
        self.count = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        if tag == "link" and a.get("rel") == "alternate" and a.get("hreflang"):
            self.count += 1
            self.alternates[str(a["hreflang"])] = str(a.get("href"))


@pytest.mark.parametrize(
    ("start", "target", "anchor"),
    [
        ("vi", "en", "#nhiem-vu-3a"),
        ("en", "vi", "#nhiem-vu-3b"),
    ],
)
def test_switcher_lands_on_the_same_page_and_anchor(
    site: Site, any_viewport: Page, start: str, target: str, anchor: str
) -> None:
    page = any_viewport
    page.goto(site.page_url("pillar", start) + anchor)
    page.wait_for_load_state("networkidle")
    page.locator(".md-select > button").click()
    link = page.locator(f"a.md-select__link[hreflang={target}]")
    link.wait_for(state="visible")
    with page.expect_navigation():
        link.click()
    assert page.url == site.page_url("pillar", target) + anchor
    assert page.locator("html").get_attribute("lang") == target
    assert page.locator(f"[id='{anchor[1:]}']").count() == 1


def test_switcher_follows_an_anchor_clicked_on_the_page(site: Site, desktop: Page) -> None:
    desktop.goto(site.page_url("full-text"))
    desktop.locator("a.headerlink[href='#muc-vi']").click()
    href = desktop.locator("a.md-select__link[hreflang=en]").get_attribute("href")
    assert href == site.page_url("full-text", "en") + "#muc-vi"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind", sorted(set(PAGE_KINDS) - {"news"}))
def test_absolute_hreflang_with_x_default(site: Site, kind: str, lang: str) -> None:
    status, text = fetch(site.page_url(kind, lang))
    assert status == 200
    head = HeadLinks()
    head.feed(text)
    assert head.lang == lang
    assert head.alternates == {
        "vi": site.page_url(kind, "vi"),
        "en": site.page_url(kind, "en"),
        "x-default": site.page_url(kind, "vi"),
    }
    assert head.count == 3


def test_alternates_stay_in_the_page_after_scripts_ran(site: Site, desktop: Page) -> None:
    """plan.js takes them out for a moment (so Material fetches no missing sitemap) and puts them back."""
    desktop.goto(site.page_url("agency", "en"))
    desktop.wait_for_load_state("networkidle")
    links = desktop.locator("link[rel=alternate][hreflang]").evaluate_all(
        "links => links.map(l => [l.hreflang, l.href, l.parentElement.tagName])"
    )
    assert sorted(links) == sorted(
        [
            ["vi", site.page_url("agency", "vi"), "HEAD"],
            ["en", site.page_url("agency", "en"), "HEAD"],
            ["x-default", site.page_url("agency", "vi"), "HEAD"],
        ]
    )


def test_one_sitemap_lists_both_languages_with_alternates(site: Site) -> None:
    status, text = fetch(site.url + "sitemap.xml")
    assert status == 200
    root = ET.fromstring(text)
    entries = {}
    for url in root.iter(f"{SITEMAP_NS}url"):
        loc = url.findtext(f"{SITEMAP_NS}loc")
        entries[loc] = {link.get("hreflang"): link.get("href") for link in url.findall(XHTML_LINK)}
    for kind in set(PAGE_KINDS) - {"news"}:
        vi, en = site.page_url(kind, "vi"), site.page_url(kind, "en")
        for loc in (vi, en):
            assert entries.get(loc) == {"vi": vi, "en": en, "x-default": vi}, loc
    assert all(loc and loc.startswith(site.url) for loc in entries)
    assert not (site.root / "en" / "sitemap.xml").exists(), "one sitemap for both languages"
    assert fetch(site.url + "en/sitemap.xml")[0] == 404


def test_html_lang_after_load(site: Site, phone: Page) -> None:
    for lang in LANGS:
        phone.goto(site.page_url("timeline", lang))
        assert phone.locator("html").get_attribute("lang") == lang


def test_heading_anchors_are_readable_ascii_slugs(site: Site) -> None:
    """Every heading id on every page is an ASCII slug; on hand-written pages it is the folded title."""
    pages = sorted(site.root.rglob("index.html"))
    assert len(pages) > 40
    heading = re.compile(r'<h([1-6]) id="([^"]+)"[^>]*>(.*?)</h\1>', re.S)
    slug = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")
    checked = 0
    for path in pages:
        for _level, anchor, _inner in heading.findall(path.read_text(encoding="utf-8")):
            assert slug.match(anchor), f"{path.relative_to(site.root)}: #{anchor}"
            checked += 1
    assert checked > 200
    # A hand-written Vietnamese page: the anchor is the title folded to ASCII, đ → d.
    text = (site.root / "tim-hieu" / "hoi-dap" / "index.html").read_text(encoding="utf-8")
    titles = {anchor: re.sub(r"<[^>]+>", "", inner).strip() for _l, anchor, inner in heading.findall(text)}
    assert titles, "no headings on the FAQ page"
    for anchor, title in titles.items():
        assert re.sub(r"_\d+$", "", anchor) == slugify(title), (anchor, title)
    assert any(not title.isascii() for title in titles.values()), "the FAQ should have accented headings"


@pytest.mark.parametrize("path", [MISSING_PATH, "en/" + MISSING_PATH, "ke-hoach/khong-co/"])
def test_bilingual_404(site: Site, desktop: Page, path: str) -> None:
    response = desktop.goto(site.url + path)
    assert response is not None and response.status == 404
    assert desktop.locator("html").get_attribute("lang") == "vi"
    assert desktop.locator("h1").inner_text() == "Không tìm thấy trang"
    english = desktop.locator("article [lang=en]")
    assert english.locator("h2").inner_text() == "Page not found"
    assert desktop.locator("meta[name=robots]").get_attribute("content") == "noindex"
    homes = desktop.locator("article a").evaluate_all("links => links.map(a => a.href)")
    assert site.url in homes and site.url + "en/" in homes
    # The stylesheets and scripts load from any depth (404.html uses absolute paths).
    assert desktop.evaluate("() => getComputedStyle(document.querySelector('.md-header')).position") == "sticky"
    languages = desktop.locator("a.md-select__link").evaluate_all("links => links.map(a => a.href)")
    assert languages == [site.url, site.url + "en/"]
