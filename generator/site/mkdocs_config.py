"""The MkDocs Material configuration of the site: navigation, privacy settings and the marking override."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import yaml

from ..config.model import PanelConfig
from ..registers import BUILDERS
from .pages import GUIDES
from .style import STYLESHEET

OVERRIDE_MAIN = """{#- Panel Papers: the protective marking on every page, in the announcement bar and the footer. -#}
{% extends "base.html" %}
{% block extrahead %}
<meta http-equiv="Content-Security-Policy" content="{{ config.extra.csp }}">
<meta name="robots" content="noindex, nofollow">
{% endblock %}
{% block announce %}
<p class="panel-marking"><strong>{{ config.extra.marking | e }}</strong>: {{ config.extra.marking_note | e }}</p>
{% endblock %}
"""

CSP = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self' 'unsafe-inline'",
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
"""The browser refuses anything from another host, should anything ever ask for it."""

REGISTER_TITLES = {
    "decisions": "Decision log",
    "actions": "Action log",
    "reviews": "Review tracker",
    "expenditure": "Expenditure log",
    "unmet-needs": "Unmet needs",
    "children": "Children",
    "timeliness": "Timeliness",
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


def mkdocs_yaml(config: PanelConfig, meeting_dates: Sequence[dt.date]) -> str:
    """mkdocs.yml for the generated docs: no external requests, no directory URLs, marking in every page."""
    marking = config.panel.marking
    settings: dict[str, Any] = {
        "site_name": config.panel.name,
        "docs_dir": "docs",
        "use_directory_urls": False,
        "theme": {
            "name": "material",
            "custom_dir": "overrides",
            "font": False,  # no Google Fonts: the site makes no external request
            "language": "en",
            "features": ["navigation.sections", "search.highlight"],
        },
        "plugins": ["search"],
        "extra_css": [STYLESHEET],
        "markdown_extensions": ["tables", "toc", "admonition"],
        "not_in_nav": "/referrals/\n/children/\n",
        "validation": {"omitted_files": "ignore", "absolute_links": "warn", "unrecognized_links": "warn"},
        "copyright": f"{marking}. Internal use only.",
        "extra": {
            "marking": marking,
            "marking_note": "contains personal information about children; do not share outside the council",
            "generator": False,
            "csp": CSP,
        },
        "nav": navigation(meeting_dates),
    }
    return yaml.safe_dump(settings, sort_keys=False, allow_unicode=True, width=120)
