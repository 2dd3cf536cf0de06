"""The live preview (`make serve`, `make preview`): reload on save, errors in the page.

MkDocs' server injects an inline reload script into every HTML page it serves. Its
text changes with every request (an epoch and a request id), so no CSP hash can allow
it, and the site's policy rightly blocks it. Instead, under `mkdocs serve` only:

- each page loads our own reload script, a file of the served site (`'self'`, which
  the policy already allows), that polls MkDocs' `/livereload/<epoch>/<request id>`
  endpoint the way MkDocs' script does and reloads when a newer build is visible;
- the page's last `</body>` becomes an inert `<template>`: MkDocs puts its script just
  before the last `</body>`, so it lands inside the template, where a browser neither
  runs it nor checks it against the policy (no console error, no change to the policy);
- a failed rebuild leaves MkDocs' server waiting for a good build before it serves any
  file, so the error travels another way: a tiny status server on a free local port,
  which the reload script asks and shows as a panel over the page (with file and line).
  That one origin is added to the page's `connect-src`. A broken `mkdocs.yml` stops
  MkDocs before any build event, so the status server checks that file itself.

`mkdocs build` (and so `make site`) adds none of this; the publishing stage refuses a
page that carries it. Plain Python: no MkDocs import.
"""

from __future__ import annotations

import json
import re
import socket
import sys
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

SCRIPT_PATH = "_preview/reload.js"  # where the reload script is written in the served site
MARKER = "data-plan-preview"  # on the script tag and the template: how a preview page is recognised
_BODY_END = re.compile(r"</body\s*>", re.IGNORECASE)
WAIT_SECONDS = 25.0  # how long the status server holds a request when nothing changes


def reload_script() -> str:
    """The text of our reload script (shipped beside this module)."""
    return resources.files("plan179.publish").joinpath("preview_reload.js").read_text(encoding="utf-8")


def write_script(site_dir: Path) -> None:
    """Put the reload script into the served site (after every rebuild: a clean build empties it)."""
    target = site_dir / SCRIPT_PATH
    text = reload_script()
    if not target.is_file() or target.read_text(encoding="utf-8") != text:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


def status_source(host: str, port: int) -> str:
    """The CSP source of the status server as the browser will reach it."""
    wildcard = host in {"", "0.0.0.0", "::"}
    shown = "*" if wildcard else (f"[{host}]" if ":" in host else host)
    return f"http://{shown}:{port}"


def preview_page(html: str, mount_path: str, status_port: int) -> str:
    """A served page with our reload script and an inert place for MkDocs' own script."""
    ends = list(_BODY_END.finditer(html))
    if not ends:
        return html
    last = ends[-1]
    src = mount_path.rstrip("/") + "/" + SCRIPT_PATH
    tags = (
        f'<script src="{src}" {MARKER} data-status-port="{status_port}" defer></script>'
        # MkDocs inserts its inline script before the last `</body>`: this one, inert.
        f"<template {MARKER} hidden>{last.group(0)}</template>"
    )
    return html[: last.start()] + tags + html[last.end() :]


def carries_preview(html: str) -> bool:
    """True for a page built for the preview (it must never be published)."""
    return MARKER in html or SCRIPT_PATH in html


@dataclass
class BuildStatus:
    """The state of the last build, for the reload script: "ok", "building" or "error"."""

    state: str = "ok"
    message: str = ""
    version: int = 0
    _changed: threading.Condition = field(default_factory=threading.Condition)

    def set(self, state: str, message: str = "") -> None:
        with self._changed:
            if (state, message) != (self.state, self.message):
                self.state, self.message = state, message
                self.version += 1
                self._changed.notify_all()

    def wait(self, seen: int, timeout: float) -> dict[str, object]:
        """The status once it differs from version `seen` (or after `timeout` seconds)."""
        with self._changed:
            self._changed.wait_for(lambda: self.version != seen, timeout=timeout)
            return {"state": self.state, "message": self.message, "version": self.version}


class _Handler(BaseHTTPRequestHandler):
    server: _StatusServer

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        if parts.path != "/status":
            self.send_error(404)
            return
        try:
            seen = int(parse_qs(parts.query).get("seen", ["-1"])[0])
        except ValueError:
            seen = -1
        origin = self.headers.get("Origin", "")
        body = json.dumps(self.server.status.wait(seen, self.server.wait_seconds)).encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        if origin and self.server.allows(origin):
            # Only the preview's own pages may read the build's messages, not any site the
            # writer happens to visit while the preview runs.
            self.send_header("Access-Control-Allow-Origin", origin)
            self.send_header("Vary", "Origin")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the terminal already shows the build."""


class _StatusServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, host: str, status: BuildStatus, wait_seconds: float, page_port: int | None) -> None:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.address_family = family
        super().__init__((host, 0), _Handler)
        self.status = status
        self.wait_seconds = wait_seconds
        self.page_port = page_port

    def allows(self, origin: str) -> bool:
        """The preview's own pages: the host and port MkDocs serves them on."""
        parts = urlsplit(origin)
        host = self.server_address[0]
        hosts = {host, "localhost"} if host in {"127.0.0.1", "::1"} else {host}
        any_host = host in {"", "0.0.0.0", "::"}
        return (
            parts.scheme == "http"
            and (self.page_port is None or parts.port == self.page_port)
            and (any_host or parts.hostname in hosts)
        )


class StatusServer:
    """The build status on a free local port, in a background thread, for the preview's pages."""

    def __init__(self, host: str, page_port: int | None = None, wait_seconds: float = WAIT_SECONDS) -> None:
        self.status = BuildStatus()
        self._server = _StatusServer(host or "127.0.0.1", self.status, wait_seconds, page_port)
        self.host = host
        self.port = int(self._server.server_address[1])
        self._stopped = threading.Event()
        self._watched: list[threading.Thread] = []
        self._checks: list[tuple[Path, Callable[[str], str | None]]] = []
        self._thread = threading.Thread(target=self._server.serve_forever, name="plan-preview-status", daemon=True)
        self._thread.start()

    def watch_file(self, path: Path, check: Callable[[str], str | None], interval: float = 0.5) -> None:
        """Check `path` each time it changes and show its problem: for the configuration
        file, which MkDocs reads before any build event, so a broken one reaches no hook."""
        self._checks.append((path, check))
        self._watched.append(threading.Thread(target=self._watch, args=(path, check, interval), daemon=True))
        self._watched[-1].start()

    def build_succeeded(self) -> None:
        """A build finished: "ok", unless a watched file is broken by now.

        A save of mkdocs.yml made while a build was running is seen by its watcher
        first; the build that ends later must not report "ok" over it.
        """
        for path, check in self._checks:
            try:
                problem = check(path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError):
                continue
            if problem:
                self.status.set("error", problem)
                return
        self.status.set("ok")

    def _watch(self, path: Path, check: Callable[[str], str | None], interval: float) -> None:
        last: tuple[int, int] | None = None
        while not self._stopped.wait(interval):
            try:
                info = path.stat()
                stamp = (info.st_mtime_ns, info.st_size)
                if stamp == last:
                    continue
                last = stamp
                # Checked on the first look too: a save made while this build started
                # (before the watcher's first look) must not go unseen.
                problem = check(path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError):
                continue
            if problem:
                self.status.set("error", problem)

    def close(self) -> None:
        self._stopped.set()
        self._server.shutdown()
        self._server.server_close()


def split_host(value: str) -> tuple[str, int]:
    """`127.0.0.1:8000` → ("127.0.0.1", 8000); `[::1]:8000` → ("::1", 8000)."""
    host, sep, port = value.rpartition(":")
    if not sep or not port.isdigit():
        raise ValueError(f"{value!r} is not HOST:PORT (e.g. 127.0.0.1:8000)")
    return host.strip("[]") or "127.0.0.1", int(port)


def port_problem(value: str) -> str | None:
    """One line saying why `make serve` cannot listen on `value`, or None when it can."""
    try:
        host, port = split_host(value)
    except ValueError as exc:
        return f"HOST={value}: {exc}"
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as MkDocs' server does
        try:
            probe.bind((host, port))
        except OSError as exc:
            busy = exc.errno in {98, 48, 10048}  # EADDRINUSE on Linux, macOS, Windows
            reason = "is already in use (another preview?)" if busy else f"cannot be used ({exc.strerror})"
            return (
                f"Port {port} on {host} {reason}: choose another with "
                f"HOST={host if ':' not in host else f'[{host}]'}:{port + 1} make serve (or make preview)"
            )
    return None


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m plan179.publish.preview check-port HOST:PORT`: what the Makefile runs first."""
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 2 or args[0] != "check-port":
        print("usage: python -m plan179.publish.preview check-port HOST:PORT", file=sys.stderr)
        return 2
    problem = port_problem(args[1])
    if problem:
        print(problem, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
