"""`make preview`: `mkdocs serve` for a writer, one language, changed pages only, quick to notice.

MkDocs' live-reload server polls the watched files every 0.5 s, so an edit waited a
quarter of a second on average (half a second at worst) before the rebuild even began:
a third of the preview time at the real size (bench/RESULTS.md). This entry point runs
the same `mkdocs serve` with the polling interval at 0.1 s; everything else (the build,
its checks, `--dirty`, `PREVIEW_LANGUAGE`) is MkDocs' and ours unchanged.

Usage (what the Makefile runs): `python -m plan_preview [mkdocs serve options]`.
"""

from __future__ import annotations

import sys
from typing import Any

from mkdocs import livereload
from mkdocs.__main__ import cli

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


def main(argv: list[str] | None = None) -> None:
    faster_polling()
    cli(["serve", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
