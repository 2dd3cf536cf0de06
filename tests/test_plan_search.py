"""One search index per language, split from static-i18n's merged index."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from plan_search import INDEX_PATH, SearchIndexError, dumps, split_index, write_language_indexes

CONFIG = {"lang": ["vi", "en"], "separator": "[\\s\\-]+", "pipeline": ["stopWordFilter"], "fields": {"title": {}}}


def merged(*docs: dict[str, Any]) -> dict[str, Any]:
    return {"config": json.loads(json.dumps(CONFIG)), "docs": list(docs)}


def test_each_language_gets_its_own_pages_with_locations_from_its_root() -> None:
    index = merged(
        {"location": "", "title": "Trang chủ", "text": "a"},
        {"location": "ke-hoach/#muc-i", "title": "Mục I", "text": "b"},
        {"location": "en/", "title": "Home", "text": "c"},
        {"location": "en/ke-hoach/#muc-i", "title": "Section I", "text": "d"},
    )
    parts = {p.lang: p for p in split_index(index, ["vi", "en"], "vi")}
    assert [d["location"] for d in parts["vi"].index["docs"]] == ["", "ke-hoach/#muc-i"]
    assert [d["location"] for d in parts["en"].index["docs"]] == ["", "ke-hoach/#muc-i"]
    assert [d["title"] for d in parts["en"].index["docs"]] == ["Home", "Section I"]
    assert parts["vi"].path == INDEX_PATH
    assert parts["en"].path == "en/" + INDEX_PATH
    assert parts["vi"].index["config"]["lang"] == ["vi"]
    assert parts["en"].index["config"]["lang"] == ["en"]
    assert parts["en"].index["config"]["separator"] == CONFIG["separator"]
    assert index["config"]["lang"] == ["vi", "en"], "the input must not be changed"


def test_text_is_nfc_before_indexing() -> None:
    nfd = unicodedata.normalize("NFD", "giảm nghèo")
    assert nfd != "giảm nghèo"
    index = merged({"location": "x/", "title": nfd, "text": f"<p>{nfd}</p>", "tags": [nfd]})
    (vi, _en) = split_index(index, ["vi", "en"], "vi")
    doc = vi.index["docs"][0]
    assert doc["title"] == "giảm nghèo"
    assert doc["text"] == "<p>giảm nghèo</p>"
    assert doc["tags"] == ["giảm nghèo"]


def test_a_page_whose_path_merely_starts_with_en_stays_vietnamese() -> None:
    (vi, en) = split_index(merged({"location": "english-page/", "title": "t", "text": ""}), ["vi", "en"], "vi")
    assert [d["location"] for d in vi.index["docs"]] == ["english-page/"]
    assert en.index["docs"] == []


@pytest.mark.parametrize(
    ("index", "message"),
    [
        ({"docs": []}, "expected an object with 'config' and 'docs'"),
        ({"config": {}, "docs": [{"title": "no location"}]}, "every entry needs a 'location'"),
    ],
)
def test_malformed_index_is_reported(index: dict[str, Any], message: str) -> None:
    with pytest.raises(SearchIndexError, match=message):
        split_index(index, ["vi", "en"], "vi")


def test_unknown_default_language_is_reported() -> None:
    with pytest.raises(SearchIndexError, match="default language 'fr'"):
        split_index(merged(), ["vi", "en"], "fr")


def test_written_as_plain_utf8(tmp_path: Path) -> None:
    """No \\uXXXX escapes: Vietnamese text stays 1.5x smaller."""
    (tmp_path / "search").mkdir()
    (tmp_path / INDEX_PATH).write_text(
        dumps(
            merged({"location": "", "title": "Đồng Tháp", "text": ""}, {"location": "en/", "title": "E", "text": ""})
        ),
        encoding="utf-8",
    )
    parts = write_language_indexes(tmp_path, ["vi", "en"], "vi")
    assert [p.lang for p in parts] == ["vi", "en"]
    vi_text = (tmp_path / INDEX_PATH).read_text(encoding="utf-8")
    assert "Đồng Tháp" in vi_text
    assert "\\u" not in vi_text
    en = json.loads((tmp_path / "en" / INDEX_PATH).read_text(encoding="utf-8"))
    assert [d["title"] for d in en["docs"]] == ["E"]


def test_missing_index_is_reported(tmp_path: Path) -> None:
    with pytest.raises(SearchIndexError, match="cannot read the search index"):
        write_language_indexes(tmp_path, ["vi", "en"], "vi")


def _entry(location: str) -> dict[str, str]:
    return {"location": location, "title": location, "text": ""}


def test_a_dirty_rebuild_replaces_the_rebuilt_pages_entries_and_keeps_the_others() -> None:
    """`mkdocs serve --dirty` after a data edit rebuilds many pages, the home page among them."""
    from types import SimpleNamespace

    import plan_reader

    previous = SimpleNamespace(
        entries=[_entry(loc) for loc in ("", "#muc", "ke-hoach/", "ke-hoach/co-quan/a/", "ke-hoach/co-quan/a/#x", "b/")]
    )
    index = SimpleNamespace(entries=[])
    search = SimpleNamespace(search_index=index, search_index_prev=previous)
    for url, sections in (("", ["", "#moi"]), ("ke-hoach/co-quan/a/", ["ke-hoach/co-quan/a/"])):
        index.entries += [_entry(url + s if s.startswith("#") else url) for s in sections]  # Material indexes it
        plan_reader._reindexed(search, url)
    assert search.search_index_prev is None  # Material then writes this build's index as it is
    assert sorted(e["location"] for e in index.entries) == sorted(
        ["ke-hoach/", "b/", "", "#moi", "ke-hoach/co-quan/a/"]
    )
    # A full build has no previous index: nothing changes.
    fresh = SimpleNamespace(search_index=SimpleNamespace(entries=[_entry("x/")]), search_index_prev=None)
    plan_reader._reindexed(fresh, "x/")
    assert fresh.search_index.entries == [_entry("x/")]
