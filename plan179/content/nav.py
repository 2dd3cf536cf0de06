"""The navigation of mkdocs.yml: every line names a page that exists.

MkDocs reports a nav line naming a missing file only as a warning without its line,
then stops the strict build with "Aborted with N warnings". An agency renamed (its
old slug kept in `former_slugs`, as the data check advises) leaves exactly such a line.
This check names `mkdocs.yml:<line>`, the missing page, and the closest page that
exists. The hook reads the nav from MkDocs' config (`config['nav']`); `make check`
reads mkdocs.yml itself. Lines are found in the file's own text.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import yaml

from plan179.data.load import LANGUAGES, Located

CONFIG = "mkdocs.yml"
_SUFFIX = re.compile(rf"^(.+)\.(?:{'|'.join(LANGUAGES)})\.md$")


def nav_paths(nav: Any) -> list[str]:
    """Every page path of a nav (as MkDocs reads it), in order; links to other sites left out."""
    out: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, str):
            if not re.match(r"^[a-z][a-z0-9+.-]*:", node, re.I) and not node.startswith("/"):
                out.append(node)
        elif isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, dict):
            for value in node.values():
                walk(value)

    walk(nav)
    return out


def read_nav(config: Path) -> list[str]:
    """The nav of mkdocs.yml, for `make check` (tags such as !ENV read as empty)."""

    class _Loader(yaml.SafeLoader):
        pass

    _Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    _Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
    try:
        data = yaml.load(config.read_text(encoding="utf-8"), Loader=_Loader)
    except (OSError, yaml.YAMLError):
        return []  # MkDocs reports an unreadable config itself
    return nav_paths(data.get("nav")) if isinstance(data, dict) else []


def nav_line(text: str, path: str) -> int:
    """The line of mkdocs.yml that names `path` in the nav (the `nav:` line if not found)."""
    lines = text.split("\n")
    start = next((i for i, line in enumerate(lines) if re.match(r"^nav\s*:", line)), 0)
    entry = re.compile(rf"""^\s*-\s*(?:.*?:\s*)?["']?{re.escape(path)}["']?\s*(?:#.*)?$""")
    for number in range(start, len(lines)):
        if entry.match(lines[number]):
            return number + 1
    return start + 1


def nav_form(rel: str) -> str:
    """`tim-hieu/asean.vi.md` → `tim-hieu/asean.md`, as the nav names a page in every language."""
    match = _SUFFIX.match(rel)
    return f"{match.group(1)}.md" if match else rel


def docs_pages(docs_dir: Path) -> set[str]:
    """The nav form of every Markdown page under docs/."""
    return {nav_form(path.relative_to(docs_dir).as_posix()) for path in docs_dir.rglob("*.md")}


def nav_problems(
    paths: Iterable[str], text: str, pages: set[str], judged: Callable[[str], bool] = lambda _path: True
) -> list[Located]:
    """A problem at its line for every nav path (of those `judged`) that names no page."""
    problems = []
    for path in paths:
        if not judged(path) or path in pages:
            continue
        close = difflib.get_close_matches(path, sorted(pages), n=1, cutoff=0.6)
        hint = f" (did you mean {close[0]}?)" if close else ""
        problems.append(
            Located(
                CONFIG,
                nav_line(text, path),
                f"the navigation names {path}, but there is no such page{hint}: correct the path, or remove the line"
                " if the page was removed or renamed",
            )
        )
    return problems
