"""Compare two builds of the site: the same pages, and the same visible text on every page.

This is the proof that the engine can change: CI builds the site once with MkDocs and
once with ProperDocs (the maintained continuation of MkDocs 1.6) and this module must
find no difference a reader could see (`make compare-engines`). Markup, attributes and
`<meta>` tags (the `generator` tag names the engine) are not compared: only the set of
HTML files and, on each, the text a reader sees (text outside `<script>`, `<style>` and
`<template>`, the `<title>`, and the `alt`/`placeholder` text of elements).

Plain Python: no MkDocs import, so it runs beside either engine.
Run as `python -m plan179.publish.compare FIRST_SITE SECOND_SITE`.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

HIDDEN_ELEMENTS = frozenset({"script", "style", "template"})
TEXT_ATTRIBUTES = ("alt", "placeholder")
CONTEXT = 60  # characters of text shown on each side of the first difference
WHITESPACE = re.compile(r"\s+")


class CompareError(Exception):
    """A folder cannot be compared (missing, empty, or a page that is not UTF-8)."""


@dataclass(frozen=True)
class Difference:
    """One difference a reader could see between the two builds."""

    page: str  # site-relative path, e.g. "en/ke-hoach/index.html"
    problem: str

    def __str__(self) -> str:
        return f"{self.page}: {self.problem}"


class _TextParser(HTMLParser):
    """Collects the visible text of one page, in document order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []
        self._hidden = 0  # depth inside script/style/template

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in HIDDEN_ELEMENTS:
            self._hidden += 1
            return
        if not self._hidden:
            self.chunks.extend(value for name, value in attrs if name in TEXT_ATTRIBUTES and value)

    def handle_endtag(self, tag: str) -> None:
        if tag in HIDDEN_ELEMENTS and self._hidden:
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.chunks.append(data)


def visible_text(html: str) -> str:
    """The text a reader sees on a page, with every run of whitespace made one space."""
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    return WHITESPACE.sub(" ", " ".join(parser.chunks)).strip()


def html_pages(site: Path) -> set[str]:
    """Every HTML file of a built site, as site-relative POSIX paths."""
    if not site.is_dir():
        raise CompareError(f"{site}: not a folder; build the site first")
    pages = {path.relative_to(site).as_posix() for path in site.rglob("*.html") if path.is_file()}
    if not pages:
        raise CompareError(f"{site}: no HTML pages; build the site first")
    return pages


def _read(site: Path, page: str) -> str:
    try:
        return (site / page).read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise CompareError(f"{site / page}: not UTF-8 ({exc.reason} at byte {exc.start})") from None


def _first_change(first: str, second: str) -> str:
    """Where two texts part, with a little of each around that place."""
    start = next(
        (i for i, (a, b) in enumerate(zip(first, second, strict=False)) if a != b), min(len(first), len(second))
    )
    left = max(0, start - CONTEXT)
    return (
        f"visible text differs at character {start}:\n"
        f"    first:  …{first[left : start + CONTEXT]!r}\n"
        f"    second: …{second[left : start + CONTEXT]!r}"
    )


def compare_sites(first: Path, second: Path) -> list[Difference]:
    """Every page missing from one build, and every page whose visible text differs."""
    first_pages, second_pages = html_pages(first), html_pages(second)
    differences = [Difference(page, f"only in {first}") for page in sorted(first_pages - second_pages)]
    differences += [Difference(page, f"only in {second}") for page in sorted(second_pages - first_pages)]
    for page in sorted(first_pages & second_pages):
        text_first, text_second = visible_text(_read(first, page)), visible_text(_read(second, page))
        if text_first != text_second:
            differences.append(Difference(page, _first_change(text_first, text_second)))
    return differences


def main(argv: list[str] | None = None) -> int:
    """Entry point; exit code 1 when the builds differ, 2 when they cannot be compared."""
    parser = argparse.ArgumentParser(prog="python -m plan179.publish.compare", description=__doc__)
    parser.add_argument("first", type=Path, help="a built site folder (e.g. site/ from MkDocs)")
    parser.add_argument("second", type=Path, help="the same site built by another engine")
    args = parser.parse_args(argv)
    try:
        differences = compare_sites(args.first, args.second)
        count = len(html_pages(args.first))
    except CompareError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if differences:
        print(f"The two builds differ on {len(differences)} page(s):", file=sys.stderr)
        for difference in differences:
            print(f"  {difference}", file=sys.stderr)
        return 1
    print(f"The two builds have the same {count} pages with the same visible text.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
