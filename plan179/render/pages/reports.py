"""The reports page."""

from __future__ import annotations

from plan179.data.model import (
    ReportStatus,
)
from plan179.layout import GENERATED_DIR
from plan179.render.text import Wording


def render(r: Wording, lang: str) -> str:
    return r.render_template(
        "reports.md.j2",
        lang,
        f"{GENERATED_DIR}/bao-cao.md",
        agencies=r.sorted_agencies(),
        statuses=list(ReportStatus),
        source_file="data/reports/",
    )
