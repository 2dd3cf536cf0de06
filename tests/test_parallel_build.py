"""Languages built in parallel (hooks/plan_parallel.py): same site, same failures."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

import plan_fork
from build_helpers import BuildResult, copy_project, mkdocs_build
from plan_links import SitemapError, merge_sitemaps
from plan_load import SiteData
from plan_render import generate, render_site

ARTICLE_EN = "docs/tim-hieu/hoi-dap.en.md"
ARTICLE_VI = "docs/tim-hieu/hoi-dap.vi.md"


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def _break(project: Path, relative: str, line: str) -> int:
    """Append `line` to a page; returns its line number."""
    path = project / relative
    text = path.read_text(encoding="utf-8").rstrip("\n") + "\n\n" + line + "\n"
    path.write_text(text, encoding="utf-8")
    return text.count("\n")


def _no_output(result: BuildResult) -> bool:
    return not result.site.exists() or not any(result.site.rglob("*.html"))


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[BuildResult, BuildResult]:
    project = copy_project(tmp_path_factory.mktemp("parallel") / "project")
    sequential = mkdocs_build(project, "-d", str(project / "site-sequential"), env_extra={"PLAN_PARALLEL": "0"})
    parallel = mkdocs_build(project, "-d", str(project / "site-parallel"))
    return (
        BuildResult(sequential.code, sequential.output, project / "site-sequential"),
        BuildResult(parallel.code, parallel.output, project / "site-parallel"),
    )


def test_parallel_build_writes_exactly_the_sequential_site(builds: tuple[BuildResult, BuildResult]) -> None:
    sequential, parallel = builds
    assert sequential.code == 0, sequential.output[-3000:]
    assert parallel.code == 0, parallel.output[-3000:]
    assert "building en in a parallel process" in parallel.output
    assert "parallel process" not in sequential.output
    before, after = _files(sequential.site), _files(parallel.site)
    assert sorted(before) == sorted(after)
    different = [name for name in before if before[name] != after[name]]
    assert different == []
    # Both languages are in the one sitemap and in their own search index.
    sitemap = after["sitemap.xml"].decode("utf-8")
    assert "/ke-hoach-179/en/ke-hoach/" in sitemap and "/ke-hoach-179/ke-hoach/" in sitemap
    assert b'"location":"ke-hoach/' in after["en/search/search_index.json"]


FAILURES = [
    # (page, line appended, what the output must say; "{line}" is the appended line's number)
    (
        ARTICLE_EN,
        "<script>alert(1)</script>",
        ["{page}:{line}: <script> is not allowed", "the build of en (in a parallel process) failed"],
    ),
    (ARTICLE_EN, "[a page that does not exist](khong-co.md)", ["khong-co.md", "in strict mode"]),
    # A Vietnamese error stops the English build too: the child is stopped before the folder is removed.
    (ARTICLE_VI, '<iframe src="https://example.com/"></iframe>', ["{page}:{line}: <iframe> is not allowed"]),
]


@pytest.mark.parametrize(("page", "added", "expected"), FAILURES, ids=["en-policy", "en-strict-warning", "vi-policy"])
def test_a_failure_in_either_language_fails_the_build_and_leaves_nothing(
    page: str, added: str, expected: list[str], tmp_path: Path
) -> None:
    project = copy_project(tmp_path / "project")
    line = _break(project, page, added)
    result = mkdocs_build(project)
    assert result.code != 0
    for text in expected:
        assert text.format(page=page, line=line) in result.output, result.output[-3000:]
    assert _no_output(result)


def test_sitemaps_merge_as_one_build_lists_them() -> None:
    head = '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="x">'
    vi = head + "\n    <url><loc>/a/</loc></url>\n</urlset>"
    en = head + "\n    <url><loc>/en/a/</loc></url>\n    <url><loc>/en/b/</loc></url>\n</urlset>"
    both = (
        head
        + "\n    <url><loc>/a/</loc></url>\n    <url><loc>/en/a/</loc></url>\n    <url><loc>/en/b/</loc></url>\n</urlset>"
    )
    assert merge_sitemaps(vi, en) == both
    assert merge_sitemaps(vi, head + "\n</urlset>") == vi
    with pytest.raises(SitemapError):
        merge_sitemaps(vi, "<html></html>")


def test_a_failure_in_the_forked_part_is_reported_with_its_traceback() -> None:
    def broken() -> int:
        raise ValueError("template exploded")

    with pytest.raises(plan_fork.ChildBuildError, match="template exploded"):
        plan_fork.in_parallel(lambda: 1, broken)
    assert plan_fork.in_parallel(lambda: "here", lambda: ["there"]) == ("here", ["there"])


def test_generate_in_parallel_writes_what_sequential_generation_writes(site: SiteData, tmp_path: Path) -> None:
    today = dt.date(2026, 11, 28)
    one, two = tmp_path / "sequential", tmp_path / "parallel"
    stale = two / "ke-hoach" / "co-quan" / "old-agency.vi.md"
    stale.parent.mkdir(parents=True)
    stale.write_text("an agency file that was renamed", encoding="utf-8")
    count, written = generate(site, one, today)
    count_parallel, written_parallel = generate(site, two, today, parallel=True)
    assert count == count_parallel == len(render_site(site, today))
    assert _files(one) == _files(two)
    assert "ke-hoach/co-quan/old-agency.vi.md" in written_parallel and not stale.exists()
    assert sorted(written) == sorted(w for w in written_parallel if w != "ke-hoach/co-quan/old-agency.vi.md")
    assert generate(site, two, today, parallel=True) == (count, [])  # unchanged: nothing rewritten


@pytest.mark.parametrize("parallel", [False, True])
def test_a_one_language_preview_generates_its_language_and_leaves_the_other(
    site: SiteData, tmp_path: Path, parallel: bool
) -> None:
    today = dt.date(2026, 11, 28)
    full, preview = tmp_path / "full", tmp_path / "preview"
    generate(site, full, today)
    generate(site, preview, today)
    stale_vi = preview / "ke-hoach" / "co-quan" / "old-agency.vi.md"
    stale_en = preview / "ke-hoach" / "co-quan" / "old-agency.en.md"
    for stale in (stale_vi, stale_en):
        stale.write_text("an agency file that was renamed", encoding="utf-8")
    english = preview / "ke-hoach" / "co-quan" / "so-y-te.en.md"
    english.write_text("the English page as an earlier build left it", encoding="utf-8")
    vietnamese = preview / "ke-hoach" / "co-quan" / "so-y-te.vi.md"
    vietnamese.write_text("outdated", encoding="utf-8")

    count, written = generate(site, preview, today, parallel=parallel, languages=("vi",))

    assert count == len([p for p in render_site(site, today) if ".en." not in p.path])
    assert (
        "ke-hoach/co-quan/so-y-te.vi.md" in written
        and vietnamese.read_bytes() == (full / "ke-hoach" / "co-quan" / "so-y-te.vi.md").read_bytes()
    )
    assert not stale_vi.exists() and "ke-hoach/co-quan/old-agency.vi.md" in written
    # English files are neither rewritten nor judged stale by a Vietnamese preview.
    assert stale_en.exists() and english.read_text(encoding="utf-8").startswith("the English page")
    assert not any(".en." in path for path in written)
    assert (preview / "du-lieu" / "agencies.csv").read_bytes() == (full / "du-lieu" / "agencies.csv").read_bytes()


def test_the_remembered_link_lookup_finds_what_static_i18n_finds(tmp_path: Path) -> None:
    from types import SimpleNamespace

    from mkdocs.structure.files import File, Files
    from mkdocs_static_i18n.suffix import I18nFiles

    import plan_parallel

    names = [
        "index.vi.md",
        "index.en.md",
        "a.vi.md",
        "a.en.md",
        "b.vi.md",
        "sub/c.md",
        "img.vi.png",
        "img.png",
        "x.en.ics",
    ]
    files = [File(name, str(tmp_path), str(tmp_path / "site"), True) for name in names]
    plugin = SimpleNamespace(current_language="vi", default_language="vi")
    links = [".", "index.md", "a.md", "b.md", "sub/c.md", "img.png", "x.ics", "missing.md", "sub/../a.md"]
    original = I18nFiles.get_file_from_path
    expected = {}
    for lang in ("vi", "en"):
        plugin.current_language = lang
        catalogue = I18nFiles(plugin, Files(files))
        expected[lang] = [original(catalogue, link) for link in links]
    assert any(f is not None for f in expected["en"]) and None in expected["en"]
    try:
        plan_parallel.remembered_link_lookup()
        assert I18nFiles.get_file_from_path is not original
        for _ in range(2):  # taken, then remembered
            for lang in ("vi", "en"):
                plugin.current_language = lang
                catalogue = I18nFiles(plugin, Files(files))
                assert [catalogue.get_file_from_path(link) for link in links] == expected[lang]
    finally:
        I18nFiles.get_file_from_path = original


def test_loading_in_two_processes_gives_the_same_data_and_every_problem(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import plan_load

    project = copy_project(tmp_path / "project")
    sequential = plan_load.load(project / "data", root=project)
    forks: list[int] = []
    real_in_parallel = plan_fork.in_parallel

    def counting(here: Any, there: Any) -> Any:
        forks.append(1)
        return real_in_parallel(here, there)

    monkeypatch.setattr(plan_load, "PARALLEL_FROM", 2)
    monkeypatch.setattr(plan_fork, "in_parallel", counting)
    plan_fork.allow(True)
    try:
        assert plan_load.load(project / "data", root=project) == sequential
        assert forks  # the agency and pillar files were read by two processes
        first, second = sorted((project / "data" / "agencies").glob("*.yml"))[:2]  # one in each half
        first.write_text(first.read_text(encoding="utf-8") + "broken: [\n", encoding="utf-8")
        second.write_text(second.read_text(encoding="utf-8") + "\tindented: x\n", encoding="utf-8")
        with pytest.raises(plan_load.PlanDataError) as failure:
            plan_load.load(project / "data", root=project)
    finally:
        plan_fork.allow(False)
    message = str(failure.value)
    assert f"data/agencies/{first.name}:" in message and f"data/agencies/{second.name}:" in message
    assert "tab character" in message and "YAML syntax error" in message
