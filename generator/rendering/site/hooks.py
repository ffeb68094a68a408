"""MkDocs hooks for the site (loaded by MkDocs from this file's path): values from panel.yml and page titles
reach the theme only as escaped text.

MkDocs Material prints `site_name`, `copyright` and page titles without escaping them (and page titles
after `striptags`, which would undo any escaping), so these are made harmless here, after MkDocs has
read its configuration and each page.
"""

from __future__ import annotations

import html as html_text
import re
from typing import Any

from markupsafe import Markup, escape

from generator.rendering.site.escape import plain_title

ALLOWED_META = ("title",)
"""The only front-matter key the site's pages use; any other (template, hide, description …) is dropped."""


def on_config(config: Any) -> Any:
    """Escape the panel's name and the footer text once; the theme's own `| e` leaves Markup alone."""
    config.site_name = Markup(escape(config.site_name))
    if config.copyright:
        config.copyright = Markup(escape(config.copyright))
    return config


def on_page_content(html: str, page: Any, config: Any, files: Any) -> str:
    """Keep only a plain-text title in a page's metadata, whatever its front matter or first heading said."""
    title = page.title
    page.meta = {key: value for key, value in page.meta.items() if key in ALLOWED_META}
    page.meta["title"] = plain_title(title) if title else ""
    if not page.meta["title"]:
        del page.meta["title"]
    return scrollable_tables(html)


_HEADING_OR_TABLE = re.compile(r"<h([1-6])[^>]*>(.*?)</h\1>|<table>.*?</table>", re.S)
_TAG = re.compile(r"<[^>]+>")
_DATE_CELL = re.compile(r"(<td[^>]*>)([0-9]{4}-[0-9]{2}-[0-9]{2})(</td>)")
SCROLL_HINT = "This table is wider than the screen: scroll it sideways, or select it (Tab) and use the arrow keys."


def scrollable_tables(html: str) -> str:
    """Each table in a region that scrolls sideways, named by the heading above it and reachable by keyboard,
    so a table wider than the screen shows a scroll bar instead of losing columns at the edge."""
    out: list[str] = []
    heading = "Table"
    last = 0
    for match in _HEADING_OR_TABLE.finditer(html):
        if match.group(1):
            heading = " ".join(html_text.unescape(_TAG.sub("", match.group(2))).split()) or heading
            continue
        label = escape(f"{heading} (table)")
        out.append(html[last : match.start()])
        table = _DATE_CELL.sub(r'\1<span class="panel-nowrap">\2</span>\3', match.group(0))  # a date on one line
        out.append(f'<div class="panel-table" role="region" tabindex="0" aria-label="{label}">{table}</div>')
        out.append(f'<p class="panel-scroll-hint" hidden>{SCROLL_HINT}</p>')
        last = match.end()
    out.append(html[last:])
    return "".join(out)
