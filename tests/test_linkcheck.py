"""The link checker: internal links on a small built site, external ones against a local server."""

from __future__ import annotations

import http.server
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from plan179.publish.linkcheck import check_external, external_links, internal_problems, main

SITE_URL = "https://example.test/k/"


def write(site: Path, rel: str, body: str) -> None:
    path = site / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"<!doctype html><html><head></head><body>{body}</body></html>", encoding="utf-8")


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    write(
        root,
        "index.html",
        '<a href="a/">a</a><a href="a/#muc-1">m</a><link rel="canonical" href="https://example.test/k/">',
    )
    write(
        root,
        "a/index.html",
        '<h2 id="muc-1">1</h2><a href="../">home</a><a href="/k/a/#muc-1">abs</a><a href="#muc-1">self</a>',
    )
    (root / "assets").mkdir()
    (root / "assets" / "x.css").write_text("", encoding="utf-8")
    write(root, "b/index.html", '<link rel="stylesheet" href="../assets/x.css"><a href="https://asean.org/">ext</a>')
    return root


def test_a_sound_site_has_no_problems(site: Path) -> None:
    assert internal_problems(site, SITE_URL) == []


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ('<a href="../khong-co/">x</a>', "../khong-co/: no such page or file"),
        ('<a href="../a/#khong-co">x</a>', "a/index.html has no element with id 'khong-co'"),
        ('<a href="#khong-co">x</a>', "c/index.html has no element with id 'khong-co'"),
        ('<img src="../assets/khong-co.png">', "no such page or file"),
        ('<a href="/khac/">x</a>', "points outside the site's base path /k/"),
        ('<a href="https://example.test/k/khong-co/">x</a>', "no such page or file"),
        ('<a href="../../../">x</a>', "points above the site's root"),
    ],
)
def test_broken_internal_links_are_found(site: Path, body: str, expected: str) -> None:
    write(site, "c/index.html", body)
    problems = internal_problems(site, SITE_URL)
    assert len(problems) == 1 and problems[0].startswith("c/index.html: ") and expected in problems[0], problems


def test_external_links_are_listed_with_their_pages(site: Path) -> None:
    assert external_links(site, SITE_URL) == {"https://asean.org/": ["b/index.html"]}


class _Handler(http.server.BaseHTTPRequestHandler):
    def _answer(self, body: bool) -> None:
        code = {"/ok": 200, "/gone": 404, "/moved": 301}.get(self.path, 500)
        if self.path == "/no-head":
            code = 405 if self.command == "HEAD" else 200
        self.send_response(code)
        if code == 301:
            self.send_header("Location", "/ok")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_HEAD(self) -> None:
        self._answer(False)

    def do_GET(self) -> None:
        self._answer(True)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    httpd.server_close()


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_external_check_reports_only_broken_links(server: str) -> None:
    dead = f"http://127.0.0.1:{closed_port()}/"
    urls = [f"{server}/ok", f"{server}/moved", f"{server}/no-head", f"{server}/gone", f"{server}/error", dead]
    broken = check_external(urls, timeout=5)
    assert set(broken) == {f"{server}/gone", f"{server}/error", dead}
    assert broken[f"{server}/gone"] == "HTTP 404"


def test_cli_exit_codes(site: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["internal", str(site), "--site-url", SITE_URL]) == 0
    write(site, "c/index.html", '<a href="../khong-co/">x</a>')
    assert main(["internal", str(site), "--site-url", SITE_URL]) == 1
    assert "khong-co" in capsys.readouterr().err
    assert main(["internal", str(tmp_path / "nothing")]) == 2
