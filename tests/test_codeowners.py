"""CODEOWNERS: generated from the data, so a new agency or agency article is never forgotten."""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

from plan179.content.codeowners import CODEOWNERS, DEFAULT_ORG, read_org, render

ROOT = Path(__file__).resolve().parent.parent


def test_committed_codeowners_is_up_to_date() -> None:
    path = ROOT / CODEOWNERS
    assert path.exists(), "run `make codeowners`"
    expected = render(ROOT, read_org(path))
    committed = path.read_text(encoding="utf-8")
    diff = "\n".join(
        difflib.unified_diff(
            committed.splitlines(), expected.splitlines(), CODEOWNERS.as_posix(), "expected", lineterm=""
        )
    )
    assert committed == expected, f"CODEOWNERS does not match data/agencies/: run `make codeowners`, or apply:\n{diff}"


def test_every_agency_file_and_engine_path_has_owners() -> None:
    text = render(ROOT, "@so-ldtbxh")
    lines = [line.split() for line in text.splitlines() if line and not line.startswith("#")]
    owners = {parts[0]: parts[1:] for parts in lines}
    for path in sorted((ROOT / "data" / "agencies").glob("*.yml")):
        assert owners[f"/data/agencies/{path.name}"] == [f"@so-ldtbxh/{path.stem}", "@so-ldtbxh/maintainers"]
    for engine in ("/hooks/", "/data/schema/", "/requirements/", "/.github/", "/package-lock.json", "/mkdocs.yml"):
        assert owners[engine] == ["@so-ldtbxh/maintainers"], engine
    assert owners["*"] == ["@so-ldtbxh/maintainers"]


def test_a_news_post_naming_an_agency_leaves_codeowners_as_it_is(tmp_path: Path) -> None:
    """A communicator's post with `agency:` must not make CI fail on a file they cannot regenerate."""
    shutil.copytree(ROOT / "data", tmp_path / "data")
    shutil.copytree(ROOT / "docs", tmp_path / "docs", ignore=shutil.ignore_patterns("ke-hoach"))
    before = render(tmp_path, DEFAULT_ORG)
    for lang in ("vi", "en"):
        path = tmp_path / "docs" / "tim-hieu" / f"hoi-dap.{lang}.md"
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("tags:\n", 'agency: "so-y-te"\ntags:\n', 1), encoding="utf-8")
    assert render(tmp_path, DEFAULT_ORG) == before
    assert "/data/agencies/so-y-te.yml  @ORG/so-y-te @ORG/maintainers" in before


def test_organisation_is_kept_when_regenerating(tmp_path: Path) -> None:
    path = tmp_path / "CODEOWNERS"
    assert read_org(path) == DEFAULT_ORG
    path.write_text("*  @my-org/maintainers\n", encoding="utf-8")
    assert read_org(path) == "@my-org"
