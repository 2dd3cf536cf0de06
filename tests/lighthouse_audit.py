"""`make audit`: Lighthouse 12.2.3 (mobile) on the built site, median of 3 runs per page.

Builds the site with `SITE_URL` at a local port, serves it like GitHub Pages (gzip,
`Cache-Control: max-age=600`, under `/ke-hoach-179/`; see tests/site_server.py) so
that the compression audits measure the site and not the server, runs Lighthouse with
Debian's Chromium on the home, a pillar, an agency and an article page in both
languages, and writes every score and the medians to `reports/lighthouse.json`
(git-ignored). `tests/browser/test_lighthouse_report.py` checks that report against
the budget when it exists. Lighthouse 13 needs Node 22; 12.2.3 runs on Node 20.

Usage: python tests/lighthouse_audit.py [--runs 3] [--out reports/lighthouse.json]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from build_helpers import ROOT, copy_project, mkdocs_build
from site_server import free_port, serving

LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = "/usr/bin/chromium"
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking "
    "--disable-component-update --disable-sync --disable-dev-shm-usage"
)
PREFIX = "/ke-hoach-179/"
PAGES = {
    "home": "",
    "pillar": "ke-hoach/noi-dung/cong-dong-ben-vung/",
    "agency": "ke-hoach/co-quan/so-y-te/",
    "article": "tim-hieu/hoi-dap/",
}
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
# The budget: mobile Performance >= 95 (median of 3), the other three at 100.
THRESHOLDS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
METRICS = ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift")


def run_lighthouse(url: str, out: Path) -> dict[str, Any]:
    """One mobile Lighthouse run; the parts of its report we keep."""
    env = dict(os.environ, CHROME_PATH=CHROMIUM)
    cmd = [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={out}",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={CHROME_FLAGS}",
    ]
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300, check=False)
    if proc.returncode != 0 or not out.exists():
        raise RuntimeError(f"lighthouse failed on {url} (exit {proc.returncode}):\n{proc.stderr[-2000:]}")
    report = json.loads(out.read_text(encoding="utf-8"))
    failed = {
        name: sorted(
            ref["id"]
            for ref in category["auditRefs"]
            if ref.get("weight", 0) > 0 and (report["audits"][ref["id"]].get("score") or 0) < 1
        )
        for name, category in report["categories"].items()
    }
    return {
        "scores": {name: round(100 * (category["score"] or 0)) for name, category in report["categories"].items()},
        "metrics": {m: report["audits"][m].get("numericValue") for m in METRICS},
        "bytes": report["audits"]["total-byte-weight"].get("numericValue"),
        "failed_audits": {k: v for k, v in failed.items() if v},
        "runtime_error": report.get("runtimeError"),
    }


def audit(runs: int, out_path: Path) -> dict[str, Any]:
    if not LIGHTHOUSE.exists():
        sys.exit("Lighthouse is missing: run `npm ci` in the project root")
    port = free_port()
    site_url = f"http://127.0.0.1:{port}{PREFIX}"
    with tempfile.TemporaryDirectory(prefix="audit-") as tmp:
        project = copy_project(Path(tmp) / "project")
        print(f"building the site for {site_url} …", flush=True)
        built = mkdocs_build(project, site_url=site_url)
        if built.code != 0:
            sys.exit(f"the build failed:\n{built.output}")
        results: dict[str, Any] = {}
        with serving(built.site, port, PREFIX) as base:
            for lang in ("vi", "en"):
                for kind, path in PAGES.items():
                    key = f"{kind}-{lang}"
                    url = base + (path if lang == "vi" else f"en/{path}")
                    samples = []
                    for n in range(runs):
                        started = time.monotonic()
                        samples.append(run_lighthouse(url, Path(tmp) / f"{key}-{n}.json"))
                        print(
                            f"  {key} run {n + 1}: {samples[-1]['scores']} ({time.monotonic() - started:.0f} s)",
                            flush=True,
                        )
                    median = {c: statistics.median(s["scores"][c] for s in samples) for c in CATEGORIES}
                    results[key] = {"url": url.replace(base, PREFIX), "median": median, "runs": samples}
    chromium = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True, check=False).stdout.strip()
    report = {
        "tool": "lighthouse 12.2.3 (mobile emulation, default throttling)",
        "browser": chromium,
        "server": "tests/site_server.py: gzip, Cache-Control max-age=600, like GitHub Pages",
        "runs_per_page": runs,
        "thresholds": THRESHOLDS,
        "pages": results,
    }
    out_path.parent.mkdir(parents=True, exist_ok=True)
    out_path.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return report


def below_budget(report: dict[str, Any]) -> list[str]:
    """Every page and category whose median misses its threshold."""
    problems = []
    for key, page in report["pages"].items():
        for category, minimum in report["thresholds"].items():
            if page["median"][category] < minimum:
                problems.append(f"{key}: {category} {page['median'][category]} < {minimum}")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path, default=ROOT / "reports" / "lighthouse.json")
    args = parser.parse_args()
    report = audit(args.runs, args.out)
    print(f"\n{'page':<14}" + "".join(f"{c:>16}" for c in CATEGORIES))
    for key, page in report["pages"].items():
        print(f"{key:<14}" + "".join(f"{page['median'][c]:>16}" for c in CATEGORIES))
    problems = below_budget(report)
    print(f"\nreport: {args.out}")
    if problems:
        print("below the budget:\n  " + "\n  ".join(problems))
        return 1
    print("every page meets the budget")
    return 0


if __name__ == "__main__":
    sys.exit(main())
