"""The MkDocs Material configuration of the site: navigation, privacy settings and the marking override."""

from __future__ import annotations

import base64
import datetime as dt
import functools
import hashlib
import importlib.util
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import jinja2
import yaml

from generator.domain.config.model import PanelConfig
from generator.domain.registers import BUILDERS
from generator.domain.site_settings import BASE_EXTENSIONS, SiteSettings
from generator.rendering.site.pages import GUIDES
from generator.rendering.site.style import SCRIPT, STYLESHEET

OVERRIDE_MAIN = """{#- Panel Papers: the protective marking on every page, in the announcement bar and the footer. -#}
{% extends "base.html" %}
{#- The policy comes first in <head>, before anything taken from the panel's files. -#}
{% block site_meta %}
{{ super() }}
<meta http-equiv="Content-Security-Policy" content="{{ config.extra.csp | e }}">
<meta name="robots" content="noindex, nofollow">
{% endblock %}
{% block announce %}
<p class="panel-marking"><strong>{{ config.extra.marking | e }}</strong>: {{ config.extra.marking_note | e }}</p>
{% endblock %}
"""

FEATURES = ["navigation.sections", "search.highlight"]
SEARCH_DIALOG = 'role="dialog"'


@functools.cache
def search_partial() -> str:
    """The theme's search partial with an accessible name on its dialog (axe: aria-dialog-name)."""
    spec = importlib.util.find_spec("material")
    assert spec is not None and spec.origin is not None, "mkdocs-material is a dependency"
    text = (Path(spec.origin).parent / "templates" / "partials" / "search.html").read_text(encoding="utf-8")
    assert text.count(SEARCH_DIALOG) == 1, "MkDocs Material's search partial changed: update search_partial()"
    return text.replace(SEARCH_DIALOG, SEARCH_DIALOG + " aria-label=\"{{ lang.t('search') }}\"")


HOOKS = Path(__file__).with_name("hooks.py")
MAX_DEPTH = 4
"""Pages are at most this many folders deep (meetings/<date>.md is one)."""


@functools.cache
def theme_script_hashes() -> tuple[str, ...]:
    """CSP hashes of the inline scripts MkDocs Material writes into pages, rendered from its own templates.

    Material's partials/javascripts/ put small scripts inline (local storage helpers, which depend on the
    page's depth, the colour palette, a tab fix …); these hashes allow exactly those and no other inline script.
    """
    spec = importlib.util.find_spec("material")
    assert spec is not None and spec.origin is not None, "mkdocs-material is a dependency"
    folder = Path(spec.origin).parent / "templates"
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(folder)), auto_reload=False)
    bases = ["/", "."] + ["/".join([".."] * depth) for depth in range(1, MAX_DEPTH + 1)]
    found: set[str] = set()
    for base in bases:
        for partial in sorted((folder / "partials" / "javascripts").glob("*.html")):
            template = env.get_template(f"partials/javascripts/{partial.name}")
            html = template.render(config={"extra": {}, "theme": {}}, base_url=base, features=FEATURES)
            for script in _INLINE_SCRIPT.findall(html):
                digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
                found.add(f"'sha256-{digest}'")
    return tuple(sorted(found))


_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)


def content_security_policy() -> str:
    """The browser runs only the theme's own scripts and refuses anything from another host."""
    return "; ".join(
        (
            "default-src 'self'",
            "script-src 'self' " + " ".join(theme_script_hashes()),
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "worker-src 'self' blob:",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
        )
    )


REGISTER_TITLES = {
    "decisions": "Decision log",
    "actions": "Action log",
    "reviews": "Review tracker",
    "expenditure": "Expenditure log",
    "unmet-needs": "Unmet needs",
    "children": "Children",
    "timeliness": "Timeliness",
    "case-outcomes": "Case outcomes",
}


def navigation(meeting_dates: Sequence[dt.date]) -> list[Any]:
    """Home, meetings grouped by year (newest first), registers, statistics, calendar, guides."""
    years: dict[int, list[dict[str, str]]] = {}
    for day in sorted(meeting_dates, reverse=True):
        label = f"{day.day} {day.strftime('%B')}"
        years.setdefault(day.year, []).append({label: f"meetings/{day.isoformat()}.md"})
    return [
        {"Home": "index.md"},
        {"Meetings": [{str(year): entries} for year, entries in years.items()]},
        {"Registers": [{REGISTER_TITLES.get(key, key): f"registers/{key}.md"} for key in BUILDERS]},
        {"Statistics": "statistics.md"},
        {"Calendar": "calendar.md"},
        {"Guides": [{title: f"guides/{key}.md"} for key, title in GUIDES.items()]},
        {"Accessibility": "accessibility.md"},
    ]


def mkdocs_yaml(config: PanelConfig, meeting_dates: Sequence[dt.date], council: SiteSettings | None = None) -> str:
    """mkdocs.yml for the generated docs: the council's own settings (root mkdocs.yml), then everything that
    protects the data on top, so nothing there can weaken it: no external requests, marking in every page."""
    council = council or SiteSettings()
    marking = config.panel.marking
    theme: dict[str, Any] = {
        "name": "material",
        "custom_dir": "overrides",
        "font": False,  # no Google Fonts: the site makes no external request
        "language": council.language,
        "features": FEATURES,
    }
    if council.palette is not None:
        theme["palette"] = council.palette
    if council.logo is not None:
        theme["logo"] = council.logo.target
    if council.favicon is not None:
        theme["favicon"] = council.favicon.target
    settings: dict[str, Any] = {
        "site_name": council.site_name or config.panel.name,
        "docs_dir": "docs",
        "use_directory_urls": False,
        "theme": theme,
        "plugins": ["search"],
        "hooks": [str(HOOKS)],
        "extra_javascript": [SCRIPT],
        "extra_css": [STYLESHEET] + [sheet.target for sheet in council.stylesheets],
        "markdown_extensions": [*BASE_EXTENSIONS, *council.extensions],
        "not_in_nav": "/referrals/\n/children/\n/registers/all/\n",
        "validation": {"omitted_files": "ignore", "absolute_links": "warn", "unrecognized_links": "warn"},
        "copyright": f"{marking}. Internal use only.",
        "extra": {
            "marking": marking,
            "marking_note": "contains personal information about children; do not share outside the council",
            "generator": False,
            "csp": content_security_policy(),
        },
        "nav": navigation(meeting_dates),
    }
    return yaml.safe_dump(settings, sort_keys=False, allow_unicode=True, width=120)
