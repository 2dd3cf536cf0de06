"""When each source file last changed, from git: the "last updated" date of every page.

One `git log` over the whole history gives every file's last commit in a single call
(a call per page would cost ~80 processes per language). Outside a git checkout (a
downloaded archive, a test's scratch copy) there are no dates, and pages simply show
none: a build must not fail because history is missing, and a date must never be
guessed from file times, which a fresh clone sets to "now".
"""

from __future__ import annotations

import datetime as dt
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

# The site's readers live in Viet Nam (UTC+7, no daylight saving): a commit at
# 20:00 UTC on the 27th is the 28th for them.
VIETNAM = dt.timezone(dt.timedelta(hours=7), "ICT")


@dataclass(frozen=True)
class GitDates:
    """Last commit time per file (paths relative to the project, POSIX), or why none."""

    dates: dict[str, dt.datetime] = field(default_factory=dict)
    unavailable: str | None = None

    def of(self, source: str) -> dt.datetime | None:
        """The last change of a file, or of anything under a folder given with a trailing '/'."""
        if source.endswith("/"):
            inside = [when for path, when in self.dates.items() if path.startswith(source)]
            return max(inside) if inside else None
        return self.dates.get(source)

    def latest(self, sources: Iterable[str]) -> dt.datetime | None:
        found = [when for when in (self.of(s) for s in sources) if when is not None]
        return max(found) if found else None


def read_git_dates(root: Path, paths: Iterable[str] = ("docs", "data")) -> GitDates:
    """Every tracked file's last commit time under `paths`, in one `git log`."""
    cmd = [
        "git",
        "-C",
        str(root),
        "log",
        "--format=%x00%cI",
        "--name-only",
        "--no-renames",
        "--relative",
        "--",
        *paths,
    ]
    shallow = _git(root, "rev-parse", "--is-shallow-repository")
    if isinstance(shallow, GitDates):
        return shallow
    if shallow.strip() == "true":
        # A shallow clone (CI's default depth 1) would date every older file to the oldest
        # fetched commit: wrong dates are worse than none.
        return GitDates(unavailable="shallow clone: fetch the full history (actions/checkout fetch-depth: 0)")
    log = _git(root, *cmd[3:])
    if isinstance(log, GitDates):
        return log
    return GitDates(parse_log(log))


def _git(root: Path, *args: str) -> str | GitDates:
    """Run git in `root`; its output, or a `GitDates` saying why there are no dates."""
    try:
        proc = subprocess.run(
            ["git", "-C", str(root), *args],
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=120,
            check=False,
        )
    except FileNotFoundError:
        return GitDates(unavailable="git is not installed")
    except subprocess.TimeoutExpired:
        return GitDates(unavailable="git took too long")
    if proc.returncode != 0:
        err = proc.stderr.strip()
        return GitDates(unavailable=err.splitlines()[-1] if err else f"git exited with {proc.returncode}")
    return proc.stdout


def parse_log(output: str) -> dict[str, dt.datetime]:
    """`git log --format=%x00%cI --name-only` output → newest commit time per path."""
    dates: dict[str, dt.datetime] = {}
    current: dt.datetime | None = None
    for line in output.splitlines():
        if line.startswith("\x00"):
            current = dt.datetime.fromisoformat(line[1:].strip())
        elif line.strip() and current is not None:
            # git lists newest commits first: the first time a path appears is its last change.
            dates.setdefault(line.strip(), current)
    return dates
