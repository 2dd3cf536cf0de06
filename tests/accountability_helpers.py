"""Scratch copies of data/ with the invented test reports and successor of tests/fixtures/.

The real data/reports/ starts empty and most agencies have no recorded successor, so
pages that show reports, or a successor with every field, are exercised with these fixtures.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from plan179.data.load import SiteData, load
from plan179.render.site import render_site

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
SUCCESSOR_AGENCY = "so-lao-dong-thuong-binh-va-xa-hoi"
# Mid-2020: some report deadlines past, 2020 under way, later ones upcoming.
MID_2020 = dt.date(2020, 6, 1)


def fixture_data(target: Path, *, reports: bool = True, successor: bool = False) -> Path:
    """Copy data/ to `target`/data, adding the fixture reports and/or successor."""
    data = target / "data"
    shutil.copytree(ROOT / "data", data)
    if reports:
        for path in sorted((FIXTURES / "reports").glob("*.yml")):
            shutil.copy(path, data / "reports" / path.name)
    if successor:
        add_successor(data)
    return data


def add_successor(data: Path) -> None:
    """Append the fixture successor (a `successors:` block) to one agency file."""
    agency = data / "agencies" / f"{SUCCESSOR_AGENCY}.yml"
    block = (FIXTURES / "successor.yml").read_text(encoding="utf-8")
    block = "\n".join(line for line in block.splitlines() if not line.startswith("#")) + "\n"
    agency.write_text(agency.read_text(encoding="utf-8") + block, encoding="utf-8")


def load_fixture(target: Path, *, reports: bool = True, successor: bool = False) -> SiteData:
    data = fixture_data(target, reports=reports, successor=successor)
    return load(data, root=data.parent)


def render(site: SiteData, today: dt.date = MID_2020) -> dict[str, str]:
    """Every generated file of `site`, by path under docs/."""
    return {p.path: p.content for p in render_site(site, today)}
