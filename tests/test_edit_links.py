"""One home for each text, and "edit the data of this page" goes there.

For every generated page in both languages, the edit link (as the theme shows it)
opens a file of the repository, at a line where a quotation is written whose text,
in the page's language, the page shows. Obligations have no words of their own: their
text is that of the record they name.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
import yaml

from conftest import ROOT
from plan179.content.facts import page_facts
from plan179.content.gitdates import GitDates
from plan179.data.fidelity import fold
from plan179.data.homes import sentences
from plan179.data.load import PlanDataError, SiteData, load
from plan179.data.strict_yaml import Document, parse_file
from plan179.layout import GENERATED_DIR
from plan179.render.site import render_site

BASE = "https://github.com/owner/repo/edit/main/"


@pytest.fixture(scope="module")
def pages(site: SiteData) -> dict[str, str]:
    """Every generated Markdown page (open-data files are not pages)."""
    return {p.path: p.content for p in render_site(site) if p.path.endswith(".md")}


def _meta(text: str) -> dict[str, Any]:
    head = text.split("---\n", 2)[1]
    data = yaml.safe_load(head)
    assert isinstance(data, dict)
    return data


def _visible(markdown: str) -> str:
    """The page's words for comparison: Markdown escapes removed, whitespace folded."""
    return fold(re.sub(r"\\(.)", r"\1", markdown.split("---\n", 2)[2]))


def _text_at(doc: Document, line: int, lang: str) -> str | None:
    """The quotation (in `lang`) whose `text:` (or whose record) starts at `line`."""
    for path, at in doc.lines.items():
        if at != line:
            continue
        value: Any = doc.data
        for key in path:
            value = value[key]
        if isinstance(value, dict) and isinstance(value.get(lang), str):
            return str(value[lang])
    return None


def _edit_target(url: str) -> tuple[str, int | None]:
    parts = urlsplit(url)
    folder_base = BASE.replace("/edit/", "/tree/")  # a folder opens its listing
    assert url.startswith((BASE, folder_base)), url
    path = unquote(parts.path.removeprefix(urlsplit(BASE).path).removeprefix(urlsplit(folder_base).path))
    line = int(parts.fragment[1:]) if parts.fragment.startswith("L") else None
    return path, line


def _facts_of(path: str, text: str) -> tuple[str, int | None]:
    lang = path.rsplit(".", 2)[-2]
    facts = page_facts(
        src=f"docs/{path}",
        meta=_meta(text),
        reader_lang=lang,
        text_lang=lang,
        generated_dir=GENERATED_DIR,
        edit_base=BASE,
        git=GitDates({}),
    )
    assert facts.generated and facts.edit_url, path
    return _edit_target(facts.edit_url)


def test_every_edit_link_opens_the_file_and_line_holding_the_page_text(pages: dict[str, str]) -> None:
    checked = 0
    for path, text in sorted(pages.items()):
        target, line = _facts_of(path, text)
        lang = path.rsplit(".", 2)[-2]
        if target.endswith("/"):  # pages about a whole folder (agency index, reports, open data)
            assert (ROOT / target).is_dir(), (path, target)
            assert line is None
            continue
        assert (ROOT / target).is_file(), (path, target)
        assert line is not None, f"{path}: the edit link of {target} names no line"
        quoted = _text_at(parse_file(ROOT / target, target), line, lang)
        assert quoted is not None, f"{path}: {target}#L{line} holds no text"
        # The page shows that text, or the sentence of it that a duty takes (`text_from`).
        shown = [part for part in sentences(quoted) if fold(part) in _visible(text)]
        assert shown, f"{path}: the text at {target}#L{line} is not on the page"
        checked += 1
    assert checked >= 2 * 10  # the plan's pages, every pillar and every agency, in both languages


def test_agency_without_duties_of_its_own_edits_its_group_duties(pages: dict[str, str], site: SiteData) -> None:
    """/ke-hoach/co-quan/so-y-te/ shows duties from duty_groups in plan.yml: the link goes there."""
    text = pages[f"{GENERATED_DIR}/co-quan/so-y-te.vi.md"]
    target, line = _facts_of(f"{GENERATED_DIR}/co-quan/so-y-te.vi.md", text)
    assert target == "data/plan.yml"
    group = next(g for g in site.plan.duty_groups if g.id == "so-nganh-tinh")
    assert _text_at(parse_file(ROOT / target, target), line or 0, "vi") == group.duties[0].text.vi
    own = pages[f"{GENERATED_DIR}/co-quan/so-tai-chinh.en.md"]
    assert _facts_of(f"{GENERATED_DIR}/co-quan/so-tai-chinh.en.md", own)[0] == "data/agencies/so-tai-chinh.yml"


def test_obligations_take_the_words_of_their_source(site: SiteData) -> None:
    raw = parse_file(ROOT / "data" / "plan.yml", "data/plan.yml").data
    assert all("text" not in ob for ob in raw["obligations"])  # no copy to drift
    finance = next(a for a in site.agencies if a.id == "so-tai-chinh")
    allocate = next(ob for ob in site.plan.obligations if ob.id == "bo-tri-kinh-phi-hang-nam")
    assert allocate.source == finance.duties[0].id
    assert allocate.text == finance.duties[0].text


def _break(data_copy: Path, old: str, new: str) -> None:
    plan = data_copy / "plan.yml"
    text = plan.read_text(encoding="utf-8")
    assert old in text
    plan.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_unknown_obligation_source_names_the_file_and_line(data_copy: Path) -> None:
    _break(data_copy, 'source: "so-tai-chinh.1"', 'source: "so-tai-chinh.9"')
    with pytest.raises(PlanDataError) as err:
        load(data_copy, root=data_copy.parent)
    line = next(
        i
        for i, text in enumerate((data_copy / "plan.yml").read_text("utf-8").splitlines(), 1)
        if "so-tai-chinh.9" in text
    )
    assert f"data/plan.yml:{line}: obligations[" in str(err.value)
    assert "'so-tai-chinh.9' is not the id of a duty" in str(err.value)


def test_an_obligation_cannot_carry_a_copy_of_the_text(data_copy: Path) -> None:
    _break(data_copy, 'source: "so-tai-chinh.1"', 'source: "so-tai-chinh.1"\n    text: {vi: "x", en: "y"}')
    with pytest.raises(PlanDataError) as err:
        load(data_copy, root=data_copy.parent)
    assert "text is not a known field" in str(err.value)


def _written(value: Any, path: tuple[str | int, ...] = ()) -> list[tuple[tuple[str | int, ...], str]]:
    """Every Vietnamese and English text as written in a YAML tree (filled-in ones are not)."""
    out: list[tuple[tuple[str | int, ...], str]] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if key in ("vi", "en") and isinstance(item, str):
                out.append(((*path, key), item))
            else:
                out += _written(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            out += _written(item, (*path, i))
    return out


def test_no_duty_or_obligation_text_is_written_twice() -> None:
    """A duty, obligation or deadline text is written once in data/: never inside another passage."""
    texts: list[tuple[str, tuple[str | int, ...], str]] = []
    for data_file in [ROOT / "data" / "plan.yml", *sorted((ROOT / "data" / "agencies").glob("*.yml"))]:
        rel = data_file.relative_to(ROOT).as_posix()
        texts += [(rel, path, fold(text)) for path, text in _written(parse_file(data_file, rel).data)]
    duties = [t for t in texts if ("duties" in t[1] or "obligations" in t[1]) and "text" in t[1]]
    assert len(duties) >= 10
    for file, path, text in duties:
        for other_file, other_path, other in texts:
            if (other_file, other_path) != (file, path) and path[-1] == other_path[-1]:
                assert text not in other, f"{file} {path} is also written in {other_file} {other_path}"


def test_duty_takes_its_sentence_from_the_passage_that_states_it(site: SiteData) -> None:
    groups = {g.id: g for g in site.plan.duty_groups}
    proposal = groups["kien-nghi-dieu-chinh"].duties[0]
    assert proposal.text_from is not None and proposal.text_from.record == "document.closing"
    for lang in ("vi", "en"):
        assert proposal.text.get(lang) == sentences(site.plan.document.closing.get(lang))[2]
    assert not proposal.text.vi.endswith("/.")  # the document's end mark is not part of the duty
    budget = groups["don-vi-duoc-giao"].duties[0]
    assert budget.text.en == sentences(site.plan.funding[0].text.en)[1]


def test_sentences_cut_at_full_stops_before_a_capital() -> None:
    assert sentences("Một câu. Đây là câu hai, v.v. cuối./.") == ["Một câu.", "Đây là câu hai, v.v. cuối."]


def test_text_and_text_from_together_name_the_line(data_copy: Path) -> None:
    _break(
        data_copy,
        'text_from: {record: "kinh-phi-1", sentence: 2}',
        'text_from: {record: "kinh-phi-1", sentence: 2}\n        text: {vi: "x", en: "y"}',
    )
    with pytest.raises(PlanDataError) as err:
        load(data_copy, root=data_copy.parent)
    assert "text: remove it: the words are taken from text_from" in str(err.value)
    assert "data/plan.yml:" in str(err.value)


def test_missing_sentence_names_the_line(data_copy: Path) -> None:
    _break(
        data_copy, 'text_from: {record: "kinh-phi-1", sentence: 2}', 'text_from: {record: "kinh-phi-1", sentence: 7}'
    )
    with pytest.raises(PlanDataError) as err:
        load(data_copy, root=data_copy.parent)
    line = next(
        i for i, text in enumerate((data_copy / "plan.yml").read_text("utf-8").splitlines(), 1) if "sentence: 7" in text
    )
    assert f"data/plan.yml:{line}: duty_groups[" in str(err.value)
    assert "kinh-phi-1 has 2 sentence(s) in 'vi', not 7" in str(err.value)
