"""What the files under some folders are now: path, modification time and size of each.

Two equal fingerprints mean nothing was written, added or removed in between; it is how
the build knows that work done for the first language still holds for the second, and
that a `mkdocs serve` rebuild need not generate again (`render.freshness`) nor publish
again what was published (hooks/plan_guard.py).

Plain Python: no MkDocs import.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

Fingerprint = frozenset[tuple[str, int, int]]


def _files(folder: str) -> Iterable[tuple[str, int, int]]:
    try:
        entries = list(os.scandir(folder))
    except FileNotFoundError:  # removed while walking: the next fingerprint differs anyway
        return
    for entry in entries:
        try:
            if entry.is_dir(follow_symlinks=False):
                yield from _files(entry.path)
            else:
                stat = entry.stat()
                yield entry.path, stat.st_mtime_ns, stat.st_size
        except FileNotFoundError:
            continue


def fingerprint(sources: Iterable[Path], outputs: Iterable[Path]) -> Fingerprint:
    """Path, modification time and size of every file under `sources` and `outputs`.

    A missing folder contributes a marker, so its appearance later changes the result.
    """
    found: set[tuple[str, int, int]] = set()
    for folder in (*sources, *outputs):
        if folder.is_dir():
            found.update(_files(str(folder)))
        elif folder.is_file():
            stat = folder.stat()
            found.add((str(folder), stat.st_mtime_ns, stat.st_size))
        else:
            found.add((str(folder), -1, -1))
    return frozenset(found)


class Freshness:
    """Remembers the fingerprint of some files after the last successful run of a step in
    this process (generation, the preview's publishing stage): equal again = nothing to do."""

    def __init__(self) -> None:
        self._last: Fingerprint | None = None

    def is_fresh(self, current: Fingerprint) -> bool:
        return self._last is not None and current == self._last

    def remember(self, after: Fingerprint) -> None:
        self._last = after

    def forget(self) -> None:
        self._last = None
