"""The hand-written pages are checked once per state of their files, not once per language."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import plan179.content.checked as checked
from build_helpers import copy_project
from plan179.data.load import PlanDataError, load
from plan179.render.site import generate


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(checked, "_LAST", [])  # no result left by another test
    root = copy_project(tmp_path / "project")
    generate(load(root / "data", root=root), root / "docs")  # the pages the menu names
    return root


def _check(project: Path, nav: object = None) -> checked.CheckedPages:
    return checked.check_pages(project, project / "docs", project / "mkdocs.yml", nav, lambda _note: None)


def test_the_second_language_reuses_the_first_check(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = _check(project)
    calls: list[Path] = []
    monkeypatch.setattr(checked, "load_docs", lambda docs, root: calls.append(docs))
    assert _check(project) is first  # nothing changed in between: no second reading
    assert calls == []


def test_an_edited_page_is_checked_again(project: Path) -> None:
    first = _check(project)
    page = project / "docs" / "tim-hieu" / "index.vi.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("title:", "title: [chưa đóng", 1), encoding="utf-8")
    os.utime(page, ns=(1, 1))  # a new modification time even within the clock's resolution
    with pytest.raises(PlanDataError) as caught:
        _check(project)
    assert any(p.file == "docs/tim-hieu/index.vi.md" for p in caught.value.problems)
    page.write_text(text, encoding="utf-8")
    again = _check(project)
    assert again is not first and again.tree.get("tim-hieu/index", "vi") is not None


def test_a_new_menu_is_checked_again(project: Path) -> None:
    first = _check(project, nav=[{"Trang chủ": "index.md"}])
    assert _check(project, nav=first.expanded) is first  # the menu this check completed
    assert _check(project, nav=[{"Tìm hiểu": "tim-hieu/index.md"}]) is not first
