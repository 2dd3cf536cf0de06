"""Bad data fails with `file:line: field: what to do`, one test per class of problem."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from conftest import Edit
from plan179.data.load import PlanDataError, load

AGENCY = "agencies/so-tai-chinh.yml"
PILLAR = "pillars/cong-dong-tu-luc-tu-cuong.yml"


def problems(data: Path) -> list[str]:
    with pytest.raises(PlanDataError) as info:
        load(data, root=data.parent)
    return [str(p) for p in info.value.problems]


def line_of(data: Path, relative: str, needle: str) -> int:
    for number, line in enumerate((data / relative).read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {relative}")


def only(found: list[str], prefix: str, needle: str) -> str:
    matching = [p for p in found if p.startswith(prefix) and needle in p]
    assert matching, f"no problem starting {prefix!r} containing {needle!r} in:\n" + "\n".join(found)
    return matching[0]


def test_real_data_is_valid(data_copy: Path) -> None:
    site = load(data_copy, root=data_copy.parent)
    assert len(site.pillars) == 5
    assert [len(p.tasks) for p in site.pillars] == [3, 3, 4, 6, 3]


def test_yaml_syntax_error(data_copy: Path, edit: Edit) -> None:
    edit(AGENCY, 'kind: "department"', 'kind: "department\nrole: x')
    only(problems(data_copy), "data/agencies/so-tai-chinh.yml:", "YAML syntax error")


def test_tab_indentation(data_copy: Path, edit: Edit) -> None:
    edit(AGENCY, '  vi: "Sở Tài chính"', '\tvi: "Sở Tài chính"')
    line = line_of(data_copy, AGENCY, "\tvi:")
    only(problems(data_copy), f"data/agencies/so-tai-chinh.yml:{line}:", "tab character")


def test_duplicate_key(data_copy: Path, edit: Edit) -> None:
    edit(AGENCY, 'kind: "department"', 'kind: "department"\nkind: "ministry"')
    line = line_of(data_copy, AGENCY, 'kind: "ministry"')
    only(problems(data_copy), f"data/agencies/so-tai-chinh.yml:{line}:", "duplicate key 'kind'")


def test_unknown_field(data_copy: Path, edit: Edit) -> None:
    edit(AGENCY, 'kind: "department"', 'kind: "department"\nwebsite: "https://example.org"')
    line = line_of(data_copy, AGENCY, "website:")
    only(problems(data_copy), f"data/agencies/so-tai-chinh.yml:{line}: website", "not a known field")


def test_missing_english_text(data_copy: Path, edit: Edit) -> None:
    path = data_copy / AGENCY
    lines = path.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip().startswith("en:") and i > 15)
    end = start + 1
    while end < len(lines) and lines[end].startswith("        "):
        end += 1
    path.write_text("\n".join(lines[:start] + lines[end:]) + "\n", encoding="utf-8")
    found = only(problems(data_copy), "data/agencies/so-tai-chinh.yml:", "duties[0].text.en is missing")
    assert "add the English text" in found


def test_blank_translation(data_copy: Path, edit: Edit) -> None:
    edit(AGENCY, '  en: "Department of Finance"', '  en: "   "')
    only(problems(data_copy), "data/agencies/so-tai-chinh.yml:5: name.en", "blank")


def test_unknown_group_reference(data_copy: Path, edit: Edit) -> None:
    edit(AGENCY, 'groups: ["kien-nghi-dieu-chinh"]', 'groups: ["kien-nghi-dieu-chinh", "khong-co"]')
    line = line_of(data_copy, AGENCY, "khong-co")
    only(problems(data_copy), f"data/agencies/so-tai-chinh.yml:{line}: groups[1]", "unknown duty group 'khong-co'")


def test_unknown_agency_in_obligation(data_copy: Path, edit: Edit) -> None:
    edit("plan.yml", 'recipients: ["so-lao-dong-thuong-binh-va-xa-hoi"]', 'recipients: ["so-khong-ton-tai"]')
    only(problems(data_copy), "data/plan.yml:", "unknown agency 'so-khong-ton-tai'")


def test_duplicate_id(data_copy: Path, edit: Edit) -> None:
    edit(PILLAR, 'id: "4b"', 'id: "4a"')
    found = problems(data_copy)
    only(found, "data/pillars/cong-dong-tu-luc-tu-cuong.yml:", "duplicate id '4a'")


def test_task_id_must_follow_letter(data_copy: Path, edit: Edit) -> None:
    edit(PILLAR, 'id: "4dd"', 'id: "4d2"')
    only(problems(data_copy), "data/pillars/cong-dong-tu-luc-tu-cuong.yml:", "task id must be '4dd'")


def test_duplicate_slug(data_copy: Path, edit: Edit) -> None:
    (data_copy / "agencies" / "so-y-te.yml").write_text(
        (data_copy / AGENCY)
        .read_text(encoding="utf-8")
        .replace('id: "so-tai-chinh"', 'id: "so-tai-chinh-2"')
        .replace("so-tai-chinh.1", "so-tai-chinh-2.1"),
        encoding="utf-8",
    )
    found = problems(data_copy)
    only(found, "data/agencies/so-y-te.yml:", "slug 'so-tai-chinh' must match the file name")


def test_former_slug_clash(data_copy: Path, edit: Edit) -> None:
    edit(AGENCY, 'slug: "so-tai-chinh"', 'slug: "so-tai-chinh"\nformer_slugs: ["so-y-te"]')
    only(problems(data_copy), "data/", "duplicate agency slug 'so-y-te'")


def test_slug_form(data_copy: Path, edit: Edit) -> None:
    edit(AGENCY, 'slug: "so-tai-chinh"', 'slug: "Sở-tài-chính"')
    only(problems(data_copy), "data/agencies/so-tai-chinh.yml:2: slug", "wrong form")


def test_impossible_date(data_copy: Path, edit: Edit) -> None:
    edit("plan.yml", 'date: "2017-06-15"', 'date: "2017-02-30"')
    line = line_of(data_copy, "plan.yml", '"2017-02-30"')
    found = only(problems(data_copy), f"data/plan.yml:{line}: document.date", "is not a real day")
    assert "2017-02-30" not in found or "date" in found


def test_unquoted_date_is_ambiguous(data_copy: Path, edit: Edit) -> None:
    edit("plan.yml", 'date: "2017-06-15"', "date: 2017-06-15")
    line = line_of(data_copy, "plan.yml", "date: 2017-06-15")
    only(problems(data_copy), f"data/plan.yml:{line}: document.date", "ambiguous")


def test_impossible_due_date(data_copy: Path, edit: Edit) -> None:
    edit("plan.yml", "day: 1", "day: 31\n      # no 31 June")
    text = (data_copy / "plan.yml").read_text(encoding="utf-8").replace("month: 12", "month: 6", 1)
    (data_copy / "plan.yml").write_text(text, encoding="utf-8")
    only(problems(data_copy), "data/plan.yml:", "impossible date")


def test_bad_enum(data_copy: Path, edit: Edit) -> None:
    edit(AGENCY, 'role: "coordinator"', 'role: "boss"')
    only(problems(data_copy), "data/agencies/so-tai-chinh.yml:", "'boss' is not allowed")


def test_missing_ui_string(data_copy: Path, edit: Edit) -> None:
    edit("i18n/en.yml", 'task_label: "Task {id}"\n', "")
    only(problems(data_copy), "data/i18n/en.yml:", "task_label is missing: add its English text")


def test_all_problems_reported_together(data_copy: Path, edit: Edit) -> None:
    edit(AGENCY, 'role: "coordinator"', 'role: "boss"')
    edit(PILLAR, 'id: "4dd"', 'id: "4x"')
    found = problems(data_copy)
    assert any("so-tai-chinh.yml" in p for p in found)
    assert any("cong-dong-tu-luc-tu-cuong.yml" in p for p in found)


def test_nfd_input_is_normalised(data_copy: Path, edit: Edit) -> None:
    nfd = unicodedata.normalize("NFD", "Sở Tài chính")
    edit(AGENCY, '  vi: "Sở Tài chính"', f'  vi: "{nfd}"')
    site = load(data_copy, root=data_copy.parent)
    agency = next(a for a in site.agencies if a.id == "so-tai-chinh")
    assert agency.name.vi == "Sở Tài chính"
    assert unicodedata.is_normalized("NFC", agency.name.vi)


def test_ui_strings_are_read_again_when_their_text_changes(tmp_path: Path) -> None:
    from plan179.data.load import LANGUAGES, Located, load_strings

    data = tmp_path / "data"
    (data / "i18n").mkdir(parents=True)
    for lang in LANGUAGES:
        (data / "i18n" / f"{lang}.yml").write_text('greeting: "xin chào"\n', encoding="utf-8")
    problems: list[Located] = []
    first = load_strings(data, tmp_path, problems)
    assert first["vi"] == {"greeting": "xin chào"} and problems == []
    first["vi"]["greeting"] = "changed by a caller"  # callers get their own copy
    assert load_strings(data, tmp_path, problems)["vi"] == {"greeting": "xin chào"}
    # Same size, written at once: a stale copy would keep the old text.
    (data / "i18n" / "vi.yml").write_text('greeting: "xin chaO"\n', encoding="utf-8")
    assert load_strings(data, tmp_path, problems)["vi"] == {"greeting": "xin chaO"}
    (data / "i18n" / "en.yml").write_text('greeting: "hello"\nfarewell: "bye"\n', encoding="utf-8")
    for _ in range(2):  # a problem is reported on every read, not only the first
        found: list[Located] = []
        load_strings(data, tmp_path, found)
        assert [p.file for p in found] == ["data/i18n/vi.yml"] and "farewell is missing" in found[0].message


def test_a_syntax_error_in_one_file_adds_no_problems_about_others(data_copy: Path, edit: Edit) -> None:
    """An indentation slip in an agency file is reported there, not as consequences in data/plan.yml."""
    edit(AGENCY, 'role: "coordinator"', '   role: "coordinator"\n  - x')
    found = problems(data_copy)
    assert found and all("so-tai-chinh.yml" in p for p in found), found
