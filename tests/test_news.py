"""News: per-language listing (newest first, dates, tags, empty state) and Atom feeds."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from plan179.content.gitdates import GitDates
from plan179.content.news import (
    ATOM,
    LISTING,
    MARKER,
    XML_LANG,
    agency_names,
    feed_path,
    feed_url,
    long_date,
    lookup,
    page_url,
    post_context,
    posts,
    replace_marker,
)
from plan179.content.pages import DocsTree, load_docs
from plan179.data.load import SiteData
from plan179.export.atom import render_feed
from plan179.render.news import render_listing

ROOT = Path(__file__).resolve().parent.parent
SITE = "https://example.test/k/"
A = {"": ATOM}


def post(slug: str, lang: str, title: str, date: str, tags: list[str], extra: str = "") -> tuple[str, str]:
    tag_lines = "".join(f'  - "{t}"\n' for t in tags)
    text = (
        f'---\ntitle: "{title}"\ndescription: "Tóm tắt: {title}"\ndate: "{date}"\ntags:\n{tag_lines}{extra}---\n\n'
        f"# {title}\n\nNội dung.\n"
    )
    return f"tin-tuc/{slug}.{lang}.md", text


def build_tree(root: Path, files: list[tuple[str, str]]) -> DocsTree:
    for rel, text in files:
        path = root / "docs" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return load_docs(root / "docs", root, set())


def listing_pages() -> list[tuple[str, str]]:
    return [
        (f"tin-tuc/index.{lang}.md", (ROOT / "docs" / f"tin-tuc/index.{lang}.md").read_text(encoding="utf-8"))
        for lang in ("vi", "en")
    ]


@pytest.fixture
def tree(tmp_path: Path) -> DocsTree:
    """Four dated posts: one only in Vietnamese, two on the same day."""
    return build_tree(
        tmp_path,
        [
            *listing_pages(),
            post("ngay-asean", "vi", "Mít tinh Ngày ASEAN", "2026-08-08", ["Sự kiện", "ASEAN"]),
            post("ngay-asean", "en", "ASEAN Day rally", "2026-08-08", ["Events", "ASEAN"]),
            post(
                "tap-huan",
                "vi",
                "Tập huấn tuyên truyền",
                "2026-10-01",
                ["Tập huấn", "ASEAN"],
                'translation: "pending"\n',
            ),
            post("cuoc-thi", "vi", "Cuộc thi tìm hiểu ASEAN", "2026-03-15", ["Cuộc thi"]),
            post("cuoc-thi", "en", "ASEAN quiz", "2026-03-15", ["Quiz"]),
            post("an-pham", "vi", "Ấn phẩm tuyên truyền", "2026-03-15", ["Ấn phẩm"]),
            post("an-pham", "en", "Awareness leaflet", "2026-03-15", ["Leaflet"]),
        ],
    )


def test_posts_newest_first_per_language(tree: DocsTree) -> None:
    vi = posts(tree, "vi")
    assert [p.slug for p in vi] == ["tap-huan", "ngay-asean", "cuoc-thi", "an-pham"]
    assert all(p.translated and p.page.lang == "vi" for p in vi)
    en = posts(tree, "en")
    assert [p.slug for p in en] == ["tap-huan", "ngay-asean", "cuoc-thi", "an-pham"]
    assert [p.page.lang for p in en] == ["vi", "en", "en", "en"]
    assert not en[0].translated
    assert [p.page.meta.title for p in en[1:]] == ["ASEAN Day rally", "ASEAN quiz", "Awareness leaflet"]
    assert [p.page.meta.date for p in en] == sorted((p.page.meta.date for p in en), reverse=True)


def test_listing_in_each_language(tree: DocsTree, site: SiteData) -> None:
    vi = render_listing(posts(tree, "vi"), "vi", site.strings["vi"], feed_url(SITE, "vi"))
    en = render_listing(posts(tree, "en"), "en", site.strings["en"], feed_url(SITE, "en"))
    order = [vi.index(f"]({slug}.md) {{#tin-{slug}}}") for slug in ("tap-huan", "ngay-asean", "cuoc-thi", "an-pham")]
    assert order == sorted(order)
    assert "Ngày đăng: 1 tháng 10, 2026." in vi
    assert "Ngày đăng: 8 tháng 8, 2026." in vi
    assert "Published: 8 August 2026." in en
    assert "### [ASEAN Day rally](ngay-asean.md) {#tin-ngay-asean}" in en
    assert "Mít tinh" not in en
    # The untranslated post is listed in the original, marked as such and with its language.
    assert '### [Tập huấn tuyên truyền](tap-huan.md){: lang="vi" } {#tin-tap-huan}' in en
    assert "Published: 1 October 2026 (in Vietnamese, not yet translated)." in en
    assert "not yet translated" not in vi and "chưa có bản" not in vi
    # Tags link to a section per topic, shared by posts with the same tag.
    assert "Chủ đề: [Sự kiện](#chu-de-su-kien), [ASEAN](#chu-de-asean)." in vi
    assert "### ASEAN {#chu-de-asean}" in vi
    section = vi.split("### ASEAN {#chu-de-asean}", 1)[1].split("###", 1)[0]
    assert section.index("tap-huan.md") < section.index("ngay-asean.md")
    assert '### Tập huấn {#chu-de-tap-huan lang="vi"}' in en
    assert f"[{feed_url(SITE, 'en')}]({feed_url(SITE, 'en')})" in en


def test_empty_state_reads_well_in_both_languages(site: SiteData, tmp_path: Path) -> None:
    empty = build_tree(tmp_path, listing_pages())
    assert posts(empty, "vi") == [] and posts(empty, "en") == []
    for lang, title in (("vi", "Chưa có tin nào"), ("en", "No news yet")):
        body = render_listing([], lang, site.strings[lang], feed_url(SITE, lang))
        assert f'!!! info "{title}"' in body
        assert site.strings[lang]["news_empty_body"] in body
        assert "###" not in body
        page = replace_marker(dict(listing_pages())[f"tin-tuc/index.{lang}.md"], body, "x")
        assert MARKER not in page and title in page


def test_listing_marker_must_be_there_once() -> None:
    with pytest.raises(ValueError, match=r"docs/tin-tuc/index.vi.md:1: the line <!-- plan:news-list --> is missing"):
        replace_marker("# Tin tức\n", "list", "docs/tin-tuc/index.vi.md")
    with pytest.raises(ValueError, match="appears 2 times"):
        replace_marker(f"{MARKER}\n{MARKER}\n", "list", "docs/tin-tuc/index.vi.md")
    assert replace_marker(f"# T\n\n{MARKER}\n", "LIST\n", "f") == "# T\n\nLIST\n"


def parse(feed: bytes) -> ET.Element:
    assert feed.startswith(b"<?xml version='1.0' encoding='utf-8'?>")
    return ET.fromstring(feed)


def test_feeds_are_valid_atom_per_language_newest_first(tree: DocsTree, site: SiteData) -> None:
    for lang in ("vi", "en"):
        root = parse(render_feed(tree, lang, site.strings[lang], SITE))
        assert root.tag == f"{{{ATOM}}}feed"
        assert root.get(XML_LANG) == lang
        # RFC 4287: a feed has exactly one id, title and updated, an author, a self link.
        for name in ("id", "title", "updated", "author"):
            assert len(root.findall(name, A)) == 1, name
        assert root.findtext("id", namespaces=A) == feed_url(SITE, lang)
        assert root.find("link[@rel='self']", A) is not None
        assert root.find("link[@rel='self']", A).get("href") == feed_url(SITE, lang)  # type: ignore[union-attr]
        entries = root.findall("entry", A)
        assert len(entries) == 4
        for entry in entries:
            for name in ("id", "title", "updated", "published", "summary"):
                assert len(entry.findall(name, A)) == 1, name
            link = entry.find("link[@rel='alternate']", A)
            assert link is not None and link.get("href") == entry.findtext("id", namespaces=A)
            dt.datetime.fromisoformat(entry.findtext("updated", namespaces=A) or "")
        published = [e.findtext("published", namespaces=A) or "" for e in entries]
        assert published == sorted(published, reverse=True)
        assert root.findtext("updated", namespaces=A) == "2026-10-01T00:00:00+07:00"
        ids = [e.findtext("id", namespaces=A) for e in entries]
        assert ids[1] == page_url(SITE, lang, "tin-tuc/ngay-asean")
        assert all(i and i.startswith(SITE + ("en/" if lang == "en" else "tin-tuc")) for i in ids)
    en = parse(render_feed(tree, "en", site.strings["en"], SITE))
    first, second = en.findall("entry", A)[:2]
    assert first.get(XML_LANG) == "vi" and first.findtext("title", namespaces=A) == "Tập huấn tuyên truyền"
    assert second.get(XML_LANG) is None and second.findtext("title", namespaces=A) == "ASEAN Day rally"
    assert [c.get("term") for c in second.findall("category", A)] == ["Events", "ASEAN"]
    assert en.findtext("title", namespaces=A) == site.strings["en"]["news_feed_title"]


def test_feed_updated_uses_git_when_later(tree: DocsTree, site: SiteData) -> None:
    later = dt.datetime(2026, 11, 2, 3, 4, 5, tzinfo=dt.UTC)
    git = GitDates({"docs/tin-tuc/cuoc-thi.en.md": later})
    root = parse(render_feed(tree, "en", site.strings["en"], SITE, git))
    entry = next(e for e in root.findall("entry", A) if e.findtext("title", namespaces=A) == "ASEAN quiz")
    assert entry.findtext("published", namespaces=A) == "2026-03-15T00:00:00+07:00"
    assert entry.findtext("updated", namespaces=A) == "2026-11-02T10:04:05+07:00"
    assert root.findtext("updated", namespaces=A) == "2026-11-02T10:04:05+07:00"


def test_empty_feed_is_still_valid(site: SiteData, tmp_path: Path) -> None:
    empty = build_tree(tmp_path, listing_pages())
    root = parse(render_feed(empty, "vi", site.strings["vi"], SITE))
    assert root.findall("entry", A) == []
    listing = empty.get(LISTING, "vi")
    assert listing is not None
    assert root.findtext("updated", namespaces=A) == f"{listing.meta.date.isoformat()}T00:00:00+07:00"


def test_escaping_in_feed(site: SiteData, tmp_path: Path) -> None:
    tricky = build_tree(
        tmp_path,
        [
            *listing_pages(),
            post("a", "vi", 'Tin <b> & \\"trích dẫn\\"', "2026-01-02", ["A&B"], 'translation: "pending"\n'),
        ],
    )
    root = parse(render_feed(tricky, "vi", site.strings["vi"], SITE))
    assert root.findtext("entry/title", namespaces=A) == 'Tin <b> & "trích dẫn"'
    listing = render_listing(posts(tricky, "vi"), "vi", site.strings["vi"], feed_url(SITE, "vi"))
    assert 'Tin \\<b\\> &amp; "trích dẫn"' in listing


def test_urls_and_paths() -> None:
    assert page_url(SITE, "vi", "tin-tuc/index") == SITE + "tin-tuc/"
    assert page_url(SITE, "en", "tin-tuc/a") == SITE + "en/tin-tuc/a/"
    assert page_url(SITE, "en", "tin-tuc/a", directory_urls=False) == SITE + "en/tin-tuc/a.html"
    assert feed_url("https://x.test", "vi") == "https://x.test/tin-tuc/feed.xml"
    assert feed_path(Path("/s"), "en") == Path("/s/en/tin-tuc/feed.xml")
    assert feed_path(Path("/s"), "vi") == Path("/s/tin-tuc/feed.xml")


def test_long_dates(site: SiteData) -> None:
    day = dt.date(2026, 11, 28)
    assert long_date(day, lookup(site.strings["vi"], "vi")) == "28 tháng 11, 2026"
    assert long_date(day, lookup(site.strings["en"], "en")) == "28 November 2026"
    with pytest.raises(KeyError, match=r"missing from data/i18n/vi\.yml"):
        lookup({}, "vi")("news_latest_heading")


def test_a_post_links_its_topics_agency_and_neighbours(tree: DocsTree, site: SiteData) -> None:
    """Newest first: tap-huan, ngay-asean, cuoc-thi, an-pham (the same day: by slug, reversed)."""
    t = lookup(site.strings["vi"], "vi")
    post = post_context(tree, "vi", "tin-tuc/ngay-asean", t, {})
    assert post is not None
    assert post["date_iso"] == "2026-08-08" and post["date_text"] == long_date(dt.date(2026, 8, 8), t)
    assert post["tags"] == [
        {"name": "Sự kiện", "path": "tin-tuc/#chu-de-su-kien"},
        {"name": "ASEAN", "path": "tin-tuc/#chu-de-asean"},
    ]
    assert post["listing_path"] == "tin-tuc/" and post["agency"] is None
    assert post["newer"] == {"title": "Tập huấn tuyên truyền", "path": "tin-tuc/tap-huan/", "lang": "vi"}
    assert post["older"] == {"title": "Cuộc thi tìm hiểu ASEAN", "path": "tin-tuc/cuoc-thi/", "lang": "vi"}
    first, last = (post_context(tree, "en", f"tin-tuc/{slug}", t, {}) for slug in ("tap-huan", "an-pham"))
    assert first is not None and first["newer"] is None and first["text_lang"] == "vi"
    assert first["older"] == {"title": "ASEAN Day rally", "path": "tin-tuc/ngay-asean/", "lang": "en"}
    assert last is not None and last["older"] is None
    assert post_context(tree, "vi", "tin-tuc/index", t, {}) is None
    assert post_context(tree, "vi", "tim-hieu/asean", t, {}) is None


def test_a_post_names_its_agency_in_the_readers_language(site: SiteData, tmp_path: Path) -> None:
    files = [
        *listing_pages(),
        post("kham", "vi", "Khám sức khỏe", "2026-05-01", ["Y tế"], 'agency: "so-y-te"\ntranslation: "pending"\n'),
    ]
    for rel, text in files:
        path = tmp_path / "docs" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    tree = load_docs(tmp_path / "docs", tmp_path, {"so-y-te"})
    agencies = agency_names(ROOT / "data")
    assert agencies["so-y-te"] == ("so-y-te", {"vi": "Sở Y tế", "en": "Department of Health"})
    for lang, name in (("vi", "Sở Y tế"), ("en", "Department of Health")):
        found = post_context(tree, lang, "tin-tuc/kham", lookup(site.strings[lang], lang), agencies)
        assert found is not None
        assert found["agency"] == {"name": name, "path": "ke-hoach/co-quan/so-y-te/"}
