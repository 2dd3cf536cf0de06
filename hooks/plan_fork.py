"""Run part of a build in a forked child process and bring its results back.

A build of both languages is two nearly independent builds one after the other, each
bound to one CPU core by Python. `hooks/plan_parallel.py` forks after the output folder
is cleaned: the child builds the other languages while the parent builds the default
one, then the parent takes the child's results (search entries, the HTML policy's
findings) as if it had built those languages itself. Modules that keep state across
languages register an exporter and a merger here; the child sends every exporter's
value through a pipe, the parent hands each to its merger.

Plain Python (no MkDocs import); POSIX only (`os.fork`).
"""

from __future__ import annotations

import contextlib
import logging
import os
import pickle
import signal
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NoReturn, TypeVar

log = logging.getLogger("mkdocs.hooks.plan_fork")

A = TypeVar("A")
B = TypeVar("B")

_exporters: dict[str, tuple[Callable[[], Any], Callable[[Any], None]]] = {}
_in_child = False


class ChildBuildError(RuntimeError):
    """The child's part of the build failed; the message says what it reported."""


_allowed = False


def allow(enabled: bool) -> None:
    """Whether this process may fork (set per command: `mkdocs build` yes, `serve` no: it has threads)."""
    global _allowed
    _allowed = enabled and available()


def allowed() -> bool:
    return _allowed and not _in_child


def in_parallel(here: Callable[[], A], there: Callable[[], B]) -> tuple[A, B]:
    """`(here(), there())`, with `there` run in a forked child (its result is pickled back)."""
    for stream in (sys.stdout, sys.stderr):
        stream.flush()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_end)
        try:
            payload: tuple[bool, Any] = (True, there())
        except BaseException as exc:
            _send_and_exit(write_end, (False, "".join(traceback.format_exception(exc))), 1)
        _send_and_exit(write_end, payload, 0)
    os.close(write_end)
    child = Child(pid, read_end, "a parallel part")
    try:
        mine = here()
    except BaseException:
        child.stop()
        raise
    child.joined = True
    with os.fdopen(read_end, "rb") as pipe:
        data = pipe.read()
    _pid, status = os.waitpid(pid, 0)
    try:
        ok, value = pickle.loads(data)
    except (pickle.UnpicklingError, EOFError, ValueError):
        ok, value = False, f"no result (exit status {os.waitstatus_to_exitcode(status)})"
    if not ok:
        raise ChildBuildError(f"a parallel part of the build failed:\n{value}")
    return mine, value


def register(name: str, export: Callable[[], Any], merge: Callable[[Any], None]) -> None:
    """`export()` runs in the child after its work; `merge(value)` in the parent on join."""
    _exporters[name] = (export, merge)


def in_child() -> bool:
    """True inside the forked child: whole-site steps are left to the parent."""
    return _in_child


def available() -> bool:
    return hasattr(os, "fork")


@dataclass
class Child:
    """A running child; `join` waits for it and merges what it sent."""

    pid: int
    fd: int
    what: str
    joined: bool = False

    def join(self) -> None:
        if self.joined:
            return
        self.joined = True
        chunks: list[bytes] = []
        with os.fdopen(self.fd, "rb") as pipe:
            while chunk := pipe.read(1 << 20):
                chunks.append(chunk)
        _pid, status = os.waitpid(self.pid, 0)
        code = os.waitstatus_to_exitcode(status)
        try:
            payload: dict[str, Any] = pickle.loads(b"".join(chunks)) if chunks else {}
        except (pickle.UnpicklingError, EOFError, ValueError) as exc:
            payload = {"error": f"unreadable result ({exc})"}
        if code != 0 or "error" in payload:
            reason = payload.get("error") or f"exited with status {code}"
            raise ChildBuildError(f"the build of {self.what} (in a parallel process) failed: {reason}")
        for name, value in payload.get("results", {}).items():
            _exporters[name][1](value)

    def stop(self) -> None:
        """Kill and reap a child that is no longer wanted (the parent's build failed)."""
        if self.joined:
            return
        self.joined = True
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)
        os.close(self.fd)


def start(work: Callable[[], None], what: str) -> Child:
    """Fork; the child runs `work()`, sends every exporter's value and exits; the parent returns."""
    for stream in (sys.stdout, sys.stderr):
        stream.flush()
    for handler in logging.getLogger().handlers + logging.getLogger("mkdocs").handlers:
        handler.flush()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid:
        os.close(write_end)
        return Child(pid, read_end, what)
    # --- the child: never returns ---
    global _in_child
    _in_child = True
    os.close(read_end)
    code = 0
    payload: dict[str, Any]
    try:
        work()
        payload = {"results": {name: export() for name, (export, _merge) in _exporters.items()}}
    except BaseException as exc:
        code = 1
        message = str(exc) or type(exc).__name__
        if not isinstance(exc, (SystemExit, KeyboardInterrupt)) and type(exc).__module__.startswith(("builtins",)):
            message += "\n" + "".join(traceback.format_exception(exc))
        payload = {"error": message}
    _send_and_exit(write_end, payload, code)


def _send_and_exit(write_end: int, payload: Any, code: int) -> NoReturn:
    """In a child: pickle `payload` into the pipe, flush the output, and end the process."""
    try:
        data = pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL)
        with os.fdopen(write_end, "wb") as pipe:
            pipe.write(data)
    except BaseException:
        code = 1  # the exit status still tells the parent
    finally:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(OSError, ValueError):
                stream.flush()
        os._exit(code)
