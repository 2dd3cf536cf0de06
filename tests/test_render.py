"""Generated Markdown: every page kind in both languages, and files written only when changed."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from plan179.data.load import SiteData
from plan179.render.pages import agency as agency_page
from plan179.render.site import GENERATED_DIR, Page, Renderer, md, render_site, write_pages


@pytest.fixture(scope="module")
def pages(site: SiteData) -> dict[str, str]:
    return {p.path: p.content for p in render_site(site)}


def front_matter(text: str) -> dict[str, str]:
    assert text.startswith("---\n")
    head = text.split("---\n", 2)[1]
    return dict(line.split(": ", 1) for line in head.strip().splitlines())


def test_every_page_in_both_languages(site: SiteData, pages: dict[str, str]) -> None:
    vi = {p.removesuffix(".vi.md") for p in pages if p.endswith(".vi.md")}
    en = {p.removesuffix(".en.md") for p in pages if p.endswith(".en.md")}
    assert vi == en
    # overview, full text, solutions, funding, timeline, agency index, who-does-what, reports,
    # history, open data; then one page per pillar and per agency.
    expected = 10 + len(site.pillars) + len(site.agencies)
    assert len(vi) == expected
    for agency in site.agencies:
        assert f"{GENERATED_DIR}/co-quan/{agency.slug}" in vi


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_front_matter_and_single_h1(pages: dict[str, str], lang: str) -> None:
    for path, text in pages.items():
        if not path.endswith(f".{lang}.md"):
            continue
        meta = front_matter(text)
        assert meta["title"].strip('"'), path
        assert meta["description"].strip('"'), path
        assert meta["generated_from"].startswith('"data/'), path
        body = text.split("---\n", 2)[2]
        assert len(re.findall(r"^# ", body, flags=re.M)) == 1, path


def test_english_pages_say_unofficial(pages: dict[str, str]) -> None:
    for path, text in pages.items():
        if path.endswith(".en.md"):
            assert "unofficial translation" in text.lower(), path
        else:
            assert "Unofficial translation" not in text, path


def test_pillar_page_structure(site: SiteData, pages: dict[str, str]) -> None:
    pillar = next(p for p in site.pillars if p.number == 4)
    vi = pages[f"{GENERATED_DIR}/noi-dung/{pillar.slug}.vi.md"]
    en = pages[f"{GENERATED_DIR}/noi-dung/{pillar.slug}.en.md"]
    for task in pillar.tasks:
        assert f"{{#nhiem-vu-{task.id}}}" in vi
        assert f"{{#nhiem-vu-{task.id}}}" in en
        assert md(task.text.vi) in vi
        assert md(task.text.en) in en
    assert "Nhiệm vụ 4đ" in vi and "Task 4đ" in en
    assert "Characteristic D: Resilient." in en
    assert "mapping is ours" in en
    assert "../giai-phap.md#giai-phap-2" in vi


def test_agency_page_structure(site: SiteData, pages: dict[str, str]) -> None:
    vi = pages[f"{GENERATED_DIR}/co-quan/so-y-te.vi.md"]
    en = pages[f"{GENERATED_DIR}/co-quan/so-y-te.en.md"]
    assert vi.startswith('---\ntitle: "Sở Y tế"')
    assert "Trước ngày 01/12 hằng năm" in vi
    assert "Every year, before 1 December" in en
    assert "[Sở Lao động - Thương binh và Xã hội](so-lao-dong-thuong-binh-va-xa-hoi.md)" in vi
    assert "Năm 2020" in vi and "In 2025" in en
    # Its duties are those of its groups (plan.yml): "edit the data" opens that file, at that line.
    assert 'generated_from: "data/plan.yml"\ngenerated_line: ' in vi


def test_recipient_agency_has_no_duties_but_receives(pages: dict[str, str]) -> None:
    vi = pages[f"{GENERATED_DIR}/co-quan/bo-lao-dong-thuong-binh-va-xa-hoi.vi.md"]
    assert "Kế hoạch không giao nhiệm vụ thực hiện riêng" in vi
    assert '<th scope="row">Hằng năm' in vi


def test_full_text_has_every_section_anchor(site: SiteData, pages: dict[str, str]) -> None:
    for lang in ("vi", "en"):
        text = pages[f"{GENERATED_DIR}/toan-van.{lang}.md"]
        for heading in site.plan.headings:
            assert "{#muc-" + heading.id.lower().replace(".", "-") + "}" in text
        for pillar in site.pillars:
            assert f"{{#muc-ii-{pillar.number}}}" in text
            for task in pillar.tasks:
                assert f"{{: #nhiem-vu-{task.id} }}" in text
    en = pages[f"{GENERATED_DIR}/toan-van.en.md"]
    plan = site.plan
    paragraphs = (
        2  # preamble and closing
        + len(plan.purposes)
        + len(plan.requirements)
        + sum(len(p.tasks) for p in site.pillars)
        + len(plan.timeline)
        + len(plan.solutions)
        + len(plan.funding)
        + sum(len(a.duties) for a in site.agencies if any(h.agency == a.id for h in plan.headings))
        + sum(
            len(g.duties) + (g.intro is not None)
            for g in plan.duty_groups
            if any(h.group == g.id for h in plan.headings)
        )
    )
    assert en.count('??? quote "Vietnamese original"') == paragraphs


def test_timeline_lists_milestones_and_obligations(site: SiteData, pages: dict[str, str]) -> None:
    vi = pages[f"{GENERATED_DIR}/thoi-gian.vi.md"]
    for m in site.plan.timeline:
        assert f"{{#{m.id}}}" in vi
    table = vi.split("{#nghia-vu}")[1]
    assert table.count('<tr markdown="1">') == len(site.plan.obligations) + 1  # the header row and one per obligation


def test_markdown_escaping() -> None:
    assert md("a *b* [c](d) <script>\n x") == r"a \*b\* \[c\](d) \<script\> x"
    assert md("A & B") == "A &amp; B"


def test_missing_ui_string_fails(site: SiteData) -> None:
    renderer = Renderer(site)
    with pytest.raises(KeyError, match=r"data/i18n/vi\.yml"):
        renderer.t("vi")("no_such_key")


def test_write_only_when_changed(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    pages = [Page(f"{GENERATED_DIR}/a.vi.md", "A"), Page(f"{GENERATED_DIR}/sub/b.en.md", "B")]
    assert sorted(write_pages(pages, docs)) == [f"{GENERATED_DIR}/a.vi.md", f"{GENERATED_DIR}/sub/b.en.md"]
    target = docs / GENERATED_DIR / "a.vi.md"
    os.utime(target, (1_000_000, 1_000_000))
    assert write_pages(pages, docs) == []
    assert target.stat().st_mtime == 1_000_000
    changed = write_pages([Page(f"{GENERATED_DIR}/a.vi.md", "A2")], docs)
    assert changed == [f"{GENERATED_DIR}/a.vi.md", f"{GENERATED_DIR}/sub/b.en.md"]
    assert not (docs / GENERATED_DIR / "sub").exists()
    (docs / "hand.md").write_text("mine", encoding="utf-8")
    write_pages([], docs)
    assert (docs / "hand.md").read_text(encoding="utf-8") == "mine"


def test_template_calls_keep_jinja_semantics() -> None:
    """The direct call of plain helpers (plan_render._Context) still honours Jinja's markers."""
    import jinja2

    from plan179.render.site import TEMPLATES, environment

    @jinja2.pass_context
    def where(context: jinja2.runtime.Context, suffix: str) -> str:
        return str(context["lang"]) + suffix

    def plain(a: str, b: str = "") -> str:
        return a + b

    template = environment(TEMPLATES).from_string(
        "{{ where('!') }} {{ plain('x', b='y') }}{% for i in [1] %}{% set n = 2 %}{{ plain('z') }}{{ where(n | string) }}{% endfor %}"
    )
    assert template.render(lang="vi", where=where, plain=plain) == "vi! xyzvi2"


def test_an_edited_template_is_used_by_the_next_renderer(site: SiteData, tmp_path: Path) -> None:
    """`mkdocs serve` makes a new Renderer per rebuild; an edited template must show."""
    import shutil

    from plan179.render.site import TEMPLATES

    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    agency = site.agencies[0]
    before = agency_page.render(Renderer(site, templates=templates), agency, "vi")
    assert Renderer(site, templates=templates).env is Renderer(site, templates=templates).env  # compiled once
    page = templates / "agency.md.j2"
    page.write_text(page.read_text(encoding="utf-8") + "\nDòng mới của mẫu.\n", encoding="utf-8")
    after = agency_page.render(Renderer(site, templates=templates), agency, "vi")
    assert after == before + "\nDòng mới của mẫu.\n"
