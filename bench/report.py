"""bench/RESULTS.md from a run's results: the tables, the targets of issue 13 and the change
since the baseline (the last results before the private-interface patches were dropped).

Kept apart from bench/run.py, which measures: this module only formats and compares.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from bench.search_weight import QUERY, TABLE_HEAD, row

TARGETS = {
    "full_over_plain": 1.1,  # issue 13: (a)/(c) wall time at ×10 and ×100
    "exponent": 1.1,  # issue 13: (a) from ×10 to ×100
    "preview_s": 1.5,  # issue 13: `make preview`, saving a file → served page, real size
    "peak_mb": 1024.0,  # issue 13: (a) at ×100
    "first_visit_kb": 100.0,  # issue 14: home page, compressed, at every size
    "query_kb": 300.0,  # issue 14: one three-word query at ×100
}
BUSY = 0.5  # a 1-minute load average above this: the cores were busy (with the bench itself, or more)


def _size(factor: int) -> str:
    return "real" if factor == 1 else f"×{factor}"


def baseline(root: Path, commit: str) -> dict[str, Any] | None:
    """The numbers of bench/results.json as committed at `commit`, or None if git has none."""
    done = subprocess.run(
        ["git", "show", f"{commit}:bench/results.json"], cwd=root, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        return None
    old = json.loads(done.stdout)
    return {
        "commit": commit,
        "measured_at": old["machine"].get("commit", ""),
        "date": old["date"],
        "runs": old["runs"],
        "sizes": {
            str(s["factor"]): {
                "full_wall_s": s["full"]["wall_s"],
                "full_cpu_s": s["full"]["cpu_s"],
                "floor_wall_s": s["floor"]["wall_s"],
                "floor_cpu_s": s["floor"]["cpu_s"],
                "plain_wall_s": s["plain"]["wall_s"],
                "plain_cpu_s": s["plain"]["cpu_s"],
                "peak_mb": s["full"]["peak_mb"],
            }
            for s in old["sizes"]
        },
        "serve": {f"{s['factor']} {s['mode']} {s['edit']}": s["median_s"] for s in old.get("serve", [])},
    }


Verdict = tuple[str, str, bool | None, bool | None]


def _met(value: float | None, limit: float) -> bool | None:
    return None if value is None else value <= limit


def verdicts(results: dict[str, Any]) -> list[Verdict]:
    """Each target of issue 13: its name, the measured value, met in wall time, met in CPU time.

    The targets are wall times; on a shared machine the same target judged on CPU time
    (None where it does not apply or was not measured) tells the work from the wait.
    """
    ratios, exps = results["ratios"], results["exponents"]
    sizes = {s["factor"]: s for s in results["sizes"]}
    out: list[Verdict] = []
    limit = TARGETS["full_over_plain"]
    for f in (10, 100):
        r = ratios.get(f"x{f}") or {}
        bare = (
            f"; without search (c′): {r['full_over_bare']:.2f}×, CPU {r['full_over_bare_cpu']:.2f}×"
            if "full_over_bare" in r
            else ""
        )
        value = (
            f"{r['full_over_plain']:.2f}× (CPU {r['full_over_plain_cpu']:.2f}×{bare}; floor: {r['full_over_floor']:.2f}×)"
            if r
            else "not run"
        )
        out.append(
            (
                f"full build ≤ {limit}× plain (c) at ×{f}",
                value,
                _met(r.get("full_over_plain"), limit),
                _met(r.get("full_over_plain_cpu"), limit),
            )
        )
    e = exps.get("x10->x100") or {}
    out.append(
        (
            f"exponent ≤ {TARGETS['exponent']} from ×10 to ×100",
            f"{e['full']:.2f} (CPU {e['full_cpu']:.2f}; by pages {e['full_by_pages']:.2f})" if e else "not run",
            _met(e.get("full"), TARGETS["exponent"]),
            _met(e.get("full_cpu"), TARGETS["exponent"]),
        )
    )
    serve = [s for s in results.get("serve", []) if s["factor"] == 1 and s["mode"] == "preview"]
    worst = max((s["median_s"] for s in serve), default=None)
    out.append(
        (
            f"`make preview`, saved file → served page ≤ {TARGETS['preview_s']} s at real size",
            f"{worst:.2f} s (slowest of Markdown and YAML edits)" if worst is not None else "not run",
            _met(worst, TARGETS["preview_s"]),
            None,
        )
    )
    s100 = sizes.get(100)
    peak = s100["full"]["peak_mb"] if s100 else None
    out.append(
        (
            f"peak memory ≤ {TARGETS['peak_mb']:.0f} MB at ×100",
            f"{peak:.0f} MB" if peak is not None else "not run",
            _met(peak, TARGETS["peak_mb"]),
            None,
        )
    )
    return out + _search_verdicts(sizes)


def _search_verdicts(sizes: dict[int, dict[str, Any]]) -> list[Verdict]:
    """Issue 14's targets: what a reader downloads (bench/search_weight.py)."""
    out: list[Verdict] = []
    for f in (1, 100):
        w = sizes.get(f, {}).get("search")
        out.append(
            (
                f"first visit of the home page ≤ {TARGETS['first_visit_kb']:.0f} KB, nothing of search, at "
                + _size(f).replace("real", "real size"),
                f"{w['first_visit_bytes'] / 1000:.1f} KB, {w['first_visit_search_requests']} search requests"
                if w
                else "not run",
                w["first_visit_bytes"] <= TARGETS["first_visit_kb"] * 1000 and w["first_visit_search_requests"] == 0
                if w
                else None,
                None,
            )
        )
    w = sizes.get(100, {}).get("search")
    out.append(
        (
            f"query “{QUERY}” ≤ {TARGETS['query_kb']:.0f} KB at ×100",
            f"{w['query_bytes'] / 1000:.1f} KB" if w else "not run",
            w["query_bytes"] <= TARGETS["query_kb"] * 1000 if w else None,
            None,
        )
    )
    return out


def loads(results: dict[str, Any]) -> list[float]:
    """Every 1-minute load average the run recorded."""
    seen = [s[key][0] for s in results["sizes"] for key in ("load_avg_before", "load_avg_after")]
    return seen + [s["load_avg_before"][0] for s in results.get("serve", []) if "load_avg_before" in s]


def _header(results: dict[str, Any]) -> list[str]:
    m = results["machine"]
    v = m["versions"]
    runs = results["runs"]
    how = f"Medians of {runs} runs, interleaved" if runs > 1 else "One run of each (no median)"
    seen = loads(results) or [0.0]
    low, high = min(seen), max(seen)
    machine = (
        f"1-minute load average {low:.1f}–{high:.1f}, recorded before and after each size (last column). "
        "It counts the benchmark's own builds as well as any other work on the machine, so it cannot tell "
        "the two apart. "
    )
    if high > BUSY:
        machine += (
            "Wall times on these shared virtual machines also drift from minute to minute; (a), (b) and (c) "
            "ran one after the other, so even their wall ratios move from run to run. Compare the ratios "
            "within one run, and the CPU columns, which show the work itself, rather than seconds across runs."
        )
    else:
        machine += "It stayed low, so little else can have run."
    plugins = sorted({p for s in results["sizes"] for p in s["plain"].get("plugins", [])})
    pagefind = any("search" in s for s in results["sizes"])  # since issue 14 the publishing stage indexes
    return [
        "# Build benchmark results",
        "",
        f"Measured {results['date']} on {m['nproc']} cores ({m['cpu']}), Python {m['python']}, "
        f"commit {m['commit'] or 'unknown'}; MkDocs {v['mkdocs']}, Material {v['mkdocs-material']}, "
        f"static-i18n {v['mkdocs-static-i18n']}, Python-Markdown {v['Markdown']}. {how}; written by "
        "`make bench` (bench/run.py).",
        "",
        machine,
        "",
        "(a) our full build, both steps of `make site` timed as one command: `mkdocs build --strict --clean` "
        "(generation, both languages one after the other in one process, every hook) then "
        "`python -m plan179.cli publish` (CSP checks, redirects, URL manifest, sitemap"
        + (", Pagefind's search index" if pagefind else "")
        + "); peak memory is the highest sum over its process tree;",
        "(b) the floor: Python-Markdown alone converting the same Markdown with the same extensions;",
        "(c) plain Material + static-i18n on the same Markdown, without our hooks, overrides or assets, "
        f"with the plugins {', '.join(plugins) or 'none'}: a plain Material site with its own search, as "
        "column (c) was when issue 13 set its target"
        + (" ((a)'s search is Pagefind's index, built by its publishing stage)" if pagefind else "")
        + "; (c′) the same without any search plugin, so a/c′ shows what (a) costs beside a site with no "
        "search at all.",
        "Times are whole processes (interpreter start included); CPU is user + system of the process tree. "
        "Each run starts after the disk is flushed (os.sync) and with Python's bytecode cache on, as on "
        "a communicator's machine. The targets compare wall times (what a communicator waits for). "
        "Generation is load, validation, quotation check, render and write of `data/`'s pages in one "
        "process, timed inside it (wall, its share of (a), and CPU).",
    ]


def _tables(results: dict[str, Any]) -> list[str]:
    lines = [
        "",
        "| size | pages (vi+en) | Markdown | (a) full | of which publish | (b) floor | (c) plain | (c′) no search "
        "| a/c | a/c′ | a/b | CPU a / b / c / c′ | CPU a/c | CPU a/c′ | CPU a/b | (a) peak | generation | load avg |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for s in results["sizes"]:
        r = results["ratios"][f"x{s['factor']}"]
        bare = s.get("bare", {"wall_s": float("nan"), "cpu_s": float("nan")})
        lines.append(
            f"| {_size(s['factor'])} | {s['pages_rendered']} | {s['markdown_bytes'] / 1e6:.1f} MB "
            f"| {s['full']['wall_s']:.1f} s | {s['full']['publish_s']:.1f} s | {s['floor']['wall_s']:.1f} s "
            f"| {s['plain']['wall_s']:.1f} s | {bare['wall_s']:.1f} s | {r['full_over_plain']:.2f} "
            f"| {r.get('full_over_bare', float('nan')):.2f} | {r['full_over_floor']:.2f} "
            f"| {s['full']['cpu_s']:.1f} / {s['floor']['cpu_s']:.1f} / {s['plain']['cpu_s']:.1f} / {bare['cpu_s']:.1f} s "
            f"| {r['full_over_plain_cpu']:.2f} | {r.get('full_over_bare_cpu', float('nan')):.2f} "
            f"| {r['full_over_floor_cpu']:.2f} | {s['full']['peak_mb']:.0f} MB "
            f"| {s['generation']['in_process_s']:.2f} s ({r['generation_share']:.1%}; "
            f"CPU {s['generation']['phases'].get('total_cpu_s', 0.0):.2f} s) "
            f"| {s['load_avg_before'][0]:.1f}→{s['load_avg_after'][0]:.1f} |"
        )
    if results["exponents"]:
        lines += [
            "",
            "Scaling exponent k in time ∝ size^k (size = Markdown bytes rendered; 1.0 is linear):",
            "",
            "| between | (a) full | (b) floor | (c) plain | (a) by page count | CPU (a) | CPU (c) |",
            "|---|---|---|---|---|---|---|",
        ]
        for key, e in results["exponents"].items():
            lines.append(
                f"| {key.replace('x1->', 'real->').replace('->', ' → ')} | {e['full']:.2f} | {e['floor']:.2f} "
                f"| {e['plain']:.2f} | {e['full_by_pages']:.2f} "
                f"| {e.get('full_cpu', float('nan')):.2f} | {e.get('plain_cpu', float('nan')):.2f} |"
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
            each = ", ".join(f"{x:.2f}" for x in s["each_s"])
            lines.append(f"| {_size(s['factor'])} | {s['mode_label']} | {s['edit']} | {s['median_s']:.2f} s | {each} |")
    return lines


def _yes(ok: bool | None) -> str:
    return "yes" if ok else "no" if ok is False else "–"


def _change(old: float, new: float) -> str:
    return f"{old:.1f} → {new:.1f} ({new / old - 1:+.0%})"


def _against_baseline(results: dict[str, Any]) -> list[str]:
    base = results.get("baseline")
    if not base:
        return []
    lines = [
        "",
        f"Since the baseline (bench/results.json at {base['commit']}, measured {base['date']} at "
        f"{base['measured_at']}, {base['runs']} runs): then English was built in a forked process beside "
        "Vietnamese, templates came from a compiled-template cache, Material's search plugin ran with our "
        "parser patch in both (a) and (c), and `make preview` ran patched (0.1 s polling, the theme's files "
        "listed once). All of that is gone; the change below is what dropping it cost, or saved "
        "(both (c) columns include Material's search plugin; the baseline's ran with our patch):",
        "",
        "| size | (a) full, s | (a) CPU, s | (b) floor CPU, s | (c) plain, s | (c) CPU, s | a/c | CPU a/c | a/b "
        "| CPU a/b | (a) peak, MB |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    speed = []
    for s in results["sizes"]:
        old = base["sizes"].get(str(s["factor"]))
        if old is None:
            continue
        r = results["ratios"][f"x{s['factor']}"]
        speed.append(s["floor"]["cpu_s"] / old["floor_cpu_s"])
        lines.append(
            f"| {_size(s['factor'])} | {_change(old['full_wall_s'], s['full']['wall_s'])} "
            f"| {_change(old['full_cpu_s'], s['full']['cpu_s'])} "
            f"| {_change(old['floor_cpu_s'], s['floor']['cpu_s'])} "
            f"| {_change(old['plain_wall_s'], s['plain']['wall_s'])} "
            f"| {_change(old['plain_cpu_s'], s['plain']['cpu_s'])} "
            f"| {old['full_wall_s'] / old['plain_wall_s']:.2f} → {r['full_over_plain']:.2f} "
            f"| {old['full_cpu_s'] / old['plain_cpu_s']:.2f} → {r['full_over_plain_cpu']:.2f} "
            f"| {old['full_wall_s'] / old['floor_wall_s']:.2f} → {r['full_over_floor']:.2f} "
            f"| {old['full_cpu_s'] / old['floor_cpu_s']:.2f} → {r['full_over_floor_cpu']:.2f} "
            f"| {old['peak_mb']:.0f} → {s['full']['peak_mb']:.0f} |"
        )
    if speed:
        lines += [
            "",
            f"The floor, the same work in both runs, took {min(speed):.2f}–{max(speed):.2f}× the baseline's CPU "
            "time: the machines differ, so compare the ratios (CPU a/b above all: the work per unit of "
            "Markdown), not the seconds.",
        ]
    serve = [
        (s, base["serve"][key])
        for s in results.get("serve", [])
        if (key := f"{s['factor']} {s['mode']} {s['edit']}") in base["serve"]
    ]
    if serve:
        lines += ["", "| size | serve mode | edit | before → now, s |", "|---|---|---|---|"]
        for s, old_s in serve:
            lines.append(f"| {_size(s['factor'])} | {s['mode']} | {s['edit']} | {old_s:.2f} → {s['median_s']:.2f} |")
    return lines


def _budget(results: dict[str, Any]) -> list[str]:
    """What the build-speed target leaves for our own work, beside what no build of this
    site can leave out; set against the spread of (c), so that a margin within the
    machine's noise is seen as such."""
    limit = TARGETS["full_over_plain"]
    rows = []
    for s in results["sizes"]:
        if s["factor"] == 1 or "bare" not in s or "search" not in s:
            continue
        allowed = limit * s["plain"]["wall_s"]
        fixed = s["bare"]["wall_s"] + s["generation"]["in_process_s"] + s["search"]["index_s"]
        each = [run["wall_s"] for run in s["plain"].get("each", [])]
        spread = f"{max(each) - min(each):.1f} s" if len(each) > 1 else "–"
        rows.append(
            f"| {_size(s['factor'])} | {allowed:.1f} s | {fixed:.1f} s | {allowed - fixed:+.1f} s "
            f"| {s['full']['wall_s'] - fixed:.1f} s | {spread} |"
        )
    if not rows:
        return []
    return [
        "",
        f"What the target of {limit}× (c) leaves. A plain site without search (c′), plus what our build cannot "
        "leave out (generating the plan's pages, indexing search), set against the target; what is left is the "
        "time it allows for everything else our build adds: the page checks, the sanitiser, the CSP per page, our "
        "templates, the publishing stage's interpreter and checks. Medians of runs measured one after the other: "
        "where what is left is smaller than the spread of (c) across runs, the target cannot be told from the "
        "machine's noise.",
        "",
        f"| size | {limit}× (c) | (c′) + generation + search index | left for the rest | the rest took "
        "| spread of (c) |",
        "|---|---|---|---|---|---|",
        *rows,
    ]


def report(results: dict[str, Any]) -> str:
    """RESULTS.md: the tables `make bench` prints, the targets, the change since the baseline."""
    lines = _header(results) + _tables(results)
    if any("search" in s for s in results["sizes"]):
        lines += [
            "",
            "Search (Pagefind, issue 14): what a phone downloads with an empty cache, compressed bodies "
            "plus headers (bench/search_weight.py):",
            "",
            TABLE_HEAD,
        ]
        lines += [row(s["factor"], s["search"]) for s in results["sizes"] if "search" in s]
    lines += [
        "",
        "Targets of issues 13 (point 4) and 14; those of issue 13 are stated in wall time; judged on CPU time too where that applies, "
        "since the wait on a shared machine depends on whatever else it runs:",
        "",
        "| target | measured | met | met in CPU time |",
        "|---|---|---|---|",
    ]
    for name, value, wall, cpu in verdicts(results):
        lines.append(f"| {name} | {value} | {_yes(wall)} | {_yes(cpu)} |")
    lines += _budget(results)
    lines += _against_baseline(results)
    return "\n".join(lines) + "\n"


def main() -> int:
    """`python -m bench.report`: rewrite bench/RESULTS.md from bench/results.json, without measuring."""
    out = Path(__file__).resolve().parent
    results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    if results.get("baseline"):  # read again: the comparison may use more of it than when measured
        results["baseline"] = baseline(out.parent, results["baseline"]["commit"])
    from bench.run import derive  # here, not at the top: bench.run imports this module

    results |= derive(results["sizes"])
    (out / "RESULTS.md").write_text(report(results), encoding="utf-8")
    print(f"written: {out / 'RESULTS.md'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
