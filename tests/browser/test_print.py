"""Printing on A4: content only, link addresses shown, readable page breaks."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import Page

from browser.helpers import Site

pytestmark = pytest.mark.browser

A4_POINTS = (595.0, 842.0)


def pdf_text(pdf: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext is missing: install it with `apt-get install -y poppler-utils` (.ci/run does)")
    proc = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True)
    return proc.stdout


def page_sizes(pdf: bytes) -> list[tuple[float, float]]:
    boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", pdf)
    return [(float(w), float(h)) for w, h in boxes]


@pytest.mark.parametrize(("kind", "lang"), [("full-text", "vi"), ("agency", "vi"), ("agency", "en")])
def test_prints_cleanly_on_a4(site: Site, desktop: Page, tmp_path: Path, kind: str, lang: str) -> None:
    desktop.goto(site.page_url(kind, lang))
    title = desktop.locator("article h1").first.evaluate(
        "h => [...h.childNodes].filter(n => !(n.classList && n.classList.contains('headerlink')))"
        ".map(n => n.textContent).join('').trim()"
    )
    article = desktop.locator("article").inner_text()
    nav_only = desktop.evaluate(
        """(article) => [...document.querySelectorAll('.md-nav--primary .md-nav__link, .md-footer a, .md-copyright a')]
              .map(a => a.textContent.trim()).filter(t => t.length > 6 && !article.includes(t))""",
        article,
    )
    assert nav_only, "expected navigation entries that are not in the article"
    internal = desktop.locator("article a[data-print-url]").first.get_attribute("data-print-url")
    assert internal and internal.startswith(site.url)

    desktop.emulate_media(media="print")
    try:
        hidden = desktop.evaluate(
            """() => ['.md-header', '.md-sidebar--primary', '.md-sidebar--secondary', '.md-footer', '.md-search', '.md-skip']
                 .map(sel => [sel, [...document.querySelectorAll(sel)].every(el => getComputedStyle(el).display === 'none')])"""
        )
        assert all(ok for _sel, ok in hidden), hidden
        pdf = desktop.pdf(format="A4", prefer_css_page_size=True)
    finally:
        desktop.emulate_media(media="screen")

    assert pdf.startswith(b"%PDF")
    sizes = page_sizes(pdf)
    assert sizes, "no pages in the PDF"
    assert all(abs(w - A4_POINTS[0]) < 2 and abs(h - A4_POINTS[1]) < 2 for w, h in sizes), sizes[:3]
    path = tmp_path / f"{kind}-{lang}.pdf"
    path.write_bytes(pdf)
    text = re.sub(r"\s+", " ", pdf_text(path))
    assert re.sub(r"\s+", " ", title) in text
    assert internal in text.replace(" ", "") or internal in text, "link addresses are not printed"
    for entry in nav_only:
        assert entry not in text, f"navigation text {entry!r} was printed"
    if kind == "full-text":
        assert len(sizes) > 3, "the full text should run over several pages"
