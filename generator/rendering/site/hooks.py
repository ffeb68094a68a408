"""MkDocs hooks for the site (loaded by MkDocs from this file's path): values from panel.yml and page titles
reach the theme only as escaped text.

MkDocs Material prints `site_name`, `copyright` and page titles without escaping them (and page titles
after `striptags`, which would undo any escaping), so these are made harmless here, after MkDocs has
read its configuration and each page.
"""

from __future__ import annotations

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
    return html
