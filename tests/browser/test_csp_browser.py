"""The Content-Security-Policy holds in a real Chromium.

Nothing the site needs is blocked (zero violations on every kind of page, in both
languages), the features that depend on the theme's inline scripts work (search, the
palette toggle and its memory across pages, the language switcher), and a script
injected into a page is refused. Uses the browser suite's built site and Chromium
(tests/browser/conftest.py and helpers.py).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import ConsoleMessage, Page

from browser.helpers import PAGE_KINDS, Site
from browser.search_helpers import search

pytestmark = pytest.mark.browser

# Records every violation the page reports, from before its first script runs.
RECORDER = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__cspViolations.push(`${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} ${e.sample || ''}`.trim());
});
"""


def watch(page: Page) -> list[str]:
    """Install the recorder; returns the list that console CSP errors are appended to."""
    page.add_init_script(RECORDER)
    console: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            console.append(message.text)

    page.on("console", on_console)
    return console


def violations(page: Page, console: list[str]) -> list[str]:
    recorded: list[str] = page.evaluate("() => window.__cspViolations || []")
    return recorded + console


def open_page(page: Page, url: str) -> None:
    page.goto(url, wait_until="networkidle")


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("kind", sorted(PAGE_KINDS))
def test_no_violation_on_any_kind_of_page(site: Site, desktop: Page, kind: str, lang: str) -> None:
    console = watch(desktop)
    open_page(desktop, site.require(kind, lang))
    assert desktop.evaluate("() => document.querySelector('meta[http-equiv=Content-Security-Policy]') !== null")
    assert violations(desktop, console) == []


def test_search_works_under_the_policy(site: Site, desktop: Page) -> None:
    """Pagefind's script, worker, WebAssembly and index files load under the policy."""
    console = watch(desktop)
    open_page(desktop, site.require("home"))
    assert search(desktop, "ASEAN")
    assert violations(desktop, console) == []


def test_palette_toggle_works_and_is_remembered(site: Site, desktop: Page) -> None:
    """The toggle is the theme's JavaScript; remembering it across pages is an inline script in <head>."""
    console = watch(desktop)
    open_page(desktop, site.require("home"))
    before = desktop.evaluate("() => document.body.dataset.mdColorScheme")
    desktop.locator("form[data-md-component=palette] label:visible").first.click()
    after = desktop.evaluate("() => document.body.dataset.mdColorScheme")
    assert after != before
    open_page(desktop, site.require("agency"))
    assert desktop.evaluate("() => document.body.dataset.mdColorScheme") == after
    assert violations(desktop, console) == []


def test_language_switcher_works_under_the_policy(site: Site, desktop: Page) -> None:
    console = watch(desktop)
    open_page(desktop, site.require("agency"))
    desktop.locator(".md-select").first.hover()
    with desktop.expect_navigation():
        desktop.locator(".md-select a[hreflang=en]").first.click()
    desktop.wait_for_load_state("networkidle")
    assert desktop.url.startswith(site.page_url("agency", "en"))
    assert desktop.evaluate("() => document.documentElement.lang") == "en"
    assert violations(desktop, console) == []


def test_an_injected_script_is_refused(site: Site, desktop: Page) -> None:
    """The policy is enforced, not just present: inline script and foreign hosts are blocked."""
    console = watch(desktop)
    open_page(desktop, site.require("home"))
    desktop.evaluate(
        """() => {
          const s = document.createElement('script');
          s.textContent = 'window.__injected = true';
          document.body.appendChild(s);
          const img = document.createElement('img');
          img.src = 'https://tracker.example/pixel.gif';
          document.body.appendChild(img);
        }"""
    )
    desktop.wait_for_function("() => window.__cspViolations.length >= 2")
    assert desktop.evaluate("() => window.__injected === undefined")
    found = violations(desktop, console)
    assert any(re.match(r"script-src(-elem)? blocked inline", v) for v in found), found
    assert any(v.startswith("img-src blocked https://tracker.example/pixel.gif") for v in found), found
