"""Where generated files go: shared by every room, owned by none."""

from __future__ import annotations

GENERATED_DIR = "ke-hoach"  # the plan's pages, generated from data/ (git-ignored)
OPEN_DATA_DIR = "du-lieu"  # the open-data downloads and their page (git-ignored)
GENERATED_DIRS = (GENERATED_DIR, OPEN_DATA_DIR)
TEMPLATE_CACHE = ".cache/jinja"  # the theme's compiled templates, kept between builds (git-ignored)
