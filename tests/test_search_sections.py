"""The parser-free search sections equal Material's on every page and on edge cases."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import markdown
import pytest
from bench.probe import markdown_settings
from material.plugins.search import plugin as material_search

import plan_reader
from plan_html_policy import removed_by_sanitiser, sanitise
from plan_load import SiteData
from plan_render import render_site
from plan_search_sections import mark_clean, split_sections

ROOT = Path(__file__).resolve().parent.parent
_FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)


def material_sections(html: str) -> list[dict[str, Any]]:
    """What Material 9.8's own `Parser` (HTMLParser underneath) makes of the HTML."""
    parser = plan_reader._SectionsParser.__mro__[1]()  # Material's class, not our subclass
    parser.feed(html)
    parser.close()
    return [_fields(s) for s in parser.data]


def fast_sections(html: str) -> list[dict[str, Any]]:
    return [_fields(s) for s in split_sections(html)]


def _fields(section: Any) -> dict[str, Any]:
    return {
        "id": section.id,
        "title": list(section.title),
        "text": list(section.text),
        "depth": section.depth,
        "excluded": section.is_excluded(),
        "tag": section.el.tag,
    }


def _clean(html: str) -> str:
    clean = sanitise(html)
    assert removed_by_sanitiser(html, clean) == [], "sample must pass the sanitiser unchanged in structure"
    return clean


def site_bodies(site: SiteData) -> dict[str, str]:
    """Every page body of the real site (hand-written and generated), as nh3 leaves it."""
    names, settings = markdown_settings(ROOT)
    md = markdown.Markdown(extensions=names, extension_configs=settings)
    sources = {
        path.relative_to(ROOT / "docs").as_posix(): path.read_text(encoding="utf-8-sig")
        for path in (ROOT / "docs").rglob("*.md")
        if path.relative_to(ROOT / "docs").parts[0] not in {"ke-hoach", "du-lieu"}
    }
    sources |= {page.path: page.content for page in render_site(site) if page.path.endswith(".md")}
    bodies = {}
    for name, text in sorted(sources.items()):
        md.reset()
        bodies[name] = sanitise(md.convert(_FRONT_MATTER.sub("", text, count=1)))
    return bodies


def test_every_page_of_the_site_splits_as_material_splits_it(site: SiteData) -> None:
    bodies = site_bodies(site)
    assert len(bodies) > 60
    sections = 0
    for name, html in bodies.items():
        expected = material_sections(html)
        assert fast_sections(html) == expected, name
        sections += len(expected)
    assert sections > len(bodies)  # headings were found, not one section per page


EDGE_CASES = [
    # A heading's permalink is left out of its title; `>` inside a quoted attribute.
    '<h1 id="a">Tiêu đề <a class="headerlink" href="#a" title="a > b">¶</a></h1><p>Đoạn &amp; văn</p>',
    # First heading not an h1: a top-level section is added before it.
    '<p>trước</p><h2 id="hai">Hai <code>x</code></h2><p>sau</p><h3 id="ba">Ba</h3><ul><li>một</li><li> </li></ul>',
    # Whitespace in <pre> kept; elsewhere collapsed; empty kept tags dropped.
    "<pre><code>a\n\n  b\n</code></pre>\n\n<p>\n</p><p>x\ny</p>",
    # Excluded blocks (and their headings) and Material's line-number tables.
    '<div data-search-exclude=""><h2 id="an">Ẩn</h2><p>không</p></div><h2 id="hien">Hiện</h2><p>có</p>'
    '<table><tr><td class="linenodiv"><pre>1</pre></td><td>mã</td></tr></table><p>sau bảng</p>',
    # A heading nested in another element, then text after the element closes.
    '<h1 id="t">T</h1><div><h2 id="n">Lồng</h2><p>trong</p></div><p>ngoài</p>',
    # Entities, bare attributes, self-closing and void tags, sub/sup.
    '<p>H<sub>2</sub>O &lt;b&gt; x<sup>2</sup><br>đ&#273;<img alt="a&quot;b" src="x.png"></p>'
    "<details open><summary>Tóm tắt</summary><p>chi tiết</p></details>",
    # Text before any element, and after the last.
    "đầu <em>giữa</em> cuối",
    # A table with row headers, as md_in_html writes our generated tables.
    '<table><thead><tr><th scope="col">A</th></tr></thead><tbody><tr><th scope="row">b</th><td>c</td></tr></tbody></table>',
]


@pytest.mark.parametrize("html", EDGE_CASES)
def test_edge_cases_split_as_material_splits_them(html: str) -> None:
    clean = _clean(html)
    assert fast_sections(clean) == material_sections(clean)


def test_only_the_marked_sanitiser_output_takes_the_fast_path() -> None:
    assert material_search.Parser is plan_reader._SectionsParser
    clean = _clean(EDGE_CASES[0])
    mark_clean(clean)
    parser = material_search.Parser()
    parser.feed(clean)
    parser.close()
    assert getattr(parser, "plan_split", False)
    assert [_fields(s) for s in parser.data] == material_sections(clean)
    again = material_search.Parser()  # taken once: a second read parses
    again.feed(clean)
    again.close()
    assert not getattr(again, "plan_split", False)
    # An equal string that is not the marked object (e.g. changed by another plugin and
    # changed back) goes through Material's parser.
    copy = "".join(list(clean))
    assert copy == clean and copy is not clean
    other = material_search.Parser()
    other.feed(copy)
    other.close()
    assert not getattr(other, "plan_split", False)
    assert [_fields(s) for s in other.data] == material_sections(clean)
