"""The built files behind search and languages, read directly (the browser tests use them)."""

from __future__ import annotations

import json
import re
import unicodedata

import pytest

from browser.helpers import Site

pytestmark = pytest.mark.browser


def config_of(html: str) -> dict[str, object]:
    match = re.search(r'<script id="__config" type="application/json">(.*?)</script>', html, re.S)
    assert match, "no Material config in the page"
    data: dict[str, object] = json.loads(match.group(1))
    return data


def test_one_index_per_language(site: Site) -> None:
    vi = json.loads((site.root / "search" / "search_index.json").read_text(encoding="utf-8"))
    en = json.loads((site.root / "en" / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert vi["config"]["lang"] == ["vi"] and en["config"]["lang"] == ["en"]
    for index, prefix in ((vi, ""), (en, "en/")):
        assert index["docs"], prefix
        for doc in index["docs"]:
            assert not doc["location"].startswith("en/"), doc["location"]
            page = doc["location"].split("#")[0]
            assert (site.root / prefix / page / "index.html").is_file(), f"{prefix}{page}"
            assert unicodedata.is_normalized("NFC", doc["title"] + doc["text"]), doc["location"]
    titles = {d["location"]: d["title"] for d in vi["docs"]}
    assert titles["ke-hoach/co-quan/so-y-te/"] == "Sở Y tế"
    assert {d["location"]: d["title"] for d in en["docs"]}["ke-hoach/co-quan/so-y-te/"] == "Department of Health"


@pytest.mark.parametrize(
    ("path", "base"), [("index.html", "."), ("en/index.html", "../en/"), ("en/ke-hoach/index.html", "../../en/")]
)
def test_pages_point_search_at_their_language(site: Site, path: str, base: str) -> None:
    config = config_of((site.root / path).read_text(encoding="utf-8"))
    assert config["base"] == base
    worker = str(config["search"])
    match = re.fullmatch(
        r"(.*)assets/javascripts/workers/plan-search\.js\?material=(search\.[0-9a-f]+\.min\.js)", worker
    )
    assert match, worker
    assert (site.root / "assets" / "javascripts" / "workers" / match.group(2)).is_file()


def test_a_single_404_page_in_the_default_language(site: Site) -> None:
    assert not (site.root / "en" / "404.html").exists()
    text = (site.root / "404.html").read_text(encoding="utf-8")
    assert '<html lang="vi"' in text
    assert "Không tìm thấy trang" in text and "Page not found" in text
