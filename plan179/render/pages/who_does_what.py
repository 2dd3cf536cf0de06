"""The who does what page."""

from __future__ import annotations

from plan179.layout import GENERATED_DIR
from plan179.render.text import Wording


def render(r: Wording, lang: str) -> str:
    return r.render_template(
        "who_does_what.md.j2",
        lang,
        f"{GENERATED_DIR}/ai-lam-gi.md",
        agencies=r.sorted_agencies(),
        source_file="data/agencies/",
    )
