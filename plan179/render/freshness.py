"""Whether the generated pages are still up to date with everything they are made from.

mkdocs-static-i18n runs a whole MkDocs build per language, so `on_config` (which loads,
validates and renders `data/`) ran once per language: at a hundred times the real plan
that doubled the generator's share of the build. `mkdocs serve` also rebuilds on every
saved Markdown file, where the data has not changed. A fingerprint of the inputs (every
file under `data/`, the templates, the official text) and of the generated output (so
a deleted or hand-edited generated page is rewritten) says when generation can be
skipped; any change to any of them makes the next build generate again.

MkDocs re-executes hook files on every `mkdocs serve` rebuild (each loads the config
anew), so the generation fingerprint, which must outlive a build, lives here.

Plain Python: no MkDocs import.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

TEMPLATES = Path(__file__).parent / "templates"

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
    """Remembers the fingerprint after the last successful generation in this process."""

    def __init__(self) -> None:
        self._last: Fingerprint | None = None

    def is_fresh(self, current: Fingerprint) -> bool:
        return self._last is not None and current == self._last

    def generated(self, after: Fingerprint) -> None:
        self._last = after

    def forget(self) -> None:
        self._last = None


GENERATION = Freshness()
