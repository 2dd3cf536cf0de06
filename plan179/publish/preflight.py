"""What `make check` adds for the issue-16 inputs, beside the data and page checks.

The values the theme writes into the page head (the build checks them page by page
in hooks/plan_guard.py), and the publishing stage's own files (redirects.yml and
urls.txt: their syntax and encoding; whether a redirect's target exists still needs
the built site).
"""

from __future__ import annotations

from pathlib import Path

from plan179.content.pages import display_path, hand_written_files
from plan179.data.reading import Located
from plan179.data.text import read_utf8
from plan179.publish.front_matter import check_front_matter
from plan179.publish.urls import MANIFEST, REDIRECTS, manifest_problems, read_redirects


def head_problems(docs_dir: Path, root: Path) -> list[Located]:
    """Front matter values the theme writes into <head>: plain text only."""
    problems: list[Located] = []
    for path in hand_written_files(docs_dir):
        text, _line, _bad = read_utf8(path)
        if text is not None:
            file = display_path(path, root)
            problems += [Located(file, line, message) for line, message in check_front_matter(text)]
    return problems


def no_build_problems(root: Path) -> list[Located]:
    """The head values of every hand-written page, and redirects.yml and urls.txt as files."""
    problems = head_problems(root / "docs", root)
    _redirects, found = read_redirects(root / REDIRECTS, REDIRECTS)
    found += manifest_problems(root / MANIFEST, MANIFEST)
    return problems + [Located(p.file, p.line, p.message) for p in found]
