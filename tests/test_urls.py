"""The URL manifest, redirects and redirect pages (the real build: test_publish_build)."""

from __future__ import annotations

import re
from pathlib import Path

from plan179.publish.urls import (
    Redirect,
    RedirectText,
    agency_redirects,
    check_redirects,
    missing_urls,
    normal_path,
    published_urls,
    read_manifest,
    read_redirects,
    redirect_page,
    url_of,
    with_languages,
    write_manifest,
)

TEXT = RedirectText("vi", "Trang đã chuyển địa chỉ", "Trang này đã chuyển sang địa chỉ mới: {link}")


def test_url_of_built_files() -> None:
    assert url_of("index.html") == "/"
    assert url_of("en/index.html") == "/en/"
    assert url_of("ke-hoach/co-quan/so-y-te/index.html") == "/ke-hoach/co-quan/so-y-te/"
    assert url_of("404.html") == "/404.html"


def test_manifest_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "urls.txt"
    write_manifest(path, ["/en/", "/", "/a/", "/a/"])
    assert [u for _, u in read_manifest(path)] == ["/", "/a/", "/en/"]
    assert path.read_text(encoding="utf-8").startswith("# Every page URL")


def test_published_urls(tmp_path: Path) -> None:
    for rel in ("index.html", "en/index.html", "a/b/index.html", "404.html", "assets/x.css"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x", encoding="utf-8")
    assert published_urls(tmp_path) == {"/", "/en/", "/a/b/", "/404.html"}


def test_missing_urls_name_the_line_and_the_fix() -> None:
    problems = missing_urls([(5, "/"), (6, "/cu/")], {"/"}, "urls.txt")
    assert len(problems) == 1
    assert (problems[0].file, problems[0].line) == ("urls.txt", 6)
    assert "/cu/ is no longer published: add a redirect" in problems[0].message


def test_normal_path() -> None:
    assert normal_path("/ke-hoach/cu") == "ke-hoach/cu/"
    assert normal_path("ke-hoach/cu/") == "ke-hoach/cu/"
    assert normal_path("trang.html") == "trang.html"
    assert normal_path("/") == ""  # the home page
    assert normal_path("") is None
    for bad in ("https://example.com/a/", "//example.com/", "a/#b", "../a/", "a b/"):
        assert normal_path(bad) is None, bad


def test_read_redirects_reports_bad_lines(tmp_path: Path) -> None:
    path = tmp_path / "redirects.yml"
    path.write_text('# comment\n"cu/": "moi/"\n"x/": "https://example.com/"\n', encoding="utf-8")
    redirects, problems = read_redirects(path, "redirects.yml")
    assert redirects == [Redirect("cu/", "moi/", "redirects.yml:2")]
    assert [(p.file, p.line) for p in problems] == [("redirects.yml", 3)]
    path.write_text("# only comments\n{}\n", encoding="utf-8")
    assert read_redirects(path, "redirects.yml") == ([], [])
    path.write_text('"a/": "b/"\n"a/": "c/"\n', encoding="utf-8")
    assert "duplicate key" in read_redirects(path, "redirects.yml")[1][0].message


def test_agency_former_slugs_become_redirects(tmp_path: Path) -> None:
    agencies = tmp_path / "data" / "agencies"
    agencies.mkdir(parents=True)
    (agencies / "so-moi.yml").write_text(
        'id: "so-moi"\nslug: "so-moi"\nformer_slugs:\n  - "so-cu"\n  - "so-cu-hon"\n', encoding="utf-8"
    )
    assert agency_redirects(agencies, tmp_path) == [
        Redirect("ke-hoach/co-quan/so-cu/", "ke-hoach/co-quan/so-moi/", "data/agencies/so-moi.yml:4"),
        Redirect("ke-hoach/co-quan/so-cu-hon/", "ke-hoach/co-quan/so-moi/", "data/agencies/so-moi.yml:5"),
    ]


def test_one_redirect_covers_both_languages() -> None:
    pages = {"/moi/", "/en/moi/", "/chi-vi/"}
    out = with_languages([Redirect("cu/", "moi/", "r:1"), Redirect("cu2/", "chi-vi/", "r:2")], ["en/"], pages)
    assert Redirect("en/cu/", "en/moi/", "r:1") in out
    assert not any(r.source == "en/cu2/" for r in out)  # no English page to go to


def test_check_redirects() -> None:
    pages = {"/", "/moi/", "/dang-co/"}
    good = Redirect("cu/", "moi/", "redirects.yml:2")
    assert check_redirects([good], pages) == []
    problems = check_redirects(
        [Redirect("dang-co/", "moi/", "redirects.yml:3"), Redirect("cu/", "khong-co/", "redirects.yml:4")], pages
    )
    assert [p.line for p in problems] == [3, 4]
    assert "is a published page" in problems[0].message
    assert "not a page of this site" in problems[1].message


def test_redirect_page_is_relative_scriptless_and_noindex() -> None:
    head = '<meta http-equiv="Content-Security-Policy" content="default-src \'self\'">'
    html = redirect_page(
        Redirect("ke-hoach/co-quan/so-cu/", "ke-hoach/co-quan/so-moi/", "x:1"), "https://e.test/k/", TEXT, head
    )
    assert html.split("<head>\n", 1)[1].startswith(head)
    assert '<meta http-equiv="refresh" content="0; url=../so-moi/">' in html
    assert '<link rel="canonical" href="https://e.test/k/ke-hoach/co-quan/so-moi/">' in html
    assert '<meta name="robots" content="noindex">' in html
    assert '<html lang="vi">' in html
    assert "<script" not in html
    assert re.search(r'Trang này đã chuyển sang địa chỉ mới: <a href="../so-moi/">https://e.test/k/ke-hoach', html)


def test_redirect_page_to_the_home_page() -> None:
    html = redirect_page(Redirect("a/b/", "", "x:1"), "https://e.test/", TEXT, "")
    assert 'url=../../"' in html
