"""`make check` for the hand-written side: what the build's hooks refuse, without a build.

The files (links, types, names), every page's front matter and its pair, the values
the theme writes into the page head, and the navigation of `mkdocs.yml`: one list of
`file:line: what to do`, as the build would stop with.
"""

from __future__ import annotations

from pathlib import Path

from plan179.content.files import GENERATED, repository_file_problems
from plan179.content.nav import CONFIG, docs_pages, nav_problems, read_nav
from plan179.content.pages import DocsTree, display_path, hand_written_files, load_docs
from plan179.data.load import Located, PlanDataError
from plan179.data.text import read_utf8
from plan179.publish.html_policy import check_front_matter
from plan179.publish.urls import MANIFEST, REDIRECTS, manifest_problems, read_redirects


def head_problems(docs_dir: Path, root: Path) -> list[Located]:
    """Front matter values the theme writes into <head>: plain text only.

    The build checks them page by page (hooks/plan_guard.py); `make check` runs the
    same check here.
    """
    problems: list[Located] = []
    for path in hand_written_files(docs_dir):
        text, _line, _bad = read_utf8(path)
        if text is not None:
            file = display_path(path, root)
            problems += [Located(file, line, message) for line, message in check_front_matter(text)]
    return problems


def check_docs(root: Path) -> DocsTree:
    """Every check of docs/ that needs no build; raise `PlanDataError` listing the problems."""
    docs_dir = root / "docs"
    refused = repository_file_problems(root, docs_dir)
    if refused:
        raise PlanDataError(refused)  # a linked or unpublishable file is not read
    tree = load_docs(docs_dir, root)
    if head := head_problems(docs_dir, root):
        raise PlanDataError(head)
    # The publishing stage's own files: what can be judged without a built site.
    _redirects, found = read_redirects(root / REDIRECTS, REDIRECTS)
    found += manifest_problems(root / MANIFEST, MANIFEST)
    if found:
        raise PlanDataError([Located(p.file, p.line, p.message) for p in found])
    config = root / CONFIG
    if config.is_file():  # the generated pages' lines are checked by `python -m plan179.cli check`
        text = config.read_text(encoding="utf-8")
        hand_written = docs_pages(docs_dir)
        if nav := nav_problems(read_nav(config), text, hand_written, judged=lambda p: p.split("/")[0] not in GENERATED):
            raise PlanDataError(nav)
    return tree
