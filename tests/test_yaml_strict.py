"""The strict YAML reader: each class of ambiguous or malformed input is refused with its line."""

from __future__ import annotations

import pytest

from plan179.data.strict_yaml import YamlError, parse_text


def refusal(text: str) -> YamlError:
    with pytest.raises(YamlError) as info:
        parse_text(text, "data/x.yml")
    return info.value


def test_plain_values_and_lines() -> None:
    doc = parse_text('a: "x"\nb:\n  - 1\n  - true\nc: Tiền Giang\n', "data/x.yml")
    assert doc.data == {"a": "x", "b": [1, True], "c": "Tiền Giang"}
    assert doc.lines[("b", 1)] == 4
    assert doc.line_of(("c", "missing", 3)) == 5


def test_text_is_nfc() -> None:
    nfd = "Tie\u0302\u0300n Giang"
    doc = parse_text(f'name: "{nfd}"\n', "f.yml")
    assert doc.data["name"] == "Tiền Giang"


@pytest.mark.parametrize(
    ("text", "line", "needle"),
    [
        ("a: 1\nb: [1, 2\n", 3, "YAML syntax error"),
        ("a:\n\t- 1\n", 2, "tab character"),
        ("a: 1\nb: 2\na: 3\n", 3, "duplicate key 'a'"),
        ("a: 1\nb:\n  c: 1\n  c: 2\n", 4, "duplicate key 'c' in b"),
        ("ok: no\n", 1, "'no' is ambiguous"),
        ("ok: On\n", 1, "'On' is ambiguous"),
        ("v: 1.10\n", 1, "'1.10' is ambiguous"),
        ("v: 012\n", 1, "'012' is ambiguous"),
        ("t: 12:30\n", 1, "'12:30' is ambiguous"),
        ("d: 2017-06-15\n", 1, "'2017-06-15' is ambiguous"),
        ("a: &x 1\nb: *x\n", 1, "anchor '&x'"),
        ("a: !!str 1\n", 1, "tag 'tag:yaml.org,2002:str'"),
        ("a: !custom 1\n", 1, "tag '!custom'"),
        ("a:\n  b: 1\nc:\n  <<: {b: 2}\n", 4, "merge keys"),
        ("", 1, "empty"),
    ],
)
def test_refusals_name_line_and_fix(text: str, line: int, needle: str) -> None:
    err = refusal(text)
    assert err.file == "data/x.yml"
    assert err.line == line, str(err)
    assert needle in err.message
    assert str(err).startswith(f"data/x.yml:{line}: ")
