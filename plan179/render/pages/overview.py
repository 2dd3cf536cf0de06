"""The overview page."""

from __future__ import annotations

from plan179.data.homes import DOCUMENT
from plan179.layout import GENERATED_DIR
from plan179.render.text import Wording


def render(r: Wording, lang: str) -> str:
    return r.render_template("overview.md.j2", lang, f"{GENERATED_DIR}/index.md", **r.source_of(DOCUMENT))
