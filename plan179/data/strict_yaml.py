"""A strict YAML reader that remembers where every value came from.

PyYAML alone accepts duplicate keys (the last silently wins), reads `no` as False,
`1.10` as 1.1, `012` as 10 and `12:30` as 750. Data typed by communicators in a web
editor must not change meaning like that, so this reader composes the node tree,
refuses anything ambiguous, and returns plain values with a map from field path to
line number for error messages.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import Resolver

from plan179.data.text import MAX_DEPTH, control_character, deepest, read_utf8

PathKey = tuple[str | int, ...]

_PLAIN_INT = re.compile(r"^-?(?:0|[1-9][0-9]*)$")
_BOOL = {"true": True, "false": False}
_NULL = {"null", "~", ""}
_STR_TAG = "tag:yaml.org,2002:str"


@dataclass
class YamlError(Exception):
    """A problem in one YAML file, located by line (1-based)."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


@dataclass
class Document:
    """A parsed file: plain data plus the line of every field path."""

    file: str
    data: Any
    lines: dict[PathKey, int] = field(default_factory=dict)

    def line_of(self, path: PathKey) -> int:
        """The line of `path`, or of its nearest existing parent (1 for the whole file)."""
        for end in range(len(path), -1, -1):
            found = self.lines.get(tuple(path[:end]))
            if found is not None:
                return found
        return 1


class _Strict(Composer):
    """A composer that rejects anchors, aliases and explicit tags."""

    def compose_node(self, parent: Node | None, index: int) -> Node | None:
        event = self.peek_event()  # type: ignore[attr-defined]
        at = event.start_mark.line + 1 if event.start_mark is not None else 1
        if isinstance(event, yaml.AliasEvent):
            raise _RefusalError(at, f"alias '*{event.anchor}' is not allowed: write the value out in full")
        anchor = getattr(event, "anchor", None)
        if anchor:
            raise _RefusalError(at, f"anchor '&{anchor}' is not allowed: write the value out in full")
        tag = getattr(event, "tag", None)
        if tag not in (None, "!"):
            raise _RefusalError(at, f"tag '{tag}' is not allowed: remove it and quote the value if needed")
        return super().compose_node(parent, index)


class _PyLoader(_Strict, yaml.SafeLoader):
    """Pure-Python scanner and parser."""


class _Parser(Protocol):
    def get_single_node(self) -> Node | None: ...
    def dispose(self) -> None: ...


_Loader: Callable[[str], _Parser] = _PyLoader
_PlainLoader: Callable[[str], _Parser] = _PyLoader  # for text without anchor, alias or tag characters
_INDICATORS = ("&", "*", "!")  # anchor, alias, tag
if yaml.__with_libyaml__:
    from yaml._yaml import CParser

    class _CLoader(_Strict, SafeConstructor, Resolver, CParser):
        """libyaml's scanner and parser (C) under the same Python composer.

        The refusals see the same events as with the pure-Python parser, at an eighth of
        its cost: at a hundred times the real plan, parsing took 6 s of a build (bench/).
        """

        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            Composer.__init__(self)
            SafeConstructor.__init__(self)
            Resolver.__init__(self)

    class _CComposer(SafeConstructor, Resolver, CParser):
        """libyaml's scanner, parser and composer, all in C: half the cost of `_CLoader`.

        Only for text with no '&', '*' or '!': anchors, aliases and tags each need their
        character, so the refusals of `_Strict` have nothing to see there, and the nodes,
        tags and line marks are the ones the Python composer makes.
        """

        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            SafeConstructor.__init__(self)
            Resolver.__init__(self)

    _Loader = _CLoader
    _PlainLoader = _CComposer


@dataclass
class _RefusalError(Exception):
    line: int
    message: str


def _dotted(path: PathKey) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def _scalar(node: ScalarNode, path: PathKey) -> Any:
    value = node.value
    line = node.start_mark.line + 1
    if node.style in ("'", '"', "|", ">"):
        return unicodedata.normalize("NFC", value)
    if value in _BOOL:
        return _BOOL[value]
    if value in _NULL:
        return None
    if _PLAIN_INT.match(value):
        return int(value)
    resolved = node.tag
    if resolved != _STR_TAG:
        kind = resolved.rsplit(":", 1)[-1]
        hint = {
            "bool": "YAML 1.1 reads it as a yes/no value",
            "int": "YAML 1.1 reads it as a number in another base or with separators",
            "float": "YAML 1.1 reads it as a decimal number and may drop digits",
            "timestamp": "YAML 1.1 reads it as a date or time",
            "null": "YAML reads it as empty",
        }.get(kind, f"YAML reads it as {kind}")
        raise _RefusalError(
            line,
            f'{_dotted(path)}: the value {value!r} is ambiguous ({hint}): put it in quotes, e.g. "{value}"'
            + (", or write true/false" if kind == "bool" else ""),
        )
    return unicodedata.normalize("NFC", value)


def _convert(node: Node, path: PathKey, lines: dict[PathKey, int]) -> Any:
    lines.setdefault(path, node.start_mark.line + 1)
    if len(path) > MAX_DEPTH:
        raise _RefusalError(node.start_mark.line + 1, _TOO_DEEP)
    if isinstance(node, ScalarNode):
        return _scalar(node, path)
    if isinstance(node, SequenceNode):
        return [_convert(child, (*path, i), lines) for i, child in enumerate(node.value)]
    if isinstance(node, MappingNode):
        out: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1
            if not isinstance(key_node, ScalarNode):
                raise _RefusalError(key_line, f"{_dotted(path)}: a key must be a plain word")
            key = key_node.value
            if key == "<<":
                raise _RefusalError(key_line, "merge keys ('<<') are not allowed: write the fields out in full")
            if key in out:
                raise _RefusalError(
                    key_line,
                    f"duplicate key '{key}' in {_dotted(path)} (first on line {first_line[key]}): keep only one",
                )
            first_line[key] = key_line
            child_path = (*path, key)
            lines[child_path] = key_line
            out[key] = _convert(value_node, child_path, lines)
        return out
    raise _RefusalError(node.start_mark.line + 1, "unsupported YAML node")  # pragma: no cover


def parse_text(text: str, file: str) -> Document:
    """Parse YAML text strictly; raise `YamlError` naming the file and line."""
    if (control := control_character(text)) is not None:
        raise YamlError(file, *control)
    if "\t" in text:
        for number, line in enumerate(text.splitlines(), start=1):
            if "\t" in line:
                raise YamlError(file, number, "tab character: indent with spaces (2 per level), never tabs")
    lines: dict[PathKey, int] = {}
    try:
        loader = _Loader(text) if any(c in text for c in _INDICATORS) else _PlainLoader(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except _RefusalError as refusal:
        raise YamlError(file, refusal.line, refusal.message) from None
    except RecursionError:
        raise _too_deep(text, file) from None
    except yaml.MarkedYAMLError as exc:
        if exc.context == "while scanning a quoted scalar" and exc.context_mark is not None:
            # The reader only notices at the end of the file: name the line where the quote opens.
            raise YamlError(
                file,
                exc.context_mark.line + 1,
                "YAML syntax error: the text in quotes that starts here is never closed: add the closing quote",
            ) from None
        mark = exc.problem_mark or exc.context_mark
        at = mark.line + 1 if mark is not None else 1
        what = exc.problem or "invalid YAML"
        raise YamlError(file, at, f"YAML syntax error: {what}; check indentation, colons and quotes") from None
    except yaml.YAMLError as exc:
        raise YamlError(file, 1, f"YAML error: {exc}") from None
    if node is None:
        raise YamlError(file, 1, "the file is empty: it must contain a mapping of fields")
    try:
        data = _convert(node, (), lines)
    except _RefusalError as refusal:
        raise YamlError(file, refusal.line, refusal.message) from None
    except RecursionError:
        raise _too_deep(text, file) from None
    return Document(file=file, data=data, lines=lines)


def _too_deep(text: str, file: str) -> YamlError:
    """Nesting deep enough to exhaust Python's stack (400 levels and more), located."""
    found = deepest(text)
    line = found[0] if found else 1
    return YamlError(file, line, _TOO_DEEP)


_TOO_DEEP = (
    f"the values are nested more than {MAX_DEPTH} levels deep from here: the data is nested only a few levels;"
    " check the brackets and the indentation"
)


def parse_file(path: Path, display: str | None = None) -> Document:
    """Read and parse one YAML file (UTF-8); `display` is the name used in messages."""
    name = display or path.as_posix()
    text, line, message = read_utf8(path)
    if text is None:
        raise YamlError(name, line, message)
    return parse_text(text, name)
