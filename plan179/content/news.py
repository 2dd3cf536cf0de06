"""News for awareness campaigns: the posts of each language, newest first.

Material's blog plugin silently loses every post under mkdocs-static-i18n (upstream
issue 283), so news is plain pages: each post is a hand-written pair
`docs/tin-tuc/<slug>.vi.md` / `.en.md` with the usual front matter (its `date` is the
publication date). The listing page `docs/tin-tuc/index.<lang>.md` is hand-written
too (its introduction belongs to the communicators); the list of posts replaces the
marker line in it at build time. Posts are newest first; a post not yet translated
is listed in the other language as the original, and says so. No MkDocs import.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from plan179.content.pages import DEFAULT_LANGUAGE, DocPage, DocsTree
from plan179.data.slug import slugify
from plan179.data.strict_yaml import YamlError, parse_file

NEWS_DIR = "tin-tuc"
LISTING = f"{NEWS_DIR}/index"
MARKER = "<!-- plan:news-list -->"
FEED_FILE = "feed.xml"
ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

Lookup = Callable[..., str]


@dataclass(frozen=True)
class Post:
    """One news post as a reader of `reader_lang` gets it."""

    slug: str
    page: DocPage  # the version served: the reader's language, else the Vietnamese original
    reader_lang: str

    @property
    def translated(self) -> bool:
        return self.page.lang == self.reader_lang

    @property
    def base(self) -> str:
        return self.page.base


def lookup(strings: Mapping[str, str], lang: str) -> Lookup:
    """A UI-string lookup for `lang`; an unknown key fails loudly."""

    def t(key: str, **values: object) -> str:
        if key not in strings:
            raise KeyError(f"UI string '{key}' is missing from data/i18n/{lang}.yml: add it")
        return strings[key].format(**values) if values else strings[key]

    return t


def long_date(value: dt.date, t: Lookup) -> str:
    """'28 tháng 11, 2026' / '28 November 2026', from the language's `long_date_format`."""
    return t("long_date_format", day=value.day, month_name=t(f"month_{value.month}"), year=value.year)


def posts(tree: DocsTree, lang: str) -> list[Post]:
    """The posts a reader of `lang` sees, newest first (ties: by slug, for a stable order)."""
    out = []
    for base in tree.bases():
        folder, _, slug = base.rpartition("/")
        if folder != NEWS_DIR or slug == "index":
            continue
        page = tree.served(base, lang)
        if page is not None:
            out.append(Post(slug, page, lang))
    return sorted(out, key=lambda p: (p.page.meta.date, p.slug), reverse=True)


def tag_anchor(tag: str) -> str:
    return "chu-de-" + (slugify(tag) or "khac")


def agency_names(data_dir: Path) -> dict[str, tuple[str, dict[str, str]]]:
    """Per agency id, its page slug and its name per language (for a post's `agency:`).

    Broken files are left to the data loader to report, as in `pages.agency_ids`.
    """
    found: dict[str, tuple[str, dict[str, str]]] = {}
    for path in sorted((data_dir / "agencies").glob("*.yml")):
        try:
            data = parse_file(path).data
        except YamlError:
            continue
        if not isinstance(data, dict):
            continue
        ident, slug, name = data.get("id"), data.get("slug"), data.get("name")
        if isinstance(ident, str) and isinstance(slug, str) and isinstance(name, dict):
            found[ident] = (slug, {k: v for k, v in name.items() if isinstance(k, str) and isinstance(v, str)})
    return found


def post_context(
    tree: DocsTree, lang: str, base: str, t: Lookup, agencies: Mapping[str, tuple[str, Mapping[str, str]]]
) -> dict[str, Any] | None:
    """What a news post shows around its text (issue 18); None for any other page.

    Its date, topics (linked to the listing's topic sections) and agency (linked to its
    page), the way back to the listing, and the newer and older posts a reader of `lang`
    sees. Paths are site-relative without the language prefix (`plan_link` adds it).
    """
    folder, _, slug = base.rpartition("/")
    if folder != NEWS_DIR or slug == "index":
        return None
    items = posts(tree, lang)
    at = next((i for i, item in enumerate(items) if item.slug == slug), None)
    if at is None:
        return None
    meta = items[at].page.meta

    def neighbour(index: int) -> dict[str, str] | None:
        if not 0 <= index < len(items):
            return None
        other = items[index]
        return {"title": other.page.meta.title, "path": f"{NEWS_DIR}/{other.slug}/", "lang": other.page.lang}

    agency = None
    if meta.agency is not None and meta.agency in agencies:
        agency_slug, names = agencies[meta.agency]
        name = names.get(lang) or names.get(DEFAULT_LANGUAGE, meta.agency)
        agency = {"name": name, "path": f"ke-hoach/co-quan/{agency_slug}/"}
    return {
        "date_iso": meta.date.isoformat(),
        "date_text": long_date(meta.date, t),
        "tags": [{"name": tag, "path": f"{NEWS_DIR}/#{tag_anchor(tag)}"} for tag in meta.tags or ()],
        "text_lang": items[at].page.lang,
        "agency": agency,
        "listing_path": f"{NEWS_DIR}/",
        "newer": neighbour(at - 1),
        "older": neighbour(at + 1),
    }


def replace_marker(markdown: str, listing: str, file: str) -> str:
    """Put the list where the marker line is; a listing page without it is an error."""
    lines = markdown.split("\n")
    at = [i for i, line in enumerate(lines) if line.strip() == MARKER]
    if not at:
        raise ValueError(f"{file}:1: the line {MARKER} is missing: put it on its own line where the list goes")
    if len(at) > 1:
        raise ValueError(f"{file}:{at[1] + 1}: the line {MARKER} appears {len(at)} times: keep only one")
    lines[at[0]] = listing.rstrip("\n")
    return "\n".join(lines)


def page_url(site_url: str, lang: str, base: str, directory_urls: bool = True) -> str:
    """The absolute URL of a page (`base` without suffix) in the `lang` site."""
    prefix = "" if lang == DEFAULT_LANGUAGE else f"{lang}/"
    if base == "index" or base.endswith("/index"):
        path = base.removesuffix("index")
        return f"{_slash(site_url)}{prefix}{path}" if directory_urls else f"{_slash(site_url)}{prefix}{path}index.html"
    return f"{_slash(site_url)}{prefix}{base}/" if directory_urls else f"{_slash(site_url)}{prefix}{base}.html"


def feed_url(site_url: str, lang: str) -> str:
    prefix = "" if lang == DEFAULT_LANGUAGE else f"{lang}/"
    return f"{_slash(site_url)}{prefix}{NEWS_DIR}/{FEED_FILE}"


def feed_path(site_dir: Path, lang: str) -> Path:
    """Where the feed of `lang` is written in the built site."""
    folder = site_dir if lang == DEFAULT_LANGUAGE else site_dir / lang
    return folder / NEWS_DIR / FEED_FILE


def _slash(url: str) -> str:
    return url if url.endswith("/") else url + "/"


def write_if_changed(path: Path, content: bytes) -> bool:
    """Write a build output file; unchanged content is left alone."""
    if path.exists() and path.read_bytes() == content:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return True
