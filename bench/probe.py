"""Child processes of the benchmark: the Markdown floor, and generation alone.

`python -m bench.probe floor PROJECT` converts, with Python-Markdown only, exactly the
pages a build of PROJECT renders (each language's pages, plus the Vietnamese pages the
English build falls back to), with the extensions and settings of its mkdocs.yml.
`python -m bench.probe generate PROJECT` times loading, validation, the quotation check
and rendering of `data/` into a fresh folder, as `hooks/plan_site.py` does in a build.
Each prints one JSON object. They run as child processes so the parent can read their
CPU time and peak memory from the kernel, like the builds'.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import json
import re
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

LANGUAGES = ("vi", "en")
DEFAULT = "vi"
BUILTIN_EXTENSIONS = ("toc", "tables", "fenced_code")  # MkDocs always adds these
_FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)  # as mkdocs.utils.meta


def _python_name(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    module, _, name = suffix.rpartition(".")
    return getattr(importlib.import_module(module), name)


def _env(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    values = loader.construct_sequence(node) if isinstance(node, yaml.SequenceNode) else [None]
    return values[-1]


class ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml as MkDocs does for the parts the floor needs (`!ENV` → its default)."""


ConfigLoader.add_constructor("!ENV", _env)
ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/name:", _python_name)


def markdown_settings(project: Path) -> tuple[list[str], dict[str, dict[str, Any]]]:
    """The extensions and their settings of the build, as MkDocs hands them to Python-Markdown."""
    config = yaml.load((project / "mkdocs.yml").read_text(encoding="utf-8"), Loader=ConfigLoader)
    names = list(BUILTIN_EXTENSIONS)
    settings: dict[str, dict[str, Any]] = {}
    for item in config.get("markdown_extensions", []):
        name, conf = (item, {}) if isinstance(item, str) else next(iter(item.items()))
        if name not in names:
            names.append(name)
        settings[name] = dict(conf or {})
    # hooks/plan_site.py sets the toc slugify in on_config; the floor does the same.
    sys.path.insert(0, str(project / "hooks"))
    slugify: Callable[..., str] = importlib.import_module("plan179.data.slug").slugify
    settings.setdefault("toc", {}).setdefault("slugify", slugify)
    return names, settings


def rendered_pages(docs: Path) -> dict[str, list[str]]:
    """Per language, the Markdown bodies its build renders (suffix structure, fallback to vi)."""
    by_page: dict[str, dict[str, Path]] = {}
    for path in sorted(docs.rglob("*.md")):
        rel = path.relative_to(docs).as_posix()
        if any(part.startswith(".") for part in Path(rel).parts):
            continue
        stem = rel[: -len(".md")]
        lang = DEFAULT
        for candidate in LANGUAGES:
            if stem.endswith(f".{candidate}"):
                stem, lang = stem[: -len(candidate) - 1], candidate
        by_page.setdefault(stem, {})[lang] = path
    out: dict[str, list[str]] = {lang: [] for lang in LANGUAGES}
    for versions in by_page.values():
        for lang in LANGUAGES:
            source = versions.get(lang) or versions.get(DEFAULT)
            if source is not None:
                text = source.read_text(encoding="utf-8-sig")
                out[lang].append(_FRONT_MATTER.sub("", text, count=1))
    return out


def floor(project: Path) -> dict[str, Any]:
    """Convert every rendered page once, one Markdown instance per language, reset between pages."""
    import markdown

    started = time.perf_counter()
    names, settings = markdown_settings(project)
    pages = rendered_pages(project / "docs")
    ready = time.perf_counter()
    html_bytes = 0
    for lang in LANGUAGES:
        md = markdown.Markdown(extensions=names, extension_configs=settings)
        for text in pages[lang]:
            md.reset()
            html_bytes += len(md.convert(text).encode("utf-8"))
    done = time.perf_counter()
    return {
        "pages": sum(len(p) for p in pages.values()),
        "markdown_bytes": sum(len(t.encode("utf-8")) for p in pages.values() for t in p),
        "html_bytes": html_bytes,
        "extensions": names,
        "read_s": ready - started,
        "convert_s": done - ready,
    }


def generate(project: Path) -> dict[str, Any]:
    """Load, validate, check quotations and render data/ as the build's on_config does."""
    sys.path.insert(0, str(project / "hooks"))
    started = time.perf_counter()
    plan_load = importlib.import_module("plan179.data.load")
    plan_render = importlib.import_module("plan179.render.site")
    try:
        check_quotes = importlib.import_module("plan179.data.fidelity").check_quotes
    except ImportError:  # pragma: no cover - before the build-time quotation check existed
        check_quotes = None
    # `mkdocs build` lets the generator fork (hooks/plan_parallel.py, on_startup); so does this probe.
    with contextlib.suppress(ImportError):
        importlib.import_module("plan_fork").allow(True)
    imported = time.perf_counter()
    site = plan_load.load(project / "data", root=project)
    loaded = time.perf_counter()
    if check_quotes is not None and check_quotes(site, project):
        raise SystemExit("quotations do not match the official text")
    checked = time.perf_counter()
    with tempfile.TemporaryDirectory() as scratch:
        # Rendered and written as `mkdocs build` does: languages in parallel (hooks/plan_parallel.py).
        count, _changed = plan_render.generate(site, Path(scratch), parallel=True)
    written = time.perf_counter()
    return {
        "pages": count,
        "import_s": imported - started,
        "load_s": loaded - imported,
        "quotes_s": checked - loaded,
        "render_write_s": written - checked,
        "total_s": written - imported,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("what", choices=("floor", "generate"))
    parser.add_argument("project", type=Path)
    args = parser.parse_args(argv)
    result = floor(args.project) if args.what == "floor" else generate(args.project)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
