"""The live preview's parts without a browser: the page additions, the status server,
the busy-port message, and the publishing stage's refusal of preview pages.

The browser half (a real reload, the error panel, no CSP violation) is
tests/browser/test_live_preview.py.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from build_helpers import ROOT
from plan179.publish.csp import inline_scripts, page_policy
from plan179.publish.preview import (
    SCRIPT_PATH,
    StatusServer,
    carries_preview,
    port_problem,
    preview_page,
    reload_script,
    status_source,
    write_script,
)
from plan179.publish.site import page_scripts

PAGE = (
    '<!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="x">'
    "<title>t</title></head><body><p>text</p><script>var a = 1;</script></body>\n</html>\n"
)


def _inject_like_mkdocs(html: str) -> str:
    """What MkDocs' server does to a served page: its script before the last `</body>`."""
    end = html.rindex("</body>")
    return html[:end] + "<script>livereload(1, 2);</script>" + html[end:]


def test_preview_page_loads_our_script_and_makes_the_injected_one_inert() -> None:
    page = preview_page(PAGE, "/ke-hoach-179/", 4321)
    assert '<script src="/ke-hoach-179/_preview/reload.js" data-plan-preview data-status-port="4321" defer>' in page
    served = _inject_like_mkdocs(page)
    template = served[served.index("<template") : served.index("</template>")]
    assert "livereload(1, 2)" in template  # inside the template: never run, never checked by the CSP
    assert served.count("</body>") == 1 and served.rstrip().endswith("</html>")
    # The page's own inline scripts, and so their hashes, are unchanged.
    assert inline_scripts(page) == inline_scripts(PAGE)
    assert carries_preview(page) and not carries_preview(PAGE)


def test_preview_policy_adds_only_the_status_origin() -> None:
    plain = page_policy(PAGE)
    preview = page_policy(PAGE, [status_source("127.0.0.1", 4321)])
    assert plain is not None and preview is not None
    assert "connect-src 'self';" in plain[0]
    assert "connect-src 'self' http://127.0.0.1:4321;" in preview[0]
    assert plain[0].replace("connect-src 'self';", "connect-src 'self' http://127.0.0.1:4321;") == preview[0]
    assert status_source("0.0.0.0", 9) == "http://*:9"


def test_publishing_refuses_a_page_built_for_the_preview(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "index.html").write_text(PAGE, encoding="utf-8")
    (site / "a" / "index.html").write_text(preview_page(PAGE, "/", 1), encoding="utf-8")
    write_script(site)
    assert (site / SCRIPT_PATH).read_text(encoding="utf-8") == reload_script()
    _scripts, problems = page_scripts(site)
    assert sorted(p.file for p in problems) == ["site/_preview/reload.js", "site/a/index.html"]
    assert all("make site" in p.message for p in problems)
    assert page_scripts(site, preview=True)[1] == []


PAGE_ORIGIN = "http://127.0.0.1:8000"


def _get(url: str, origin: str = PAGE_ORIGIN) -> dict[str, object]:
    request = urllib.request.Request(url, headers={"Origin": origin})
    with urllib.request.urlopen(request, timeout=10) as response:
        allowed = response.headers["Access-Control-Allow-Origin"]
        assert allowed == (origin if origin == PAGE_ORIGIN else None), (origin, allowed)
        data: dict[str, object] = json.loads(response.read())
        return data


def test_status_server_answers_at_once_then_waits_for_a_change() -> None:
    server = StatusServer("127.0.0.1", page_port=8000, wait_seconds=5)
    try:
        base = f"http://127.0.0.1:{server.port}/status"
        first = _get(base + "?seen=-1")
        assert first["state"] == "ok"
        for other in ("https://elsewhere.example", "http://elsewhere.example:8000", "http://127.0.0.1:9999"):
            _get(base + "?seen=-1", origin=other)  # other sites may not read it
        answer: list[dict[str, object]] = []
        waiter = threading.Thread(target=lambda: answer.append(_get(f"{base}?seen={first['version']}")))
        started = time.monotonic()
        waiter.start()
        time.sleep(0.3)
        assert answer == []  # held until something changes
        server.status.set("error", "docs/x.vi.md:2: the front matter is not valid YAML")
        waiter.join(timeout=5)
        assert answer and answer[0]["state"] == "error" and "docs/x.vi.md:2" in str(answer[0]["message"])
        assert time.monotonic() - started < 4
    finally:
        server.close()


def test_busy_port_gives_one_line_naming_the_port_and_how_to_choose_another() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert port_problem(f"127.0.0.1:{port}") is not None
        done = subprocess.run(
            [sys.executable, "-m", "plan179.publish.preview", "check-port", f"127.0.0.1:{port}"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert f"Port {port} on 127.0.0.1 is already in use" in lines[0]
    assert f"HOST=127.0.0.1:{port + 1} make serve" in lines[0]
    assert port_problem(f"127.0.0.1:{port}") is None  # free again
    assert "HOST:PORT" in (port_problem("8000") or "")


@pytest.mark.parametrize("target", ["serve", "preview"])
def test_make_with_a_busy_port_says_so_in_one_line(target: str) -> None:
    """`make serve` / `make preview` stop before building, in one line (no traceback)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run(
            # -o: take the installed virtual environment as it is (the tests run from it).
            ["make", "--no-print-directory", "-o", ".venv/.installed", target, f"HOST=127.0.0.1:{port}"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
            timeout=60,
        )
    assert done.returncode != 0
    lines = (done.stdout + done.stderr).strip().splitlines()
    assert len(lines) == 1, lines
    assert f"Port {port} on 127.0.0.1 is already in use" in lines[0]
    assert f"HOST=127.0.0.1:{port + 1} make serve" in lines[0]


def test_a_watched_file_that_breaks_is_shown(tmp_path: Path) -> None:
    """mkdocs.yml: MkDocs reads it before any hook runs, so the status server checks it."""
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: x\n", encoding="utf-8")
    server = StatusServer("127.0.0.1", wait_seconds=5)
    try:
        server.watch_file(config, lambda text: "mkdocs.yml:1: broken" if "[" in text else None, interval=0.05)
        time.sleep(0.2)
        assert server.status.state == "ok"  # as found at the start: the build reports on it
        config.write_text("site_name: [\n", encoding="utf-8")
        deadline = time.monotonic() + 5
        while server.status.state != "error" and time.monotonic() < deadline:
            time.sleep(0.05)
        assert (server.status.state, server.status.message) == ("error", "mkdocs.yml:1: broken")
    finally:
        server.close()


def test_the_preview_publishes_once_per_state_of_the_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """static-i18n's outer build ends right after its nested one: the stage runs once for
    both, and again as soon as a page is written (or after a failed run)."""
    import os
    from types import SimpleNamespace
    from typing import cast

    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.exceptions import PluginError

    import plan_guard
    from plan179.publish.site import PublishError, Settings

    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text(PAGE, encoding="utf-8")
    runs: list[Settings] = []
    failing: list[bool] = [False]

    def publish(settings: Settings) -> list[str]:
        runs.append(settings)
        if failing[0]:
            raise PublishError("The site is not safe to publish", [])
        return []

    monkeypatch.setattr(plan_guard, "publish", publish)
    monkeypatch.setattr(plan_guard, "STATE", plan_guard._State(command="serve", root=tmp_path))
    config = cast(MkDocsConfig, SimpleNamespace(site_dir=str(site), site_url="http://127.0.0.1:8000/"))

    def written(text: str) -> None:
        (site / "index.html").write_text(text, encoding="utf-8")
        os.utime(site / "index.html", ns=(len(runs) + 1, len(runs) + 1))  # a new time within the clock's step

    plan_guard.on_post_build(config)  # the nested build's end
    plan_guard.on_post_build(config)  # the outer build's end: nothing written since
    assert len(runs) == 1 and runs[0].preview and not runs[0].check_urls
    written(PAGE.replace("text", "new text"))  # the next save's rebuild
    plan_guard.on_post_build(config)
    assert len(runs) == 2
    written(PAGE.replace("text", "broken"))
    failing[0] = True
    with pytest.raises(PluginError):
        plan_guard.on_post_build(config)
    failing[0] = False
    plan_guard.on_post_build(config)  # the same files: a failed run does not count as published
    assert len(runs) == 4
