"""`make new-article`: a bilingual pair with valid front matter, and a safe nav line."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from plan179.content.navigation import expand, folder_entries
from plan179.content.pages import PLACEHOLDER, load_docs, read_front_matter
from plan179.content.scaffold import ScaffoldError, main, scaffold
from plan179.data.load import PlanDataError

ROOT = Path(__file__).resolve().parent.parent
DAY = dt.date(2026, 11, 28)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """mkdocs.yml, data/ and the hand-written docs of the real project."""
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    shutil.copytree(ROOT / "data", tmp_path / "data")
    shutil.copytree(ROOT / "docs", tmp_path / "docs", ignore=shutil.ignore_patterns("ke-hoach"))
    return tmp_path


def test_article_pair_has_valid_front_matter_and_joins_the_menu_by_itself(project: Path) -> None:
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    done = scaffold(project, "ngay-asean-2026", date=DAY)
    assert [p.relative_to(project).as_posix() for p in done.files] == [
        "docs/tim-hieu/ngay-asean-2026.vi.md",
        "docs/tim-hieu/ngay-asean-2026.en.md",
    ]
    for path in done.files:
        front = read_front_matter(path.read_text(encoding="utf-8"), path.name)
        assert front.data["date"] == "2026-11-28"
        assert set(front.data) == {"title", "description", "date", "tags"}
    assert (project / "mkdocs.yml").read_text(encoding="utf-8") == config  # no line to write by hand
    nav = expand([{"Tìm hiểu": ["tim-hieu/index.md"]}], project / "docs")
    assert "tim-hieu/ngay-asean-2026.md" in nav[0]["Tìm hiểu"]
    assert "tim-hieu/ngay-asean-2026.md" in [e.path for e in folder_entries(project / "docs", "tim-hieu", "en")]
    # Front matter and parity pass; only the TODO placeholders stand between it and publication.
    with pytest.raises(PlanDataError) as caught:
        load_docs(project / "docs", project)
    problems = [str(p) for p in caught.value.problems]
    assert problems
    assert all("ngay-asean-2026" in p and f"'{PLACEHOLDER}' placeholder" in p for p in problems), problems


def test_filled_in_article_is_accepted(project: Path) -> None:
    done = scaffold(project, "bai-moi", date=DAY)
    for path in done.files:
        text = path.read_text(encoding="utf-8").replace(PLACEHOLDER, "Đã viết")
        path.write_text(text, encoding="utf-8")
    tree = load_docs(project / "docs", project)
    assert tree.get("tim-hieu/bai-moi", "en") is not None


def test_news_post_needs_no_nav_line(project: Path) -> None:
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    scaffold(project, "tin-moi", section="tin-tuc", date=DAY)
    assert (project / "mkdocs.yml").read_text(encoding="utf-8") == config
    assert (project / "docs/tin-tuc/tin-moi.vi.md").exists()


@pytest.mark.parametrize(
    ("slug", "section", "message"),
    [
        ("Ngày ASEAN", "tim-hieu", "is not a valid page name"),
        ("ngay_asean", "tim-hieu", "is not a valid page name"),
        ("", "tim-hieu", "is not a valid page name"),
        ("asean", "tim-hieu", "docs/tim-hieu/asean.vi.md already exists"),
        ("moi", "ke-hoach", "SECTION 'ke-hoach' is not known"),
    ],
)
def test_refusals_change_nothing(project: Path, slug: str, section: str, message: str) -> None:
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    listing = sorted(p.name for p in (project / "docs" / "tim-hieu").iterdir())
    with pytest.raises(ScaffoldError, match=message):
        scaffold(project, slug, section=section, date=DAY)
    assert (project / "mkdocs.yml").read_text(encoding="utf-8") == config
    assert sorted(p.name for p in (project / "docs" / "tim-hieu").iterdir()) == listing


def test_cli(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["tin-cli", "--section", "tin-tuc", "--root", str(project)]) == 0
    out = capsys.readouterr().out
    assert "created docs/tin-tuc/tin-cli.vi.md" in out and "replace every TODO" in out
    assert main(["tin-cli", "--section", "tin-tuc", "--root", str(project)]) == 1
    assert "already exists" in capsys.readouterr().err
    assert main(["--root", str(project)]) == 2
