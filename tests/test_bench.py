"""The benchmark's generator and bookkeeping (bench/): cheap checks, no timing asserted."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from bench.probe import rendered_pages
from bench.run import exponent, plain_project
from bench.scale import PROVINCES, dump_yaml, make_project, places
from plan179.data.load import load
from plan179.data.strict_yaml import parse_text

ROOT = Path(__file__).resolve().parent.parent


def nav_pages(nav: list[Any]) -> set[str]:
    out: set[str] = set()
    for item in nav:
        values = [item] if isinstance(item, str) else list(item.values())
        for value in values:
            out |= nav_pages(value) if isinstance(value, list) else {value}
    return out


def config_nav(project: Path) -> set[str]:
    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    config = yaml.load((project / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)
    return nav_pages(config["nav"])


@pytest.fixture(scope="module")
def scaled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The plan ×3: small enough for a unit test, large enough to show every kind of copy."""
    return make_project(tmp_path_factory.mktemp("bench") / "x3", 3, git=False).root


def test_real_size_is_the_real_plan(tmp_path: Path) -> None:
    project = make_project(tmp_path / "x1", 1, git=False)
    real = load(ROOT / "data", root=ROOT)
    assert project.site.plan == real.plan
    assert project.site.pillars == real.pillars
    assert sorted(a.id for a in project.site.agencies) == sorted(a.id for a in real.agencies)
    assert (project.root / "mkdocs.yml").read_text(encoding="utf-8") == (ROOT / "mkdocs.yml").read_text(
        encoding="utf-8"
    )


def test_scaled_data_validates_with_the_sizes_asked(scaled: Path) -> None:
    real = load(ROOT / "data", root=ROOT)
    site = load(scaled / "data", root=scaled)  # the build's own loader and cross-checks
    national = sum(1 for a in real.agencies if a.kind.value == "ministry")
    assert len(site.agencies) == len(real.agencies) + 2 * (len(real.agencies) - national)
    assert len(site.plan.obligations) == 3 * len(real.plan.obligations)
    assert len(site.plan.duty_groups) == 3 * len(real.plan.duty_groups)
    assert len(site.pillars) == len(real.pillars) == 5  # one per ASCC characteristic, as the model requires
    assert all(len(p.tasks) == 10 for p in site.pillars)
    names = [a.name.vi for a in site.agencies]
    assert len(set(names)) == len(names)
    assert any(n.endswith(" thành phố Hà Nội") for n in names)


def test_scaled_quotations_are_word_for_word(scaled: Path) -> None:
    """The build checks every quotation against the official text, so the copies must pass."""
    check_quotes = pytest.importorskip("plan_fidelity").check_quotes
    assert check_quotes(load(scaled / "data", root=scaled), scaled) == []


def test_every_page_is_in_the_nav(scaled: Path) -> None:
    site = load(scaled / "data", root=scaled)
    listed = config_nav(scaled)
    assert {f"ke-hoach/co-quan/{a.slug}.md" for a in site.agencies} <= listed
    articles = {
        p.relative_to(scaled / "docs").as_posix().replace(".vi.md", ".md")
        for p in (scaled / "docs").glob("tim-hieu*/*.vi.md")
    }
    assert len(articles) == 3 * len(list((ROOT / "docs" / "tim-hieu").glob("*.vi.md")))
    assert articles <= listed


def test_copied_articles_are_retitled_in_their_language(scaled: Path) -> None:
    vi = (scaled / "docs" / "tim-hieu-thanh-pho-ha-noi" / "asean.vi.md").read_text(encoding="utf-8")
    en = (scaled / "docs" / "tim-hieu-thanh-pho-ha-noi" / "asean.en.md").read_text(encoding="utf-8")
    assert "– thành phố Hà Nội" in vi.split("\n# ", 1)[1].splitlines()[0]
    assert "– Hà Nội City" in en.split("\n# ", 1)[1].splitlines()[0]


def test_places_are_distinct_and_bounded() -> None:
    many = places(2 * len(PROVINCES))
    assert len({p.slug for p in many}) == len(many)
    assert many[len(PROVINCES)].vi.endswith("(đợt 2)")
    with pytest.raises(ValueError, match="factor"):
        make_project(Path("/nonexistent/never-written"), 1000)


def test_dump_yaml_reads_back_strictly() -> None:
    value = {
        "id": "a-1",
        "text": {"vi": 'Sở "Y tế" \\ Tiền Giang', "en": "no"},
        "n": 12,
        "flag": True,
        "empty": [],
        "items": [{"x": "1.10"}, "12:30"],
    }
    assert parse_text(dump_yaml(value), "x.yml").data == value


def test_floor_renders_each_language_with_fallback(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.vi.md").write_text("---\ntitle: A\n---\n# Á\n", encoding="utf-8")
    (docs / "a.en.md").write_text("# A\n", encoding="utf-8")
    (docs / "b.vi.md").write_text("# Bê\n", encoding="utf-8")
    (docs / "c.md").write_text("# Cê\n", encoding="utf-8")
    pages = rendered_pages(docs)
    assert sorted(pages["vi"]) == ["# Bê\n", "# Cê\n", "# Á\n"]
    assert sorted(pages["en"]) == ["# A\n", "# Bê\n", "# Cê\n"]  # fallback to Vietnamese, like static-i18n


def test_plain_configuration_has_none_of_ours(scaled: Path, tmp_path: Path) -> None:
    plain = plain_project(scaled, tmp_path / "plain")
    config = yaml.safe_load((plain / "mkdocs.yml").read_text(encoding="utf-8"))
    assert "hooks" not in config
    assert "custom_dir" not in config["theme"]
    assert {p if isinstance(p, str) else next(iter(p)) for p in config["plugins"]} <= {"search", "i18n"}
    assert config["nav"]
    assert (plain / "docs" / "tim-hieu" / "asean.vi.md").exists()


def test_exponent() -> None:
    assert exponent(1.0, 10.0, 1.0, 10.0) == pytest.approx(1.0)
    assert exponent(1.0, 100.0, 1.0, 10.0) == pytest.approx(2.0)
