"""The reader's browser talks to the site's host only, and every request it makes succeeds."""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Request, Response

from browser.helpers import LANGS, MISSING_PATH, PAGE_KINDS, VIEWPORTS, Site
from browser.search_helpers import search

pytestmark = pytest.mark.browser


class Recorder:
    """Every request of a browser context (pages and their workers), and every failure."""

    def __init__(self, context: BrowserContext, host: str) -> None:
        self.host = host
        self.requests: list[str] = []
        self.failed: list[str] = []
        self.errors: list[str] = []
        context.on("request", self._on_request)
        context.on("response", self._on_response)
        context.on("requestfailed", lambda request: self.failed.append(f"{request.url}: {request.failure}"))

    def _on_request(self, request: Request) -> None:
        self.requests.append(request.url)

    def _on_response(self, response: Response) -> None:
        if response.status >= 400:
            self.errors.append(f"{response.status} {response.url}")

    def foreign(self) -> list[str]:
        """Requests to any other host (there is no network here: they would fail, and show up)."""
        return sorted(
            {u for u in self.requests if urlsplit(u).scheme not in {"data", "blob"} and urlsplit(u).netloc != self.host}
        )


@pytest.fixture(params=sorted(VIEWPORTS))
def recorded(
    request: pytest.FixtureRequest, browser: Browser, site: Site
) -> Iterator[tuple[str, BrowserContext, Recorder]]:
    context = browser.new_context(**VIEWPORTS[request.param])
    recorder = Recorder(context, urlsplit(site.url).netloc)
    yield request.param, context, recorder
    context.close()


def test_no_request_leaves_the_site(site: Site, recorded: tuple[str, BrowserContext, Recorder]) -> None:
    """Every kind of page in both languages (on a phone: the home pages), a search, the 404 page."""
    viewport, context, recorder = recorded
    page = context.new_page()
    kinds = list(PAGE_KINDS) if viewport == "desktop" else ["home"]
    visited = 0
    for lang in LANGS:
        for kind in kinds:
            if not site.has(kind, lang):
                continue
            page.goto(site.page_url(kind, lang))
            page.wait_for_load_state("networkidle")
            visited += 1
        search(page, "giam ngheo")
    response = page.goto(site.url + MISSING_PATH)
    assert response is not None and response.status == 404
    page.wait_for_load_state("networkidle")
    assert visited >= 2 * (len(kinds) - len(set(kinds) & {"news"}))
    requested = set(recorder.requests)
    for needed in (  # the search of both languages: Pagefind's script, worker, WebAssembly, each index
        "pagefind/vi/pagefind.js",
        "pagefind/en/pagefind.js",
        "pagefind/vi/pagefind-worker.js",
        "pagefind/en/wasm.en.pagefind",
        "pagefind/vi/pagefind.vi_",
        "pagefind/en/pagefind.en_",
        ".pf_index",
        ".pf_fragment",
    ):
        assert any(needed in url for url in requested), f"never saw a request for {needed}: the recorder is blind"
    assert recorder.foreign() == [], "requests to other hosts"
    assert recorder.failed == []
    # The only error status is the 404 page we asked for; in particular no sitemap.xml is missing.
    assert recorder.errors == [f"404 {site.url}{MISSING_PATH}"]
    assert not any("sitemap.xml" in url for url in requested)


def test_pages_reference_no_other_host(site: Site) -> None:
    """What the browser would fetch (scripts, styles, images, fonts, frames), read from every built page."""
    fetched = re.compile(
        r"<(?:script|img|iframe|source|audio|video|embed)\b[^>]*\bsrc=\"([^\"]+)\"|<link\b[^>]*\brel=\"(?:stylesheet|preload|icon|modulepreload|preconnect|dns-prefetch)\"[^>]*\bhref=\"([^\"]+)\"|url\(([^)]+)\)"
    )
    host = urlsplit(site.url).netloc
    offenders = []
    for path in sorted(site.root.rglob("*.html")):
        for match in fetched.finditer(path.read_text(encoding="utf-8")):
            url = next(group for group in match.groups() if group).strip("'\"")
            parts = urlsplit(url)
            if (parts.scheme in {"http", "https"} and parts.netloc != host) or url.startswith("//"):
                offenders.append(f"{path.relative_to(site.root)}: {url}")
    assert offenders == []
