"""One build, one server, one Chromium for the whole browser suite.

The site is built once with `SITE_URL` pointing at the local server, under a path
prefix like a GitHub project site (`/ke-hoach-179/`), its search index written by
Pagefind (plan179/publish/search.py), and served with gzip by
`tests/site_server.py`. Chromium is Debian's `/usr/bin/chromium` (Playwright's own
browser download does not work here); `.ci/run` installs it.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from browser.helpers import AXE, CHROMIUM, CHROMIUM_ARGS, LANGS, PREFIX, VIEWPORTS
from browser.helpers import Site as Site  # re-exported with the two below: some test modules import them from here
from browser.helpers import axe_violations as axe_violations
from browser.helpers import describe as describe
from build_helpers import copy_project, mkdocs_build
from plan179.publish.search import build_search_index
from site_server import free_port, serving


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The real site, built once for the browser suite and served on 127.0.0.1."""
    port = free_port()
    url = f"http://127.0.0.1:{port}{PREFIX}"
    project = copy_project(tmp_path_factory.mktemp("browser") / "project")
    result = mkdocs_build(project, site_url=url)
    assert result.code == 0, result.output
    if not (result.site / "pagefind" / "vi" / "pagefind-entry.json").is_file():
        build_search_index(result.site, LANGS)  # the step `make site` and CI run after `mkdocs build`
    with serving(result.site, port, PREFIX) as served:
        assert served == url
        yield Site(result.site, url)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail("Chromium is missing: install it with `apt-get install -y chromium fonts-noto-core` (.ci/run does)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def contexts(browser: Browser) -> Iterator[dict[str, BrowserContext]]:
    """One context per viewport, shared by the session (pages are opened per test)."""
    made = {name: browser.new_context(**options) for name, options in VIEWPORTS.items()}
    for context in made.values():
        context.set_default_timeout(15_000)
    yield made
    for context in made.values():
        context.close()


@pytest.fixture(scope="session")
def shared_pages(contexts: dict[str, BrowserContext]) -> dict[str, Page]:
    """One tab per viewport, reused by every test: a new tab costs ~0.7 s on these machines."""
    return {name: context.new_page() for name, context in contexts.items()}


def _reuse(page: Page) -> Iterator[Page]:
    yield page
    page.unroute_all(behavior="ignoreErrors")


@pytest.fixture
def desktop(shared_pages: dict[str, Page]) -> Iterator[Page]:
    """The shared desktop tab; a test that adds listeners should use `fresh_desktop`."""
    yield from _reuse(shared_pages["desktop"])


@pytest.fixture
def phone(shared_pages: dict[str, Page]) -> Iterator[Page]:
    yield from _reuse(shared_pages["phone"])


@pytest.fixture(params=sorted(VIEWPORTS))
def any_viewport(request: pytest.FixtureRequest, shared_pages: dict[str, Page]) -> Iterator[Page]:
    """The test runs once on a phone and once on a desktop."""
    yield from _reuse(shared_pages[request.param])


@pytest.fixture
def fresh_desktop(contexts: dict[str, BrowserContext]) -> Iterator[Page]:
    """A tab of its own, for tests that listen to or reroute its requests."""
    page = contexts["desktop"].new_page()
    yield page
    page.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE.exists():
        npm = "npm ci" if shutil.which("npm") else "install Node.js and npm, then npm ci"
        pytest.fail(f"axe-core is missing ({AXE}): run `{npm}` in the project root (.ci/run and make test do)")
    return AXE.read_text(encoding="utf-8")
