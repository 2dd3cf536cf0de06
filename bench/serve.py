"""Serve benchmark: from saving a file to the rebuilt page, over HTTP, under `mkdocs serve`.

Two modes, as the Makefile runs them: `make serve` (both languages, full rebuild on
every change) and `make preview` (one language, `--dirty`: only changed pages are
rebuilt); both are plain `mkdocs serve` with MkDocs' own file watching (polled every
0.5 s). Two edits: a hand-written article (Markdown) and an agency's data file (YAML,
which regenerates the agency's pages). The clock starts when the file is saved and stops
when 127.0.0.1 serves the page with the new text; the next edit waits for the rebuild to
finish. Every loop is bounded and the server is always stopped.
"""

from __future__ import annotations

import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.measure import clean_env
from bench.scale import make_project

ARTICLE = ("docs/tim-hieu/asean.vi.md", "tim-hieu/asean/")
AGENCY = ("data/agencies/so-y-te.yml", "ke-hoach/co-quan/so-y-te/")
MODES = {
    # mode: (label, command after the interpreter, extra environment) — as the Makefile runs them
    "serve": ("make serve (vi+en, full rebuild)", ["-m", "mkdocs", "serve"], {}),
    "preview": (
        "make preview (vi only, --dirty, MkDocs' default polling)",
        ["-m", "mkdocs", "serve", "--dirty", "--no-strict"],
        {"PREVIEW_LANGUAGE": "vi"},
    ),
}


@dataclass
class Server:
    """A running `mkdocs serve` and its log."""

    proc: subprocess.Popen[bytes]
    url: str
    log: Path

    def reloads(self) -> int:
        """Rebuilds finished so far (MkDocs logs 'Reloading browsers' after each)."""
        return self.log.read_text(encoding="utf-8", errors="replace").count("Reloading browsers")

    def fetch(self, path: str) -> str:
        try:
            with urllib.request.urlopen(self.url + path, timeout=10) as response:  # 127.0.0.1 only
                body: bytes = response.read()
                return body.decode("utf-8", errors="replace")
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            return ""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _wait(condition: Callable[[], bool], timeout: float, what: str, step: float = 0.02) -> None:
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError(f"gave up after {timeout:.0f} s waiting for {what}")
        time.sleep(step)


@contextmanager
def serving(project: Path, mode: str, timeout: float) -> Iterator[Server]:
    """Start `mkdocs serve` in `mode` and wait for the first build; always stop it."""
    _, command, env = MODES[mode]
    port = _free_port()
    with tempfile.NamedTemporaryFile(prefix="serve-", suffix=".log", delete=False) as handle:
        log = Path(handle.name)
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, *command, "--dev-addr", f"127.0.0.1:{port}", "--livereload"],
            cwd=project,
            env=clean_env(SITE_URL=f"http://127.0.0.1:{port}/", **env),  # serve mounts the site at its path
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    server = Server(proc, f"http://127.0.0.1:{port}/", log)
    try:
        _wait(lambda: proc.poll() is not None or "Serving on" in log.read_text(errors="replace"), timeout, "serve")
        if proc.poll() is not None:
            raise RuntimeError(f"mkdocs serve exited:\n{log.read_text(errors='replace')[-3000:]}")
        _wait(lambda: bool(server.fetch("")), 30, "the first page")
        yield server
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.unlink(missing_ok=True)


def _edit_article(project: Path, token: str) -> None:
    path = project / ARTICLE[0]
    text = re.sub(r"\n\nMốc đo thời gian [^\n]*\n$", "\n", path.read_text(encoding="utf-8"))
    path.write_text(text.rstrip("\n") + f"\n\nMốc đo thời gian {token}\n", encoding="utf-8")


def _edit_agency(project: Path, token: str) -> None:
    path = project / AGENCY[0]
    text, count = re.subn(
        r'^(name:\n  vi: "Sở Y tế)[^"]*(")', rf"\g<1> {token}\g<2>", path.read_text(encoding="utf-8"), flags=re.M
    )
    if count != 1:
        raise ValueError(f"{AGENCY[0]}: no 'name: vi: \"Sở Y tế…\"' to edit")
    path.write_text(text, encoding="utf-8")


EDITS: dict[str, tuple[str, Callable[[Path, str], None]]] = {
    "Markdown article": (ARTICLE[1], _edit_article),
    "YAML agency file": (AGENCY[1], _edit_agency),
}


def time_edit(server: Server, project: Path, edit: str, token: str, timeout: float) -> float:
    """Seconds from saving the edit to the page served with it; then wait for the rebuild to end."""
    page, apply = EDITS[edit]
    before = server.reloads()
    os.sync()  # the previous rebuild's writes are on disk, as before a build (bench.measure.run)
    apply(project, token)
    saved = time.perf_counter()
    try:
        _wait(lambda: token in server.fetch(page), timeout, f"{token} on /{page}")
    except TimeoutError as exc:
        raise TimeoutError(f"{exc}; mkdocs serve said:\n{server.log.read_text(errors='replace')[-3000:]}") from None
    elapsed = time.perf_counter() - saved
    _wait(lambda: server.reloads() > before, timeout, "the rebuild to finish")
    time.sleep(0.6)  # past the file watcher's 0.5 s polling, so edits do not overlap
    return elapsed


def bench_serve(factor: int, edits: int, work: Path) -> list[dict[str, Any]]:
    """Median time to a rebuilt page, per mode and kind of edit, at one size."""
    timeout = 120.0 * factor
    rows = []
    for mode, (label, _, _) in MODES.items():
        project = make_project(work / f"serve-x{factor}-{mode}", factor).root
        print(f"\n== serve ×{factor}, {label}", flush=True)
        load = os.getloadavg()
        with serving(project, mode, timeout) as server:
            for edit in EDITS:
                times = []
                for i in range(edits):
                    token = f"{mode}{i}t{time.time_ns() % 10**9}"
                    times.append(time_edit(server, project, edit, token, timeout))
                    print(f"   {edit:18} edit {i + 1}: {times[-1]:6.2f} s", flush=True)
                rows.append(
                    {
                        "factor": factor,
                        "mode": mode,
                        "mode_label": label,
                        "edit": edit,
                        "edits": edits,
                        "median_s": statistics.median(times),
                        "each_s": times,
                        "load_avg_before": load,
                    }
                )
    return rows
