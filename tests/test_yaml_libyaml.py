"""The libyaml-backed reader behaves exactly like the pure-Python one, only faster."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

import plan179.data.strict_yaml as plan_yaml
from plan179.data.strict_yaml import YamlError, parse_text

ROOT = Path(__file__).resolve().parent.parent

CASES = [
    'a: "x"\nb:\n  - 1\n  - true\nc: Tiền Giang\nd: ~\n',
    "a: 1\nb: [1, 2\n",
    "a: 1\nb: 2\na: 3\n",
    "ok: no\n",
    "v: 1.10\n",
    "t: 12:30\n",
    "d: 2017-06-15\n",
    "a: &x 1\nb: *x\n",
    "a: !!str 1\n",
    "a: !custom 1\n",
    "a:\n  b: 1\nc:\n  <<: {b: 2}\n",
    "a: >-\n  folded\n  text\nb: |\n  literal\n",
    "- [1, 2]\n- {a: b}\n",
    "",
    "a: 'unterminated\n",
    "a: b: c\n",
    "a: 1\n---\nb: 2\n",  # two documents
    "%YAML 1.1\n---\na: 1\n",
    "a: 'R&D * 2!'\n",  # the indicator characters inside a quoted value
    "a:\n  - b: 1\n    c: [x, 'y']\n  - {d: e}\nf: |\n  line\n\n  more\n",
]


def outcome(text: str) -> object:
    """What the reader makes of `text`: the data and lines, or the refusal's line and kind.

    libyaml words syntax errors differently ("did not find expected ','"), so a refusal
    is compared by line and by our own prefix ("YAML syntax error", "duplicate key 'a' …").
    """
    try:
        doc = parse_text(text, "data/x.yml")
    except YamlError as exc:
        return ("error", exc.line, exc.message.split(":")[0])
    return ("ok", doc.data, doc.lines)


def test_libyaml_is_in_use() -> None:
    """The locked PyYAML wheel ships libyaml; losing it would make loading 8× slower."""
    assert yaml.__with_libyaml__
    assert plan_yaml._Loader is not plan_yaml._PyLoader
    assert plan_yaml._PlainLoader is not plan_yaml._PyLoader


def _pure_python(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(plan_yaml, "_Loader", plan_yaml._PyLoader)
    monkeypatch.setattr(plan_yaml, "_PlainLoader", plan_yaml._PyLoader)


@pytest.mark.parametrize("text", CASES)
def test_same_result_as_pure_python(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    fast = outcome(text)
    _pure_python(monkeypatch)
    assert outcome(text) == fast


def test_same_result_on_the_real_data(monkeypatch: pytest.MonkeyPatch) -> None:
    files = sorted((ROOT / "data").rglob("*.yml"))
    assert files
    fast = [outcome(f.read_text(encoding="utf-8")) for f in files]
    _pure_python(monkeypatch)
    assert [outcome(f.read_text(encoding="utf-8")) for f in files] == fast


@pytest.mark.parametrize("text", CASES)
def test_text_without_anchor_alias_or_tag_characters_is_composed_in_c(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The all-C path is taken only where the refusals could not fire, and agrees with them."""
    used: list[object] = []
    for name in ("_Loader", "_PlainLoader"):
        original = getattr(plan_yaml, name)

        def spy(stream: str, original: object = original, name: str = name) -> object:
            used.append(name)
            return original(stream)  # type: ignore[operator]

        monkeypatch.setattr(plan_yaml, name, spy)
    result = outcome(text)
    plain = not any(c in text for c in "&*!")
    assert used == (["_PlainLoader"] if plain else ["_Loader"])
    if plain:
        monkeypatch.setattr(plan_yaml, "_PlainLoader", plan_yaml._CLoader)
        assert outcome(text) == result
