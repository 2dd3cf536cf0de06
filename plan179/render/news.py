"""The list of news posts that replaces the marker on each language's news page."""

from __future__ import annotations

from collections.abc import Mapping

import jinja2

from plan179.content.news import Post, long_date, lookup, tag_anchor
from plan179.data.slug import fold
from plan179.render.base import TEMPLATES, environment


def _environment() -> jinja2.Environment:
    """The plan pages' Jinja environment: same delimiters, filters and StrictUndefined."""
    return environment(TEMPLATES)


def render_listing(items: list[Post], lang: str, strings: Mapping[str, str], feed_url: str) -> str:
    """The Markdown that replaces the marker on the listing page of `lang`."""
    t = lookup(strings, lang)
    # Grouped by anchor, so "Môi trường" and "môi trường" share one heading and one id.
    tags: dict[str, tuple[str, str, list[Post]]] = {}
    for post in items:
        for tag in post.page.meta.tags or ():
            tags.setdefault(tag_anchor(tag), (tag, post.page.lang, []))[2].append(post)
    return (
        _environment()
        .get_template("news_list.md.j2")
        .render(
            lang=lang,
            t=t,
            posts=items,
            tags=sorted(tags.values(), key=lambda group: (fold(group[0]).casefold(), group[0])),
            long_date=lambda d: long_date(d, t),
            tag_anchor=tag_anchor,
            feed_url=feed_url,
        )
    )
