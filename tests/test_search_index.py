"""The Pagefind index of a built site, on a small site of the shapes the build writes.

Pages: a Vietnamese page and its English translation, an English address serving an
untranslated Vietnamese page (noindex, its text in `lang="vi"`), the 404 page and a
redirect stub (both noindex). The real site is searched in tests/browser/test_search.py.
"""

from __future__ import annotations

import gzip
import json
import stat
from pathlib import Path

import pytest

from plan179.publish import search
from plan179.publish.search import SearchIndexError, build_search_index, noindex

NOINDEX = '<meta name="robots" content="noindex">'


def page(lang: str, title: str, body: str, head: str = "", text_lang: str | None = None) -> str:
    inner = f'<div lang="{text_lang}">{body}</div>' if text_lang else body
    return (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">{head}<title>{title}</title></head>'
        "<body><header>Đầu trang chung</header><nav>Mục lục chung</nav><main>"
        f'<article class="md-content__inner md-typeset"><h1 id="top">{title}<a class="headerlink" href="#top">¶</a></h1>'
        f'{inner}<h2 id="muc-2">Mục hai<a class="headerlink" href="#muc-2">¶</a></h2><p>Đoạn cuối.</p>'
        '<div class="md-source-file">Cập nhật lần cuối: hôm qua</div></article></main>'
        "<footer>Chân trang chung</footer></body></html>"
    )


def write(site: Path, rel: str, html: str) -> None:
    path = site / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(html, encoding="utf-8")


@pytest.fixture
def built(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    write(site, "index.html", page("vi", "Giảm nghèo bền vững", "<p>Chương trình giảm nghèo cho người dân.</p>"))
    write(
        site, "en/index.html", page("en", "Sustainable poverty reduction", "<p>Programmes for poverty reduction.</p>")
    )
    write(
        site,
        "en/tin-tuc/bai-moi/index.html",
        page("en", "Bài mới", "<p>Bảo tồn di sản văn hóa phi vật thể.</p>", head=NOINDEX, text_lang="vi"),
    )
    write(site, "tin-tuc/bai-moi/index.html", page("vi", "Bài mới", "<p>Bảo tồn di sản văn hóa phi vật thể.</p>"))
    write(site, "404.html", page("vi", "Không tìm thấy trang", "<p>Trang lạc đường.</p>", head=NOINDEX))
    write(
        site,
        "dia-chi-cu/index.html",
        f'<!doctype html><html lang="vi"><head>{NOINDEX}<title>Đã chuyển</title></head>'
        "<body><p>Trang đã chuyển đến địa chỉ mới.</p></body></html>",
    )
    return site


def fragments(site: Path) -> list[dict[str, object]]:
    """Every page record Pagefind wrote (gzip, a 12-byte signature, then JSON)."""
    out = []
    for path in sorted((site / "pagefind").glob("*/fragment/*")):
        raw = gzip.decompress(path.read_bytes())
        assert raw.startswith(b"pagefind_dcd")
        out.append(json.loads(raw[len(b"pagefind_dcd") :]))
    return out


def test_one_index_per_language_without_noindex_pages(built: Path) -> None:
    result = build_search_index(built, ("vi", "en"))
    assert result.pages == {"vi": 2, "en": 1}
    assert set(result.skipped) == {"404.html", "dia-chi-cu/index.html", "en/tin-tuc/bai-moi/index.html"}
    urls = {str(f["url"]) for f in fragments(built)}
    # The untranslated news post is found once, at its Vietnamese address.
    assert urls == {"/", "/en/", "/tin-tuc/bai-moi/"}
    # One bundle per language, each holding that language only.
    assert sorted(p.name for p in (built / "pagefind").iterdir()) == ["en", "vi"]
    for lang, count in (("vi", 2), ("en", 1)):
        entry = json.loads((built / "pagefind" / lang / "pagefind-entry.json").read_text(encoding="utf-8"))
        assert {k: v["page_count"] for k, v in entry["languages"].items()} == {lang: count}
        assert (built / "pagefind" / lang / "pagefind.js").is_file()
        assert not (built / "pagefind" / lang / "pagefind-ui.js").exists(), "an unused Pagefind UI is published"
    assert not (built / search.STAGING_DIR).exists(), "the staging folder is left behind"
    assert "vi 2" in result.summary() and "3 left out" in result.summary()


def test_only_the_page_content_is_indexed(built: Path) -> None:
    build_search_index(built)
    home = next(f for f in fragments(built) if f["url"] == "/")
    content = str(home["content"])
    assert "giảm nghèo cho người dân" in content
    for chrome in ("Đầu trang chung", "Mục lục chung", "Chân trang chung", "¶", "Cập nhật lần cuối"):
        assert chrome not in content, f"{chrome!r} was indexed"
    assert home["meta"] == {"title": "Giảm nghèo bền vững"}
    anchors = home["anchors"]
    assert isinstance(anchors, list)
    assert ("muc-2", "Mục hai") in {(a["id"], a["text"]) for a in anchors}, "sections are not linked by anchor"


def test_a_rebuild_replaces_the_previous_index(built: Path) -> None:
    build_search_index(built)
    stale = built / "pagefind" / "vi" / "fragment" / "stale.pf_fragment"
    stale.write_bytes(b"old")
    (built / "index.html").unlink()
    result = build_search_index(built)
    assert not stale.exists()
    assert result.pages == {"vi": 1, "en": 1}


def test_a_language_without_pages_is_an_error(built: Path) -> None:
    with pytest.raises(SearchIndexError, match=r"no page in fr was indexed"):
        build_search_index(built, ("vi", "en", "fr"))


def test_no_site_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(SearchIndexError, match=r"is not a built site: run `mkdocs build` first"):
        build_search_index(tmp_path / "missing")


def test_a_site_of_noindex_pages_only_is_an_error(tmp_path: Path) -> None:
    write(tmp_path / "site", "404.html", page("vi", "Không tìm thấy", "<p>x</p>", head=NOINDEX))
    with pytest.raises(SearchIndexError, match=r"has no page to index"):
        build_search_index(tmp_path / "site")


def fake_pagefind(tmp_path: Path, script: str) -> Path:
    exe = tmp_path / "pagefind"
    exe.write_text("#!/bin/sh\n" + script, encoding="utf-8")
    exe.chmod(exe.stat().st_mode | stat.S_IXUSR)
    return exe


def test_pagefind_failing_is_a_clear_error(built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    exe = fake_pagefind(
        tmp_path, 'case "$1" in --version) echo "pagefind 1.5.2";; *) echo "Error: disk full" >&2; exit 3;; esac\n'
    )
    monkeypatch.setattr(search, "pagefind_executable", lambda: exe)
    with pytest.raises(SearchIndexError, match=r"(?s)Pagefind failed \(exit 3\).*Error: disk full"):
        build_search_index(built)
    assert not (built / search.STAGING_DIR).exists()


def test_another_pagefind_version_is_refused(built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    exe = fake_pagefind(tmp_path, 'echo "pagefind 1.4.0"\n')
    monkeypatch.setattr(search, "pagefind_executable", lambda: exe)
    with pytest.raises(SearchIndexError, match=r"Pagefind 1\.4\.0 is installed but the site pins 1\.5\.2"):
        build_search_index(built)


def test_the_binary_comes_from_the_wheel_not_path(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    fake_pagefind(tmp_path, "exit 1\n")
    monkeypatch.setenv("PATH", str(tmp_path))
    exe = search.pagefind_executable()
    assert exe.parent.name == "pagefind_bin"
    assert exe != tmp_path / "pagefind"


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (NOINDEX, True),
        ("<meta content='noindex, nofollow' name='ROBOTS'>", True),
        ('<meta name="robots" content="index, follow">', False),
        ('<meta name="description" content="noindex">', False),
        ("", False),
    ],
)
def test_noindex(head: str, expected: bool) -> None:
    assert noindex(f"<html><head>{head}</head><body><p>noindex</p></body></html>") is expected


def test_noindex_in_the_text_does_not_count() -> None:
    body = "<p>Write &lt;meta name=robots content=noindex&gt;</p><meta name='robots' content='noindex'>"
    assert noindex(f"<html><head></head><body>{body}</body></html>") is False


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ('<!doctype html><html lang="vi" class="no-js"><head>', "vi"),
        ("<!doctype html>\n<html class='x' lang='EN'>", "en"),
        ('<!doctype html><html dir="ltr" lang=pt-BR>', "pt-br"),
        ("<!doctype html><html><head><title>lang=vi</title>", "unknown"),
    ],
)
def test_page_language(html: str, expected: str) -> None:
    """A page goes into the bundle of its `<html lang>`, the language Pagefind would give it."""
    assert search.page_language(html) == expected


def overlap_probe(tmp_path: Path) -> Path:
    """A stand-in for Pagefind that fails when another run is going on at the same time."""
    lock = tmp_path / "running"
    return fake_pagefind(
        tmp_path,
        'case "$1" in --version) echo "pagefind 1.5.2"; exit 0;; esac\n'
        f'mkdir "{lock}" 2>/dev/null || {{ echo "two runs at once" >&2; exit 9; }}\n'
        "sleep 0.5\n"
        'out=""; lang=""\n'
        'while [ $# -gt 0 ]; do case "$1" in --output-path) out="$2";; esac; shift; done\n'
        'lang=$(basename "$out")\n'
        'mkdir -p "$out"\n'
        'printf \'{"version":"1.5.2","languages":{"%s":{"hash":"x","wasm":null,"page_count":1}}}\' "$lang" '
        '> "$out/pagefind-entry.json"\n'
        f'rmdir "{lock}"\n',
    )


def test_large_sites_index_one_language_at_a_time(built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Above SIDE_BY_SIDE_BYTES of HTML the runs never overlap (Pagefind's memory); below, they do."""
    exe = overlap_probe(tmp_path)
    monkeypatch.setattr(search, "pagefind_executable", lambda: exe)
    monkeypatch.setattr(search, "SIDE_BY_SIDE_BYTES", 0)
    assert build_search_index(built, ("vi", "en")).pages == {"vi": 1, "en": 1}
    monkeypatch.setattr(search, "SIDE_BY_SIDE_BYTES", 10**9)
    with pytest.raises(SearchIndexError, match=r"(?s)exit 9.*two runs at once"):
        build_search_index(built, ("vi", "en"))
