"""Shared fixtures: paths, the validated real data, and a scratch copy to break."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from plan179.data.load import SiteData, load

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
SOURCE = ROOT / "source" / "179-KH-UBND.txt"


@pytest.fixture(scope="session")
def site() -> SiteData:
    """The real data, validated once per test session."""
    return load(DATA, root=ROOT)


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A scratch copy of data/ under tmp_path/data, for tests that break it."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


Edit = Callable[[str, str, str], None]


@pytest.fixture
def edit(data_copy: Path) -> Edit:
    """Replace `old` by `new` exactly once in a file of the scratch data copy."""

    def apply(relative: str, old: str, new: str) -> None:
        path = data_copy / relative
        text = path.read_text(encoding="utf-8")
        assert text.count(old) >= 1, f"{old!r} not found in {relative}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return apply
