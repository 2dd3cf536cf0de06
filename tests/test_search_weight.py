"""The search-weight targets of issue 14 as bench/run.py reports them (numbers made up here;
the real ones come from Chromium in `make bench`)."""

from __future__ import annotations

from typing import Any

from bench.run import verdicts
from bench.search_weight import row


def weight(first: int, search_requests: int, query: int) -> dict[str, Any]:
    return {
        "index_s": 1.25,
        "index_files": 900,
        "index_bytes": 4_200_000,
        "first_visit_bytes": first,
        "first_visit_requests": 11,
        "first_visit_search_requests": search_requests,
        "open_bytes": 82_000,
        "open_requests": 5,
        "query": "nguồn nhân lực",
        "query_bytes": query,
        "query_requests": 12,
        "query_results": "18 trang có từ cần tìm",
    }


def search_verdicts(sizes: list[dict[str, Any]]) -> dict[str, bool | None]:
    sizes = [{"full": {"peak_mb": 500.0}} | s for s in sizes]  # what the issue-7 verdicts read
    results = {"ratios": {}, "exponents": {}, "sizes": sizes}
    return {name: ok for name, _value, ok in verdicts(results) if "query" in name or "first visit" in name}


def test_targets_met() -> None:
    got = search_verdicts(
        [{"factor": 1, "search": weight(82_000, 0, 95_000)}, {"factor": 100, "search": weight(84_000, 0, 250_000)}]
    )
    assert list(got.values()) == [True, True, True]


def test_each_target_can_fail() -> None:
    heavy = search_verdicts(
        [{"factor": 1, "search": weight(101_000, 0, 1)}, {"factor": 100, "search": weight(1, 1, 300_001)}]
    )
    assert list(heavy.values()) == [False, False, False]


def test_sizes_not_measured_say_so() -> None:
    assert list(search_verdicts([{"factor": 10}]).values()) == [None, None, None]


def test_row_reads_in_kilobytes() -> None:
    line = row(100, weight(84_000, 0, 250_000))
    assert line.startswith("| ×100 | 1.2 s | 900 files, 4.2 MB | 84.0 KB (11 requests, 0 of search)")
    assert "| 250.0 KB (12; 18 trang có từ cần tìm) |" in line
