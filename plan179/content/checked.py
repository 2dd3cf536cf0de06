"""The hand-written pages, the UI strings and the menu, checked once per state of their files.

static-i18n builds each language with the same loaded hooks, so the second language
would read and check every page, string and menu entry again although nothing changed.
`check_pages` remembers its last result with a fingerprint of `docs/`, `data/` and
mkdocs.yml: any file written, added or removed in between makes it check again (and
`mkdocs serve` loads the hooks anew for each rebuild).

Plain Python: no MkDocs import.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from plan179.content.gitdates import GitDates, read_git_dates
from plan179.content.links import page_candidates
from plan179.content.navigation import expand, nav_problems
from plan179.content.news import LISTING, agency_names
from plan179.content.pages import DEFAULT_LANGUAGE, DocsTree, load_docs
from plan179.data.reading import LANGUAGES, Located, PlanDataError, load_strings
from plan179.data.stamps import Fingerprint, fingerprint


@dataclass(frozen=True)
class CheckedPages:
    """What the build needs of the hand-written pages, for one state of their files."""

    inputs: Fingerprint
    nav: Any  # the menu as mkdocs.yml gives it (None: MkDocs makes one)
    expanded: Any  # the menu completed from the folders
    tree: DocsTree
    strings: dict[str, dict[str, str]]
    git: GitDates
    agencies: dict[str, tuple[str, dict[str, str]]]  # id: (slug, names)


_LAST: list[CheckedPages] = []


def check_pages(root: Path, docs_dir: Path, config_file: Path, nav: Any, tell: Callable[[str], None]) -> CheckedPages:
    """Every hand-written page, the UI strings and the menu; `PlanDataError` listing every problem.

    `nav` is the configuration's menu; the result's `expanded` adds to each section that
    lists a folder's index.md the folder's other pages. `tell` hears what the build
    cannot do (no git dates).
    """
    inputs = fingerprint((docs_dir, root / "data", config_file), ())
    if _LAST and _LAST[0].inputs == inputs and nav in (_LAST[0].nav, _LAST[0].expanded):
        return _LAST[0]
    problems: list[Located] = []
    strings = load_strings(root / "data", root, problems)
    try:
        tree = load_docs(docs_dir, root)
    except PlanDataError as exc:
        problems += exc.problems
        tree = DocsTree()
    menu = nav_problems(config_file.read_text(encoding="utf-8"), lambda path: _page_exists(docs_dir, path))
    problems += [Located(file, line, message) for file, line, message in menu]
    if not problems and tree.get(LISTING, DEFAULT_LANGUAGE) is None:
        problems.append(
            Located(f"docs/{LISTING}.{DEFAULT_LANGUAGE}.md", 1, "is missing: the news section needs its listing page")
        )
    if problems:
        raise PlanDataError(sorted(set(problems), key=lambda p: (p.file, p.line, p.message)))
    git = read_git_dates(root)
    if git.unavailable:
        tell(f"pages: no 'last updated' dates ({git.unavailable})")
    expanded = expand(nav, docs_dir) if nav else nav
    _LAST[:] = [CheckedPages(inputs, nav, expanded, tree, strings, git, agency_names(root / "data"))]
    return _LAST[0]


def _page_exists(docs_dir: Path, path: str) -> bool:
    # In any language: a one-language preview generates only its own pages.
    return any((docs_dir / name).is_file() for lang in LANGUAGES for name in page_candidates(path, lang))
