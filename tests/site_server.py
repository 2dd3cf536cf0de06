"""Serve a built site on 127.0.0.1 the way GitHub Pages does, for browser tests and audits.

`python -m http.server` sends neither compression nor cache headers, so Lighthouse's
compression audits would measure that server, not the site. This one, like GitHub
Pages: gzip for text when the browser accepts it, `Cache-Control: max-age=600`, the
site under a path prefix (a project site lives at `/<repository>/`), `/dir` redirected
to `/dir/`, and the root `404.html` with status 404 for every missing path.

Run by hand: `python tests/site_server.py site --prefix /ke-hoach-179/ --port 8000`.
"""

from __future__ import annotations

import argparse
import gzip
import mimetypes
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from functools import partial
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

COMPRESSIBLE = {".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".map", ".webmanifest"}
TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".json": "application/json; charset=utf-8",
    ".xml": "application/xml; charset=utf-8",
    ".svg": "image/svg+xml",
    ".txt": "text/plain; charset=utf-8",
    ".gz": "application/gzip",
}


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class SiteHandler(BaseHTTPRequestHandler):
    """GET/HEAD of static files under a prefix; nothing else."""

    server_version = "plan-site"
    sys_version = ""

    def __init__(self, *args: object, root: Path, prefix: str, **kwargs: object) -> None:
        self.root = root
        self.prefix = prefix
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: tests look at the browser's requests, not the server's log."""

    def do_HEAD(self) -> None:
        self._respond(send_body=False)

    def do_GET(self) -> None:
        self._respond(send_body=True)

    def _resolve(self, path: str) -> tuple[Path | None, str | None]:
        """(file to send, or None) and (a redirect target, or None)."""
        if not path.startswith(self.prefix):
            if path + "/" == self.prefix:
                return None, self.prefix
            return None, None
        relative = unquote(path[len(self.prefix) :])
        target = (self.root / relative).resolve()
        if target != self.root and self.root not in target.parents:
            return None, None
        if target.is_dir():
            if not path.endswith("/"):
                return None, path + "/"
            target = target / "index.html"
        return (target if target.is_file() else None), None

    def _respond(self, send_body: bool) -> None:
        path = urlsplit(self.path).path
        target, redirect = self._resolve(path)
        if redirect is not None:
            self.send_response(HTTPStatus.MOVED_PERMANENTLY)
            self.send_header("Location", redirect)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        status = HTTPStatus.OK
        if target is None:
            status = HTTPStatus.NOT_FOUND
            target = self.root / "404.html"
            if not target.is_file():
                self.send_error(HTTPStatus.NOT_FOUND)
                return
        body = target.read_bytes()
        suffix = target.suffix.lower()
        content_type = TYPES.get(suffix) or mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        gzipped = suffix in COMPRESSIBLE and "gzip" in self.headers.get("Accept-Encoding", "")
        if gzipped:
            body = gzip.compress(body, compresslevel=6, mtime=0)
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        if suffix in COMPRESSIBLE:
            self.send_header("Vary", "Accept-Encoding")
        if gzipped:
            self.send_header("Content-Encoding", "gzip")
        self.end_headers()
        if send_body:
            self.wfile.write(body)


@contextmanager
def serving(root: Path, port: int = 0, prefix: str = "/") -> Iterator[str]:
    """Serve `root` at http://127.0.0.1:<port><prefix> in a thread; yields that base URL."""
    if not prefix.startswith("/") or not prefix.endswith("/"):
        raise ValueError(f"prefix must start and end with '/', got {prefix!r}")
    handler = partial(SiteHandler, root=root.resolve(), prefix=prefix)
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("root", type=Path, help="the built site folder")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--prefix", default="/", help="path the site lives under, e.g. /ke-hoach-179/")
    args = parser.parse_args()
    with serving(args.root, args.port, args.prefix) as url:
        print(f"Serving {args.root} at {url} (gzip, max-age=600); Ctrl+C stops.", flush=True)
        with suppress(KeyboardInterrupt):
            threading.Event().wait()


if __name__ == "__main__":
    main()
