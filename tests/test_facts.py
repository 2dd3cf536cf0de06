"""Edit links (hand-written → Markdown, generated → data file), git dates, notices."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from plan179.content.facts import (
    edit_link,
    new_file_link,
    page_facts,
    report_forms_markdown,
    report_link,
    template_context,
)
from plan179.content.gitdates import GitDates, parse_log, read_git_dates
from plan179.content.news import lookup
from plan179.content.pages import DocsTree, load_docs
from plan179.data.load import SiteData

BASE = "https://github.com/owner/repo/edit/main/"
UTC = dt.UTC


def test_hand_written_page_edits_its_markdown_file() -> None:
    f = page_facts(
        src="docs/tim-hieu/asean.en.md",
        meta={"title": "x", "date": "2026-11-28"},
        reader_lang="en",
        text_lang="en",
        generated_dir="ke-hoach",
        edit_base=BASE,
        git=GitDates({"docs/tim-hieu/asean.en.md": dt.datetime(2026, 11, 27, 20, 0, tzinfo=UTC)}),
    )
    assert f.edit_url == BASE + "docs/tim-hieu/asean.en.md"
    assert not f.generated and not f.fallback
    assert f.published == dt.date(2026, 11, 28)
    assert f.updated == dt.datetime(2026, 11, 27, 20, 0, tzinfo=UTC)


def test_generated_page_edits_its_data_file_never_itself() -> None:
    f = page_facts(
        src="docs/ke-hoach/noi-dung/cong-dong-ben-vung.vi.md",
        meta={"title": "x", "generated_from": "data/pillars/cong-dong-ben-vung.yml"},
        reader_lang="vi",
        text_lang="vi",
        generated_dir="ke-hoach",
        edit_base=BASE,
        git=GitDates({"data/pillars/cong-dong-ben-vung.yml": dt.datetime(2026, 1, 2, tzinfo=UTC)}),
    )
    assert f.edit_url == BASE + "data/pillars/cong-dong-ben-vung.yml"
    assert f.generated and f.published is None
    assert f.updated == dt.datetime(2026, 1, 2, tzinfo=UTC)


def test_generated_from_a_folder_opens_the_folder() -> None:
    git = GitDates(
        {
            "data/agencies/so-y-te.yml": dt.datetime(2026, 1, 2, tzinfo=UTC),
            "data/agencies/so-noi-vu.yml": dt.datetime(2026, 3, 4, tzinfo=UTC),
            "data/plan.yml": dt.datetime(2026, 5, 6, tzinfo=UTC),
        }
    )
    f = page_facts(
        src="docs/ke-hoach/co-quan/index.vi.md",
        meta={"generated_from": "data/agencies/"},
        reader_lang="vi",
        text_lang="vi",
        generated_dir="ke-hoach",
        edit_base=BASE,
        git=git,
    )
    assert f.edit_url == "https://github.com/owner/repo/tree/main/data/agencies/"
    assert f.updated == dt.datetime(2026, 3, 4, tzinfo=UTC)


def test_generated_page_without_source_gets_no_edit_link() -> None:
    f = page_facts(
        src="docs/ke-hoach/x.vi.md",
        meta={"title": "x"},
        reader_lang="vi",
        text_lang="vi",
        generated_dir="ke-hoach",
        edit_base=BASE,
        git=GitDates(),
    )
    assert f.edit_url is None and f.source is None


def test_no_base_url_no_links() -> None:
    assert edit_link("", "docs/a.vi.md") is None
    assert new_file_link("", "docs", "a.en.md") is None
    assert report_link("", "https://x/", "t") is None
    assert edit_link("https://gitlab.example/g/r/-/edit/main", "docs/a b.vi.md") == (
        "https://gitlab.example/g/r/-/edit/main/docs/a%20b.vi.md"
    )


def test_untranslated_page_offers_a_translation(site: SiteData) -> None:
    f = page_facts(
        src="docs/tim-hieu/moi.vi.md",
        meta={"title": "x", "date": "2026-11-28"},
        reader_lang="en",
        text_lang="vi",
        generated_dir="ke-hoach",
        edit_base=BASE,
        git=GitDates(),
    )
    assert f.fallback
    assert f.edit_url == BASE + "docs/tim-hieu/moi.vi.md"
    assert f.translate_url == "https://github.com/owner/repo/new/main/docs/tim-hieu?filename=moi.en.md"
    context = template_context(f, lookup(site.strings["en"], "en"))
    assert context["noindex"] is True
    assert context["notice_title"] == "This page is not yet translated"
    assert context["published_text"] == "28 November 2026"
    assert context["updated_text"] is None
    vi = template_context(
        page_facts(
            src="docs/tim-hieu/moi.vi.md",
            meta={},
            reader_lang="vi",
            text_lang="vi",
            generated_dir="ke-hoach",
            edit_base=BASE,
            git=GitDates(),
        ),
        lookup(site.strings["vi"], "vi"),
    )
    assert vi["noindex"] is False and vi["fallback"] is False
    assert lookup(site.strings["vi"], "vi")("untranslated_title") == "Trang này chưa có bản tiếng Việt"


def test_dates_in_the_readers_language_and_time_zone(site: SiteData) -> None:
    # 20:30 UTC on 27 November is already 28 November in Viet Nam.
    git = GitDates({"docs/a.vi.md": dt.datetime(2026, 11, 27, 20, 30, tzinfo=UTC)})
    f = page_facts(
        src="docs/a.vi.md",
        meta={},
        reader_lang="vi",
        text_lang="vi",
        generated_dir="ke-hoach",
        edit_base="",
        git=git,
    )
    vi = template_context(f, lookup(site.strings["vi"], "vi"))
    assert vi["updated_text"] == "28 tháng 11, 2026"
    assert vi["updated_label"] == "Cập nhật lần cuối"
    assert vi["updated_iso"] == "2026-11-28T03:30:00+07:00"
    assert vi["edit_url"] is None
    en = template_context(f, lookup(site.strings["en"], "en"))
    assert en["updated_text"] == "28 November 2026"


def test_news_listing_is_as_new_as_its_newest_post(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parent.parent
    for rel in ("tin-tuc/index.vi.md", "tin-tuc/index.en.md"):
        (tmp_path / "docs" / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(root / "docs" / rel, tmp_path / "docs" / rel)
    (tmp_path / "docs/tin-tuc/a.vi.md").write_text(
        '---\ntitle: "A"\ndescription: "A"\ndate: "2026-01-01"\ntags: ["A"]\ntranslation: "pending"\n---\n\n# A\n',
        encoding="utf-8",
    )
    tree: DocsTree = load_docs(tmp_path / "docs", tmp_path, set())
    newest = dt.datetime(2026, 9, 9, tzinfo=UTC)
    git = GitDates({"docs/tin-tuc/index.en.md": dt.datetime(2026, 1, 1, tzinfo=UTC), "docs/tin-tuc/a.vi.md": newest})
    f = page_facts(
        src="docs/tin-tuc/index.en.md",
        meta={},
        reader_lang="en",
        text_lang="en",
        generated_dir="ke-hoach",
        edit_base=BASE,
        git=git,
        tree=tree,
    )
    assert f.updated == newest


def test_report_links(site: SiteData) -> None:
    url = report_link("https://github.com/o/r/issues/", "https://site.test/en/a/", "Error report: A & B")
    assert url == (
        "https://github.com/o/r/issues/new?template=loi-noi-dung.yml"
        "&page=https%3A%2F%2Fsite.test%2Fen%2Fa%2F&title=Error%20report%3A%20A%20%26%20B"
    )
    t = lookup(site.strings["vi"], "vi")
    assert "(https://github.com/o/r/issues/new/choose)" in report_forms_markdown("https://github.com/o/r/issues", t)
    assert report_forms_markdown("", t) == site.strings["vi"]["report_how_offline"]


def test_parse_git_log() -> None:
    out = "\x002026-11-28T10:00:00+00:00\n\ndocs/a.vi.md\ndata/x.yml\n\x002026-01-01T00:00:00+07:00\n\ndocs/a.vi.md\ndocs/b.vi.md\n"
    dates = parse_log(out)
    assert dates["docs/a.vi.md"] == dt.datetime(2026, 11, 28, 10, tzinfo=UTC)
    assert dates["docs/b.vi.md"] == dt.datetime(2026, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=7)))
    assert GitDates(dates).of("docs/") == dt.datetime(2026, 11, 28, 10, tzinfo=UTC)
    assert GitDates(dates).of("nothing/") is None


def git(repo: Path, *args: str, when: str = "") -> str:
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.test", GIT_COMMITTER_NAME="t")
    env["GIT_COMMITTER_EMAIL"] = "t@example.test"
    if when:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = when
    return subprocess.run(["git", "-C", str(repo), *args], env=env, check=True, capture_output=True, text=True).stdout


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_read_git_dates_from_a_repository(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / "docs").mkdir(parents=True)
    git(repo, "init", "-q", "-b", "main")
    (repo / "docs/a.vi.md").write_text("a", encoding="utf-8")
    (repo / "docs/b.vi.md").write_text("b", encoding="utf-8")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "one", when="2026-01-02T03:04:05+00:00")
    (repo / "docs/b.vi.md").write_text("b2", encoding="utf-8")
    git(repo, "commit", "-q", "-am", "two", when="2026-11-27T20:30:00+00:00")
    dates = read_git_dates(repo)
    assert dates.unavailable is None
    assert dates.of("docs/a.vi.md") == dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    assert dates.of("docs/b.vi.md") == dt.datetime(2026, 11, 27, 20, 30, tzinfo=UTC)
    # A shallow clone would date a.vi.md to the newest commit: no dates rather than wrong ones.
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(clone)], check=True, capture_output=True
    )
    shallow = read_git_dates(clone)
    assert shallow.dates == {} and shallow.unavailable is not None and "fetch-depth: 0" in shallow.unavailable
    # Not a repository at all: no dates, and why.
    plain = tmp_path / "plain"
    plain.mkdir()
    assert read_git_dates(plain).unavailable


def test_generated_page_edits_the_line_holding_its_text_and_is_dated_by_its_record() -> None:
    f = page_facts(
        src="docs/ke-hoach/co-quan/so-y-te.vi.md",
        meta={
            "title": "x",
            "generated_from": "data/plan.yml",
            "generated_line": 476,
            "record_file": "data/agencies/so-y-te.yml",
        },
        reader_lang="vi",
        text_lang="vi",
        generated_dir="ke-hoach",
        edit_base=BASE,
        git=GitDates(
            {
                "data/plan.yml": dt.datetime(2026, 1, 2, tzinfo=UTC),
                "data/agencies/so-y-te.yml": dt.datetime(2026, 5, 6, tzinfo=UTC),
            }
        ),
    )
    assert f.edit_url == BASE + "data/plan.yml#L476"
    assert f.source == "data/plan.yml"
    assert f.updated == dt.datetime(2026, 5, 6, tzinfo=UTC)  # the agency's own file changed last
    no_line = page_facts(
        src="docs/ke-hoach/co-quan/index.vi.md",
        meta={"title": "x", "generated_from": "data/agencies/", "generated_line": 3},
        reader_lang="vi",
        text_lang="vi",
        generated_dir="ke-hoach",
        edit_base=BASE,
        git=GitDates({}),
    )
    assert no_line.edit_url == BASE.replace("/edit/", "/tree/") + "data/agencies/"  # a folder has no lines
