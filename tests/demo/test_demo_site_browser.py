"""The demo site in real headless Chromium: axe-core (WCAG 2.2 AA and best practice) over every page, and the home
page, a meeting, a referral and every register at 1280 × 1600 and 390 px wide, in which no table is wider than its
container without a visible way to scroll it, and no date breaks over two lines (screenshots of them are kept where
PANEL_SCREENSHOTS names a folder)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from panelfixtures.browser import chromium
from tests.demo.demo_build import built_demo
from tests.site.test_site_browser import _serve, console_problems, serious_violations, with_axe

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not (Path("/usr/bin/chromium").exists() and Path("/usr/bin/chromedriver").exists())
        and not os.environ.get("CI"),
        reason="needs Debian's chromium and chromium-driver (installed by .ci/run)",
    ),
]
SIZES = {"desktop": (1280, 1600, False), "phone": (390, 1600, True)}
"""Width, height and whether to emulate a phone (overlay scroll bars, touch)."""
SCREENSHOTS = os.environ.get("PANEL_SCREENSHOTS")
"""A folder to keep the screenshots in, to look at them (without it none is taken: the measurements need none)."""

MEASURE = """
const problems = [];
const article = document.querySelector("article");
const right = article.getBoundingClientRect().right;
for (const table of article.querySelectorAll("table")) {
  const name = (table.querySelector("th") || table).textContent.trim().slice(0, 30);
  let box = table.parentElement;
  while (box !== article && !["auto", "scroll"].includes(getComputedStyle(box).overflowX)) box = box.parentElement;
  if (box === article) {
    if (table.getBoundingClientRect().right > right + 1) problems.push(`table "${name}": clipped, no scroll`);
    continue;
  }
  if (box.getBoundingClientRect().right > right + 1) problems.push(`table "${name}": its region is wider than the page`);
  if (box.scrollWidth <= box.clientWidth + 1) continue;  // it fits
  const style = getComputedStyle(box);
  const bar = box.offsetHeight - box.clientHeight - parseFloat(style.borderTopWidth) - parseFloat(style.borderBottomWidth);
  const hint = box.nextElementSibling;
  const hinted = hint && hint.classList.contains("panel-scroll-hint") && hint.offsetParent !== null && hint.getBoundingClientRect().height > 0;
  if (bar <= 0 && !hinted) problems.push(`table "${name}": wider than its container with no visible scroll bar or hint`);
  if (box.tabIndex < 0) problems.push(`table "${name}": its scrolling region cannot be reached by keyboard`);
  if (!box.getAttribute("aria-label")) problems.push(`table "${name}": its scrolling region has no name`);
}
const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
for (let node = walker.nextNode(); node; node = walker.nextNode()) {
  if (!/^\\s*\\d{4}-\\d{2}-\\d{2}\\s*$/.test(node.textContent) || !node.parentElement.closest("td")) continue;
  const range = document.createRange();
  range.selectNodeContents(node);
  const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
  if (lines.size > 1) problems.push(`date ${node.textContent.trim()} breaks over ${lines.size} lines`);
}
if (document.scrollingElement.scrollWidth > window.innerWidth + 1) problems.push("the page scrolls sideways");
return problems;
"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """The module's own Chromium session, with axe-core loaded on every page (it checks every page)."""
    with chromium(logs=("browser",), on_every_page=with_axe()) as driver:
        yield driver


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    site = built_demo(tmp_path_factory) / "site"
    for url in _serve(site):
        yield site, url


def test_axe_finds_nothing_serious_on_any_page(browser: Any, demo_site: tuple[Path, str]) -> None:
    site, url = demo_site
    # admin/ is the vendored browser CMS (tests/cms/test_cms_browser.py), not a page of the site.
    pages = sorted(
        p.relative_to(site).as_posix() for p in site.rglob("*.html") if p.relative_to(site).parts[0] != "admin"
    )
    assert len(pages) >= 45
    found: dict[str, list[str]] = {}
    console_problems(browser)
    for page in pages:
        browser.get(f"{url}/{page}")
        problems = serious_violations(browser) + console_problems(browser)
        if problems:
            found[page] = problems
    assert found == {}


def _pages(site: Path) -> list[str]:
    registers = sorted(p.relative_to(site).as_posix() for p in (site / "registers").rglob("*.html"))
    return ["index.html", "meetings/2026-12-03.html", "referrals/R-0001.html", *registers]


@pytest.mark.parametrize("size", SIZES)
def test_tables_fit_or_visibly_scroll(browser: Any, demo_site: tuple[Path, str], size: str) -> None:
    site, url = demo_site
    width, height, mobile = SIZES[size]
    folder = Path(SCREENSHOTS) if SCREENSHOTS else None
    if folder:
        folder.mkdir(parents=True, exist_ok=True)
    metrics = {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile}
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)
    found: dict[str, list[str]] = {}
    try:
        pages = _pages(site)
        assert len(pages) == 3 + 8 * 2  # every register, and its page with every column
        for page in pages:
            browser.get(f"{url}/{page}")
            browser.execute_script("return document.fonts.ready")
            if folder:
                browser.save_screenshot(str(folder / f"{size}-{page.replace('/', '_').removesuffix('.html')}.png"))
            problems = browser.execute_script(MEASURE)
            if problems:
                found[page] = problems
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    assert found == {}
