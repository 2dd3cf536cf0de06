"""Search weight (issue 14): what a reader's browser downloads, at the real size and ×100.

In Chromium (Debian's, as the browser tests), on a phone-sized page served with gzip like
GitHub Pages (tests/site_server.py), with an empty cache:
  1. a first visit to the home page: every byte received, and whether anything of the
     search (site/pagefind/) was among it (nothing should be);
  2. opening search: Pagefind's script, worker, WebAssembly and the language's metadata;
  3. one three-word query of the plan, pasted: the index chunks and the fragments of the
     first results drawn.
Bytes are as received: compressed bodies plus response headers. The index is written by
plan179/publish/search.py, timed here too. Measured, never asserted: targets are
reported by bench/run.py (≤ 100 KB first visit at both sizes, ≤ 300 KB per query at ×100).

Run alone: `python -m bench.search_weight --sizes 1,100` (builds each size once), or
`python -m bench.search_weight --site site` for a site already built.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from plan179.publish.search import build_search_index
from playwright.sync_api import Request, sync_playwright

from bench.measure import run
from bench.scale import make_project
from browser.helpers import CHROMIUM, CHROMIUM_ARGS, PREFIX, VIEWPORTS
from site_server import serving

QUERY = "nguồn nhân lực"  # three words of the plan ("phát triển nguồn nhân lực", mục II.2)
BUNDLE = "/pagefind/"


@dataclass(frozen=True)
class SearchWeight:
    """Bytes received (compressed bodies + headers) in each step, and the index itself."""

    index_s: float  # time to write the index (Pagefind over site/)
    index_files: int
    index_bytes: int  # everything under site/pagefind/, on disk (Pagefind gzips its chunks)
    first_visit_bytes: int
    first_visit_requests: int
    first_visit_search_requests: int  # requests to site/pagefind/ before search is opened
    open_bytes: int
    open_requests: int
    query: str
    query_bytes: int
    query_requests: int
    query_results: str  # the result count line shown


class _Meter:
    """Every finished request of a browser context, with its size on the wire."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, int]] = []

    def __call__(self, request: Request) -> None:
        sizes = request.sizes()
        self.seen.append((request.url, int(sizes["responseBodySize"]) + int(sizes["responseHeadersSize"])))

    def since(self, mark: int) -> tuple[int, int, int]:
        """(bytes, requests, requests to the search bundle) since `mark` requests."""
        step = self.seen[mark:]
        return sum(n for _, n in step), len(step), sum(1 for url, _ in step if BUNDLE in url)


def _settle(page: Any, meter: _Meter, quiet_ms: int = 500, limit_s: float = 30.0) -> None:
    """Until no request has finished for `quiet_ms` (the worker's fetches included)."""
    deadline = time.monotonic() + limit_s
    count = -1
    while time.monotonic() < deadline and count != len(meter.seen):
        count = len(meter.seen)
        page.wait_for_timeout(quiet_ms)


def measure(site_dir: Path, query: str = QUERY) -> SearchWeight:
    """Index `site_dir` with Pagefind, then measure a reader's downloads in Chromium."""
    started = time.perf_counter()
    build_search_index(site_dir)
    index_s = time.perf_counter() - started
    files = [p for p in (site_dir / "pagefind").rglob("*") if p.is_file()]
    with serving(site_dir, 0, PREFIX) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(**VIEWPORTS["phone"])
            meter = _Meter()
            context.on("requestfinished", meter)
            page = context.new_page()
            page.goto(url)
            page.wait_for_load_state("networkidle")
            _settle(page, meter)
            first = meter.since(0)
            mark = len(meter.seen)
            page.locator(".plan-search-open").click()
            page.wait_for_function("() => document.getElementById('__search').checked")
            _settle(page, meter)
            opened = meter.since(mark)
            mark = len(meter.seen)
            page.locator("#plan-search-input").fill(query)
            page.wait_for_function(
                "(q) => document.getElementById('plan-search').dataset.searched === q", arg=query, timeout=60_000
            )
            _settle(page, meter)
            searched = meter.since(mark)
            shown = page.locator("#plan-search-status").text_content() or ""
        finally:
            browser.close()
    return SearchWeight(
        index_s=index_s,
        index_files=len(files),
        index_bytes=sum(p.stat().st_size for p in files),
        first_visit_bytes=first[0],
        first_visit_requests=first[1],
        first_visit_search_requests=first[2],
        open_bytes=opened[0],
        open_requests=opened[1],
        query=query,
        query_bytes=searched[0],
        query_requests=searched[1],
        query_results=shown.strip(),
    )


def row(factor: int, w: dict[str, Any]) -> str:
    """One line of the RESULTS.md table."""
    size = "real" if factor == 1 else f"×{factor}"
    return (
        f"| {size} | {w['index_s']:.1f} s | {w['index_files']} files, {w['index_bytes'] / 1e6:.1f} MB "
        f"| {w['first_visit_bytes'] / 1000:.1f} KB ({w['first_visit_requests']} requests, "
        f"{w['first_visit_search_requests']} of search) | {w['open_bytes'] / 1000:.1f} KB ({w['open_requests']}) "
        f"| {w['query_bytes'] / 1000:.1f} KB ({w['query_requests']}; {w['query_results']}) |"
    )


TABLE_HEAD = (
    "| size | index written in | index on disk | first visit, home (phone) | opening search | "
    f"query “{QUERY}” |\n|---|---|---|---|---|---|"
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1,100", help="scale factors to build and measure (default 1,100)")
    parser.add_argument("--site", type=Path, help="measure this built site instead of building")
    parser.add_argument("--work", type=Path, help="scratch folder (default: a temporary one)")
    args = parser.parse_args(argv)
    if args.site:
        print(json.dumps(asdict(measure(args.site)), indent=2, ensure_ascii=False))
        return 0
    work = args.work or Path(tempfile.mkdtemp(prefix="plan-search-weight-"))
    print(TABLE_HEAD)
    for factor in (int(s) for s in args.sizes.split(",") if s):
        project = make_project(work / f"x{factor}", factor).root
        run([sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "-d", "site"], project)
        print(row(factor, asdict(measure(project / "site"))), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
