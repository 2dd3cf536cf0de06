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

from pathlib import Path

from plan179.data.stamps import Freshness

TEMPLATES = Path(__file__).parent / "templates"


GENERATION = Freshness()
