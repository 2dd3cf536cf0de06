"""The theme's compiled templates are kept inside the repository, and never go stale.

hooks/plan_theme.py gives the environment MkDocs makes for each build Jinja's bytecode
cache in `.cache/jinja/` (git-ignored), so `mkdocs serve` does not compile Material's
templates again on every rebuild. These builds run on a scratch copy of the project,
with the system's temporary folder pointed at an empty folder of the test's own.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from build_helpers import copy_project, mkdocs_build
from plan179.layout import TEMPLATE_CACHE

PARTIAL = "overrides/partials/search.html"


def _build(project: Path, tmp: Path) -> str:
    result = mkdocs_build(project, publish=False, env_extra={"TMPDIR": str(tmp), "PLAN_BUILD_DATE": "2026-12-04"})
    assert result.code == 0, result.output
    return (result.site / "index.html").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_project(tmp_path_factory.mktemp("template-cache") / "project")


def test_compiled_templates_stay_in_the_repository(project: Path, tmp_path: Path) -> None:
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    _build(project, tmp)
    cached = sorted((project / TEMPLATE_CACHE).glob("*.cache"))
    assert len(cached) >= 20, "the theme's templates were not kept"  # Material's partials and ours
    assert list(tmp.iterdir()) == [], "the build wrote into the system's temporary folder"
    assert ".cache" in (Path(__file__).resolve().parent.parent / ".gitignore").read_text(encoding="utf-8")


def test_an_edited_template_is_compiled_again(project: Path, tmp_path: Path) -> None:
    _build(project, tmp_path)  # the cache is warm
    partial = project / PARTIAL
    original = partial.read_text(encoding="utf-8")
    try:
        partial.write_text("<!-- plan-cache-probe -->\n" + original, encoding="utf-8")
        assert "plan-cache-probe" in _build(project, tmp_path), "a stale compiled template was used"
    finally:
        partial.write_text(original, encoding="utf-8")
    assert "plan-cache-probe" not in _build(project, tmp_path)


def test_a_cache_folder_linked_out_of_the_repository_is_not_written(project: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    cache = project / TEMPLATE_CACHE
    for path in cache.glob("*"):
        path.unlink()
    cache.rmdir()
    cache.symlink_to(outside, target_is_directory=True)
    try:
        _build(project, tmp_path)
        assert list(outside.iterdir()) == [], "compiled templates were written through the link"
    finally:
        cache.unlink()
