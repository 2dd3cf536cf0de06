"""The funding page."""

from __future__ import annotations

from plan179.layout import GENERATED_DIR
from plan179.render.text import Wording


def render(r: Wording, lang: str) -> str:
    return r.render_template(
        "funding.md.j2", lang, f"{GENERATED_DIR}/kinh-phi.md", **r.source_of(r.site.plan.funding[0].id)
    )
