"""Scanning a built site for anything that would make a request to another host."""

from __future__ import annotations

import re
from pathlib import Path

_HTML_FETCH = re.compile(
    r"<(?:script|img|iframe|link|source|video|audio|embed|object)\b[^>]*?\b(?:src|href|data|srcset)\s*=\s*"
    r"[\"']?\s*(?:https?:)?//",
    re.I,
)
_CSS_FETCH = re.compile(r"(?:url\(\s*[\"']?\s*(?:https?:)?//|@import\s+[\"']?(?:https?:)?//)", re.I)
_KNOWN_HOSTS = re.compile(
    r"fonts\.googleapis|fonts\.gstatic|google-analytics|googletagmanager|unpkg\.com|cdn\.jsdelivr|cdnjs\.|"
    r"polyfill\.io|mathjax|cloudflare",
    re.I,
)


def external_requests(site: Path) -> list[str]:
    """Every place in the built HTML, CSS and JS that would load something from another host."""
    found: list[str] = []
    for path in sorted(site.rglob("*")):
        if path.suffix not in (".html", ".css", ".js", ".svg", ".json"):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        where = path.relative_to(site).as_posix()
        if path.suffix in (".html", ".svg"):
            found += [f"{where}: {m.group(0)[:80]}" for m in _HTML_FETCH.finditer(text)]
        if path.suffix in (".html", ".css"):
            found += [f"{where}: {m.group(0)[:80]}" for m in _CSS_FETCH.finditer(text)]
        found += [f"{where}: {m.group(0)}" for m in _KNOWN_HOSTS.finditer(text)]
    return found
