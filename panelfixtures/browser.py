"""Real headless Chromium for tests: Debian's chromium and chromium-driver, driven by selenium."""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-dev-shm-usage",
    "--window-size=1400,1000",
)


def have_chromium() -> bool:
    """True where Debian's chromium and chromium-driver are installed."""
    return Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()


@contextlib.contextmanager
def chromium(*, logs: Iterable[str] = ("browser",), on_every_page: str | None = None) -> Iterator[Any]:
    """A headless Chromium session (quit on leaving) keeping every entry of the named `logs` (browser, performance).

    `on_every_page` is a script run before each page's own (injected over the DevTools protocol, so a page's
    CSP does not apply to it): e.g. to record or answer dialogs.
    """
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    options.set_capability("goog:loggingPrefs", dict.fromkeys(logs, "ALL"))
    for flag in FLAGS:
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver") or CHROMEDRIVER), options=options)
    try:
        driver.set_script_timeout(60)
        if on_every_page:
            driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": on_every_page})
        yield driver
    finally:
        driver.quit()
