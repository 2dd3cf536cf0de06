"""Absolute alternates, x-default, the sitemap, and the page config rewrite."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from plan179.publish.links import SitemapError, absolute_url, add_x_default, language_home, rewrite_sitemap

SITE = "https://example.test/ke-hoach-179/"


@pytest.mark.parametrize(
    ("link", "expected"),
    [
        ("ke-hoach/", SITE + "ke-hoach/"),
        ("en/ke-hoach/co-quan/so-y-te/", SITE + "en/ke-hoach/co-quan/so-y-te/"),
        ("/ke-hoach-179/en/", SITE + "en/"),  # static-i18n's language homes carry the site path
        ("./", SITE),
        ("", SITE),
        ("https://other.test/x/", "https://other.test/x/"),
    ],
)
def test_absolute_url(link: str, expected: str) -> None:
    assert absolute_url(SITE, link) == expected


def test_site_url_without_trailing_slash() -> None:
    assert absolute_url("https://example.test/ke-hoach-179", "en/") == SITE + "en/"


def test_language_homes() -> None:
    assert language_home(SITE, "vi", "vi") == SITE
    assert language_home(SITE, "en", "vi") == SITE + "en/"


SITEMAP = f"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">
    <url>
        <loc>{SITE}ke-hoach/</loc>
        <xhtml:link rel="alternate" hreflang="vi" href="{SITE}ke-hoach/"/>
        <xhtml:link rel="alternate" hreflang="en" href="{SITE}en/ke-hoach/"/>
    </url>
    <url>
        <loc>{SITE}en/ke-hoach/</loc>
        <xhtml:link rel="alternate" hreflang="vi" href="{SITE}ke-hoach/"/>
        <xhtml:link rel="alternate" hreflang="en" href="{SITE}en/ke-hoach/"/>
    </url>
</urlset>
"""


def test_every_url_gets_the_default_language_as_x_default() -> None:
    out = add_x_default(SITEMAP, "vi")
    assert out.count(f'hreflang="x-default" href="{SITE}ke-hoach/"') == 2
    assert out.count("<url>") == 2
    assert out.startswith(
        '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
    )
    assert "xmlns:xhtml=" in out
    assert add_x_default(out, "vi") == out, "a second run must change nothing"


def test_sitemap_that_is_not_a_urlset_is_reported() -> None:
    with pytest.raises(SitemapError, match="expected a <urlset>"):
        add_x_default("<html/>", "vi")
    with pytest.raises(SitemapError, match="not well-formed"):
        add_x_default("<urlset>", "vi")


def test_rewrite_sitemap_refreshes_the_gzip_copy(tmp_path: Path) -> None:
    assert rewrite_sitemap(tmp_path, "vi") is False
    (tmp_path / "sitemap.xml").write_text(SITEMAP, encoding="utf-8")
    assert rewrite_sitemap(tmp_path, "vi") is True
    text = (tmp_path / "sitemap.xml").read_text(encoding="utf-8")
    assert "x-default" in text
    assert gzip.decompress((tmp_path / "sitemap.xml.gz").read_bytes()).decode("utf-8") == text
