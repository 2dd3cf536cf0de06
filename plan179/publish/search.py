"""The site's search index: Pagefind run over the finished `site/`.

Each language gets its own bundle, `site/pagefind/<lang>/` (the language of a page is
its `<html lang>`), split in chunks that a reader's browser fetches only for the words
typed. Pagefind runs once per language. Its memory grows with the pages it holds,
about 4.7 times their HTML (bench/: one run over both languages took 1.2 GB at ×100,
one language 0.76 GB): the runs go side by side, on their own cores, while the pages
total at most SIDE_BY_SIDE_BYTES of HTML (the real site and ×10), else one after the
other, so the build stays within 1 GB.

It indexes Material's page content (`article.md-content__inner`) without the
permalink signs, the edit button and the page facts.

Which pages go in is decided here, on the built HTML: a page carrying
`<meta name="robots" content="noindex">` is left out. That one rule covers the 404
page, the redirect stubs (hooks/plan_guard.py) and the pages served untranslated (an
English address showing the Vietnamese text, which is indexed at its Vietnamese
address): pages search engines are told not to index are not offered by our search
either. Pagefind only sees the chosen pages of one language, hard-linked into a staging
folder inside `site/` that is removed afterwards.

The binary is the one shipped by the pinned `pagefind-bin` wheel, never one found on
PATH. No MkDocs import: the build calls `build_search_index` after `mkdocs build`.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

PAGEFIND_VERSION = "1.5.2"  # keep equal to the pin in requirements/site.in
BUNDLE_DIR = "pagefind"  # site/pagefind/<lang>/: each language's search bundle (pagefind.js, index chunks)
STAGING_DIR = ".pagefind-pages"  # site/.pagefind-pages/: the chosen pages, removed after indexing
ROOT_SELECTOR = "article.md-content__inner"  # Material's page content
# Inside the content, what is not the page's text: permalink signs (¶) and the labels of
# the item permalinks, the edit button, "last updated", the untranslated-page notice.
EXCLUDE_SELECTORS = (
    ".headerlink",
    ".plan-permalink",
    ".md-content__button",
    ".md-source-file",
    ".plan-translation-notice",
    ".plan-notice",
)
# Pagefind's ready-made interfaces, which the site does not use (it draws its own results
# with pagefind.js): not published.
UNUSED_FILES = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
)
TIMEOUT_S = 600.0
SIDE_BY_SIDE_BYTES = 100_000_000  # HTML to index; above it, one language at a time (memory)

_META = re.compile(r"<meta\b[^>]*>", re.IGNORECASE)
_ATTR = re.compile(r"""([a-zA-Z-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
_BODY = re.compile(r"<body\b", re.IGNORECASE)
_HTML_LANG = re.compile(r"<html\b[^>]*?\blang=[\"']?([A-Za-z][A-Za-z0-9-]*)", re.IGNORECASE)


class SearchIndexError(Exception):
    """The search index could not be built; the message says why and what to do."""


@dataclass(frozen=True)
class SearchIndex:
    """What was indexed: pages per language, and the pages left out."""

    bundle: Path  # site/pagefind/, holding one folder per language
    pages: dict[str, int]  # language → pages indexed
    skipped: tuple[str, ...]  # site-relative paths of the HTML files left out (noindex)

    def summary(self) -> str:
        langs = ", ".join(f"{lang} {n}" for lang, n in sorted(self.pages.items()))
        return f"search index (Pagefind {PAGEFIND_VERSION}): {langs} pages; {len(self.skipped)} left out (noindex)"


def noindex(html: str) -> bool:
    """True when the page's head asks robots not to index it."""
    head = html[: m.start()] if (m := _BODY.search(html)) else html
    for tag in _META.findall(head):
        attrs = {m.group(1).lower(): (m.group(2) or m.group(3) or m.group(4) or "") for m in _ATTR.finditer(tag)}
        if attrs.get("name", "").lower() == "robots" and "noindex" in attrs.get("content", "").lower():
            return True
    return False


def page_language(html: str) -> str:
    """The language Pagefind files a page under: its `<html lang>`, lower-case; "unknown" without one."""
    match = _HTML_LANG.search(html[:2000])
    return match.group(1).lower() if match else "unknown"


def html_files(site_dir: Path) -> Iterator[Path]:
    """The site's HTML pages (regular files only), outside the search bundle and staging."""
    for path in sorted(site_dir.rglob("*.html")):
        top = path.relative_to(site_dir).parts[0]
        if top in (BUNDLE_DIR, STAGING_DIR) or path.is_symlink() or not path.is_file():
            continue
        yield path


def pagefind_executable() -> Path:
    """The binary of the installed `pagefind-bin` wheel (its version is checked by `check_version`)."""
    try:
        import pagefind_bin  # type: ignore[import-untyped]
    except ImportError:
        raise SearchIndexError(
            f"Pagefind is not installed: run `make install` (requirements/site.txt pins pagefind[bin]=={PAGEFIND_VERSION})"
        ) from None
    try:
        exe = Path(pagefind_bin.get_executable())
    except (FileNotFoundError, OSError) as exc:
        raise SearchIndexError(
            f"the pagefind-bin package has no binary ({exc}): reinstall it with `make install`"
        ) from None
    return exe


def _run(command: Sequence[str], cwd: Path) -> str:
    try:
        proc = subprocess.run(list(command), cwd=cwd, capture_output=True, text=True, timeout=TIMEOUT_S, check=False)
    except subprocess.TimeoutExpired:
        raise SearchIndexError(f"Pagefind did not finish in {TIMEOUT_S:.0f} s: {' '.join(command)}") from None
    except OSError as exc:
        raise SearchIndexError(f"Pagefind could not start ({exc}): reinstall it with `make install`") from None
    output = (proc.stdout + proc.stderr).strip()
    if proc.returncode != 0:
        tail = "\n".join(output.splitlines()[-20:])
        raise SearchIndexError(f"Pagefind failed (exit {proc.returncode}) indexing the built site:\n{tail}")
    return output


def check_version(exe: Path, cwd: Path) -> None:
    """The index format and the browser's pagefind.js must be the pinned release."""
    found = _run([str(exe), "--version"], cwd).split()[-1:]
    if found != [PAGEFIND_VERSION]:
        raise SearchIndexError(
            f"Pagefind {' '.join(found) or '(unknown)'} is installed but the site pins {PAGEFIND_VERSION}: run `make install`"
        )


@dataclass
class _Staged:
    """The pages chosen for the index: per language, how many and their bytes; those left out."""

    pages: dict[str, int]
    size: int
    skipped: list[str]


def _stage(site_dir: Path, staging: Path) -> _Staged:
    """Hard-link (or copy) every indexable page into `staging/<lang>/`."""
    staged: dict[str, int] = {}
    size = 0
    skipped: list[str] = []
    for path in html_files(site_dir):
        rel = path.relative_to(site_dir)
        try:
            html = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise SearchIndexError(f"{path}: cannot be read as UTF-8 HTML ({exc}); rebuild the site") from None
        if noindex(html):
            skipped.append(rel.as_posix())
            continue
        lang = page_language(html)
        target = staging / lang / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(path, target)
        except OSError:
            shutil.copyfile(path, target)
        staged[lang] = staged.get(lang, 0) + 1
        size += path.stat().st_size
    return _Staged(staged, size, skipped)


def _languages(bundle: Path) -> dict[str, int]:
    entry = bundle / "pagefind-entry.json"
    try:
        data = json.loads(entry.read_text(encoding="utf-8"))
        return {str(lang): int(info["page_count"]) for lang, info in data["languages"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise SearchIndexError(f"Pagefind wrote no readable {entry} ({exc}); run the build again") from None


def _remove(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.is_dir():
        shutil.rmtree(path)


def _index(exe: Path, pages: Path, bundle: Path, cwd: Path) -> None:
    """One Pagefind run: the pages under `pages` (one language) into `bundle`."""
    _run(
        [
            str(exe),
            "--site",
            str(pages),
            "--output-path",
            str(bundle),
            "--root-selector",
            ROOT_SELECTOR,
            "--exclude-selectors",
            ", ".join(EXCLUDE_SELECTORS),
            "--quiet",
        ],
        cwd,
    )
    for name in UNUSED_FILES:
        (bundle / name).unlink(missing_ok=True)


def build_search_index(site_dir: Path, languages: Sequence[str] = ()) -> SearchIndex:
    """Index the built site into `site_dir/pagefind/<lang>/`, replacing any previous index.

    `languages`: those that must each get an index (e.g. ("vi", "en") for a full build;
    empty for a one-language preview). Raises SearchIndexError with a clear message.
    """
    site_dir = Path(site_dir).resolve()
    if not site_dir.is_dir():
        raise SearchIndexError(f"{site_dir} is not a built site: run `mkdocs build` first")
    exe = pagefind_executable()
    check_version(exe, site_dir)
    staging, bundle = site_dir / STAGING_DIR, site_dir / BUNDLE_DIR
    _remove(staging)
    _remove(bundle)
    pages: dict[str, int] = {}
    try:
        staged = _stage(site_dir, staging)
        if not staged.pages:
            raise SearchIndexError(f"{site_dir} has no page to index (every HTML page is noindex or missing)")
        # Result URLs are the pages' paths under the staging folder of their language,
        # which mirrors site/: the same addresses as the published pages.
        langs = sorted(staged.pages)
        workers = len(langs) if staged.size <= SIDE_BY_SIDE_BYTES else 1
        with ThreadPoolExecutor(max_workers=workers) as pool:  # threads that each wait for one Pagefind process
            list(pool.map(lambda lang: _index(exe, staging / lang, bundle / lang, site_dir), langs))
        for lang in langs:
            pages |= _languages(bundle / lang)
    finally:
        _remove(staging)
    missing = [lang for lang in languages if not pages.get(lang)]
    if missing:
        raise SearchIndexError(
            f"no page in {', '.join(missing)} was indexed (found: {pages or 'none'}): "
            'check the pages\' <html lang="…"> and that they are not all noindex'
        )
    return SearchIndex(bundle, pages, tuple(staged.skipped))
