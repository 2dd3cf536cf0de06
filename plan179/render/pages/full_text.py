"""The full text page."""

from __future__ import annotations

from plan179.data.homes import DOCUMENT
from plan179.layout import GENERATED_DIR
from plan179.render.text import Wording


def render(r: Wording, lang: str) -> str:
    return r.render_template("full_text.md.j2", lang, f"{GENERATED_DIR}/toan-van.md", **r.source_of(DOCUMENT))
