"""Helpers of the bad-input catalogue (test_bad_input.py): how to break a scratch copy."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HOME = "docs/index.vi.md"
AGENCY = "data/agencies/so-y-te.yml"
MERGED = "data/agencies/bo-lao-dong-thuong-binh-va-xa-hoi.yml"  # has a recorded successor
PILLAR = "data/pillars/cong-dong-ben-vung.yml"


def line_of(text: str, needle: str) -> int:
    at = text.index(needle)
    return text.count("\n", 0, at) + 1


def replace(project: Path, rel: str, old: str, new: str) -> int:
    """Replace `old` once; return the line where `new` starts."""
    path = project / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {rel}"
    at = text.index(old)
    path.write_text(text[:at] + new + text[at + len(old) :], encoding="utf-8")
    return text.count("\n", 0, at) + 1


def append(project: Path, rel: str, block: str) -> int:
    """Append a paragraph to a page; return the line of its first line."""
    path = project / rel
    text = path.read_text(encoding="utf-8").rstrip("\n") + "\n\n"
    path.write_text(text + block + "\n", encoding="utf-8")
    return text.count("\n") + 1


Breaker = Callable[[Path], tuple[str, int, str]]


@dataclass(frozen=True)
class Case:
    """One kind of broken input: how to break a copy, and what the build must say.

    `check`: `make check` must find it too. `verify(project)`: what must still hold
    after the build (e.g. files outside the repository untouched).
    """

    name: str
    breaker: Breaker
    check: bool = False
    verify: Callable[[Path], None] | None = None


def content(html: str, expected: str, page: str = HOME) -> Breaker:
    def apply(project: Path) -> tuple[str, int, str]:
        return page, append(project, page, html), expected

    return apply


def data(rel: str, old: str, new: str, expected: str, offset: int = 0) -> Breaker:
    def apply(project: Path) -> tuple[str, int, str]:
        return rel, replace(project, rel, old, new) + offset, expected

    return apply
