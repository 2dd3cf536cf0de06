"""Generation runs once per change of its inputs, not once per language build."""

from __future__ import annotations

import os
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

import pytest
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

import plan179.data.load as plan_load
import plan_site
from build_helpers import copy_project
from plan179.data.stamps import Freshness, fingerprint


def test_fingerprint_sees_every_kind_of_change(tmp_path: Path) -> None:
    data, out = tmp_path / "data", tmp_path / "out"
    (data / "agencies").mkdir(parents=True)
    (data / "agencies" / "a.yml").write_text("id: a\n", encoding="utf-8")
    (out / "x").mkdir(parents=True)
    (out / "x" / "page.md").write_text("# A\n", encoding="utf-8")

    def now() -> frozenset[tuple[str, int, int]]:
        return fingerprint([data], [out])

    first = now()
    assert now() == first
    (data / "agencies" / "a.yml").write_text("id: b\n", encoding="utf-8")  # same size, new mtime
    os.utime(data / "agencies" / "a.yml", ns=(1, 1))
    edited = now()
    assert edited != first
    (data / "agencies" / "b.yml").write_text("id: b\n", encoding="utf-8")
    added = now()
    assert added != edited
    (out / "x" / "page.md").unlink()
    assert now() != added
    assert fingerprint([tmp_path / "missing"], []) != fingerprint([], [])


def test_freshness_needs_a_generation_first() -> None:
    fresh = Freshness()
    key = frozenset({("a", 1, 1)})
    assert not fresh.is_fresh(key)
    fresh.remember(key)
    assert fresh.is_fresh(key)
    assert not fresh.is_fresh(frozenset({("a", 2, 1)}))
    fresh.forget()
    assert not fresh.is_fresh(key)


def test_on_config_generates_once_per_change(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = copy_project(tmp_path / "project")
    monkeypatch.setattr(plan_site, "FRESH", Freshness())
    calls: list[Path] = []
    real_load = plan_load.load

    def counting_load(*args: Any, **kwargs: Any) -> Any:
        calls.append(args[0])
        return real_load(*args, **kwargs)

    monkeypatch.setattr(plan_site, "load", counting_load)

    def config() -> MkDocsConfig:
        fake = SimpleNamespace(
            mdx_configs={}, plugins={}, config_file_path=str(project / "mkdocs.yml"), docs_dir=str(project / "docs")
        )
        return cast(MkDocsConfig, fake)

    plan_site.on_config(config())
    plan_site.on_config(config())  # static-i18n's second language: nothing changed
    assert len(calls) == 1
    agency = project / "data" / "agencies" / "so-y-te.yml"
    agency.write_text(agency.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    plan_site.on_config(config())
    assert len(calls) == 2
    generated = next((project / "docs" / "ke-hoach").rglob("*.md"))
    generated.unlink()  # a generated page deleted by hand comes back
    plan_site.on_config(config())
    assert len(calls) == 3
    assert generated.exists()


def test_a_failed_generation_is_not_remembered(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = copy_project(tmp_path / "project")
    monkeypatch.setattr(plan_site, "FRESH", Freshness())
    fake = SimpleNamespace(
        mdx_configs={}, plugins={}, config_file_path=str(project / "mkdocs.yml"), docs_dir=str(project / "docs")
    )
    agency = project / "data" / "agencies" / "so-y-te.yml"
    good = agency.read_text(encoding="utf-8")
    agency.write_text(good.replace('role: "implementer"', 'role: "boss"'), encoding="utf-8")
    for _ in range(2):  # both language builds fail, not only the first
        with pytest.raises(PluginError, match=r"so-y-te\.yml"):
            plan_site.on_config(cast(MkDocsConfig, fake))


def test_hook_state_outlives_the_hook_file() -> None:
    """MkDocs re-executes hook files on each serve rebuild; the state lives in the package."""
    import plan179.render.freshness as plan_freshness

    assert plan_site.FRESH is plan_freshness.GENERATION
