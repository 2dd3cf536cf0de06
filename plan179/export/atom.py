"""The Atom 1.0 feed (RFC 4287) of each language's news posts."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections.abc import Mapping

from plan179.content.gitdates import VIETNAM, GitDates
from plan179.content.news import ATOM, LISTING, XML_LANG, feed_url, lookup, page_url, posts
from plan179.content.pages import DEFAULT_LANGUAGE, DocsTree
from plan179.data.load import LANGUAGES


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=VIETNAM)


def _stamp(when: dt.datetime) -> str:
    return when.astimezone(VIETNAM).isoformat(timespec="seconds")


def render_feed(
    tree: DocsTree,
    lang: str,
    strings: Mapping[str, str],
    site_url: str,
    git: GitDates | None = None,
    directory_urls: bool = True,
) -> bytes:
    """The Atom 1.0 feed (RFC 4287) of the `lang` site's posts, newest first."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}")
    t = lookup(strings, lang)
    git = git or GitDates()
    items = posts(tree, lang)
    listing = tree.served(LISTING, lang)
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {XML_LANG: lang})

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        node = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        if text is not None:
            node.text = text
        return node

    self_url = feed_url(site_url, lang)
    sub(feed, "id", self_url)
    sub(feed, "title", t("news_feed_title"))
    sub(feed, "subtitle", t("news_feed_subtitle"))
    sub(feed, "link", rel="self", type="application/atom+xml", href=self_url)
    sub(feed, "link", rel="alternate", type="text/html", href=page_url(site_url, lang, LISTING, directory_urls))
    author = sub(feed, "author")
    sub(author, "name", t("news_feed_author"))
    updated_at = sub(feed, "updated")

    stamps: list[dt.datetime] = []
    for post in items:
        meta = post.page.meta
        published = _midnight(meta.date)
        changed = git.of(post.page.file)
        updated = max(published, changed) if changed is not None else published
        stamps.append(updated)
        url = page_url(site_url, lang, post.base, directory_urls)
        entry = sub(feed, "entry", **({} if post.translated else {XML_LANG: post.page.lang}))
        sub(entry, "id", url)
        sub(entry, "title", meta.title)
        sub(entry, "link", rel="alternate", type="text/html", href=url, hreflang=post.page.lang)
        sub(entry, "published", _stamp(published))
        sub(entry, "updated", _stamp(updated))
        sub(entry, "summary", meta.description)
        for tag in meta.tags or ():
            sub(entry, "category", term=tag)

    if stamps:
        newest = max(stamps)
    elif listing is not None:
        newest = git.of(listing.file) or _midnight(listing.meta.date)
    else:
        raise ValueError(f"there is no news listing page docs/{LISTING}.{DEFAULT_LANGUAGE}.md")
    updated_at.text = _stamp(newest)
    ET.indent(feed, space="  ")
    body: bytes = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    return body + b"\n"
