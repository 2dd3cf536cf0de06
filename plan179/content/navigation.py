"""The navigation, derived from the folders: a new page needs no line in mkdocs.yml.

`nav:` in mkdocs.yml gives the skeleton (sections and the pages whose place is fixed).
A section that lists a folder's `index.md` gets every other page of that folder too,
after the pages it names, ordered by the front-matter `order` (lower first), then by
title as a Vietnamese reader sorts (tones folded). The same order lists the articles
on the section's index page (`<!-- plan:article-list -->`). No MkDocs import: the nav
is plain lists and dicts, as in mkdocs.yml.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from plan179.data.load import LANGUAGES
from plan179.data.slug import fold

DEFAULT_LANGUAGE = LANGUAGES[0]
ARTICLE_LIST = "<!-- plan:article-list -->"
LAST = 1_000_000


@dataclass(frozen=True)
class Entry:
    """A page of a folder as the navigation and the index page list it."""

    path: str  # docs-relative, without language suffix: "tim-hieu/asean.md"
    title: str
    description: str
    order: int


def _front_matter(path: Path) -> dict[str, Any]:
    """The front matter of a page, or {} (the page checks report a broken one)."""
    try:
        text = path.read_text(encoding="utf-8").lstrip("\ufeff")
    except (OSError, UnicodeDecodeError):
        return {}
    if not text.startswith("---"):
        return {}
    block = text[3:].split("\n---", 1)[0]
    try:
        data = yaml.load(block, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        return {}
    return data if isinstance(data, dict) else {}


def _base(name: str) -> str | None:
    """`asean.vi.md` → `asean`; None for what is not a page."""
    if not name.endswith(".md"):
        return None
    stem = name[: -len(".md")]
    for lang in LANGUAGES:
        if stem.endswith(f".{lang}"):
            return stem[: -len(lang) - 1]
    return stem


def folder_entries(docs_dir: Path, folder: str, lang: str = DEFAULT_LANGUAGE) -> list[Entry]:
    """The pages directly in `docs/<folder>/` other than its index, in navigation order."""
    directory = docs_dir / folder
    if not directory.is_dir():
        return []
    bases = sorted({b for p in directory.iterdir() if p.is_file() and (b := _base(p.name)) and b != "index"})
    keyed = []
    for base in bases:
        default = _front_matter_of(directory, base, DEFAULT_LANGUAGE)
        meta = _front_matter_of(directory, base, lang) or default
        order = default.get("order")
        rank = order if isinstance(order, int) and not isinstance(order, bool) else LAST
        title = str(default.get("title") or base)  # one order for both languages: the default one's
        entry = Entry(
            path=posixpath.join(folder, f"{base}.md"),
            title=str(meta.get("title") or base),
            description=str(meta.get("description") or ""),
            order=rank,
        )
        keyed.append(((rank, fold(title).casefold(), title), entry))
    return [entry for _key, entry in sorted(keyed, key=lambda pair: pair[0])]


def _front_matter_of(directory: Path, base: str, lang: str) -> dict[str, Any]:
    for candidate in (directory / f"{base}.{lang}.md", directory / f"{base}.md"):
        if candidate.is_file():
            return _front_matter(candidate)
    return {}


def _paths(nav: Any) -> Iterator[str]:
    if isinstance(nav, str):
        yield nav
    elif isinstance(nav, list):
        for item in nav:
            yield from _paths(item)
    elif isinstance(nav, dict):
        for value in nav.values():
            yield from _paths(value)


def expand(nav: Sequence[Any], docs_dir: Path, *, not_in_nav: Sequence[str] = ()) -> list[Any]:
    """`nav` with every section that lists `<folder>/index.md` completed from its folder."""
    listed = set(_paths(list(nav)))

    def section(items: Sequence[Any]) -> list[Any]:
        out = [_walk(item) for item in items]
        for item in items:
            if isinstance(item, str) and item.endswith("/index.md"):
                folder = item[: -len("/index.md")]
                for entry in folder_entries(docs_dir, folder):
                    if entry.path not in listed and not any(entry.path.startswith(p) for p in not_in_nav):
                        out.append(entry.path)
                        listed.add(entry.path)
        return out

    def _walk(item: Any) -> Any:
        if isinstance(item, dict):
            return {key: section(value) if isinstance(value, list) else value for key, value in item.items()}
        return item

    return section(list(nav))


def article_list(entries: Sequence[Entry], here: str) -> str:
    """The Markdown list of a section's pages for its index page at `here` (docs-relative)."""
    base = posixpath.dirname(here)
    lines = []
    for entry in entries:
        link = posixpath.relpath(entry.path, base) if base else entry.path
        title = entry.title.replace("[", "\\[").replace("]", "\\]")
        lines.append(f"- [{title}]({link})" + (f": {entry.description}" if entry.description else ""))
    return "\n".join(lines)


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml as data: `!ENV` and `!!python/name:` values are kept as None."""


_ConfigLoader.add_multi_constructor("!", lambda loader, suffix, node: None)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def nav_problems(
    config_text: str, exists: Callable[[str], bool], file: str = "mkdocs.yml"
) -> list[tuple[str, int, str]]:
    """(file, line, message) for a configuration that does not read, or a nav line naming no page."""
    try:
        data = yaml.load(config_text, Loader=_ConfigLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line = mark.line + 1 if mark is not None else 1
        return [
            (
                file,
                line,
                f"{exc.problem or 'not valid YAML'}: check the indentation (nav lines are indented by "
                "steps of 2 spaces, each starting with '- ')",
            )
        ]
    nav = data.get("nav") if isinstance(data, dict) else None
    problems: list[tuple[str, int, str]] = []
    lines = config_text.splitlines()
    for path in _paths(nav or []):
        if "://" in path or exists(path):
            continue
        number = next((i for i, text in enumerate(lines, 1) if text.strip().endswith(path)), 1)
        problems.append(
            (file, number, f"the menu names '{path}', but there is no such page: remove the line or fix the name")
        )
    return problems
