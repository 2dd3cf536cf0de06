"""`make preview` (hooks/plan_preview.py): a real `mkdocs serve` that notices edits sooner."""

from __future__ import annotations

import contextlib
import json
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from bench.scale import make_project
from bench.serve import serving, time_edit
from mkdocs import livereload

import plan_preview


def test_preview_polls_files_every_tenth_of_a_second() -> None:
    seen: dict[str, float] = {}
    original = livereload.LiveReloadServer.__init__

    def spy(self: livereload.LiveReloadServer, *args: object, **kwargs: object) -> None:
        seen["interval"] = kwargs["polling_interval"]  # type: ignore[assignment]
        raise RuntimeError("stop")

    try:
        livereload.LiveReloadServer.__init__ = spy  # type: ignore[method-assign]
        plan_preview.faster_polling()
        with contextlib.suppress(RuntimeError):
            livereload.LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root="/tmp")
    finally:
        livereload.LiveReloadServer.__init__ = original  # type: ignore[method-assign]
    assert seen["interval"] == plan_preview.POLLING_INTERVAL_S


def test_preview_serves_an_edited_article_and_agency(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", 1, git=False).root
    with serving(project, "preview", timeout=120) as server:
        before = _search_locations(server.fetch("search/search_index.json"))
        for edit in ("Markdown article", "YAML agency file", "YAML agency file"):
            token = f"kiemtra{time.time_ns() % 10**9}"
            time_edit(server, project, edit, token, timeout=60)  # waits until the page shows the token
        assert "Traceback" not in server.log.read_text(encoding="utf-8", errors="replace")
        # The agency edit rebuilt many pages; search has each page once, as before.
        after = _search_locations(server.fetch("search/search_index.json"))
        assert len(after) == len(set(after)) and sorted(after) == sorted(before)


def _search_locations(index: str) -> list[str]:
    return [str(doc["location"]) for doc in json.loads(index)["docs"]]


def test_preview_lists_the_theme_files_mkdocs_lists_and_sees_a_new_one(tmp_path: Path) -> None:
    from mkdocs.structure.files import Files
    from mkdocs.theme import Theme

    project = make_project(tmp_path / "project", 1, git=False).root
    # The theme as mkdocs.yml sets it (loading mkdocs.yml itself would run the hooks).
    theme = Theme(name="material", custom_dir=str(project / "overrides"))
    config: Any = SimpleNamespace(theme=theme, site_dir=str(tmp_path / "site"), use_directory_urls=True)

    def listed() -> list[str]:
        files = Files([])
        files.add_files_from_theme(config.theme.get_env(), config)
        return sorted(f.src_uri for f in files)

    original = Files.add_files_from_theme
    try:
        expected = listed()
        plan_preview.listed_theme_once()
        assert Files.add_files_from_theme is not original
        assert listed() == expected and listed() == expected  # taken, then remembered
        extra = project / "overrides" / "assets" / "preview-extra.svg"
        extra.parent.mkdir(parents=True, exist_ok=True)
        extra.write_text("<svg/>", encoding="utf-8")
        assert listed() == sorted([*expected, "assets/preview-extra.svg"])
    finally:
        Files.add_files_from_theme = original  # type: ignore[method-assign]
