"""Absolute language alternates, `x-default`, and the bilingual sitemap.

Search engines want `hreflang` links as absolute URLs and an `x-default` for readers
whose language is neither; mkdocs-static-i18n renders relative links and no
`x-default`, and its sitemap (one file listing every page of both languages with
their alternates) has no `x-default` either. Pure functions on strings: no MkDocs
import.
"""

from __future__ import annotations

import gzip
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import urljoin

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"
X_DEFAULT = "x-default"


class SitemapError(ValueError):
    """The sitemap is not shaped as a sitemap with alternates."""


def absolute_url(site_url: str, link: str) -> str:
    """A link as static-i18n gives it, made absolute against `site_url`.

    Page links are relative to the site root ("en/ke-hoach/"); the language homes are
    absolute paths that already include the site's path ("/ke-hoach-179/en/"); links
    that carry a scheme are returned unchanged.
    """
    base = site_url if site_url.endswith("/") else site_url + "/"
    if link in {".", "./"}:
        link = ""
    return urljoin(base, link)


def language_home(site_url: str, lang: str, default: str) -> str:
    """The absolute home page of a language (`/` for the default one, `/<lang>/` otherwise)."""
    return absolute_url(site_url, "" if lang == default else f"{lang}/")


def x_default(alternates: Mapping[str, str], default: str) -> str | None:
    """The `x-default` target: the default-language alternate, when there is one."""
    return alternates.get(default)


def add_x_default(sitemap_xml: str, default: str) -> str:
    """Give every `<url>` of a sitemap an `x-default` alternate (its default-language link).

    Entries that already have one are left alone, so running twice changes nothing.
    """
    ET.register_namespace("", SITEMAP_NS)
    ET.register_namespace("xhtml", XHTML_NS)
    try:
        root = ET.fromstring(sitemap_xml)
    except ET.ParseError as exc:
        raise SitemapError(f"sitemap.xml is not well-formed XML: {exc}") from None
    if root.tag != f"{{{SITEMAP_NS}}}urlset":
        raise SitemapError(f"sitemap.xml: expected a <urlset>, found <{root.tag}>")
    link_tag = f"{{{XHTML_NS}}}link"
    for url in root.iter(f"{{{SITEMAP_NS}}}url"):
        links = url.findall(link_tag)
        langs = {link.get("hreflang"): link.get("href") for link in links}
        target = langs.get(default)
        if target is None or X_DEFAULT in langs:
            continue
        url.append(ET.Element(link_tag, {"rel": "alternate", "hreflang": X_DEFAULT, "href": target}))
    ET.indent(root, space="    ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def merge_sitemaps(first: str, second: str) -> str:
    """`first`'s sitemap with `second`'s <url> entries appended, as one build would list them.

    static-i18n's sitemap lists each language's pages in build order; when the languages
    are built in parallel (hooks/plan_parallel.py) each process renders its own part.
    """
    closing = first.rfind("</urlset>")
    opening = second.find("<urlset")
    body_start = second.find(">", opening) + 1 if opening >= 0 else 0
    body_end = second.rfind("</urlset>")
    if closing < 0 or opening < 0 or body_start <= 0 or body_end < body_start:
        raise SitemapError("a language's sitemap.xml has no <urlset> element: it cannot be merged")
    head = first[:closing].rstrip(" \t\n")
    return head + second[body_start:body_end].rstrip(" \t\n") + first[len(head) :]


def rewrite_sitemap(site_dir: Path, default: str) -> bool:
    """Add `x-default` to `site_dir/sitemap.xml` and refresh `sitemap.xml.gz`; False if there is none."""
    path = site_dir / "sitemap.xml"
    if not path.exists():
        return False
    text = add_x_default(path.read_text(encoding="utf-8"), default)
    path.write_text(text, encoding="utf-8")
    # mtime=0 keeps the archive byte-identical between builds of the same content.
    (site_dir / "sitemap.xml.gz").write_bytes(gzip.compress(text.encode("utf-8"), mtime=0))
    return True
