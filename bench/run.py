"""`make bench`: our build beside the Markdown floor and a plain Material + static-i18n build.

For each size (the real plan, ×10, ×100) it runs, `--runs` times and interleaved:
(a) our full build, `mkdocs build --strict` (generation + both languages + search);
(b) the floor: Python-Markdown alone converting exactly the Markdown (a) renders;
(c) plain Material + static-i18n building that same Markdown without our hooks,
    overrides or extra assets (same theme settings, nav and Markdown extensions);
and times generation alone (load + validation + quotation check + render + write).
After the builds of a size it indexes (a)'s site with Pagefind and measures in Chromium
what a reader downloads: a first visit, opening search, one query (bench/search_weight.py).
It prints a table of medians with the ratios a/b and a/c and the scaling exponents,
then the serve benchmark (bench/serve.py), and writes bench/results.json and
bench/RESULTS.md. Speed is measured here, never asserted by a test.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import math
import os
import platform
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
from bench.scale import make_project
from bench.search_weight import QUERY, TABLE_HEAD, row
from bench.search_weight import measure as measure_search

OUT = ROOT / "bench"
TARGETS = {
    "full_over_floor": 2.0,  # (a)/(b) at ×10 and ×100
    "exponent": 1.1,  # (a) from ×10 to ×100
    "generation_share": 0.05,  # generation / (a) at ×100
    "preview_s": 1.5,  # after an edit, real size
    "peak_mb": 1024.0,  # (a) at ×100
    "first_visit_kb": 100.0,  # issue 14: home page, compressed, at every size
    "query_kb": 300.0,  # issue 14: one three-word query at ×100
}


def generated_dirs(project: Path) -> list[Path]:
    """Folders the generator owns under docs/ (deleted before each run, so it writes them all)."""
    sys.path.insert(0, str(project / "hooks"))
    try:
        import plan179.render.site as plan_render

        names = getattr(plan_render, "GENERATED_DIRS", (plan_render.GENERATED_DIR,))
    finally:
        sys.path.remove(str(project / "hooks"))
    return [project / "docs" / name for name in names]


def full_build(project: Path) -> Run:
    for folder in generated_dirs(project):
        shutil.rmtree(folder, ignore_errors=True)
    return run([sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "-d", "site"], project)


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


def plain_project(project: Path, target: Path) -> Path:
    """The same Markdown (generated pages included) under a configuration with none of ours.

    No hooks, no theme overrides, no extra CSS/JS, only the search and i18n plugins;
    theme features, nav, languages and Markdown extensions as in our mkdocs.yml. Not
    strict: without our slugify and hooks some anchors differ, which is not a speed matter.
    """
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    shutil.copytree(project / "docs", target / "docs")
    config = _without_dropped(yaml.load((project / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_PlainLoader))
    for key in ("hooks", "watch", "extra_css", "extra_javascript", "strict"):
        config.pop(key, None)
    config.get("theme", {}).pop("custom_dir", None)
    keep = {"search", "material/search", "i18n"}
    config["plugins"] = [p for p in config.get("plugins", []) if (p if isinstance(p, str) else next(iter(p))) in keep]
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
    gen: list[Run] = []
    floor_info: dict[str, Any] = {}
    gen_info: list[dict[str, Any]] = []
    plain_root: Path | None = None
    for i in range(runs):
        full.append(full_build(project))
        print(f"   (a) full build   run {i + 1}: {full[-1].wall_s:7.2f} s", flush=True)
        if plain_root is None:
            plain_root = plain_project(project, work / f"x{factor}-plain")
        result, floor_info = probe("floor", project)
        floor.append(result)
        print(f"   (b) floor        run {i + 1}: {floor[-1].wall_s:7.2f} s", flush=True)
        plain.append(plain_build(plain_root))
        print(f"   (c) plain build  run {i + 1}: {plain[-1].wall_s:7.2f} s", flush=True)
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
        "full": summary(full),
        "floor": summary(floor) | {"convert_s": floor_info["convert_s"]},
        "plain": summary(plain),
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
        }
    return {"ratios": ratios, "exponents": exponents}


def verdicts(results: dict[str, Any]) -> list[tuple[str, str, bool | None]]:
    """Each target of issues 7 and 14 with the measured value; None when not measured in this run."""
    ratios, exps = results["ratios"], results["exponents"]
    sizes = {s["factor"]: s for s in results["sizes"]}
    out: list[tuple[str, str, bool | None]] = []
    for f in (10, 100):
        r = ratios.get(f"x{f}")
        out.append(
            (
                f"full build ≤ {TARGETS['full_over_floor']}× floor at ×{f}",
                f"{r['full_over_floor']:.2f}×" if r else "not run",
                r["full_over_floor"] <= TARGETS["full_over_floor"] if r else None,
            )
        )
    e = exps.get("x10->x100")
    out.append(
        (
            f"exponent ≤ {TARGETS['exponent']} from ×10 to ×100",
            f"{e['full']:.2f} (by pages {e['full_by_pages']:.2f})" if e else "not run",
            e["full"] <= TARGETS["exponent"] if e else None,
        )
    )
    r = ratios.get("x100")
    out.append(
        (
            f"generation ≤ {TARGETS['generation_share']:.0%} of the full build at ×100",
            f"{r['generation_share']:.1%}" if r else "not run",
            r["generation_share"] <= TARGETS["generation_share"] if r else None,
        )
    )
    serve = [s for s in results.get("serve", []) if s["factor"] == 1 and s["mode"] == "preview"]
    worst = max((s["median_s"] for s in serve), default=None)
    out.append(
        (
            f"preview after an edit ≤ {TARGETS['preview_s']} s at real size",
            f"{worst:.2f} s (slowest of Markdown and YAML edits)" if worst is not None else "not run",
            worst <= TARGETS["preview_s"] if worst is not None else None,
        )
    )
    s100 = sizes.get(100)
    out.append(
        (
            f"peak memory ≤ {TARGETS['peak_mb']:.0f} MB at ×100",
            f"{s100['full']['peak_mb']:.0f} MB" if s100 else "not run",
            s100["full"]["peak_mb"] <= TARGETS["peak_mb"] if s100 else None,
        )
    )
    for f in (1, 100):
        w = sizes.get(f, {}).get("search")
        out.append(
            (
                f"first visit of the home page ≤ {TARGETS['first_visit_kb']:.0f} KB, nothing of search, at "
                + ("real size" if f == 1 else f"×{f}"),
                f"{w['first_visit_bytes'] / 1000:.1f} KB, {w['first_visit_search_requests']} search requests"
                if w
                else "not run",
                w["first_visit_bytes"] <= TARGETS["first_visit_kb"] * 1000 and w["first_visit_search_requests"] == 0
                if w
                else None,
            )
        )
    w = sizes.get(100, {}).get("search")
    out.append(
        (
            f"query “{QUERY}” ≤ {TARGETS['query_kb']:.0f} KB at ×100",
            f"{w['query_bytes'] / 1000:.1f} KB" if w else "not run",
            w["query_bytes"] <= TARGETS["query_kb"] * 1000 if w else None,
        )
    )
    return out


def report(results: dict[str, Any]) -> str:
    """RESULTS.md: the tables `make bench` prints."""
    m = results["machine"]
    v = m["versions"]
    lines = [
        "# Build benchmark results",
        "",
        f"Measured {results['date']} on {m['nproc']} cores ({m['cpu']}), Python {m['python']}, "
        f"commit {m['commit'] or 'unknown'}; MkDocs {v['mkdocs']}, Material {v['mkdocs-material']}, "
        f"static-i18n {v['mkdocs-static-i18n']}, Python-Markdown {v['Markdown']}. Medians of "
        f"{results['runs']} runs, interleaved; written by `make bench` (bench/run.py).",
        "",
        "(a) our full build: `mkdocs build --strict` (generation, both languages, search, every hook); "
        "it builds English in a forked process beside Vietnamese (hooks/plan_parallel.py), so its "
        "wall time uses two cores while its CPU time is the work of both; peak memory is the sum "
        "over its processes;",
        "(b) the floor: Python-Markdown alone converting the same Markdown with the same extensions;",
        "(c) plain Material + static-i18n on the same Markdown, without our hooks, overrides or assets.",
        "Times are whole processes (interpreter start included); CPU is user + system of the process tree. "
        "Each run starts after the disk is flushed (os.sync) and with Python's bytecode cache on, as on "
        "a communicator's machine. The targets compare wall times (what a communicator waits for); "
        "CPU a/b shows the work.",
        "",
        "| size | pages (vi+en) | Markdown | (a) full | (b) floor | (c) plain | a/b | a/c "
        "| CPU a / b / c | CPU a/b | (a) peak | generation | load avg |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for s in results["sizes"]:
        r = results["ratios"][f"x{s['factor']}"]
        lines.append(
            f"| {'real' if s['factor'] == 1 else '×' + str(s['factor'])} | {s['pages_rendered']} "
            f"| {s['markdown_bytes'] / 1e6:.1f} MB | {s['full']['wall_s']:.1f} s | {s['floor']['wall_s']:.1f} s "
            f"| {s['plain']['wall_s']:.1f} s | {r['full_over_floor']:.2f} | {r['full_over_plain']:.2f} "
            f"| {s['full']['cpu_s']:.1f} / {s['floor']['cpu_s']:.1f} / {s['plain']['cpu_s']:.1f} s "
            f"| {r['full_over_floor_cpu']:.2f} | {s['full']['peak_mb']:.0f} MB "
            f"| {s['generation']['in_process_s']:.2f} s ({r['generation_share']:.1%}) "
            f"| {s['load_avg_before'][0]:.1f}→{s['load_avg_after'][0]:.1f} |"
        )
    if results["exponents"]:
        lines += [
            "",
            "Scaling exponent k in time ∝ size^k (size = Markdown bytes rendered; 1.0 is linear):",
            "",
            "| between | (a) full | (b) floor | (c) plain | (a) by page count |",
            "|---|---|---|---|---|",
        ]
        for key, e in results["exponents"].items():
            lines.append(
                f"| {key.replace('x1->', 'real->').replace('->', ' → ')} | {e['full']:.2f} | {e['floor']:.2f} "
                f"| {e['plain']:.2f} | {e['full_by_pages']:.2f} |"
            )
    if results.get("serve"):
        lines += [
            "",
            "`mkdocs serve`: from saving a file to the rebuilt page served over HTTP (median of "
            f"{results['serve'][0]['edits']} edits each):",
            "",
            "| size | mode | edit | median | each |",
            "|---|---|---|---|---|",
        ]
        for s in results["serve"]:
            size = "real" if s["factor"] == 1 else f"×{s['factor']}"
            each = ", ".join(f"{x:.2f}" for x in s["each_s"])
            lines.append(f"| {size} | {s['mode_label']} | {s['edit']} | {s['median_s']:.2f} s | {each} |")
    if any("search" in s for s in results["sizes"]):
        lines += [
            "",
            "Search (Pagefind, issue 14): what a phone downloads with an empty cache, compressed bodies "
            "plus headers (bench/search_weight.py):",
            "",
            TABLE_HEAD,
        ]
        lines += [row(s["factor"], s["search"]) for s in results["sizes"] if "search" in s]
    lines += ["", "Targets of issues 7 and 14:", "", "| target | measured | met |", "|---|---|---|"]
    for name, value, ok in verdicts(results):
        lines.append(f"| {name} | {value} | {'yes' if ok else 'no' if ok is False else '–'} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1,10,100", help="scale factors, comma-separated (default 1,10,100)")
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement, median reported (default 3)")
    parser.add_argument("--serve-sizes", default="1,10", help="sizes for the serve benchmark ('' to skip)")
    parser.add_argument("--edits", type=int, default=3, help="edits per serve measurement (default 3)")
    parser.add_argument("--work", type=Path, help="scratch folder (default: a temporary one, deleted)")
    parser.add_argument("--no-write", action="store_true", help="print only; leave bench/results.* alone")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s]
    serve_sizes = [int(s) for s in args.serve_sizes.split(",") if s]
    work = args.work or Path(tempfile.mkdtemp(prefix="plan-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        results: dict[str, Any] = {
            "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
            "machine": machine(),
            "runs": args.runs,
            "targets": TARGETS,
            "sizes": [bench_size(f, args.runs, work) for f in sizes],
        }
        results |= derive(results["sizes"])
        if serve_sizes:
            from bench.serve import bench_serve

            results["serve"] = [row for f in serve_sizes for row in bench_serve(f, args.edits, work)]
        text = report(results)
        print("\n" + text)
        if not args.no_write:
            (OUT / "results.json").write_text(
                json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
            )
            (OUT / "RESULTS.md").write_text(text, encoding="utf-8")
            print(f"written: {OUT / 'results.json'}, {OUT / 'RESULTS.md'}")
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
