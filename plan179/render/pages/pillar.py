"""The pillar page."""

from __future__ import annotations

from plan179.data.model import (
    Pillar,
)
from plan179.layout import GENERATED_DIR
from plan179.render.text import Wording


def render(r: Wording, pillar: Pillar, lang: str) -> str:
    char = next(c for c in r.site.plan.characteristics if c.letter == pillar.characteristic)
    return r.render_template(
        "pillar.md.j2",
        lang,
        f"{GENERATED_DIR}/noi-dung/{pillar.slug}.md",
        pillar=pillar,
        characteristic=char,
        **r.source_of(pillar.id),
    )
