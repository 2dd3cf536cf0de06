"""`make bench`: our build beside the Markdown floor and a plain Material + static-i18n build.

For each size (the real plan, ×10, ×100) it runs, `--runs` times and interleaved:
(a) our full build, both steps of `make site` timed as one command: `mkdocs build
    --strict --clean` (generation, both languages, every hook) then the publishing
    stage `python -m plan179.cli publish` over site/;
(b) the floor: Python-Markdown alone converting exactly the Markdown (a) renders;
(c) plain Material + static-i18n building that same Markdown with none of our hooks,
    overrides or extra assets (same theme settings, nav and Markdown extensions), with
    Material's own search plugin: a plain Material site with search, as column (c) was
    when issue 13 set its target (our build's search is Pagefind, in its publishing stage);
(c′) the same without any search plugin, reported beside it;
and times generation alone (load + validation + quotation check + render + write).
After the builds of a size it indexes (a)'s site with Pagefind and measures in Chromium
what a reader downloads: a first visit, opening search, one query (bench/search_weight.py).
It prints a table of medians with the ratios a/c and a/b and the scaling exponents,
then the serve benchmark (bench/serve.py), and writes bench/results.json and
bench/RESULTS.md (bench/report.py). Speed is measured here, never asserted by a test.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import math
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import asdict
from importlib import metadata
from pathlib import Path
from typing import Any

import yaml

from bench import ROOT
from bench.measure import Run, clean_env, run, summary
from bench.probe import ConfigLoader
from bench.report import TARGETS, baseline, report
from bench.scale import make_project
from bench.search_weight import measure as measure_search
from bench.search_weight import row
from plan179.content.navigation import expand
from plan179.layout import GENERATED_DIRS, TEMPLATE_CACHE

OUT = ROOT / "bench"
BASELINE = "7aa6a57"  # the last results before issue 13 dropped the private-interface patches

# `make site`, both steps, in one shell so one clock and one process tree cover them; the
# marks (our own echo lines) split the time between the engine and the publishing stage.
MAKE_SITE = (
    "set -e; "
    'echo "bench-mark start $(date +%s.%N)"; '
    '"$0" -m mkdocs build --strict --clean; '
    'echo "bench-mark publish $(date +%s.%N)"; '
    '"$0" -m plan179.cli publish --site site --site-url "$SITE_URL"; '
    'echo "bench-mark end $(date +%s.%N)"'
)
_MARK = re.compile(r"^bench-mark (\w+) ([0-9.]+)$", re.MULTILINE)


def full_build(project: Path) -> Run:
    """`make site` from scratch: generated pages and compiled templates deleted first, so
    generation writes every page and the theme's templates are compiled, as in a fresh clone."""
    for name in GENERATED_DIRS:
        shutil.rmtree(project / "docs" / name, ignore_errors=True)
    shutil.rmtree(project / TEMPLATE_CACHE, ignore_errors=True)
    return run(["sh", "-c", MAKE_SITE, sys.executable], project)


def steps(result: Run) -> dict[str, float]:
    """Seconds spent in `mkdocs build` and in the publishing stage, from the marks."""
    marks = {name: float(value) for name, value in _MARK.findall(result.output)}
    return {"engine_s": marks["publish"] - marks["start"], "publish_s": marks["end"] - marks["publish"]}


def probe(what: str, project: Path) -> tuple[Run, dict[str, Any]]:
    result = run([sys.executable, "-m", "bench.probe", what, str(project)], ROOT, clean_env(PYTHONPATH=str(ROOT)))
    return result, json.loads(result.output.strip().splitlines()[-1])


class _Dropped:
    """A `!!python/name:` value of mkdocs.yml, left out of the plain configuration."""


class _PlainLoader(ConfigLoader):
    pass


_PlainLoader.add_multi_constructor("tag:yaml.org,2002:python/name:", lambda loader, suffix, node: _Dropped())


def _without_dropped(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_dropped(v) for k, v in value.items() if not isinstance(v, _Dropped)}
    if isinstance(value, list):
        return [_without_dropped(v) for v in value if not isinstance(v, _Dropped)]
    return value


def read_config(project: Path) -> Any:
    """A project's mkdocs.yml as data (`!ENV` → its default, `!!python/name:` values left out)."""
    return _without_dropped(yaml.load((project / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_PlainLoader))


def configured_plugins(project: Path) -> list[str]:
    """The plugins a project's mkdocs.yml lists, by name."""
    return [p if isinstance(p, str) else next(iter(p)) for p in read_config(project).get("plugins") or []]


def plain_project(project: Path, target: Path, search: bool = True) -> Path:
    """The same Markdown (generated pages included) under a configuration with none of ours.

    No hooks, no theme overrides, no extra CSS/JS. The menu is the one our build makes
    (mkdocs.yml's nav completed from the folders, as hooks/plan_docs_site.py does),
    written out. Plugins: Material's search (unless `search` is False) and static-i18n,
    as in the plain configuration the benchmark had when issue 13 set its targets.
    Theme features, languages and
    Markdown extensions as in our mkdocs.yml. Not strict: without our slugify and hooks
    some anchors differ, which is not a speed matter.
    """
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    shutil.copytree(project / "docs", target / "docs")
    config = read_config(project)
    for key in ("hooks", "watch", "extra_css", "extra_javascript", "strict"):
        config.pop(key, None)
    config.get("theme", {}).pop("custom_dir", None)
    # Our build has no search plugin (Pagefind indexes the built site); a plain site has
    # Material's. An absent `plugins:` would make MkDocs add it: (c′) lists none.
    plugins = [p for p in config.get("plugins") or [] if p not in ("search", "material/search")]
    config["plugins"] = (["search"] if search else []) + plugins
    # Our hooks complete the menu from the folders; (c) gets the same menu, written out,
    # so both render the same navigation into every page.
    config["nav"] = expand(config.get("nav") or [], target / "docs")
    (target / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return target


def plain_build(project: Path) -> Run:
    return run([sys.executable, "-m", "mkdocs", "build", "--clean", "-d", "site"], project)


def exponent(t1: float, t2: float, x1: float, x2: float) -> float:
    """k in t ∝ x^k between two sizes."""
    return math.log(t2 / t1) / math.log(x2 / x1)


def machine() -> dict[str, Any]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions = {}
    for dist in ("mkdocs", "mkdocs-material", "mkdocs-static-i18n", "Markdown", "pymdown-extensions", "PyYAML"):
        try:
            versions[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            versions[dist] = "not installed"
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=False
    ).stdout.strip()
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "versions": versions,
        "commit": commit,
    }


def bench_size(factor: int, runs: int, work: Path) -> dict[str, Any]:
    project = make_project(work / f"x{factor}", factor).root
    print(f"\n== ×{factor}: {project}", flush=True)
    load_before = os.getloadavg()
    full: list[Run] = []
    floor: list[Run] = []
    plain: list[Run] = []
    bare: list[Run] = []
    gen: list[Run] = []
    floor_info: dict[str, Any] = {}
    gen_info: list[dict[str, Any]] = []
    split: list[dict[str, float]] = []
    plain_root: Path | None = None
    bare_root: Path | None = None
    for i in range(runs):
        full.append(full_build(project))
        split.append(steps(full[-1]))
        print(
            f"   (a) full build   run {i + 1}: {full[-1].wall_s:7.2f} s "
            f"(mkdocs build {split[-1]['engine_s']:.2f} s + publish {split[-1]['publish_s']:.2f} s)",
            flush=True,
        )
        if plain_root is None or bare_root is None:
            plain_root = plain_project(project, work / f"x{factor}-plain")
            bare_root = plain_project(project, work / f"x{factor}-bare", search=False)
        result, floor_info = probe("floor", project)
        floor.append(result)
        print(f"   (b) floor        run {i + 1}: {floor[-1].wall_s:7.2f} s", flush=True)
        plain.append(plain_build(plain_root))
        print(f"   (c) plain build  run {i + 1}: {plain[-1].wall_s:7.2f} s", flush=True)
        bare.append(plain_build(bare_root))
        print(f"   (c′) no search   run {i + 1}: {bare[-1].wall_s:7.2f} s", flush=True)
        result, info = probe("generate", project)
        gen.append(result)
        gen_info.append(info)
        print(f"       generation   run {i + 1}: {info['total_s']:7.2f} s", flush=True)
    search = asdict(measure_search(project / "site"))
    print(f"       search: {row(factor, search)}", flush=True)
    pages_vi = len(list((project / "docs").rglob("*.vi.md")))
    gen_total = sorted(g["total_s"] for g in gen_info)[len(gen_info) // 2]
    return {
        "factor": factor,
        "pages_per_language": pages_vi,
        "pages_rendered": floor_info["pages"],
        "markdown_bytes": floor_info["markdown_bytes"],
        "html_bytes_floor": floor_info["html_bytes"],
        "extensions": floor_info["extensions"],
        "full": summary(full) | {k: sorted(x[k] for x in split)[len(split) // 2] for k in ("engine_s", "publish_s")},
        "floor": summary(floor) | {"convert_s": floor_info["convert_s"]},
        "plain": summary(plain) | {"plugins": configured_plugins(work / f"x{factor}-plain")},
        "bare": summary(bare) | {"plugins": configured_plugins(work / f"x{factor}-bare")},
        "generation": summary(gen)
        | {
            "in_process_s": gen_total,
            "phases": {k: sorted(g[k] for g in gen_info)[len(gen_info) // 2] for k in gen_info[0] if k != "pages"},
        },
        "search": search,
        "load_avg_before": load_before,
        "load_avg_after": os.getloadavg(),
    }


def derive(sizes: list[dict[str, Any]]) -> dict[str, Any]:
    """Ratios per size and exponents between consecutive sizes."""
    ratios = {}
    for s in sizes:
        a = s["full"]["wall_s"]
        ratios[f"x{s['factor']}"] = {
            "full_over_floor": a / s["floor"]["wall_s"],
            "full_over_plain": a / s["plain"]["wall_s"],
            "full_over_floor_cpu": s["full"]["cpu_s"] / s["floor"]["cpu_s"],
            "full_over_plain_cpu": s["full"]["cpu_s"] / s["plain"]["cpu_s"],
            **(
                {
                    "full_over_bare": a / s["bare"]["wall_s"],
                    "full_over_bare_cpu": s["full"]["cpu_s"] / s["bare"]["cpu_s"],
                }
                if "bare" in s
                else {}
            ),
            "generation_share": s["generation"]["in_process_s"] / a,
        }
    exponents = {}
    for one, two in itertools.pairwise(sizes):
        key = f"x{one['factor']}->x{two['factor']}"
        exponents[key] = {
            "basis": "Markdown bytes rendered",
            **{
                what: exponent(one[what]["wall_s"], two[what]["wall_s"], one["markdown_bytes"], two["markdown_bytes"])
                for what in ("full", "floor", "plain")
            },
            "full_by_pages": exponent(
                one["full"]["wall_s"], two["full"]["wall_s"], one["pages_rendered"], two["pages_rendered"]
            ),
            # CPU time does not wait for other people's jobs: the steadier figure on a shared machine.
            **{
                f"{what}_cpu": exponent(
                    one[what]["cpu_s"], two[what]["cpu_s"], one["markdown_bytes"], two["markdown_bytes"]
                )
                for what in ("full", "plain")
            },
        }
    return {"ratios": ratios, "exponents": exponents}


def save(results: dict[str, Any], dry: bool) -> None:
    """bench/results.json and bench/RESULTS.md from what has been measured so far."""
    if dry or not results["sizes"]:
        return
    (OUT / "results.json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    (OUT / "RESULTS.md").write_text(report(results), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1,10,100", help="scale factors, comma-separated (default 1,10,100)")
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement, median reported (default 3)")
    parser.add_argument("--serve-sizes", default="1,10", help="sizes for the serve benchmark ('' to skip)")
    parser.add_argument("--edits", type=int, default=3, help="edits per serve measurement (default 3)")
    parser.add_argument("--work", type=Path, help="scratch folder (default: a temporary one, deleted)")
    parser.add_argument(
        "--baseline", default=BASELINE, help=f"commit whose bench/results.json to compare with (default {BASELINE})"
    )
    parser.add_argument("--no-write", action="store_true", help="print only; leave bench/results.* alone")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s]
    serve_sizes = [int(s) for s in args.serve_sizes.split(",") if s]
    work = args.work or Path(tempfile.mkdtemp(prefix="plan-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    results: dict[str, Any] = {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine(),
        "runs": args.runs,
        "targets": TARGETS,
        "baseline": baseline(ROOT, args.baseline),
        "sizes": [],
    }
    try:
        # Written after every size and every serve size, so a run cut short keeps what it measured.
        for factor in sizes:
            results["sizes"].append(bench_size(factor, args.runs, work))
            results |= derive(results["sizes"])
            save(results, args.no_write)
        if serve_sizes:
            from bench.serve import bench_serve

            results["serve"] = []
            for factor in serve_sizes:
                results["serve"] += bench_serve(factor, args.edits, work)
                save(results, args.no_write)
        print("\n" + report(results))
        if not args.no_write:
            print(f"written: {OUT / 'results.json'}, {OUT / 'RESULTS.md'}")
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
