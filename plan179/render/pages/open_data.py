"""The open data page."""

from __future__ import annotations

from plan179.export.open_data import (
    LICENCE_URL,
)
from plan179.layout import OPEN_DATA_DIR
from plan179.render.text import Wording


def render(r: Wording, lang: str) -> str:
    return r.render_template(
        "open_data.md.j2",
        lang,
        f"{OPEN_DATA_DIR}/index.md",
        licence_url=LICENCE_URL,
        agencies=[a for a in r.sorted_agencies() if r.calendar_path(a)],
        source_file="data/",
    )
