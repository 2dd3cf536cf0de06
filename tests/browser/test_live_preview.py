"""The live preview works in a real Chromium, with the site's CSP intact.

`mkdocs serve` as `make serve` and `make preview` run it, in a scratch copy of the project: a page
reloads by itself after its Markdown is saved, with no CSP violation; a save that
breaks the front matter shows the error with file and line over the page; fixing it
brings the page back.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, expect
from playwright.sync_api import Error as PlaywrightError

from build_helpers import copy_project
from site_server import free_port

pytestmark = pytest.mark.browser

ARTICLE = Path("docs/tim-hieu/hoi-dap.vi.md")
URL_PATH = "tim-hieu/hoi-dap/"
RECORDER = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__cspViolations.push(`${e.effectiveDirective} blocked ${e.blockedURI || 'inline'}`);
});
"""


def _wait_until_served(url: str, proc: subprocess.Popen[str], timeout: float = 240) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"mkdocs serve stopped: {proc.stdout.read() if proc.stdout else ''}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    pytest.fail(f"mkdocs serve did not answer at {url}")


# The two Makefile targets: `make serve` (both languages, strict) and `make preview`
# (one language, only changed pages rebuilt).
MODES: dict[str, tuple[dict[str, str], list[str]]] = {
    "serve": ({}, ["--livereload"]),
    "preview": ({"PREVIEW_LANGUAGE": "vi"}, ["--livereload", "--dirty", "--no-strict"]),
}


@pytest.fixture(scope="module", params=sorted(MODES))
def preview(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """`make serve` or `make preview` on a free port in a copy of the project."""
    extra_env, options = MODES[request.param]
    project = copy_project(tmp_path_factory.mktemp(request.param) / "project")
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "PREVIEW_LANGUAGE"}
    env |= {"NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(project), **extra_env}
    command = [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}", *options]
    proc = subprocess.Popen(command, cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        url = f"http://127.0.0.1:{port}/"
        _wait_until_served(url, proc)
        yield project, url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _save(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def _recorded(page: Page) -> list[str]:
    """CSP violations the current page saw (the recorder starts again on each reload).

    A rebuild that ends while this runs reloads the page (a busy machine can see a
    save as two changes): then read the reloaded page's recorder.
    """
    for _ in range(5):
        try:
            found: list[str] = page.evaluate("() => window.__cspViolations || []")
            return found
        except PlaywrightError as exc:
            if "context was destroyed" not in str(exc):
                raise
            page.wait_for_load_state("load")
    pytest.fail("the page kept reloading")


def test_save_reloads_shows_the_error_and_recovers(browser: Browser, preview: tuple[Path, str]) -> None:
    project, url = preview
    source = project / ARTICLE
    original = source.read_text(encoding="utf-8")
    context = browser.new_context()
    context.set_default_timeout(60_000)
    page: Page = context.new_page()
    page.add_init_script(RECORDER)
    console: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            console.append(message.text)

    page.on("console", on_console)

    seen: list[str] = []
    try:
        page.goto(url + URL_PATH, wait_until="load")
        expect(page.locator("html[data-preview-reload=on]")).to_have_count(1)

        seen += _recorded(page)

        # 1. A save reloads the page with the new text.
        added = "Đoạn văn thử bản xem trước tự tải lại."
        _save(source, original + f"\n{added}\n")
        expect(page.get_by_text(added)).to_be_visible(timeout=90_000)
        expect(page.locator("html[data-preview-reload=on]")).to_have_count(1)  # a new page, connected again

        seen += _recorded(page)

        # 2. A broken front matter: the error, with file and line, over the page.
        lines = original.split("\n")
        broken_line = next(i for i, line in enumerate(lines) if line.startswith("title:")) + 1
        lines[broken_line - 1] = 'title: "Hỏi đáp về Kế hoạch 179'  # an unclosed quotation mark
        _save(source, "\n".join(lines))
        panel = page.locator("#plan-preview-error")
        expect(panel).to_be_visible(timeout=90_000)
        expect(panel).to_contain_text(f"{ARTICLE.as_posix()}:")
        text = panel.inner_text()
        assert f"{ARTICLE.as_posix()}:{broken_line}" in text or f"{ARTICLE.as_posix()}:{broken_line + 1}" in text, text

        # 3. Fixed: the page comes back, with the fixed text, and the panel goes.
        fixed = "Đoạn văn sau khi sửa lỗi."
        _save(source, original + f"\n{fixed}\n")
        expect(page.get_by_text(fixed)).to_be_visible(timeout=90_000)
        expect(page.locator("#plan-preview-error")).to_have_count(0)

        seen += _recorded(page)

        # 4. A broken data file (what a communicator edits for an agency): its file and line too.
        agency = project / "data" / "agencies" / "so-y-te.yml"
        agency_text = agency.read_text(encoding="utf-8")
        kind_line = agency_text.split("\n").index('kind: "department"') + 1
        _save(agency, agency_text.replace('kind: "department"', 'kind: "department', 1))
        expect(panel).to_be_visible(timeout=90_000)
        expect(panel).to_contain_text("data/agencies/so-y-te.yml:")
        assert any(f"data/agencies/so-y-te.yml:{n}" in panel.inner_text() for n in (kind_line, kind_line + 1))
        # The fix changes no text on this page: wait for the reload that ends the rebuild, as
        # a writer would. `make serve` says "ok" when English is built, before Vietnamese
        # is published; a save of mkdocs.yml in between would meet MkDocs' stuck server.
        with page.expect_navigation(timeout=90_000):
            _save(agency, agency_text)
        expect(page.locator("#plan-preview-error")).to_have_count(0, timeout=90_000)
        expect(page.get_by_text(fixed)).to_be_visible()

        seen += _recorded(page)

        # 5. A broken mkdocs.yml (MkDocs then runs no hook at all): its line, then recovery.
        config = project / "mkdocs.yml"
        config_text = config.read_text(encoding="utf-8")
        first = next(i for i, line in enumerate(config_text.split("\n"), 1) if line.startswith("site_name:"))
        _save(config, config_text.replace("site_name:", "site_name: [", 1))
        expect(panel).to_be_visible(timeout=90_000)
        expect(panel).to_contain_text("mkdocs.yml:")
        assert any(f"mkdocs.yml:{n}:" in panel.inner_text() for n in (first, first + 1)), panel.inner_text()
        _save(config, config_text)
        expect(page.locator("#plan-preview-error")).to_have_count(0, timeout=90_000)
        expect(page.get_by_text(fixed)).to_be_visible()

        seen += _recorded(page)
        assert seen + console == []
    finally:
        _save(source, original)
        context.close()
