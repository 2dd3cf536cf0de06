"""The engine comparison sees what a reader would see, and nothing else.

`plan179.publish.compare` is what proves a ProperDocs build equals the MkDocs one, so it
must catch a lost page and a changed word, and must not fail on what no reader sees
(the generator tag naming the engine, markup, whitespace, scripts).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from plan179.publish.compare import CompareError, compare_sites, main, visible_text

PAGE = """<!doctype html>
<html lang="vi"><head>
<meta charset="utf-8">
<meta name="generator" content="{generator}">
<title>Kế hoạch 179</title>
<script>var build = "{generator}";</script>
<style>body {{ color: black; }}</style>
</head><body>
<h1 id="ke-hoach">Kế hoạch 179/KH-UBND</h1>
<p>{text}</p>
<img src="logo.png" alt="Logo của tỉnh">
</body></html>
"""


def write_site(root: Path, pages: dict[str, str], generator: str) -> Path:
    for name, text in pages.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(PAGE.format(generator=generator, text=text), encoding="utf-8")
    return root


PAGES = {
    "index.html": "Thực hiện các mục tiêu Cộng đồng Văn hóa - Xã hội ASEAN.",
    "en/index.html": "The goals of the ASEAN Socio-Cultural Community.",
    "ke-hoach/index.html": "Giai đoạn 2016-2020, tầm nhìn đến năm 2025.",
}


def two_sites(tmp_path: Path, changed: dict[str, str | None]) -> tuple[Path, Path]:
    """The same fake site built by "mkdocs" and by "properdocs", with `changed` applied to the second."""
    second_pages: dict[str, str] = {}
    for name, text in {**PAGES, **changed}.items():
        if text is not None:
            second_pages[name] = text
    first = write_site(tmp_path / "mkdocs", PAGES, "mkdocs-1.6.1, mkdocs-material-9.8.2")
    second = write_site(tmp_path / "properdocs", second_pages, "properdocs-1.6.7, mkdocs-material-9.8.2")
    return first, second


def test_the_generator_tag_and_scripts_are_not_differences(tmp_path: Path) -> None:
    first, second = two_sites(tmp_path, {})
    assert (first / "index.html").read_text(encoding="utf-8") != (second / "index.html").read_text(encoding="utf-8")
    assert compare_sites(first, second) == []
    assert main([str(first), str(second)]) == 0


def test_a_missing_page_is_found(tmp_path: Path) -> None:
    first, second = two_sites(tmp_path, {"ke-hoach/index.html": None})
    differences = compare_sites(first, second)
    assert [(d.page, d.problem) for d in differences] == [("ke-hoach/index.html", f"only in {first}")]
    assert main([str(first), str(second)]) == 1


def test_an_extra_page_is_found(tmp_path: Path) -> None:
    first, second = two_sites(tmp_path, {"en/extra/index.html": "Extra"})
    assert [(d.page, d.problem) for d in compare_sites(first, second)] == [("en/extra/index.html", f"only in {second}")]


def test_a_changed_word_is_found_and_shown(tmp_path: Path) -> None:
    first, second = two_sites(tmp_path, {"en/index.html": "The goals of the ASEAN Economic Community."})
    differences = compare_sites(first, second)
    assert [d.page for d in differences] == ["en/index.html"]
    assert "Socio-Cultural" in differences[0].problem
    assert "Economic" in differences[0].problem


def test_a_changed_alt_text_is_found(tmp_path: Path) -> None:
    first, second = two_sites(tmp_path, {})
    page = second / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("Logo của tỉnh", "Logo"), encoding="utf-8")
    assert [d.page for d in compare_sites(first, second)] == ["index.html"]


def test_visible_text_ignores_markup_and_whitespace_but_not_words() -> None:
    a = '<p class="x">Cộng đồng\n   ASEAN</p><script>ignored()</script>'
    b = "<p>Cộng đồng ASEAN</p>\n<template><p>hidden</p></template>"
    assert visible_text(a) == visible_text(b) == "Cộng đồng ASEAN"
    assert visible_text("<p>Cộng đồng ASEAN</p>") != visible_text("<p>Cong dong ASEAN</p>")
    assert visible_text("<head><title>Tiêu đề</title></head>") == "Tiêu đề"


def test_an_empty_or_missing_folder_cannot_pass(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first, _ = two_sites(tmp_path, {})
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(CompareError, match="no HTML pages"):
        compare_sites(first, empty)
    assert main([str(first), str(tmp_path / "nowhere")]) == 2
    assert "not a folder" in capsys.readouterr().err
