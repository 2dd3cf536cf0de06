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
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, NoReturn, TypeVar

A = TypeVar("A")
B = TypeVar("B")
T = TypeVar("T")

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
    pid, fd = _fork()
    if pid == 0:
        global _in_child
        _in_child = True  # no further forks from a child
        try:
            value = there()
        except BaseException as exc:
            _send_and_exit(fd, {"error": "".join(traceback.format_exception(exc))}, 1)
        _send_and_exit(fd, {"value": value}, 0)
    child = Child(pid, fd, "a parallel part")
    try:
        mine = here()
    except BaseException:
        child.stop()
        raise
    payload = child.receive()
    if "error" in payload:
        raise ChildBuildError(f"a parallel part of the build failed:\n{payload['error']}")
    return mine, payload["value"]


def in_halves(work: Callable[[Sequence[T]], A], items: Sequence[T]) -> tuple[A, A]:
    """`work` on every other item here and on the rest in a child: (even items, odd items).

    Alternating keeps both halves alike (kinds of page, sizes of file) without knowing
    what each item costs.
    """
    return in_parallel(lambda: work(items[0::2]), lambda: work(items[1::2]))


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
        payload = self.receive()
        if "error" in payload:
            raise ChildBuildError(f"the build of {self.what} (in a parallel process) failed: {payload['error']}")
        for name, value in payload.get("results", {}).items():
            _exporters[name][1](value)

    def receive(self) -> dict[str, Any]:
        """Everything the child sent, once it has exited; {"error": …} when it failed."""
        self.joined = True
        with os.fdopen(self.fd, "rb") as pipe:
            data = pipe.read()
        _pid, status = os.waitpid(self.pid, 0)
        code = os.waitstatus_to_exitcode(status)
        try:
            payload: dict[str, Any] = pickle.loads(data) if data else {}
        except (pickle.UnpicklingError, EOFError, ValueError) as exc:
            payload = {"error": f"unreadable result ({exc})"}
        if code != 0 and "error" not in payload:
            payload = {"error": f"exited with status {code}"}
        return payload

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
    pid, fd = _fork()
    if pid:
        return Child(pid, fd, what)
    # --- the child: never returns ---
    global _in_child
    _in_child = True
    code = 0
    payload: dict[str, Any]
    try:
        work()
        payload = {"results": {name: export() for name, (export, _merge) in _exporters.items()}}
    except BaseException as exc:
        code = 1
        message = str(exc) or type(exc).__name__
        if not isinstance(exc, (SystemExit, KeyboardInterrupt)) and type(exc).__module__ == "builtins":
            message += "\n" + "".join(traceback.format_exception(exc))
        payload = {"error": message}
    _send_and_exit(fd, payload, code)


def _fork() -> tuple[int, int]:
    """Fork with a pipe from child to parent: (child's pid, read end) in the parent, (0, write end) in the child."""
    for stream in (sys.stdout, sys.stderr):
        stream.flush()
    for handler in logging.getLogger().handlers + logging.getLogger("mkdocs").handlers:
        handler.flush()
    read_end, write_end = os.pipe()
    pid = os.fork()
    os.close(write_end if pid else read_end)
    return pid, (read_end if pid else write_end)


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
