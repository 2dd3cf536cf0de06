"""Faster code paths give exactly what the straightforward versions gave."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from plan179.data.calendar import entries, group_members, involved, members_of
from plan179.data.load import SiteData, load
from plan179.export.open_data import fold
from plan179.publish.html_policy import (
    _Structure,
    check_html,
    inspect_html,
    removed_by_sanitiser,
    sanitise,
    sanitised_structure,
)

ROOT = Path(__file__).resolve().parent.parent


def fold_by_character(line: str) -> str:
    """The original per-character folding (RFC 5545 §3.1), kept as the reference."""
    parts: list[str] = []
    current = ""
    size = 0
    limit = 75
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            parts.append(current)
            current, size, limit = "", 0, 74
        current += char
        size += width
    parts.append(current)
    return "\r\n ".join(parts)


@pytest.mark.parametrize("seed", range(20))
def test_fold_matches_the_reference(seed: int) -> None:
    rng = random.Random(seed)
    alphabet = "ae ,;đĐếỗữ€𝄞\\n"  # 1-, 2-, 3- and 4-byte UTF-8 characters
    for length in (0, 1, 74, 75, 76, 149, 150, 151, 300, rng.randrange(1, 2000)):
        line = "".join(rng.choice(alphabet) for _ in range(length))
        assert fold(line) == fold_by_character(line)


def test_group_index_gives_the_same_members(site: SiteData) -> None:
    groups = group_members(site)
    parties = {p for ob in site.plan.obligations for p in (*ob.actors, *ob.recipients)}
    for party in sorted(parties | set(groups)):
        expected = (
            {a.id for a in site.agencies if party in a.groups}
            if any(g.id == party for g in site.plan.duty_groups)
            else {party}
        )
        assert members_of(site, party) == expected
        assert members_of(site, party, groups) == expected
    for ob in site.plan.obligations:
        assert involved(site, ob, groups) == involved(site, ob)
    assert any(e.agencies for e in entries(site))


HTML_SAMPLES = [
    '<p class="a" id="b">x &amp; <a href="../x/?a=1&amp;b=2" title="t">y</a></p><!-- c --><br/>',
    '<table><tr><th scope="col">A</th></tr></table><img src="a.png" alt="">',
    '<p onclick="x()">a</p><script>alert(1)</script><iframe src="https://e.test"></iframe>',
    '<div markdown="1"><span style="color:red" data-x="1">đ</span></div>',
]


@pytest.mark.parametrize("html", HTML_SAMPLES)
def test_one_parse_gives_what_three_gave(html: str) -> None:
    """inspect_html: check_html's findings and removed_by_sanitiser's structure in one pass."""
    findings, structure = inspect_html(html)
    assert findings == check_html(html)
    clean = sanitise(html)
    assert removed_by_sanitiser(html, clean, structure) == removed_by_sanitiser(html, clean)


TRICKY = [
    '<P CLASS="x">A &lt;b&gt; &amp; c&nbsp;d</P><a title="a > b &quot;q&quot;" href="?x=1&amp;y=2">l</a>',
    '<img src="a.png" alt="" width="10"><br><hr/><td align="left" colspan=2>x</td>',
    '<span data-x="1" aria-label="đ €">y</span><script>var a = "<p x=1>";</script><style>p{}</style>',
    '<div><!-- <p class="hidden"> --><textarea><p></textarea><svg><path d="M0"/></svg></div>',
    '<a href="javascript:alert(1)" onclick="x">z</a><img src="data:image/png;base64,AAAA">',
]


def page_bodies() -> list[str]:
    """Every page of the real site as HTML, as the build's Markdown settings make it."""
    import markdown

    from bench.probe import markdown_settings, rendered_pages
    from plan179.render.site import render_site

    names, settings = markdown_settings(ROOT)
    texts = [t for pages in rendered_pages(ROOT / "docs").values() for t in pages]
    texts += [p.content for p in render_site(load(ROOT / "data", root=ROOT)) if p.path.endswith(".md")]
    md = markdown.Markdown(extensions=names, extension_configs=settings)
    out = []
    for text in texts:
        md.reset()
        out.append(md.convert(text))
    return out


def test_sanitised_structure_reads_like_the_parser() -> None:
    samples = [sanitise(h) for h in HTML_SAMPLES + TRICKY + page_bodies()]
    assert len(samples) > 50
    for clean in samples:
        parsed = _Structure()
        parsed.feed(clean)
        parsed.close()
        assert sanitised_structure(clean) == parsed.tokens, clean[:200]


FRONT_MATTERS = [
    "---\ntitle: Tiền Giang\ndate: 2026-11-28\ntags:\n  - a\n  - b\n---\n# x\n",
    "---\ntitle: a\ntitle: b\n---\n",
    "---\ntitle: <b>x</b>\ndescription: javascript:alert(1)\n---\n",
    "---\ntitle: [unclosed\n---\n",
    "---\n- a\n- b\n---\n",
    "---\n\n---\n",
    "---\ntitle: 'x\n---\n",
    "---\na: 1\n  b: 2\n---\n",
    "---\ntitle: x\n",
    "# no front matter\n",
]


@pytest.mark.parametrize("text", FRONT_MATTERS)
def test_front_matter_check_with_libyaml_matches_pure_python(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import yaml

    import plan179.publish.front_matter as plan_html_policy

    assert plan_html_policy._FAST_LOADER.__name__ == "CSafeLoader"  # libyaml is installed with PyYAML here
    fast = plan_html_policy.check_front_matter(text)
    monkeypatch.setattr(plan_html_policy, "_FAST_LOADER", yaml.SafeLoader)
    assert fast == plan_html_policy.check_front_matter(text)
