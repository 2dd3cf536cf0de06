"""What contributors' pages may contain, checked on the HTML their Markdown becomes.

Anyone can propose a page of a government site, and Python-Markdown passes raw HTML
and `[x](javascript:…)` links through untouched. So the policy looks at the rendered
HTML (the Markdown syntax forms are caught too), reports every problem as
`file:line: what is wrong: how to fix` (the line is found by looking for the offending
text in the source), and the build stops. A sanitiser (nh3) then cleans the HTML as a
second layer; if it would remove anything the policy let through, that is reported
too, so a gap in either layer shows up instead of silently changing a page.

Plain Python: no MkDocs import, so it can be tested and reused alone.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from html import unescape as html_unescape
from html.parser import HTMLParser
from urllib.parse import urlsplit

import nh3

from plan179.data.reading import Located

# A finding located in a source file, printed as `file:line: message`: the same record as
# the data checks' problems, so both kinds sort and print alike.
Problem = Located

# Elements a page may never contain, with the fix offered to its author.
FORBIDDEN_ELEMENTS: dict[str, str] = {
    "script": "pages cannot run their own code: remove it (ask a maintainer if a feature needs JavaScript)",
    "noscript": "remove it: pages run no scripts of their own",
    "iframe": "embedding another site is not allowed: link to it instead, e.g. [title](https://…)",
    "frame": "embedding another site is not allowed: link to it instead",
    "frameset": "embedding another site is not allowed: link to it instead",
    "object": "embedded objects are not allowed: link to the file instead",
    "embed": "embedded objects are not allowed: link to the file instead",
    "applet": "applets are not allowed: remove it",
    "form": "forms are not allowed (they would send readers' input elsewhere): remove it or link to the official form",
    "base": "<base> changes where every link goes: remove it",
    "meta": "<meta> is not allowed in a page body: put page settings in the front matter",
    "link": "<link> loads files into the page: remove it (the theme provides the styles)",
    "style": "page-specific stylesheets are not allowed: remove it (the theme provides the styles)",
}

# Attributes that hold a URL (or a list of them, for srcset).
URL_ATTRIBUTES = frozenset(
    {
        "href",
        "src",
        "srcset",
        "action",
        "formaction",
        "poster",
        "data",
        "cite",
        "background",
        "xlink:href",
        "longdesc",
        "lowsrc",
        "dynsrc",
        "manifest",
        "codebase",
        "archive",
        "profile",
        "usemap",
        "icon",
        "ping",
    }
)

# Elements whose URL attributes load media into the page as it is read.
MEDIA_ELEMENTS = frozenset({"img", "image", "picture", "source", "video", "audio", "track", "input"})

# data: URLs we accept, only as the src of an image: raster formats that cannot run script.
ALLOWED_DATA_IMAGE = re.compile(r"^data:image/(?:png|jpeg|gif|webp|avif)(?:;base64)?,", re.IGNORECASE)

DEFAULT_MAX_IMAGE_BYTES = 500 * 1024

_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")


@dataclass(frozen=True)
class Finding:
    """One problem in a page's HTML; `needles` are regexes that find it in the source."""

    message: str
    needles: tuple[str, ...]


def _scheme(url: str) -> str:
    """The URL scheme as a browser sees it (whitespace and control characters dropped)."""
    squeezed = _INVISIBLE.sub("", url).lower()
    match = re.match(r"^([a-z][a-z0-9+.-]*):", squeezed)
    return match.group(1) if match else ""


def _is_remote(url: str) -> bool:
    """True for a URL that points at another host (absolute or protocol-relative)."""
    squeezed = _INVISIBLE.sub("", url).replace("\\", "/")
    if squeezed.startswith("//"):
        return True
    parts = urlsplit(squeezed)
    return bool(parts.scheme) and parts.scheme.lower() not in {"data", "javascript", "vbscript"}


def _urls(attr: str, value: str) -> list[str]:
    if attr == "srcset":
        return [item.strip().split(" ")[0] for item in value.split(",") if item.strip()]
    return [value]


def _literal(text: str) -> str:
    return re.escape(text)


def _url_needles(url: str) -> tuple[str, ...]:
    needles = [_literal(url)]
    scheme = _scheme(url)
    if scheme:
        rest = url.split(":", 1)[1] if ":" in url else ""
        if len(rest.strip()) >= 4:
            needles.append(_literal(rest.strip()))
        needles.append(r"\s*".join(_literal(ch) for ch in scheme) + r"\s*:")
    return tuple(needles)


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


Token = tuple[str, ...]


class _Structure(HTMLParser):
    """Elements and attributes of an HTML fragment, comments and whitespace ignored."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tokens: list[Token] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in sorted(attrs):
            self.tokens.append(("attr", tag, name, value or ""))
        self.tokens.append(("tag", tag))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def updatepos(self, i: int, j: int) -> int:
        """Skip counting lines and columns: findings are located in the source by their text,
        never by the parser's position (counting was a third of the parse)."""
        return j


class _Collector(_Structure):
    """Walks the HTML once: every finding in document order, and its structure (for the sanitiser check)."""

    def __init__(self, local_size: Callable[[str], int | None] | None, max_image_bytes: int) -> None:
        super().__init__()
        self.findings: list[Finding] = []
        self.local_size = local_size
        self.max_image_bytes = max_image_bytes

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        super().handle_starttag(tag, attrs)
        self._check(tag, attrs)

    def _add(self, message: str, *needles: str) -> None:
        self.findings.append(Finding(message, tuple(needles)))

    def _check(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in FORBIDDEN_ELEMENTS:
            self._add(f"<{tag}> is not allowed: {FORBIDDEN_ELEMENTS[tag]}", rf"<\s*{tag}\b")
        for name, raw in attrs:
            value = raw or ""
            if name.startswith("on"):
                self._add(
                    f"inline event handler {name}= on <{tag}> is not allowed: remove the attribute (pages cannot run code)",
                    rf"\b{re.escape(name)}\s*=",
                )
                continue
            if name == "style":
                self._add(
                    f"a style attribute on <{tag}> is blocked by the site's Content-Security-Policy: remove it "
                    "(the theme styles every element; align table columns with :--- in the separator row)",
                    r"\bstyle\s*=",
                )
                continue
            if name not in URL_ATTRIBUTES:
                continue
            for url in _urls(name, value):
                self._check_url(tag, name, url)

    def _check_url(self, tag: str, attr: str, url: str) -> None:
        scheme = _scheme(url)
        if scheme in {"javascript", "vbscript"}:
            self._add(
                f"a {scheme}: URL in <{tag} {attr}> is not allowed: link to a page of the site or an https:// address",
                *_url_needles(url),
            )
            return
        if scheme == "data":
            if tag == "img" and attr == "src" and ALLOWED_DATA_IMAGE.match(_INVISIBLE.sub("", url)):
                return
            self._add(
                f"a data: URL in <{tag} {attr}> is not allowed: save the file under docs/ and link to it"
                + (" (only PNG, JPEG, GIF, WebP or AVIF images may be inlined)" if tag == "img" else ""),
                *_url_needles(url),
            )
            return
        if attr == "ping":
            self._add(f"<{tag} ping> reports clicks to another address: remove the attribute", r"\bping\s*=")
            return
        if tag in MEDIA_ELEMENTS and attr != "href" and _is_remote(url):
            self._add(
                f"{'image' if tag in {'img', 'image', 'picture', 'input'} else 'media'} from another host ({_short(url)}) "
                "is not allowed: readers' browsers would contact that host; save a copy under docs/ and link to it",
                *_url_needles(url),
            )
            return
        if tag == "img" and attr == "src" and self.local_size is not None and not scheme:
            size = self.local_size(url)
            if size is not None and size > self.max_image_bytes:
                self._add(
                    f"image {_short(url)} is {size / 1024:.0f} KB, over the {self.max_image_bytes / 1024:.0f} KB limit: "
                    "resize or compress it (e.g. at most 1600 px wide, as WebP or JPEG)",
                    *_url_needles(url),
                )


def check_html(
    html: str,
    *,
    local_size: Callable[[str], int | None] | None = None,
    max_image_bytes: int = DEFAULT_MAX_IMAGE_BYTES,
) -> list[Finding]:
    """Every policy finding in a page body's HTML, in document order.

    `local_size(url)` returns the size in bytes of the file a relative image URL points
    at (None when unknown); with it, oversized images are findings too.
    """
    return inspect_html(html, local_size=local_size, max_image_bytes=max_image_bytes)[0]


def inspect_html(
    html: str,
    *,
    local_size: Callable[[str], int | None] | None = None,
    max_image_bytes: int = DEFAULT_MAX_IMAGE_BYTES,
) -> tuple[list[Finding], list[Token]]:
    """`check_html`'s findings and the structure `removed_by_sanitiser` compares, in one parse.

    Parsing is most of the policy's cost (three parses per page were a fifth of the build).
    """
    collector = _Collector(local_size, max_image_bytes)
    collector.feed(html)
    collector.close()
    return collector.findings, collector.tokens


def locate(findings: Iterable[Finding], sources: Sequence[tuple[str, str]]) -> list[Problem]:
    """Find each finding's line: the first source (name, text) holding one of its needles.

    Repeated findings with the same needle move forward through the text, so the
    second `<script>` is reported on the line of the second one.
    """
    problems: list[Problem] = []
    cursors: dict[tuple[str, str], int] = {}
    for finding in findings:
        placed = False
        for needle in finding.needles:
            pattern = re.compile(needle, re.IGNORECASE)
            for name, text in sources:
                start = cursors.get((name, needle), 0)
                match = pattern.search(text, start) or pattern.search(text)
                if match is None:
                    continue
                cursors[(name, needle)] = match.end()
                problems.append(Problem(name, text.count("\n", 0, match.start()) + 1, finding.message))
                placed = True
                break
            if placed:
                break
        if not placed:
            name = sources[0][0] if sources else "(unknown file)"
            problems.append(Problem(name, 1, finding.message + " (line not found: search the file for it)"))
    return problems


# --- Second layer: the sanitiser --------------------------------------------------

ALLOWED_TAGS = frozenset(
    {
        "a",
        "abbr",
        "address",
        "article",
        "aside",
        "audio",
        "b",
        "bdi",
        "bdo",
        "blockquote",
        "br",
        "caption",
        "cite",
        "code",
        "col",
        "colgroup",
        "dd",
        "del",
        "details",
        "dfn",
        "div",
        "dl",
        "dt",
        "em",
        "figcaption",
        "figure",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "i",
        "img",
        "ins",
        "kbd",
        "li",
        "mark",
        "ol",
        "p",
        "picture",
        "pre",
        "q",
        "rp",
        "rt",
        "ruby",
        "s",
        "samp",
        "section",
        "small",
        "source",
        "span",
        "strong",
        "sub",
        "summary",
        "sup",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "time",
        "tr",
        "track",
        "u",
        "ul",
        "var",
        "video",
        "wbr",
    }
)

ALLOWED_ATTRIBUTES: dict[str, set[str]] = {
    "*": {"id", "class", "title", "lang", "dir", "role", "hidden", "tabindex", "translate"},
    "a": {"href", "hreflang", "rel", "target", "download", "type"},
    "img": {"src", "srcset", "sizes", "alt", "width", "height", "loading", "decoding"},
    "source": {"src", "srcset", "sizes", "type", "media", "width", "height"},
    "video": {"src", "poster", "controls", "width", "height", "muted", "loop", "preload", "playsinline"},
    "audio": {"src", "controls", "muted", "loop", "preload"},
    "track": {"src", "kind", "srclang", "label", "default"},
    "td": {"colspan", "rowspan", "headers", "align"},
    "th": {"colspan", "rowspan", "headers", "scope", "abbr", "align"},
    "col": {"span"},
    "colgroup": {"span"},
    "ol": {"start", "type", "reversed"},
    "li": {"value"},
    "time": {"datetime"},
    "q": {"cite"},
    "blockquote": {"cite"},
    "del": {"cite", "datetime"},
    "ins": {"cite", "datetime"},
    "details": {"open"},
    "abbr": {"title"},
}

GENERIC_PREFIXES = frozenset({"aria-", "data-"})
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel", "data"})


def _filter_attribute(tag: str, attr: str, value: str) -> str | None:
    """Drop data: URLs except inline raster images (nh3 allows the scheme as a whole)."""
    if attr in URL_ATTRIBUTES and _scheme(value) == "data":
        if tag == "img" and attr == "src" and ALLOWED_DATA_IMAGE.match(_INVISIBLE.sub("", value)):
            return value
        return None
    return value


# Where a page may hold an inline image (`data:image/…`); elsewhere no data: URL may stay.
_DATA_IMAGE_HINT = re.compile(r"data\s*:\s*image/", re.IGNORECASE)


def sanitise(html: str) -> str:
    """The HTML with everything outside the allowlist removed.

    Only a page that mentions `data:image/` pays for the per-attribute filter that keeps
    inline raster images (a Python call for every attribute of the page, most of the
    sanitiser's time); on any other page nh3 drops every data: URL by itself. A page
    that hides an allowed image from that test loses the image, and the check that
    compares the sanitiser's output with the page reports it (`removed_by_sanitiser`).
    """
    return _cleaner(_DATA_IMAGE_HINT.search(html) is not None).clean(html)


@functools.cache
def _cleaner(data_images: bool) -> nh3.Cleaner:
    """The sanitiser, built once per process for each of the two cases."""
    return nh3.Cleaner(
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        attribute_filter=_filter_attribute if data_images else None,
        generic_attribute_prefixes=set(GENERIC_PREFIXES),
        url_schemes=set(URL_SCHEMES) if data_images else URL_SCHEMES - {"data"},
        link_rel=None,
        strip_comments=True,
    )


# nh3's canonical output, read without an HTML parser (here and in plan_search_sections):
# a tag name, then attributes that are bare or double-quoted with no `"` inside.
CANONICAL_TAG_NAME = r"([a-zA-Z][^\s/>]*)"
CANONICAL_ATTRIBUTES = r'((?:\s+[^\s"\'>/=]+(?:="[^"]*")?)*)'
CANONICAL_ATTRIBUTE = re.compile(r'([^\s"\'>/=]+)(?:="([^"]*)")?')
_SANITISED_TAG = re.compile(rf"<{CANONICAL_TAG_NAME}{CANONICAL_ATTRIBUTES}\s*/?>")


def sanitised_structure(clean: str) -> list[Token]:
    """The structure of `sanitise`'s output, read with two regular expressions.

    nh3 serialises canonically: only allowlisted elements (no script, style, textarea or
    svg), no comments, every `<` of text escaped, every attribute value double-quoted
    with `&` and `"` escaped. So its start tags can be read without an HTML parser,
    which cost a tenth of the build at x100 (bench/); `test_fast_paths` proves the
    tokens equal `_Structure`'s on real pages. Not for arbitrary HTML.
    """
    tokens: list[Token] = []
    for match in _SANITISED_TAG.finditer(clean):
        tag = match[1].lower()
        attrs = sorted(
            (name.lower(), html_unescape(value or "")) for name, value in CANONICAL_ATTRIBUTE.findall(match[2])
        )
        tokens += [("attr", tag, name, value) for name, value in attrs]
        tokens.append(("tag", tag))
    return tokens


def removed_by_sanitiser(
    before: str,
    after: str,
    before_tokens: list[Token] | None = None,
    after_tokens: list[Token] | None = None,
) -> list[str]:
    """What the sanitiser took out, as readable `<tag attr=…>` items (empty when nothing).

    `before_tokens` and `after_tokens`, when given, are the structures of `before` (from
    `inspect_html`) and of `after` (from `sanitised_structure`).
    """

    def tokens(html: str) -> list[Token]:
        parser = _Structure()
        parser.feed(html)
        parser.close()
        return parser.tokens

    remaining = Counter(tokens(after) if after_tokens is None else after_tokens)
    removed: list[str] = []
    for token in tokens(before) if before_tokens is None else before_tokens:
        if remaining[token] > 0:
            remaining[token] -= 1
        elif token[0] == "tag":
            removed.append(f"<{token[1]}>")
        else:
            removed.append(f'<{token[1]} {token[2]}="{_short(token[3], 40)}">')
    return removed
