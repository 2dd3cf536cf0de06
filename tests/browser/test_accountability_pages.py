"""In Chromium: "copy link" works with script and the permalink works without it; the
timeline, the agency tables and the open-data page pass axe-core.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page

from browser.helpers import Site, axe_violations, describe

PILLAR = "ke-hoach/noi-dung/cong-dong-tu-luc-tu-cuong/"
AGENCY = "ke-hoach/co-quan/so-y-te/"
NEW_PAGES = ("ke-hoach/thoi-gian/", "ke-hoach/ai-lam-gi/", "ke-hoach/bao-cao/", "ke-hoach/lich-su/", "du-lieu/")
# As in test_accessibility.py: WCAG 2.0-2.2 A and AA, and axe's best practices.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]

pytestmark = pytest.mark.browser


@pytest.fixture
def clipboard_page(browser: Browser) -> Iterator[Page]:
    context: BrowserContext = browser.new_context(viewport={"width": 1280, "height": 800})
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def no_script_page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    yield page
    context.close()


def test_copy_link_copies_the_task_address(site: Site, clipboard_page: Page) -> None:
    page = clipboard_page
    page.goto(site.page_url(PILLAR))
    link = page.locator('a.plan-permalink[href="#nhiem-vu-4dd"]')
    button = link.locator("xpath=following-sibling::button[1]")
    assert button.get_attribute("aria-label") == "Sao chép liên kết đến nhiệm vụ 4đ"
    assert button.inner_text() == "Sao chép liên kết"
    button.click()
    status = link.locator("xpath=following-sibling::*[@role='status'][1]")
    status.filter(has_text="Đã sao chép liên kết.").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == site.page_url(PILLAR) + "#nhiem-vu-4dd"


def test_copy_link_for_a_duty_in_english(site: Site, clipboard_page: Page) -> None:
    page = clipboard_page
    page.goto(site.page_url(AGENCY, "en"))
    buttons = page.locator("button.plan-copy-link")
    assert buttons.count() == page.locator("a.plan-permalink").count() == 4
    buttons.first.click()
    page.locator("[role=status]", has_text="Link copied.").first.wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == site.page_url(AGENCY, "en") + "#so-nganh-tinh-1"


def test_permalink_works_without_script(site: Site, no_script_page: Page) -> None:
    page = no_script_page
    page.goto(site.page_url(PILLAR))
    assert page.locator("button.plan-copy-link").count() == 0
    link = page.locator('a.plan-permalink[href="#nhiem-vu-4dd"]')
    assert link.is_visible()
    link.click()
    assert page.url == site.page_url(PILLAR) + "#nhiem-vu-4dd"


def test_timeline_readable_without_script(site: Site, no_script_page: Page) -> None:
    page = no_script_page
    page.goto(site.page_url("ke-hoach/thoi-gian/"))
    events = page.locator("li.plan-timeline__event")
    assert events.count() == 16
    for i in range(events.count()):
        state = events.nth(i).locator(".plan-timeline__state")
        assert state.is_visible()
        assert state.inner_text() in {"Đã qua", "Đang diễn ra", "Sắp tới"}


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("path", NEW_PAGES)
def test_accountability_pages_pass_axe(site: Site, desktop: Page, axe_source: str, path: str, lang: str) -> None:
    desktop.goto(site.page_url(path, lang))
    desktop.wait_for_load_state("networkidle")
    violations = axe_violations(desktop, axe_source, AXE_TAGS)
    assert not violations, f"{path} ({lang}):\n{describe(violations)}"
