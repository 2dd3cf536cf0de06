"""Hand-written pages: front matter validated with file:line messages, and vi/en parity."""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path

import pytest

from plan179.content.pages import load_docs, main, normalise_nfc, read_front_matter
from plan179.data.load import PlanDataError
from plan179.data.strict_yaml import YamlError

ROOT = Path(__file__).resolve().parent.parent
AGENCIES = {"so-y-te", "tinh-doan"}

VI = """---
title: "Bài thử"
description: "Một bài để thử."
date: "2026-11-28"
tags:
  - "ASEAN"
  - "Thử"
---

# Bài thử

Nội dung.
"""

EN = """---
title: "A test"
description: "A page to test with."
date: "2026-11-28"
tags:
  - "ASEAN"
  - "Test"
---

# A test

Text.
"""


def write(root: Path, rel: str, text: str) -> Path:
    path = root / "docs" / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def problems(root: Path) -> list[str]:
    with pytest.raises(PlanDataError) as caught:
        load_docs(root / "docs", root, AGENCIES)
    return [str(p) for p in caught.value.problems]


def line_of(text: str, needle: str) -> int:
    return next(i for i, row in enumerate(text.splitlines(), 1) if needle in row)


@pytest.fixture
def pair(tmp_path: Path) -> Path:
    """A project with one valid bilingual article."""
    write(tmp_path, "tim-hieu/bai.vi.md", VI)
    write(tmp_path, "tim-hieu/bai.en.md", EN)
    return tmp_path


def test_the_real_pages_are_valid() -> None:
    tree = load_docs(ROOT / "docs", ROOT)
    assert tree.get("tim-hieu/asean", "vi") is not None
    for (_base, _lang), page in tree.pages.items():
        assert page.meta.title and page.meta.description, page.file


def test_valid_pair_loads(pair: Path) -> None:
    tree = load_docs(pair / "docs", pair, AGENCIES)
    page = tree.get("tim-hieu/bai", "vi")
    assert page is not None
    assert page.meta.date == dt.date(2026, 11, 28)
    assert page.meta.tags == ["ASEAN", "Thử"]
    assert page.file == "docs/tim-hieu/bai.vi.md"
    assert page.line_of("tags") == 5


# --- translation parity --------------------------------------------------------------


def test_one_language_page_without_marker_fails_naming_the_file(pair: Path) -> None:
    (pair / "docs/tim-hieu/bai.en.md").unlink()
    found = problems(pair)
    assert len(found) == 1
    assert found[0].startswith("docs/tim-hieu/bai.vi.md:1: there is no English version (tim-hieu/bai.en.md)")
    assert 'translation: "pending"' in found[0]


def test_pending_marker_allows_a_vietnamese_only_page(pair: Path) -> None:
    (pair / "docs/tim-hieu/bai.en.md").unlink()
    write(pair, "tim-hieu/bai.vi.md", VI.replace("tags:\n", 'translation: "pending"\ntags:\n'))
    tree = load_docs(pair / "docs", pair, AGENCIES)
    assert tree.get("tim-hieu/bai", "en") is None
    assert tree.served("tim-hieu/bai", "en") is tree.get("tim-hieu/bai", "vi")


def test_marker_left_after_translation_fails(pair: Path) -> None:
    text = VI.replace("tags:\n", 'translation: "pending"\ntags:\n')
    write(pair, "tim-hieu/bai.vi.md", text)
    line = line_of(text, "translation:")
    assert problems(pair) == [
        f'docs/tim-hieu/bai.vi.md:{line}: translation: "pending" but docs/tim-hieu/bai.en.md exists: remove the translation line'
    ]


def test_english_only_page_fails(tmp_path: Path) -> None:
    write(tmp_path, "tim-hieu/moi.en.md", EN)
    found = problems(tmp_path)
    assert found[0].startswith("docs/tim-hieu/moi.en.md:1: there is no Vietnamese version (tim-hieu/moi.vi.md)")


def test_marker_on_the_english_page_fails(pair: Path) -> None:
    text = EN.replace("tags:\n", 'translation: "pending"\ntags:\n')
    write(pair, "tim-hieu/bai.en.md", text)
    found = problems(pair)
    assert any(
        p.startswith(f"docs/tim-hieu/bai.en.md:{line_of(text, 'translation:')}: translation: the marker belongs")
        for p in found
    ), found


def test_unknown_marker_value_fails(pair: Path) -> None:
    (pair / "docs/tim-hieu/bai.en.md").unlink()
    text = VI.replace("tags:\n", 'translation: "soon"\ntags:\n')
    write(pair, "tim-hieu/bai.vi.md", text)
    found = problems(pair)
    assert (
        f"docs/tim-hieu/bai.vi.md:{line_of(text, 'translation:')}: translation: 'soon' is not allowed: use 'pending'"
        in found
    )


def test_file_without_language_suffix_fails(pair: Path) -> None:
    write(pair, "tim-hieu/khac.md", VI)
    assert problems(pair) == [
        "docs/tim-hieu/khac.md:1: the file name needs a language: rename it to khac.vi.md (Vietnamese) or khac.en.md (English)"
    ]


# --- front matter of the two versions must have the same structure --------------------


def test_missing_field_in_translation_fails(pair: Path) -> None:
    write(pair, "tim-hieu/bai.vi.md", VI.replace("tags:\n", 'agency: "so-y-te"\ntags:\n'))
    assert problems(pair) == [
        "docs/tim-hieu/bai.en.md:1: agency is in docs/tim-hieu/bai.vi.md:5 but not here: add it with the same value"
    ]


def test_extra_field_in_translation_fails(pair: Path) -> None:
    text = EN.replace("tags:\n", 'agency: "so-y-te"\ntags:\n')
    write(pair, "tim-hieu/bai.en.md", text)
    assert problems(pair) == [
        "docs/tim-hieu/bai.en.md:5: agency is not in docs/tim-hieu/bai.vi.md: add it there too, or remove it here"
    ]


def test_different_tag_count_fails(pair: Path) -> None:
    text = EN.replace('  - "Test"\n', '  - "Test"\n  - "Extra"\n')
    write(pair, "tim-hieu/bai.en.md", text)
    assert problems(pair) == [
        "docs/tim-hieu/bai.en.md:5: tags has 3 items here but 2 in docs/tim-hieu/bai.vi.md:5:"
        " translate each item, one for one"
    ]


def test_different_kind_of_value_fails(pair: Path) -> None:
    write(pair, "tim-hieu/bai.vi.md", VI.replace("tags:\n", 'hide:\n  - "toc"\ntags:\n'))
    write(pair, "tim-hieu/bai.en.md", EN.replace("tags:\n", 'hide: ["toc", "footer"]\ntags:\n'))
    assert problems(pair) == [
        "docs/tim-hieu/bai.en.md:5: hide has 2 items here but 1 in docs/tim-hieu/bai.vi.md:5: translate each item, one for one"
    ]


def test_different_date_fails(pair: Path) -> None:
    write(pair, "tim-hieu/bai.en.md", EN.replace("2026-11-28", "2026-11-29"))
    assert problems(pair) == [
        "docs/tim-hieu/bai.en.md:4: date is '2026-11-29' here but '2026-11-28' in docs/tim-hieu/bai.vi.md:4:"
        " it must be the same in both languages"
    ]


# --- front matter validated like the data ---------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "line_needle", "message"),
    [
        ('date: "2026-11-28"', "date: 2026-11-28", "date:", "date: the value '2026-11-28' is ambiguous"),
        ('date: "2026-11-28"', 'date: "2026-02-30"', "date:", 'date: "2026-02-30" is not a real day'),
        (
            'date: "2026-11-28"',
            'date: "28/11/2026"',
            "date:",
            'date: "28/11/2026" is day/month/year: write it as "2026-11-28"',
        ),
        ('title: "Bài thử"\n', "", "description:", "title is missing: add the page title"),
        ('title: "Bài thử"', 'title: "Bài thử"\ntitle: "Lần hai"', "Lần hai", "duplicate key 'title'"),
        ('title: "Bài thử"', 'title: "Bài thử"\nauthor: "Ai đó"', "author:", "author is not a known field"),
        ('  - "Thử"', '  - "asean"', "asean", "tags[1]: 'asean' is already listed as tags[0]: keep it once"),
        ('  - "Thử"', "  - no", "  - no", "tags[1]: the value 'no' is ambiguous"),
        (
            'title: "Bài thử"',
            'title: "Bài thử"\nagency: "so-khong-co"',
            "agency:",
            "agency: 'so-khong-co' is not an agency id",
        ),
        ('description: "Một bài để thử."', 'description: ""', "description:", "description is empty: write the text"),
        (
            'description: "Một bài để thử."',
            'description: "  "',
            "description:",
            "description: is blank: write the text",
        ),
        ("tags:\n", "tags:\n\t- x\n", "\t", "tab character"),
        ('title: "Bài thử"', 'title: "' + "x" * 121 + '"', "title:", "title is too long: keep it under 120 characters"),
        ('  - "ASEAN"\n  - "Thử"\n', "", "tags:", "tags is empty: add a list of topics"),
        ('  - "ASEAN"\n  - "Thử"\n', '  sub: "x"\n', "tags:", "tags: must be a list"),
    ],
)
def test_bad_front_matter_is_reported_with_file_and_line(
    pair: Path, old: str, new: str, line_needle: str, message: str
) -> None:
    assert old in VI
    text = VI.replace(old, new, 1)
    write(pair, "tim-hieu/bai.vi.md", text)
    expected = f"docs/tim-hieu/bai.vi.md:{line_of(text, line_needle)}: {message}"
    found = problems(pair)
    assert len(found) == 1, found
    assert found[0].startswith(expected), (expected, found)


def test_missing_tags_fail_on_articles_only(tmp_path: Path) -> None:
    no_tags = VI.replace('tags:\n  - "ASEAN"\n  - "Thử"\n', "")
    write(tmp_path, "tim-hieu/bai.vi.md", no_tags.replace("---\n\n", 'translation: "pending"\n---\n\n', 1))
    write(tmp_path, "gioi-thieu/khac.vi.md", no_tags.replace("---\n\n", 'translation: "pending"\n---\n\n', 1))
    assert problems(tmp_path) == [
        'docs/tim-hieu/bai.vi.md:2: tags is missing: add a list of topics, e.g. tags: ["ASEAN"]'
    ]


def test_no_front_matter(pair: Path) -> None:
    write(pair, "tim-hieu/bai.vi.md", "# Bài thử\n\nNội dung.\n")
    found = problems(pair)
    assert found[0].startswith("docs/tim-hieu/bai.vi.md:1: no front matter: the file must start with a line '---'")


def test_unclosed_yaml_is_a_syntax_error_with_line(pair: Path) -> None:
    text = VI.replace('title: "Bài thử"', 'title: "Bài thử')
    write(pair, "tim-hieu/bai.vi.md", text)
    found = problems(pair)
    assert found[0].startswith("docs/tim-hieu/bai.vi.md:"), found
    assert "YAML syntax error" in found[0]


def test_page_without_main_heading(pair: Path) -> None:
    text = VI.replace("# Bài thử\n", "Bài thử\n")
    write(pair, "tim-hieu/bai.vi.md", text)
    assert problems(pair) == [
        "docs/tim-hieu/bai.vi.md:9: the page has no main heading: add a line '# <title>' after the front matter"
    ]


def test_text_not_in_nfc_is_refused_and_fixable(pair: Path) -> None:
    text = VI.replace("Nội dung.", unicodedata.normalize("NFD", "Nội dung có dấu."))
    path = write(pair, "tim-hieu/bai.vi.md", text)
    found = problems(pair)
    assert len(found) == 1
    assert found[0].startswith(
        f"docs/tim-hieu/bai.vi.md:{line_of(text, unicodedata.normalize('NFD', 'có'))}: text near"
    )
    assert "make nfc" in found[0]
    assert normalise_nfc([path]) == [path]
    load_docs(pair / "docs", pair, AGENCIES)


def test_scaffold_placeholders_are_refused(pair: Path) -> None:
    text = VI.replace("Nội dung.", "TODO: viết tiếp.")
    write(pair, "tim-hieu/bai.vi.md", text)
    assert problems(pair) == [
        f"docs/tim-hieu/bai.vi.md:{line_of(text, 'TODO')}: 'TODO:' placeholder still here: replace it with the real text"
    ]


def test_every_problem_is_reported_at_once(pair: Path) -> None:
    write(pair, "tim-hieu/bai.vi.md", VI.replace('date: "2026-11-28"', "date: 2026-11-28"))
    write(pair, "tim-hieu/hai.vi.md", VI)
    found = problems(pair)
    assert {p.split(":", 1)[0] for p in found} == {"docs/tim-hieu/bai.vi.md", "docs/tim-hieu/hai.vi.md"}


def test_generated_pages_are_left_to_their_generator(pair: Path) -> None:
    write(pair, "du-lieu/index.vi.md", '---\ntitle: "x"\ngenerated_from: "data/"\n---\n\n# x\n')
    write(pair, "ke-hoach/index.vi.md", "no front matter at all")
    load_docs(pair / "docs", pair, AGENCIES)


def test_front_matter_lines_are_the_files_own() -> None:
    front = read_front_matter(VI, "docs/x.vi.md")
    assert front.lines[("title",)] == 2
    assert front.lines[("tags", 1)] == 7
    with pytest.raises(YamlError) as caught:
        read_front_matter(VI.replace('date: "2026-11-28"', "date: on"), "docs/x.vi.md")
    assert str(caught.value).startswith("docs/x.vi.md:4: date: the value 'on' is ambiguous")


def test_cli_check_names_the_file(pair: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (pair / "data" / "agencies").mkdir(parents=True)
    (pair / "docs/tim-hieu/bai.en.md").unlink()
    assert main(["check", "--root", str(pair)]) == 1
    err = capsys.readouterr().err
    assert "docs/tim-hieu/bai.vi.md:1: there is no English version" in err
