"""The menu and the section lists come from the folders (plan179.content.navigation)."""

from __future__ import annotations

from pathlib import Path

from plan179.content.navigation import article_list, expand, folder_entries


def page(folder: Path, name: str, title: str, order: int | None = None, description: str = "Mô tả.") -> None:
    folder.mkdir(parents=True, exist_ok=True)
    extra = f"order: {order}\n" if order is not None else ""
    (folder / name).write_text(
        f'---\ntitle: "{title}"\ndescription: "{description}"\ndate: "2026-12-01"\n{extra}---\n\n# {title}\n',
        encoding="utf-8",
    )


def test_a_section_with_an_index_gets_every_page_of_its_folder(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    for name, title in [("index", "Mục"), ("dan-toc", "Dân tộc"), ("an-sinh", "An sinh"), ("bao-ve", "Bảo vệ")]:
        page(docs / "tim-hieu", f"{name}.vi.md", title)
        page(docs / "tim-hieu", f"{name}.en.md", title + " (en)")
    page(docs / "tim-hieu", "sau-cung.vi.md", "Ăn trước", order=1)  # order beats the title
    page(docs / "tim-hieu", "sau-cung.en.md", "Eaten first", order=1)
    nav = [{"Trang chủ": "index.md"}, {"Tìm hiểu": ["tim-hieu/index.md", "tim-hieu/bao-ve.md"]}]
    expanded = expand(nav, docs)
    assert expanded[1]["Tìm hiểu"] == [
        "tim-hieu/index.md",
        "tim-hieu/bao-ve.md",  # named in mkdocs.yml: keeps its place
        "tim-hieu/sau-cung.md",
        "tim-hieu/an-sinh.md",
        "tim-hieu/dan-toc.md",  # "Dân" folds to "dan", after "an"
    ]
    assert expand(expanded, docs) == expanded  # each language's build calls it again
    assert expanded[0] == {"Trang chủ": "index.md"}


def test_the_index_list_uses_the_readers_language_in_the_menus_order(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    page(docs / "tim-hieu", "b.vi.md", "A tiếng Việt", description="Mô tả [1].")
    page(docs / "tim-hieu", "b.en.md", "Z in English", description="About it.")
    page(docs / "tim-hieu", "a.vi.md", "B tiếng Việt")  # no English yet: the Vietnamese title is shown
    entries = folder_entries(docs, "tim-hieu", "en")
    assert [e.title for e in entries] == ["Z in English", "B tiếng Việt"]
    assert article_list(entries, "tim-hieu/index.md").splitlines() == [
        "- [Z in English](b.md): About it.",
        "- [B tiếng Việt](a.md): Mô tả.",
    ]


def test_a_folder_that_does_not_exist_adds_nothing(tmp_path: Path) -> None:
    assert expand([{"X": ["khong-co/index.md"]}], tmp_path) == [{"X": ["khong-co/index.md"]}]
