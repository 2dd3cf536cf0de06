"""The agency page."""

from __future__ import annotations

from plan179.data.model import (
    Agency,
)
from plan179.layout import GENERATED_DIR
from plan179.render.text import Wording


def render(r: Wording, agency: Agency, lang: str) -> str:
    groups = r.groups_of(agency)
    return r.render_template(
        "agency.md.j2",
        lang,
        f"{GENERATED_DIR}/co-quan/{agency.slug}.md",
        agency=agency,
        groups=groups,
        obligations=r.obligations_of(agency),
        # The page's own duties if it has any, else those of its first group (in plan.yml).
        **r.source_of(agency.id if agency.duties or not groups else groups[0].id),
        record_file=r.site.files[agency.id],  # its changes date the page too
    )
