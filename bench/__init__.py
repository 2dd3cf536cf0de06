"""Build-speed benchmark: synthetic plans scaled from the real one, timed beside their peers.

`python -m bench.run` (or `make bench`) scales the project ×10 and ×100, builds each size
several times with our hooks, with Python-Markdown alone (the floor) and with a plain
Material + static-i18n configuration, and writes `bench/results.json` and `bench/RESULTS.md`.
The generator (`bench.scale`) writes real `data/` YAML and `docs/` Markdown into a scratch
copy and validates it with the same loader as the build, so the benchmark measures the
real code path and nothing else.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# The generator reuses the build's own modules (hooks/) and the tests' project copier
# (tests/build_helpers.py), exactly as MkDocs and pytest see them.
for _folder in (ROOT, ROOT / "hooks", ROOT / "tests"):
    if str(_folder) not in sys.path:
        sys.path.insert(0, str(_folder))
