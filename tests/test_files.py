"""plan179.content.files: links, types and names of the files the build reads (issue 16)."""

from __future__ import annotations

from pathlib import Path

import pytest

from plan179.content.files import docs_file_problems, repository_file_problems, svg_problems, symlink_problems
from plan179.data.load import PlanDataError
from plan179.render.site import Page, write_pages

ROOT = Path(__file__).resolve().parent.parent


def test_the_repository_itself_passes() -> None:
    assert repository_file_problems(ROOT) == []


def test_generation_never_writes_or_deletes_through_a_link(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "keep.txt").write_text("keep", encoding="utf-8")
    docs = tmp_path / "repo" / "docs"
    docs.mkdir(parents=True)
    (docs / "du-lieu").symlink_to(outside, target_is_directory=True)
    with pytest.raises(PlanDataError, match=r"docs/du-lieu:1: is a symbolic link .*nothing was written or deleted"):
        write_pages([Page("du-lieu/plan.json", "{}"), Page("ke-hoach/index.vi.md", "x")], docs)
    assert [p.name for p in outside.iterdir()] == ["keep.txt"]
    assert not (docs / "ke-hoach").exists()


def test_a_link_inside_a_generated_folder_is_refused(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    (docs / "ke-hoach").mkdir(parents=True)
    target = tmp_path / "secret.md"
    target.write_text("secret", encoding="utf-8")
    (docs / "ke-hoach" / "index.vi.md").symlink_to(target)
    with pytest.raises(PlanDataError, match=r"docs/ke-hoach/index.vi.md:1: is a symbolic link"):
        write_pages([Page("ke-hoach/index.vi.md", "generated")], docs)
    assert target.read_text(encoding="utf-8") == "secret"


def test_links_are_reported_and_not_followed(tmp_path: Path) -> None:
    (tmp_path / "docs" / "assets").mkdir(parents=True)
    (tmp_path / "docs" / "assets" / "a.png").symlink_to("/etc/passwd")
    (tmp_path / "data").symlink_to("/etc", target_is_directory=True)
    (tmp_path / "mkdocs.yml").symlink_to("/etc/hostname")
    found = {str(p) for p in symlink_problems(tmp_path)}
    assert {f.split(":")[0] for f in found} == {"docs/assets/a.png", "data", "mkdocs.yml"}
    assert all("outside the repository" in f for f in found)


def test_types_and_names(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    for rel in ("index.vi.md", "assets/stylesheets/a.css", "assets/anh-1.webp", "Tin Tức/x.vi.md", "a/b.MD"):
        (docs / rel).parent.mkdir(parents=True, exist_ok=True)
        (docs / rel).write_bytes(b"RIFF\0\0\0\0WEBPVP8 " if rel.endswith(".webp") else b"x")
    messages = sorted(str(p) for p in docs_file_problems(docs, tmp_path))
    assert messages[0].startswith("docs/Tin Tức:1: the folder name 'Tin Tức' cannot be part of an address")
    assert "rename it to tin-tuc" in messages[0]
    assert messages[1].startswith("docs/a/b.MD:1: a .md file is not something the site publishes")
    assert len(messages) == 2


@pytest.mark.parametrize(
    ("svg", "what"),
    [
        ("<svg><script>x</script></svg>", "<script>"),
        ('<svg><a href="javascript:x"><rect/></a></svg>', "href"),
        ('<svg><rect onclick="x"/></svg>', "event handler"),
        ('<svg><use href="https://x.example/s.svg#a"/></svg>', "another file"),
        ("<svg><style>@import url(https://x.example/a.css);</style></svg>", "url("),
        ("<svg><foreignObject><p>x</p></foreignObject></svg>", "foreignObject"),
        ('<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg>&x;</svg>', "DOCTYPE"),
    ],
)
def test_svg_with_active_content_is_refused(svg: str, what: str) -> None:
    assert any(what in p.message for p in svg_problems(svg.encode(), "docs/a.svg"))


def test_plain_svg_passes() -> None:
    svg = '<svg xmlns="http://www.w3.org/2000/svg"><defs><g id="a"/></defs><use href="#a" fill="url(#g)"/></svg>'
    assert svg_problems(svg.encode(), "docs/a.svg") == []


@pytest.mark.parametrize("folder", ["ke-hoach", "du-lieu"])
def test_gitignore_keeps_a_link_in_place_of_a_generated_folder_out_of_commits(tmp_path: Path, folder: str) -> None:
    """`/docs/du-lieu/` matched only a folder: `git add` committed a link of that name."""
    import shutil
    import subprocess

    shutil.copy(ROOT / ".gitignore", tmp_path / ".gitignore")
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / folder).symlink_to("/tmp", target_is_directory=True)
    ignored = subprocess.run(["git", "-C", str(tmp_path), "check-ignore", f"docs/{folder}"], check=False)
    assert ignored.returncode == 0


def test_an_image_must_be_what_its_name_says(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    (docs / "assets").mkdir(parents=True)
    (docs / "assets" / "anh.png").write_text("<html><script>alert(1)</script></html>", encoding="utf-8")
    (docs / "assets" / "that.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(8))
    (docs / "assets" / "tai-lieu.pdf").write_bytes(b"%PDF-1.7\n")
    found = [str(p) for p in docs_file_problems(docs, tmp_path)]
    assert found == [
        "docs/assets/anh.png:1: the file is named .png but its content is not a PNG file: export it again"
        " in that format, or name it for what it is"
    ]
