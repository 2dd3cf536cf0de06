"""The built files the browser tests rely on, read directly."""

from __future__ import annotations

import json
import re

import pytest

from browser.helpers import Site

pytestmark = pytest.mark.browser


def config_of(html: str) -> dict[str, object]:
    match = re.search(r'<script id="__config" type="application/json">(.*?)</script>', html, re.S)
    assert match, "no Material config in the page"
    data: dict[str, object] = json.loads(match.group(1))
    return data


def test_a_single_404_page_in_the_default_language(site: Site) -> None:
    assert not (site.root / "en" / "404.html").exists()
    text = (site.root / "404.html").read_text(encoding="utf-8")
    assert '<html lang="vi"' in text
    assert "Không tìm thấy trang" in text and "Page not found" in text
