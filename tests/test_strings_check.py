"""plan179.data.strings: UI strings are checked where they are written (issue 16)."""

from __future__ import annotations

import pytest

from plan179.data.strict_yaml import parse_text
from plan179.data.strings import passed_names, placeholders, string_problems


def test_placeholders() -> None:
    assert placeholders("{count} tasks, {{literal}}") == ({"count"}, None)
    assert placeholders("{count tasks")[1] is not None
    assert placeholders("count} tasks")[1] is not None
    assert "not a plain name" in (placeholders("{count.__class__}")[1] or "")
    assert "not a plain name" in (placeholders("{0}")[1] or "")
    assert "not a plain name" in (placeholders("{count!r}")[1] or "")


def test_names_come_from_the_generator() -> None:
    names = passed_names()
    assert {"count", "month_name", "dd", "url"} <= names
    assert "cout" not in names


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("{cout} tasks", "never fills in a placeholder {cout} (did you mean {count}?)"),
        ("a <b>bold</b> word", "contains HTML"),
        ("[x](javascript:alert(1))", "script URL"),
        ("[x](data:text/html,hi)", "links to 'data:text/html,hi'"),
        ("[x](JaVaScRiPt:x)", "script URL"),
    ],
)
def test_problems_are_located(text: str, expected: str) -> None:
    vi = parse_text('a: "{count} việc"\nb: "x"\n', "data/i18n/vi.yml")
    en = parse_text(f'a: "{{count}} tasks"\nb: "{text.replace(chr(34), chr(92) + chr(34))}"\n', "data/i18n/en.yml")
    found = string_problems({"vi": vi, "en": en}, {"vi": vi.data, "en": en.data})
    assert [(f, line) for f, line, _ in found] == [("data/i18n/en.yml", 2)]
    assert expected in found[0][2]


def test_code_spans_and_site_links_pass() -> None:
    en = parse_text('a: "See `data/<year>.yml` and [the forms]({url}), [the plan](../ke-hoach/index.md#a)."\n', "en")
    assert string_problems({"en": en}, {"en": en.data}) == []


def test_each_text_gets_only_the_values_its_calls_pass() -> None:
    from plan179.data.strings import passed_by_key

    calls = passed_by_key()
    assert calls["task_count"] == frozenset({"count"})
    assert calls["report_how"] == frozenset({"url"})
    assert "due_yearly_before" not in calls  # looked up through a variable
    vi = parse_text('task_count: "{count} việc của {name}"\n', "data/i18n/vi.yml")
    found = string_problems({"vi": vi}, {"vi": vi.data})
    assert [(line, m.split(":")[0]) for _, line, m in found] == [(1, "task_count")]
    assert "{name} is not filled in for this text (it gets: {count})" in found[0][2]
