"""Test helper: a PDF's text per page (pypdf) and the contents list read back from it."""

from __future__ import annotations

import re
from pathlib import Path

from pypdf import PdfReader

_ENTRY = re.compile(r"^(.*?)[\s.]*?(\d+)\s*$")


def pages(pdf: Path | bytes) -> list[str]:
    """The extracted text of every page."""
    import io

    reader = PdfReader(io.BytesIO(pdf) if isinstance(pdf, bytes) else pdf)
    return [page.extract_text() or "" for page in reader.pages]


def flat(text: str) -> str:
    """Whitespace collapsed, so words split over lines still match."""
    return " ".join(text.split())


def contents(texts: list[str]) -> dict[str, int]:
    """Entries of the 'Contents' page: title -> page number."""
    page = next(t for t in texts if "Contents" in t)
    found: dict[str, int] = {}
    body = page.split("Contents", 1)[1]
    pending = ""
    for line in body.splitlines():
        line = line.strip()
        if not line or line.startswith("OFFICIAL") or line.startswith("Page "):
            continue
        match = _ENTRY.match(line)
        if match and match.group(1).rstrip(" .") != "":
            title = flat(f"{pending} {match.group(1)}").rstrip(" .")
            found[title] = int(match.group(2))
            pending = ""
        else:
            pending = f"{pending} {line}"
    return found
