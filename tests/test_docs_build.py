"""The real build with news posts, an untranslated page and a git history: edit links,
last-updated dates, meta descriptions, untranslated notices, listings and feeds."""

from __future__ import annotations

import html
import os
import re
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote

import pytest

from build_helpers import BuildResult, copy_project, mkdocs_build, only_fixture_news
from plan179.content.news import ATOM
from plan179.content.pages import load_docs, read_front_matter

pytestmark = pytest.mark.build

SITE = "https://example.test/ke-hoach-179/"
EDIT = "https://github.com/owner/repo/edit/main/"
ISSUES = "https://github.com/owner/repo/issues"
FIRST = "2026-03-01T09:00:00+00:00"  # everything
SECOND = "2026-11-27T20:30:00+00:00"  # one article and one agency (28 Nov in Viet Nam)

POSTS = {
    "tin-tuc/mit-tinh-ngay-asean.vi.md": ("Mít tinh kỷ niệm Ngày ASEAN", "2026-08-08", ["Sự kiện", "ASEAN"], ""),
    "tin-tuc/mit-tinh-ngay-asean.en.md": ("ASEAN Day rally", "2026-08-08", ["Events", "ASEAN"], ""),
    "tin-tuc/tap-huan-bao-cao-vien.vi.md": (
        "Tập huấn báo cáo viên về Cộng đồng Văn hóa - Xã hội ASEAN",
        "2026-10-01",
        ["Tập huấn", "ASEAN"],
        'translation: "pending"\n',
    ),
    "tin-tuc/cuoc-thi-tim-hieu.vi.md": ("Cuộc thi tìm hiểu về ASEAN", "2026-03-15", ["Cuộc thi"], ""),
    "tin-tuc/cuoc-thi-tim-hieu.en.md": ("ASEAN knowledge contest", "2026-03-15", ["Contest"], ""),
    "tim-hieu/bai-chua-dich.vi.md": ("Bài chưa dịch", "2026-11-01", ["Thử"], 'translation: "pending"\n'),
}


def fixture_page(title: str, date: str, tags: list[str], extra: str) -> str:
    tag_lines = "".join(f'  - "{t}"\n' for t in tags)
    return (
        f'---\ntitle: "{title}"\ndescription: "Mô tả: {title}."\ndate: "{date}"\ntags:\n{tag_lines}{extra}---\n\n'
        f"# {title}\n\nNội dung bài.\n"
    )


def git(repo: Path, *args: str, when: str = "") -> None:
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.test")
    env |= {"GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.test"}
    if when:
        env |= {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    subprocess.run(["git", "-C", str(repo), *args], env=env, check=True, capture_output=True)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BuildResult]:
    project = only_fixture_news(copy_project(tmp_path_factory.mktemp("docs-build") / "project"))
    for rel, (title, date, tags, extra) in POSTS.items():
        (project / "docs" / rel).write_text(fixture_page(title, date, tags, extra), encoding="utf-8")
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "all", when=FIRST)
    article = project / "docs/tim-hieu/hoi-dap.vi.md"
    article.write_text(article.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    agency = project / "data/agencies/so-y-te.yml"
    agency.write_text("# Sở Y tế\n" + agency.read_text(encoding="utf-8"), encoding="utf-8")
    git(project, "commit", "-q", "-am", "edit", when=SECOND)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("EDIT_BASE_URL", EDIT)
        mp.setenv("REPO_ISSUES_URL", ISSUES)
        result = mkdocs_build(project)
    assert result.code == 0, result.output
    yield result


def page(built: BuildResult, url_path: str) -> str:
    path = built.site / url_path / "index.html"
    assert path.exists(), f"missing page {url_path}"
    return html.unescape(path.read_text(encoding="utf-8"))


def all_pages(built: BuildResult) -> list[Path]:
    return sorted(p for p in built.site.rglob("index.html") if "search" not in p.parts and "assets" not in p.parts)


def url_path(built: BuildResult, path: Path) -> str:
    return path.parent.relative_to(built.site).as_posix().removesuffix(".")


def edit_links(markup: str) -> list[str]:
    return re.findall(r'<a href="([^"]+)"[^>]*rel="edit"', markup)


def test_every_page_has_edit_links_to_a_real_source_never_a_generated_file(built: BuildResult) -> None:
    project = built.site.parent
    pages = all_pages(built)
    assert len(pages) > 60
    for path in pages:
        markup = html.unescape(path.read_text(encoding="utf-8"))
        links = edit_links(markup)
        assert len(links) == 2, (path, links)  # Material's button and the text link below the page
        assert len(set(links)) == 1, (path, links)
        link, _, line = links[0].partition("#")
        if link.startswith(EDIT):
            source = unquote(link.removeprefix(EDIT))
            assert not line or re.fullmatch(r"L[0-9]+", line), (path, links[0])
            assert (project / source).is_file(), (path, source)
        else:
            tree = EDIT.replace("/edit/", "/tree/")
            assert link.startswith(tree), (path, link)
            source = unquote(link.removeprefix(tree))
            assert (project / source).is_dir(), (path, source)
        assert not source.startswith("docs/ke-hoach/"), (path, source)
        assert source.startswith(("docs/", "data/")), (path, source)


@pytest.mark.parametrize(
    ("where", "source"),
    [
        ("tim-hieu/asean", "docs/tim-hieu/asean.vi.md"),
        ("en/tim-hieu/asean", "docs/tim-hieu/asean.en.md"),
        ("", "docs/index.vi.md"),
        ("en/tin-tuc", "docs/tin-tuc/index.en.md"),
        ("ke-hoach/noi-dung/cong-dong-ben-vung", "data/pillars/cong-dong-ben-vung.yml"),
        # Sở Y tế has no duties of its own: those shown are its groups', in plan.yml.
        ("en/ke-hoach/co-quan/so-y-te", "data/plan.yml"),
        ("en/ke-hoach/co-quan/so-tai-chinh", "data/agencies/so-tai-chinh.yml"),
        ("ke-hoach/toan-van", "data/plan.yml"),
        ("en/tim-hieu/bai-chua-dich", "docs/tim-hieu/bai-chua-dich.vi.md"),
    ],
)
def test_edit_link_targets(built: BuildResult, where: str, source: str) -> None:
    markup = page(built, where)
    link, _, line = edit_links(markup)[0].partition("#")
    assert link == EDIT + source
    # A generated page opens its data file at the line holding what it shows (tests/test_edit_links.py).
    assert re.fullmatch(r"L[0-9]+", line) if source.startswith("data/") else line == ""
    label = "Edit the data this page is built from" if source.startswith("data/") else "Edit this page"
    if not where.startswith("en"):
        label = "Sửa dữ liệu gốc của trang này" if source.startswith("data/") else "Sửa trang này"
    assert f'rel="edit">{label}</a>' in markup


def test_agency_index_edits_the_agencies_folder(built: BuildResult) -> None:
    markup = page(built, "ke-hoach/co-quan")
    assert edit_links(markup)[0] == EDIT.replace("/edit/", "/tree/") + "data/agencies/"


def updated(markup: str) -> tuple[str, str]:
    found = re.search(r'(Cập nhật lần cuối|Last updated):\s*<time datetime="([^"]+)">([^<]+)</time>', markup)
    assert found, "no last-updated date"
    return found.group(2), found.group(3)


def test_every_page_says_when_it_was_last_updated(built: BuildResult) -> None:
    for path in all_pages(built):
        markup = html.unescape(path.read_text(encoding="utf-8"))
        iso, text = updated(markup)
        english = url_path(built, path).startswith("en")
        assert ("Last updated:" in markup) == english, path
        assert iso.startswith(("2026-03-01T16:00:00+07:00", "2026-11-28T03:30:00+07:00")), (path, iso)
        expected = {
            ("2026-03-01", False): "1 tháng 3, 2026",
            ("2026-03-01", True): "1 March 2026",
            ("2026-11-28", False): "28 tháng 11, 2026",
            ("2026-11-28", True): "28 November 2026",
        }[(iso[:10], english)]
        assert text == expected, path


@pytest.mark.parametrize(
    ("where", "date"),
    [
        ("tim-hieu/hoi-dap", "28 tháng 11, 2026"),
        ("en/tim-hieu/hoi-dap", "1 March 2026"),
        ("tim-hieu/asean", "1 tháng 3, 2026"),
        ("ke-hoach/co-quan/so-y-te", "28 tháng 11, 2026"),
        ("en/ke-hoach/co-quan/so-y-te", "28 November 2026"),
        ("ke-hoach/co-quan", "28 tháng 11, 2026"),
        ("ke-hoach/co-quan/so-noi-vu", "1 tháng 3, 2026"),
    ],
)
def test_last_updated_follows_the_source_file(built: BuildResult, where: str, date: str) -> None:
    assert updated(page(built, where))[1] == date


def test_meta_description_is_the_pages_own(built: BuildResult) -> None:
    project = built.site.parent
    tree = load_docs(project / "docs", project)
    for (base, lang), doc in tree.pages.items():
        prefix = "" if lang == "vi" else "en/"
        where = prefix + base.removesuffix("index").rstrip("/")
        markup = page(built, where)
        found = re.findall(r'<meta name="description" content="([^"]*)">', markup)
        assert found == [doc.meta.description], (where, found)
    for where, source in (
        ("ke-hoach/co-quan/so-y-te", "ke-hoach/co-quan/so-y-te.vi.md"),
        ("en/ke-hoach/toan-van", "ke-hoach/toan-van.en.md"),
        ("en/ke-hoach/noi-dung/cong-dong-ben-vung", "ke-hoach/noi-dung/cong-dong-ben-vung.en.md"),
    ):
        text = (project / "docs" / source).read_text(encoding="utf-8")
        description = read_front_matter(text, source).data["description"]
        found = re.findall(r'<meta name="description" content="([^"]*)">', page(built, where))
        assert found == [description], (where, found)


@pytest.mark.parametrize("where", ["en/tin-tuc/tap-huan-bao-cao-vien", "en/tim-hieu/bai-chua-dich"])
def test_untranslated_page_says_so_and_is_not_indexed(built: BuildResult, where: str) -> None:
    markup = page(built, where)
    assert "This page is not yet translated" in markup
    assert '<meta name="robots" content="noindex">' in markup
    assert '<div lang="vi">' in markup
    assert "https://github.com/owner/repo/new/main/docs/" in markup
    vi = page(built, where.removeprefix("en/"))
    assert "not yet translated" not in vi and "chưa có bản" not in vi
    assert 'name="robots"' not in vi


def test_translated_pages_are_indexed(built: BuildResult) -> None:
    for where in ("en/tim-hieu/asean", "en/tin-tuc/mit-tinh-ngay-asean", "tim-hieu/asean"):
        markup = page(built, where)
        assert 'name="robots"' not in markup and "plan-translation-notice" not in markup


def titles_in_order(markup: str) -> list[str]:
    return re.findall(r'<h3 id="tin-([a-z0-9-]+)"', markup)


def test_news_listing_per_language_newest_first(built: BuildResult) -> None:
    order = ["tap-huan-bao-cao-vien", "mit-tinh-ngay-asean", "cuoc-thi-tim-hieu"]
    vi = page(built, "tin-tuc")
    en = page(built, "en/tin-tuc")
    assert titles_in_order(vi) == order
    assert titles_in_order(en) == order
    assert "Mít tinh kỷ niệm Ngày ASEAN" in vi and "ASEAN Day rally" not in vi
    assert "ASEAN Day rally" in en and "Mít tinh kỷ niệm" not in en
    assert "Ngày đăng: 8 tháng 8, 2026." in vi and "Published: 8 August 2026." in en
    assert '<a href="tap-huan-bao-cao-vien/" lang="vi">' in en
    assert 'id="chu-de-asean"' in vi and 'href="#chu-de-asean"' in vi
    assert "<!-- plan:news-list -->" not in vi + en
    for lang, markup in (("vi", vi), ("en", en)):
        feed = SITE + ("en/" if lang == "en" else "") + "tin-tuc/feed.xml"
        assert '<link rel="alternate" type="application/atom+xml" title="' in markup
        assert f'href="{feed}"' in markup


def test_feeds_are_written_per_language(built: BuildResult) -> None:
    ns = {"": ATOM}
    for lang, first_title in (("vi", "Tập huấn báo cáo viên"), ("en", "Tập huấn báo cáo viên")):
        folder = built.site if lang == "vi" else built.site / "en"
        root = ET.parse(folder / "tin-tuc" / "feed.xml").getroot()
        entries = root.findall("entry", ns)
        assert [e.findtext("id", namespaces=ns) for e in entries] == [
            f"{SITE}{'en/' if lang == 'en' else ''}tin-tuc/{slug}/"
            for slug in ("tap-huan-bao-cao-vien", "mit-tinh-ngay-asean", "cuoc-thi-tim-hieu")
        ]
        assert (entries[0].findtext("title", namespaces=ns) or "").startswith(first_title)
        titles = [e.findtext("title", namespaces=ns) for e in entries]
        assert ("ASEAN Day rally" in titles) == (lang == "en")


def test_pillar_pages_link_to_the_plain_language_section(built: BuildResult) -> None:
    for prefix in ("", "en/"):
        article = page(built, f"{prefix}tim-hieu/ke-hoach-179-voi-nguoi-dan")
        for slug in ("cong-dong-gan-ket", "cong-dong-ben-vung", "cong-dong-nang-dong"):
            pillar = page(built, f"{prefix}ke-hoach/noi-dung/{slug}")
            assert f'href="../../../tim-hieu/ke-hoach-179-voi-nguoi-dan/#{slug}"' in pillar
            assert f'id="{slug}"' in article
            assert f'href="../../ke-hoach/noi-dung/{slug}/"' in article


def test_about_page_and_every_page_link_to_error_reports(built: BuildResult) -> None:
    assert f'href="{ISSUES}/new/choose"' in page(built, "gioi-thieu")
    assert f'href="{ISSUES}/new/choose"' in page(built, "en/gioi-thieu")
    markup = page(built, "en/tim-hieu/asean")
    assert f"{ISSUES}/new?template=loi-noi-dung.yml&page=https%3A%2F%2Fexample.test" in markup


# --- the build refuses broken pages ------------------------------------------------


def test_one_language_page_stops_the_build(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    (project / "docs/tim-hieu/thuat-ngu.en.md").unlink()
    result = mkdocs_build(project)
    assert result.code != 0
    assert "docs/tim-hieu/thuat-ngu.vi.md:1: there is no English version (tim-hieu/thuat-ngu.en.md)" in result.output
    assert "Traceback" not in result.output
    assert not result.site.exists()


def test_bad_front_matter_stops_the_build_with_file_and_line(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    path = project / "docs/tim-hieu/asean.en.md"
    text = path.read_text(encoding="utf-8").replace('date: "2026-11-28"', "date: 2026-11-28", 1)
    path.write_text(text, encoding="utf-8")
    line = next(i for i, row in enumerate(text.splitlines(), 1) if row.startswith("date:"))
    result = mkdocs_build(project)
    assert result.code != 0
    assert f"docs/tim-hieu/asean.en.md:{line}: date: the value '2026-11-28' is ambiguous" in result.output
    assert "Traceback" not in result.output
    assert not result.site.exists()


def test_news_page_without_marker_stops_the_build(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    path = project / "docs/tin-tuc/index.en.md"
    path.write_text(path.read_text(encoding="utf-8").replace("<!-- plan:news-list -->", ""), encoding="utf-8")
    result = mkdocs_build(project)
    assert result.code != 0
    assert "docs/tin-tuc/index.en.md:1: the line <!-- plan:news-list --> is missing" in result.output
    assert "Traceback" not in result.output
