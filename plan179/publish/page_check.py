"""One page's HTML through the publishing policy and the sanitiser, as the build renders it.

The engine hands over each page's rendered body (hooks/plan_guard.py); this module says
what may be published and where a problem is: `docs/<page>.md:LINE`, or the data file a
generated page comes from. The policy itself (what is allowed, the sanitiser's allowlist)
is `plan179.publish.html_policy`; this module only applies it to a page and its files.

Plain Python: no MkDocs import.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from html import unescape as html_unescape
from pathlib import Path
from urllib.parse import unquote

from plan179.publish.front_matter import check_front_matter
from plan179.publish.html_policy import (
    Finding,
    Problem,
    inspect_html,
    locate,
    removed_by_sanitiser,
    sanitise,
    sanitised_structure,
)

IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".svg", ".bmp", ".tif", ".tiff"})


@dataclass(frozen=True)
class PageFiles:
    """The files a page's problems are reported in: its own, and the data file it is generated from."""

    display: str  # the page's file as messages name it (relative to the repository)
    source: Path | None  # its Markdown file
    origin: tuple[str, Path] | None = None  # (name, path) of the data file of a generated page

    def texts(self) -> list[tuple[str, str]]:
        """The files to search for a problem's line, read only when there is something to report."""
        out: list[tuple[str, str]] = []
        if self.origin:
            out.append((self.origin[0], self.origin[1].read_text(encoding="utf-8")))
        if self.source is not None and self.source.is_file():
            out.append((self.display, self.source.read_text(encoding="utf-8")))
        return out or [(self.display, "")]


def front_matter_problems(files: PageFiles) -> list[Problem]:
    """The page's front matter must be valid YAML of plain text (the theme writes it unescaped)."""
    if files.source is None or not files.source.is_file():
        return []
    text = files.source.read_text(encoding="utf-8")
    note = f" (this page is generated from {files.origin[0]}: fix it there)" if files.origin else ""
    return [Problem(files.display, line, message + note) for line, message in check_front_matter(text)]


def image_size_lookup(page_url: str, static: Mapping[str, str], seen: set[str]) -> Callable[[str], int | None]:
    """The size of the file a relative image URL of the page points at (None when not one of the site's).

    `static` maps the site's non-page files by URL to their paths; each image found is
    added to `seen`, so `oversized_images` does not report it a second time.
    """
    base = page_url if page_url.endswith("/") or not page_url else posixpath.dirname(page_url) + "/"

    def size_of(url: str) -> int | None:
        target = posixpath.normpath(posixpath.join(base, unquote(url.split("#")[0].split("?")[0])))
        path = static.get(target)
        if path and Path(path).is_file():
            seen.add(str(Path(path).resolve()))
            return Path(path).stat().st_size
        return None

    return size_of


def _removed_needles(removed: list[str]) -> tuple[str, ...]:
    """What to look for in the source to find what the sanitiser took out."""
    needles: list[str] = []
    for item in removed[:5]:
        tag, _sep, attr = item.strip("<>").partition(" ")
        name, _eq, value = attr.partition("=")
        if value.strip('"'):  # a Markdown link has no `href=`: find the address itself
            needles.append(re.escape(html_unescape(value.strip('"'))))
        needles.append(rf"\b{re.escape(name)}\s*=" if attr else rf"<\s*{re.escape(tag)}\b")
    return tuple(needles[:5])


def check_page(
    html: str,
    files: PageFiles,
    *,
    local_size: Callable[[str], int | None] | None,
    max_image_bytes: int,
) -> tuple[str, list[Problem]]:
    """The HTML to publish (the sanitiser's output) and the problems to report (none when
    the page may be published): `sanitise`, then `page_problems`, in one call."""
    clean = sanitise(html)
    return clean, page_problems(html, clean, files, local_size=local_size, max_image_bytes=max_image_bytes)


def page_problems(
    html: str,
    clean: str,
    files: PageFiles,
    *,
    local_size: Callable[[str], int | None] | None,
    max_image_bytes: int,
) -> list[Problem]:
    """What keeps a page from being published: `html` as rendered, `clean` as sanitised.

    The policy reports what a page may not contain; the sanitiser then cleans it as a
    second layer, and anything it would remove that the policy let through is reported
    too, so a gap in either layer shows instead of silently changing a page. Needs only
    its arguments, so it can run in another process while the build goes on
    (`plan179.publish.page_checks`).
    """
    findings, structure = inspect_html(html, local_size=local_size, max_image_bytes=max_image_bytes)
    if findings:
        return locate(findings, files.texts())
    removed = removed_by_sanitiser(html, clean, structure, sanitised_structure(clean))
    if not removed:
        return []
    message = (
        f"the sanitiser would remove {', '.join(removed[:5])}{' …' if len(removed) > 5 else ''}: "
        "remove it from the page (if a Markdown extension we use produces it, allow it in"
        " plan179/publish/html_policy.py)"
    )
    return locate([Finding(message, _removed_needles(removed))], files.texts())


def oversized_images(paths: Iterable[Path], *, docs_dir: Path, root: Path, limit: int, seen: set[str]) -> list[Problem]:
    """Images under `docs_dir` over `limit` bytes that no page has reported yet (`seen`)."""
    problems: list[Problem] = []
    for path in paths:
        if path.suffix.lower() not in IMAGE_SUFFIXES or not path.is_file():
            continue
        resolved = path.resolve()
        if not resolved.is_relative_to(docs_dir) or str(resolved) in seen:
            continue
        size = resolved.stat().st_size
        if size > limit:
            seen.add(str(resolved))
            problems.append(
                Problem(
                    resolved.relative_to(root).as_posix(),
                    1,
                    f"image is {size / 1024:.0f} KB, over the {limit / 1024:.0f} KB limit: resize or compress it "
                    "(e.g. at most 1600 px wide, as WebP or JPEG)",
                )
            )
    return problems
