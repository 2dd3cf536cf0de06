"""The Lighthouse budget, checked on the report `make audit` writes (skipped until it exists).

Lighthouse's performance score is noisy on two cores, so it is measured by `make audit`
(median of 3 runs per page) rather than asserted by a timed test; this test reads what
was measured.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from lighthouse_audit import CATEGORIES, PAGES, THRESHOLDS, below_budget

REPORT = Path(__file__).resolve().parent.parent / "reports" / "lighthouse.json"


@pytest.fixture(scope="module")
def report() -> dict[str, Any]:
    if not REPORT.exists():
        pytest.skip(f"no Lighthouse report at {REPORT.name}: run `make audit` to measure (about 5 minutes)")
    data: dict[str, Any] = json.loads(REPORT.read_text(encoding="utf-8"))
    return data


def test_report_covers_every_audited_page_in_both_languages(report: dict[str, Any]) -> None:
    assert set(report["pages"]) == {f"{kind}-{lang}" for kind in PAGES for lang in ("vi", "en")}
    for key, page in report["pages"].items():
        assert len(page["runs"]) >= 3, f"{key}: the budget is on the median of at least 3 runs"
        assert set(page["median"]) == set(CATEGORIES)


def test_every_page_meets_the_budget(report: dict[str, Any]) -> None:
    assert report["thresholds"] == THRESHOLDS
    assert below_budget(report) == []


def test_below_budget_names_each_miss() -> None:
    """The checker itself: a made-up report with one miss is reported, a good one is not."""
    good = {"median": dict.fromkeys(CATEGORIES, 100)}
    bad = {"median": {**good["median"], "performance": 90}}
    assert below_budget({"thresholds": THRESHOLDS, "pages": {"home-vi": good}}) == []
    assert below_budget({"thresholds": THRESHOLDS, "pages": {"home-vi": bad}}) == ["home-vi: performance 90 < 95"]
