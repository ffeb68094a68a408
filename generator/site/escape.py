"""Making text from referrals and decisions safe to put in a generated markdown page.

Python-Markdown passes raw HTML straight through, so anything a referral's author typed could
otherwise reach the page as markup, a script or an external image. Text is escaped so that it
can only ever be read: HTML comments are dropped, '&' and '<' become entities, and '[' is
escaped so that no link, image or reference definition can be made from it.
"""

from __future__ import annotations

import re

from ..sources import without_comments


def text(value: object) -> str:
    """Block text (paragraphs kept) that markdown shows literally apart from emphasis."""
    if value is None:
        return ""
    cleaned = without_comments(str(value))
    return cleaned.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("[", "&#91;")


def inline(value: object) -> str:
    """One line of text: as `text`, with line breaks folded and leading block markers neutralised."""
    folded = " ".join(text(value).split())
    return re.sub(r"^([#>*+=-]|\d+[.)])", r"\\\1", folded)


def cell(value: object) -> str:
    """Text for a table cell: as `inline`, with '|' escaped."""
    return inline(value).replace("|", "\\|")


def block(value: object) -> str:
    """Several paragraphs of free text, with headings demoted so they cannot break the page outline."""
    lines = []
    for line in text(value).split("\n"):
        lines.append(re.sub(r"^(\s{0,3})(#{1,6})(\s)", r"\1\\\2\3", line))
    return "\n".join(lines).strip()
