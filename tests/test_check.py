"""`make check`: every check that needs no build, the build's own code, every problem at once."""

from __future__ import annotations

from pathlib import Path

from build_helpers import copy_project, mkdocs_build
from plan179.cli import NOT_CHECKED, problems_of


def test_the_real_project_passes() -> None:
    from conftest import ROOT

    problems, summary = problems_of(ROOT)
    assert problems == [], problems
    assert "16 agencies" in summary


def test_problems_the_data_check_used_to_miss_are_listed_together(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    plan = project / "data" / "agencies" / "so-lao-dong-thuong-binh-va-xa-hoi.yml"
    text = plan.read_text(encoding="utf-8")
    assert "kế hoạch" in text
    plan.write_text(text.replace("kế hoạch", "kê hoạch", 1), encoding="utf-8")  # a misquotation
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("      - gioi-thieu/tiep-can.md", "      - gioi-thieu/khong-co.md"),
        encoding="utf-8",
    )
    page = project / "docs" / "tim-hieu" / "asean.vi.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nXem [mục này](hoi-dap.md#khong-co).\n", encoding="utf-8")
    problems = [str(p) for p in problems_of(project)[0]]
    assert any(p.startswith("data/agencies/so-lao-dong") and "«kế» where this has «kê»" in p for p in problems)
    assert any(p.startswith("mkdocs.yml:") and "'gioi-thieu/khong-co.md'" in p for p in problems)
    assert any(p.startswith("docs/tim-hieu/asean.vi.md:") and "#khong-co" in p for p in problems)
    assert "Content-Security-Policy" in NOT_CHECKED


def test_the_build_names_the_menu_line_too(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace(
        "      - gioi-thieu/tiep-can.md", "      - gioi-thieu/khong-co.md"
    )
    config.write_text(text, encoding="utf-8")
    line = text.splitlines().index("      - gioi-thieu/khong-co.md") + 1
    result = mkdocs_build(project)
    assert result.code != 0
    assert f"mkdocs.yml:{line}: the menu names 'gioi-thieu/khong-co.md'" in result.output
    assert "Traceback" not in result.output
