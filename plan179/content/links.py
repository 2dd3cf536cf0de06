"""Links between pages, checked in the Markdown a communicator wrote, with its line.

MkDocs' own link validation names the file but no line; this check reads the
Markdown, so each broken link or anchor is reported as `docs/<page>.md:LINE: …`.
The engine-specific part (which file a link resolves to) is a function passed in.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from urllib.parse import unquote

from plan179.data.load import LANGUAGES
from plan179.data.slug import slugify

_LINK = re.compile(r"!?\[[^\]\n]*\]\(\s*<?([^)\s>]+)>?(?:\s+[\"'][^\"'\n]*[\"'])?\s*\)")
_FENCE = re.compile(r"^\s*(```|~~~)")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_ATTR_ID = re.compile(r"\{[^}\n]*#([A-Za-z0-9_:.-]+)[^}\n]*\}")
_HTML_ID = re.compile(r"""\bid\s*=\s*["']([^"']+)["']""")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def page_candidates(path: str, lang: str) -> list[str]:
    """Where the page a link names (`tim-hieu/asean.md`) may be, in the order a build of
    `lang` serves it: the reader's language, then the default language it falls back to,
    then the path as written."""
    stem = path.removesuffix(".md")
    return list(dict.fromkeys([f"{stem}.{lang}.md", f"{stem}.{LANGUAGES[0]}.md", path]))


def anchors(markdown: str) -> set[str]:
    """The anchors a page offers: heading slugs, `{#id}` attributes and HTML ids."""
    found: set[str] = set()
    fenced = False
    for line in markdown.splitlines():
        if _FENCE.match(line):
            fenced = not fenced
            continue
        if fenced:
            continue
        found.update(_ATTR_ID.findall(line))
        found.update(_HTML_ID.findall(line))
        heading = _HEADING.match(line)
        if heading and not _ATTR_ID.search(line):
            found.add(slugify(heading.group(2), "-"))
    return found


def broken_links(
    markdown: str,
    src_uri: str,
    resolve: Callable[[str], str | None],
    exists: Callable[[str], bool] | None = None,
) -> list[tuple[int, str]]:
    """(line, message) for each link to a missing page, file or anchor, or out of docs/.

    `resolve(path)` returns the Markdown of the page at the docs-relative `path`, or
    None when there is no such page; `exists(path)` says whether another file (an
    image, a download) is there (no check of those files when it is not given).
    """
    problems: list[tuple[int, str]] = []
    fenced = False
    own: set[str] | None = None
    for number, line in enumerate(markdown.splitlines(), 1):
        if _FENCE.match(line):
            fenced = not fenced
            continue
        if fenced:
            continue
        for match in _LINK.finditer(line):
            link = match.group(1)
            if link.startswith("/") and not link.startswith("//"):
                problems.append(
                    (
                        number,
                        f"the link '{link}' starts with '/': it breaks where the site is not at the root of its domain:"
                        " write it relative to this page (e.g. ../tim-hieu/asean.md)",
                    )
                )
                continue
            if _SCHEME.match(link) or link.startswith("/"):
                continue
            path, _, anchor = link.partition("#")
            path = unquote(path.split("?")[0])
            if not path:
                own = anchors(markdown) if own is None else own
                if anchor and anchor not in own:
                    problems.append(
                        (number, f"the page does not contain an anchor '#{anchor}': link to an existing heading")
                    )
                continue
            target = posixpath.normpath(posixpath.join(posixpath.dirname(src_uri), path))
            if target == ".." or target.startswith("../"):
                problems.append(
                    (number, f"the link '{link}' points outside the site's folder docs/: link to a file under docs/")
                )
                continue
            if not path.endswith(".md"):
                if exists is not None and not exists(target):
                    problems.append(
                        (
                            number,
                            f"the page links to '{link}', but there is no such file under docs/: add it or fix the path",
                        )
                    )
                continue
            text = resolve(target)
            if text is None:
                problems.append(
                    (
                        number,
                        f"the page contains a link '{link}', but there is no such page: point it at an existing page",
                    )
                )
            elif anchor and anchor not in anchors(text):
                problems.append(
                    (
                        number,
                        f"'{path}' does not contain an anchor '#{anchor}': link to an existing heading of that page",
                    )
                )
    return problems
