"""A page's search sections, read from the sanitiser's output without an HTML parser.

Material's search plugin feeds every page through Python's `HTMLParser` to cut it into
sections at its headings; with our HTML policy's own parse that was two full parses per
page, and together they cost about a fifth of the build (bench/, issue 7). The policy
must parse the page as written (anything may be in it), but the search plugin reads the
page *after* nh3 has cleaned it, and nh3 writes canonical HTML: no comments, no
script/style/CDATA, every `<` of text escaped, every attribute value double-quoted with
`"` escaped. Such HTML can be tokenised with one regular expression.

`split_sections` does that and applies, event by event, the rules of Material 9.8's
`Parser` (`material/plugins/search/plugin.py`), including its quirks (elements are
compared by tag name; a closing tag removes everything from the *first* matching
opening tag when only whitespace follows it). `tests/test_search_sections.py` proves
the sections equal Material's on every page of the site and on edge cases. Never use it
on HTML that did not come out of `plan_html_policy.sanitise`.

Plain Python: no MkDocs or Material import. The tag patterns are `plan_html_policy`'s,
which reads the same canonical output for the sanitiser check.
"""

from __future__ import annotations

import re
from html import escape, unescape

from plan_html_policy import CANONICAL_ATTRIBUTE, CANONICAL_ATTRIBUTES, CANONICAL_TAG_NAME

# Material's lists (material/plugins/search/plugin.py): void tags are not pushed on the
# context; `keep` tags are kept as markup in the indexed text; `skip` starts with these.
VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}
)
KEEP = frozenset({"p", "code", "pre", "li", "ol", "ul", "sub", "sup"})
SKIP = ("object", "script", "style")
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})

# A start tag (attributes double-quoted or bare) or an end tag, in canonical HTML.
_TAG = re.compile(rf"<(?:{CANONICAL_TAG_NAME}{CANONICAL_ATTRIBUTES}\s*(/?)|/{CANONICAL_TAG_NAME}\s*)>")


class Element:
    """An open element: its tag and attributes (what Material's `Element` holds)."""

    __slots__ = ("attrs", "tag")

    def __init__(self, tag: str, attrs: dict[str, str | None] | None = None) -> None:
        self.tag = tag
        self.attrs: dict[str, str | None] = attrs or {}

    def is_excluded(self) -> bool:
        return "data-search-exclude" in self.attrs


class Section:
    """Text under one heading; the fields Material's `create_entry_for_section` reads."""

    __slots__ = ("depth", "el", "id", "text", "title")

    def __init__(self, el: Element, depth: float = 0) -> None:
        self.el = el
        self.depth = depth
        self.text: list[str] = []
        self.title: list[str] = []
        self.id: str | None = None

    def is_excluded(self) -> bool:
        return self.el.is_excluded()


class _Splitter:
    """Material's `Parser` handlers, with tag-name sets instead of `Element` equality."""

    def __init__(self) -> None:
        self.context: list[Element] = []
        self.tags: list[str] = []  # the context's tag names, for membership tests
        self.skip: set[str] = set(SKIP)
        self.section: Section | None = None
        self.data: list[Section] = []

    def _skipping(self) -> bool:
        skip = self.skip
        return any(tag in skip for tag in self.tags)

    def _current(self) -> Section:
        if self.section is None:
            self.section = Section(Element("hx"))
            self.data.append(self.section)
        return self.section

    def start(self, tag: str, attrs: dict[str, str | None]) -> None:
        if tag in VOID:
            return
        el = Element(tag, attrs)
        self.context.append(el)
        self.tags.append(tag)
        if tag in HEADINGS:
            depth = len(self.context)
            if "id" in attrs:
                if tag != "h1" and not self.data:
                    self.section = Section(Element("hx"), depth)
                    self.data.append(self.section)
                self.section = Section(el, depth)
                if self.data:
                    self.section.id = attrs["id"]
                self.data.append(self.section)
        section = self._current()
        for key, value in attrs.items():
            if key == "data-search-exclude" or (key == "class" and value == "linenodiv"):
                self.skip.add(tag)
                return
        if tag in KEEP and not self._skipping():
            (section.title if section.el.tag in self.tags else section.text).append(f"<{tag}>")

    def end(self, tag: str) -> None:
        if not self.context or self.tags[-1] != tag:
            return
        section = self._current()
        if section.depth > len(self.context):
            for candidate in reversed(self.data):
                if candidate.depth <= len(self.context):
                    section.depth = float("inf")
                    self.section = section = candidate
                    break
        el = self.context.pop()
        self.tags.pop()
        if el.tag in self.skip:
            if el.tag not in SKIP:
                self.skip.remove(el.tag)
            return
        if tag in KEEP and not self._skipping():
            data = section.title if section.el.tag in self.tags else section.text
            index = data.index(f"<{tag}>")
            for i in range(index + 1, len(data)):
                if not data[i].isspace():
                    index = len(data)
                    break
            if len(data) > index:
                del data[index:]
            else:
                data.append(f"</{tag}>")

    def text(self, data: str) -> None:
        if self._skipping():
            return
        in_pre = "pre" in self.tags
        blank = data.isspace()
        if not in_pre:
            data = " " if blank else data.replace("\n", " ")
        section = self._current()
        if section.el.tag in self.tags:
            if not any(el.tag == "a" and el.attrs.get("class") == "headerlink" for el in self.context):
                section.title.append(escape(data, quote=False))
        elif blank:
            if not section.text or not section.text[-1].isspace() or in_pre:
                section.text.append(data)
        else:
            section.text.append(escape(data, quote=False))


# Page bodies nh3 produced (marked by hooks/plan_guard.py), by object identity: MkDocs
# converts every page before it renders any, so all of them wait here until the search
# plugin reads them. `split_sections` is only used on these exact string objects, so
# anything else (a body another plugin changed) takes Material's own parser.
_clean: dict[int, str] = {}


def mark_clean(html: str) -> None:
    """Remember `html` as sanitiser output."""
    _clean[id(html)] = html


def take_clean(html: str) -> bool:
    """True (once) when `html` is the very string passed to `mark_clean`."""
    if _clean.get(id(html)) is html:
        del _clean[id(html)]
        return True
    return False


def forget_clean() -> None:
    """Drop every remembered body (at the start of each build)."""
    _clean.clear()


def _attrs(raw: str) -> dict[str, str | None]:
    attrs: dict[str, str | None] = {}
    for match in CANONICAL_ATTRIBUTE.finditer(raw):
        name, value = match.group(1), match.group(2)
        # HTMLParser gives None for a bare attribute, and unescapes values.
        attrs[name.lower()] = None if value is None else (unescape(value) if "&" in value else value)
    return attrs


def split_sections(clean: str) -> list[Section]:
    """The sections Material's search `Parser` finds in `clean` (nh3's output only)."""
    splitter = _Splitter()
    position = 0
    for match in _TAG.finditer(clean):
        if match.start() > position:
            splitter.text(unescape(clean[position : match.start()]))
        position = match.end()
        start, raw, closed, end = match.groups()
        if start is not None:
            tag = start.lower()
            splitter.start(tag, _attrs(raw) if raw else {})
            if closed:
                splitter.end(tag)
        else:
            splitter.end(end.lower())
    if position < len(clean):
        splitter.text(unescape(clean[position:]))
    return splitter.data
