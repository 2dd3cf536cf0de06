"""Run a command and read its wall time, CPU time and peak memory from the kernel."""

from __future__ import annotations

import os
import statistics
import subprocess
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Run:
    """One run of a command."""

    wall_s: float
    cpu_s: float
    peak_mb: float
    output: str


class CommandFailedError(RuntimeError):
    """A measured command exited non-zero; the message carries the end of its output."""


def clean_env(**extra: str) -> dict[str, str]:
    """The environment of a measured build: no PYTHONPATH from make, MkDocs 2 banner off.

    Python caches bytecode as it does by default: these machines set
    PYTHONDONTWRITEBYTECODE, which made every run compile the hooks again (about 0.2 s
    that a communicator's machine does not pay; installed packages are compiled anyway).
    """
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SITE_URL="https://example.test/ke-hoach-179/")
    env.pop("PYTHONPATH", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.update(extra)
    return env


_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def _tree(pid: int) -> list[int]:
    """`pid` and its descendants (Linux /proc): the shell of `make site` and its two steps."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        try:
            for task in Path(f"/proc/{current}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


def tree_rss(pid: int) -> int:
    """Resident bytes of `pid` and its descendants, summed (pages shared between processes count twice)."""
    total = 0
    for member in _tree(pid):
        try:
            total += int(Path(f"/proc/{member}/statm").read_text().split()[1]) * _PAGE
        except (OSError, IndexError, ValueError):
            continue
    return total


def run(command: Sequence[str], cwd: Path, env: dict[str, str] | None = None, timeout: float = 3600) -> Run:
    """Run `command` to completion; rusage of the child (and its own children) via wait4.

    Peak memory is the larger of the biggest single process (rusage) and the highest sum
    over the process tree seen while polling every 10 ms (a command may run several processes).
    Dirty pages are flushed to disk first, so a run does not pay for the previous run's
    writes: on these disks, writing the ×100 generated files took 0.7 s after a flush and
    4-5 s while the previous build's output was still being written back.
    """
    os.sync()
    with tempfile.TemporaryFile(mode="w+", encoding="utf-8", errors="replace") as out:
        started = time.perf_counter()
        proc = subprocess.Popen(list(command), cwd=cwd, env=env or clean_env(), stdout=out, stderr=subprocess.STDOUT)
        deadline = started + timeout
        tree_peak = 0
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            tree_peak = max(tree_peak, tree_rss(proc.pid))
            if time.perf_counter() > deadline:
                proc.kill()
                proc.wait()
                raise CommandFailedError(f"{' '.join(command)}: timed out after {timeout:.0f} s")
            time.sleep(0.01)
        wall = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        output = out.read()
    if proc.returncode != 0:
        raise CommandFailedError(f"{' '.join(command)} in {cwd} exited {proc.returncode}:\n{output[-4000:]}")
    return Run(wall, usage.ru_utime + usage.ru_stime, max(usage.ru_maxrss * 1024, tree_peak) / 2**20, output)


def summary(runs: Sequence[Run]) -> dict[str, Any]:
    """Medians and every run's numbers (output left out)."""
    return {
        "runs": len(runs),
        "wall_s": statistics.median(r.wall_s for r in runs),
        "cpu_s": statistics.median(r.cpu_s for r in runs),
        "peak_mb": statistics.median(r.peak_mb for r in runs),
        "each": [{k: round(v, 3) for k, v in asdict(r).items() if k != "output"} for r in runs],
    }
