"""CODEOWNERS: generated from the data, so a new agency or agency article is never forgotten."""

from __future__ import annotations

import shutil
from pathlib import Path

from plan179.content.codeowners import CODEOWNERS, DEFAULT_ORG, read_org, render

ROOT = Path(__file__).resolve().parent.parent


def test_committed_codeowners_is_up_to_date() -> None:
    path = ROOT / CODEOWNERS
    assert path.exists(), "run `make codeowners`"
    expected = render(ROOT, read_org(path))
    assert path.read_text(encoding="utf-8") == expected, "CODEOWNERS is stale: run `make codeowners`"


def test_every_agency_file_and_engine_path_has_owners() -> None:
    text = render(ROOT, "@so-ldtbxh")
    lines = [line.split() for line in text.splitlines() if line and not line.startswith("#")]
    owners = {parts[0]: parts[1:] for parts in lines}
    for path in sorted((ROOT / "data" / "agencies").glob("*.yml")):
        assert owners[f"/data/agencies/{path.name}"] == [f"@so-ldtbxh/{path.stem}", "@so-ldtbxh/maintainers"]
    for engine in ("/hooks/", "/data/schema/", "/requirements/", "/.github/", "/package-lock.json", "/mkdocs.yml"):
        assert owners[engine] == ["@so-ldtbxh/maintainers"], engine
    assert owners["*"] == ["@so-ldtbxh/maintainers"]


def test_agency_articles_belong_to_the_agency_team(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "data", tmp_path / "data")
    shutil.copytree(ROOT / "docs", tmp_path / "docs", ignore=shutil.ignore_patterns("ke-hoach"))
    for lang in ("vi", "en"):
        path = tmp_path / "docs" / "tim-hieu" / f"hoi-dap.{lang}.md"
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("tags:\n", 'agency: "so-y-te"\ntags:\n', 1), encoding="utf-8")
    text = render(tmp_path, DEFAULT_ORG)
    assert "/docs/tim-hieu/hoi-dap.vi.md  @ORG/so-y-te @ORG/communicators @ORG/maintainers" in text
    assert "/docs/tim-hieu/hoi-dap.en.md  @ORG/so-y-te @ORG/communicators @ORG/maintainers" in text
    assert text.index("/data/agencies/so-y-te.yml") < text.index("/docs/tim-hieu/hoi-dap.vi.md")
    assert text.index("/docs/**/*.en.md") < text.index("/docs/tim-hieu/hoi-dap.en.md")


def test_organisation_is_kept_when_regenerating(tmp_path: Path) -> None:
    path = tmp_path / "CODEOWNERS"
    assert read_org(path) == DEFAULT_ORG
    path.write_text("*  @my-org/maintainers\n", encoding="utf-8")
    assert read_org(path) == "@my-org"
