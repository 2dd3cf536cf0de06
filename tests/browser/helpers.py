"""What the browser tests share: the page kinds, viewports, the served site, axe-core."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page

from build_helpers import ROOT

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
PREFIX = "/ke-hoach-179/"
LANGS = ("vi", "en")

VIEWPORTS: dict[str, dict[str, Any]] = {
    "phone": {
        "viewport": {"width": 360, "height": 740},
        "device_scale_factor": 2,
        "is_mobile": True,
        "has_touch": True,
    },
    "desktop": {"viewport": {"width": 1280, "height": 800}},
}

# Every kind of page, by path in the default language (English adds "en/").
PAGE_KINDS: dict[str, str] = {
    "home": "",
    "plan": "ke-hoach/",
    "full-text": "ke-hoach/toan-van/",
    "pillar": "ke-hoach/noi-dung/cong-dong-ben-vung/",
    "agency": "ke-hoach/co-quan/so-y-te/",
    "agency-index": "ke-hoach/co-quan/",
    "timeline": "ke-hoach/thoi-gian/",
    "article": "tim-hieu/hoi-dap/",
    "news": "tin-tuc/",
    "accessibility": "gioi-thieu/tiep-can/",
}
# Kinds another part of the site may not have yet: their tests skip while the page is absent.
OPTIONAL_KINDS = {"news"}
MISSING_PATH = "khong-co-trang-nay/"


@dataclass(frozen=True)
class Site:
    """The built site folder and the URL it is served at."""

    root: Path
    url: str  # http://127.0.0.1:<port>/ke-hoach-179/

    def path(self, kind_or_path: str, lang: str = "vi") -> str:
        """Site-relative path of a page kind (or a plain path) in a language."""
        path = PAGE_KINDS.get(kind_or_path, kind_or_path)
        return path if lang == "vi" else f"{lang}/{path}"

    def page_url(self, kind_or_path: str, lang: str = "vi") -> str:
        return self.url + self.path(kind_or_path, lang)

    def has(self, kind_or_path: str, lang: str = "vi") -> bool:
        return (self.root / self.path(kind_or_path, lang) / "index.html").is_file()

    def require(self, kind_or_path: str, lang: str = "vi") -> str:
        """The page's URL; skips the test when an optional kind of page is not built yet."""
        if not self.has(kind_or_path, lang):
            if kind_or_path in OPTIONAL_KINDS:
                pytest.skip(f"no '{self.path(kind_or_path, lang)}' page in this build yet")
            pytest.fail(f"the build has no page at {self.path(kind_or_path, lang)}")
        return self.page_url(kind_or_path, lang)


def axe_violations(page: Page, axe_source: str, tags: list[str]) -> list[dict[str, Any]]:
    """Run axe-core in the page with the given rule tags; its violations.

    axe is loaded through the DevTools protocol: the site's Content-Security-Policy
    (rightly) refuses an injected inline <script>, and the test must not weaken it.
    """
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        cdp = page.context.new_cdp_session(page)
        try:
            cdp.send("Runtime.evaluate", {"expression": axe_source})
        finally:
            cdp.detach()
    result = page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})).violations",
        tags,
    )
    violations: list[dict[str, Any]] = json.loads(json.dumps(result))
    return violations


def describe(violations: list[dict[str, Any]]) -> str:
    """Readable summary for an assertion message."""
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']}")
        for node in v["nodes"][:5]:
            lines.append(f"    {node['target']}: {node.get('failureSummary', '').splitlines()[-1:]}")
    return "\n".join(lines)
