"""The plan is a legal text: every quotation is verbatim, and nothing of it is left out.

Comparison is after Unicode NFC normalisation and whitespace folding, because the
official file mixes NFC and NFD and wraps lines where YAML folds them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import BaseModel

from conftest import ROOT, SOURCE
from plan179.data.load import SiteData
from plan179.data.model import Quote

_WS = re.compile(r"\s+")


def fold(text: str) -> str:
    return _WS.sub(" ", unicodedata.normalize("NFC", text)).strip()


def quotes(value: object, where: str = "") -> Iterator[tuple[str, Quote]]:
    """Every Quote inside a model tree, with a readable location."""
    if isinstance(value, Quote):
        yield where, value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from quotes(getattr(value, name), f"{where}.{name}" if where else name)
    elif isinstance(value, tuple | list):
        for i, item in enumerate(value):
            yield from quotes(item, f"{where}[{i}]")


def all_quotes(site: SiteData) -> list[tuple[str, Quote]]:
    found = list(quotes(site.plan, "plan"))
    for p in site.pillars:
        found += list(quotes(p, p.id))
    for a in site.agencies:
        found += list(quotes(a, a.id))
    return found


@pytest.fixture(scope="module")
def official() -> str:
    return fold(SOURCE.read_text(encoding="utf-8"))


def test_committed_source_matches_shared_copy() -> None:
    shared = ROOT.parent / "shared" / "source" / "179-KH-UBND.txt"
    if not shared.exists():
        pytest.skip("no ../shared/source beside this checkout")
    assert SOURCE.read_bytes() == shared.read_bytes()


def test_every_quote_is_verbatim(site: SiteData, official: str) -> None:
    found = all_quotes(site)
    assert len(found) > 60
    wrong = [f"{where}: {q.vi[:80]!r}" for where, q in found if fold(q.vi) not in official]
    assert not wrong, "not verbatim in the official text:\n" + "\n".join(wrong)


def test_quotes_are_nfc(site: SiteData) -> None:
    for where, q in all_quotes(site):
        assert unicodedata.is_normalized("NFC", q.vi), where
        assert unicodedata.is_normalized("NFC", q.en), where


_MARKER = re.compile(r"^(?:(?:[IVX]+\.|\d+\.|[a-zđ]\)|-|Năm \d{4}:)\s*)+")


def body_lines() -> list[str]:
    lines = []
    for raw in SOURCE.read_text(encoding="utf-8").splitlines():
        line = fold(raw)
        if not line or set(line) <= {"-"}:
            continue
        lines.append(line)
    return lines


def test_nothing_of_the_text_is_left_out(site: SiteData) -> None:
    """Each line of the official text, less its numbering, lies inside some quotation."""
    texts = [fold(q.vi) for _, q in all_quotes(site)]
    missing = []
    for line in body_lines():
        content = _MARKER.sub("", line).rstrip(":").strip()
        if line.startswith("Số: "):
            assert content.removeprefix("Số: ") == site.plan.document.number
            continue
        if not any(content in text for text in texts):
            missing.append(line[:100])
    assert not missing, "lines of the official text not found in data/:\n" + "\n".join(missing)


def test_numbered_sections_and_tasks_present(site: SiteData) -> None:
    roman = None
    number = None
    letters: dict[int, list[str]] = {}
    headings = {h.id for h in site.plan.headings}
    for line in body_lines():
        if m := re.match(r"^([IVX]+)\. ", line):
            roman, number = m.group(1), None
            assert roman in headings, f"section {roman} missing from plan.yml headings"
        elif (m := re.match(r"^(\d+)\. ", line)) and roman:
            number = int(m.group(1))
            if roman == "II":
                assert any(p.number == number for p in site.pillars), f"pillar II.{number} missing"
            elif roman == "IV":
                assert any(s.number == number for s in site.plan.solutions), f"solution IV.{number} missing"
            else:
                assert f"{roman}.{number}" in headings, f"heading {roman}.{number} missing"
        elif (m := re.match(r"^([a-zđ])\) ", line)) and roman == "II" and number is not None:
            letters.setdefault(number, []).append(m.group(1))
    assert letters[4] == ["a", "b", "c", "d", "đ", "e"]
    for pillar in site.pillars:
        assert [t.letter for t in pillar.tasks] == letters[pillar.number], pillar.id
    assert sum(len(v) for v in letters.values()) == 19


def test_task_text_matches_its_letter(site: SiteData) -> None:
    """Each task holds the whole paragraph that follows its letter, not a neighbour's."""
    raw = body_lines()
    for pillar in site.pillars:
        start = raw.index(next(line for line in raw if line.startswith(f"{pillar.number}. Triển khai")))
        for task in pillar.tasks:
            line = next(line for line in raw[start:] if line.startswith(f"{task.letter}) "))
            assert fold(task.text.vi) == line[3:], task.id


def test_data_files_are_nfc_on_disk() -> None:
    for path in sorted((ROOT / "data").rglob("*.yml")):
        text = path.read_text(encoding="utf-8")
        assert unicodedata.is_normalized("NFC", text), f"{path.relative_to(ROOT)} is not NFC"


def test_english_is_marked_unofficial(site: SiteData) -> None:
    assert "unofficial" in site.strings["en"]["unofficial_body"].lower()


def test_source_path_exists() -> None:
    assert Path(SOURCE).is_file()


def test_a_misquotation_names_the_differing_words() -> None:
    """A communicator sees which word to fix, not only that the text differs."""
    from plan179.data.fidelity import SOURCE, differences, fold

    official = fold((ROOT / SOURCE).read_text(encoding="utf-8"))
    typo = "Chủ trì, phối hợp với các sở, ban, ngành liên quan xây dựng kê hoạch tổ chức triển khai thực hiện"
    assert differences(fold(typo), official) == "; the official text has «kế» where this has «kê»"
    assert "no passage" in differences("Hoàn toàn khác hẳn với mọi thứ", official)
