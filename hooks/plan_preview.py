"""`make preview`: `mkdocs serve` for a writer, one language, changed pages only, quick to notice.

MkDocs' live-reload server polls the watched files every 0.5 s, so an edit waited a
quarter of a second on average (half a second at worst) before the rebuild even began:
a third of the preview time at the real size (bench/RESULTS.md). This entry point runs
the same `mkdocs serve` with the polling interval at 0.1 s; everything else (the build,
its checks, `--dirty`, `PREVIEW_LANGUAGE`) is MkDocs' and ours unchanged, except that the
theme's static files are listed once while its folders do not change (`listed_theme_once`).

Usage (what the Makefile runs): `python -m plan_preview [mkdocs serve options]`.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Collection, Iterable
from pathlib import Path
from typing import Any

import jinja2
from mkdocs import livereload
from mkdocs.__main__ import cli
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

POLLING_INTERVAL_S = 0.1


def faster_polling(interval: float = POLLING_INTERVAL_S) -> None:
    """Make every LiveReloadServer created from now on poll files every `interval` seconds."""
    original = livereload.LiveReloadServer.__init__
    if getattr(original, "plan_polling", None) is not None:
        return

    def init(self: livereload.LiveReloadServer, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("polling_interval", interval)
        original(self, *args, **kwargs)

    init.plan_polling = interval  # type: ignore[attr-defined]
    livereload.LiveReloadServer.__init__ = init  # type: ignore[method-assign]


class _Listing:
    """Stands in for the theme's Jinja environment where MkDocs lists its files."""

    def __init__(self, env: jinja2.Environment | None, names: list[str] | None = None) -> None:
        self.env, self.names = env, names

    def list_templates(self, extensions: Collection[str] | None = None, filter_func: Any = None) -> list[str]:
        if self.names is None:
            assert self.env is not None
            self.names = self.env.list_templates(extensions, filter_func)
        return list(self.names)


def _folders(dirs: Iterable[str]) -> dict[str, int]:
    """Every folder under the theme folders, with its modification time."""
    return {root: Path(root).stat().st_mtime_ns for top in dirs for root, _, _ in os.walk(top)}


def _unchanged(folders: dict[str, int]) -> bool:
    """A file added, removed or renamed anywhere changes the time of the folder it is in."""
    try:
        return all(Path(folder).stat().st_mtime_ns == stamp for folder, stamp in folders.items())
    except OSError:
        return False


def listed_theme_once() -> None:
    """List the theme's static files once per preview, not on every rebuild.

    MkDocs lists every file of the theme folders on each build to find the static ones:
    Material's 14,000 icons made that a tenth of a second of each preview rebuild. The
    list is taken again when a folder of the theme changes.
    """
    original = Files.add_files_from_theme
    if getattr(original, "plan_listed_once", False):
        return
    remembered: dict[str, Any] = {}

    def add_files_from_theme(self: Files, env: jinja2.Environment, config: MkDocsConfig) -> None:
        key = (tuple(config.theme.dirs), tuple(config.theme.static_templates))
        if remembered.get("key") == key and _unchanged(remembered["folders"]):
            original(self, _Listing(None, remembered["names"]), config)  # type: ignore[arg-type]
            return
        folders = _folders(config.theme.dirs)
        listing = _Listing(env)
        original(self, listing, config)  # type: ignore[arg-type]
        remembered.update(key=key, folders=folders, names=listing.names)

    add_files_from_theme.plan_listed_once = True  # type: ignore[attr-defined]
    Files.add_files_from_theme = add_files_from_theme  # type: ignore[method-assign]


def main(argv: list[str] | None = None) -> None:
    faster_polling()
    listed_theme_once()
    cli(["serve", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
