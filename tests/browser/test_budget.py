"""What a phone downloads on a first visit: HTML + CSS + JS at most 100 KB compressed.

A size, not a time: measured from the bytes the browser received from our gzip server
(tests/site_server.py, like GitHub Pages). The search index (JSON) is fetched too and is
reported separately; the budget in the issue counts HTML, CSS and JavaScript.
"""

from __future__ import annotations

from collections import defaultdict

import pytest
from playwright.sync_api import Browser, Response

from browser.helpers import LANGS, VIEWPORTS, Site

pytestmark = pytest.mark.browser

BUDGET = 100_000  # bytes, compressed, HTML + CSS + JS
KINDS = ("home", "pillar", "agency", "article")


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind", KINDS)
def test_first_visit_fits_the_budget(site: Site, browser: Browser, kind: str, lang: str) -> None:
    context = browser.new_context(**VIEWPORTS["phone"])  # empty cache: a first visit
    responses: list[Response] = []
    context.on("response", lambda response: responses.append(response))
    try:
        page = context.new_page()
        page.goto(site.page_url(kind, lang))
        page.wait_for_load_state("networkidle")
        by_type: dict[str, int] = defaultdict(int)
        for response in responses:
            if response.request.resource_type in {"document", "stylesheet", "script"} or response.url.endswith(".js"):
                kind_of = "js" if response.url.split("?")[0].endswith(".js") else response.request.resource_type
                by_type[kind_of] += response.request.sizes()["responseBodySize"]
                assert response.headers.get("content-encoding") == "gzip", f"not compressed: {response.url}"
        total = sum(by_type.values())
    finally:
        context.close()
    assert by_type["document"] > 0 and by_type["stylesheet"] > 0 and by_type["js"] > 0, dict(by_type)
    assert total <= BUDGET, f"{kind} ({lang}): {total} bytes compressed: {dict(by_type)}"
