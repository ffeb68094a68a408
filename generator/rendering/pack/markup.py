"""Pandoc markdown for the pack's skeleton: escaped text, pipe tables, fenced referral text."""

from __future__ import annotations

import re
from collections.abc import Sequence

from generator.domain import formatting
from generator.io.sources import without_comments

_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
_BACKTICKS = re.compile(r"`+")


def text(value: object) -> str:
    """Literal text: every markdown character escaped, on one line."""
    flat = " ".join(str(value).split())
    return _PUNCTUATION.sub(r"\\\1", flat)


TEXT_WIDTH_PT = 481.9
"""pack.typ: A4 (595.3 pt) less 2 cm margins each side."""
CELL_INSET_PT = 8.0
"""pack.typ: 4 pt inset each side of a cell."""
CHAR_PT = 5.9
"""DejaVu Sans at 9 pt (tables): the width of a wide-ish character (digits are 5.7 pt, "m" 8.7, "i" 2.5)."""
BOLD = 1.12
"""Header cells are bold: that much wider."""
SHORT_VALUE = 12
"""A value this short (a date, a name, "Accommodated") is kept on one line when the row has room."""
LONGEST_WORD = 20
"""Longer runs are broken between any two characters by pack.typ anyway."""


def content_widths(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> list[int]:
    """Column widths (per mille of the text width) from the content: every column at least as wide as its
    longest word (so no word is broken or leaves its cell), short values such as dates kept on one line where
    there is room, and the room left shared by how much more each column needs."""
    count = len(headers)
    words, phrases, longest = [0.0] * count, [0.0] * count, [0.0] * count
    for index, header in enumerate(headers):
        parts = str(header).split()
        words[index] = phrases[index] = max((len(w) for w in parts), default=0) * BOLD
        longest[index] = len(" ".join(parts)) * BOLD
    for row in rows:
        for index, value in enumerate(row[:count]):
            parts = ("\u2014" if value is not None and not str(value).strip() else str(value or "")).split()
            line = len(" ".join(parts))
            word = min(LONGEST_WORD, max((len(w) for w in parts), default=0))
            words[index] = max(words[index], word)
            phrases[index] = max(phrases[index], line if line <= SHORT_VALUE else word)
            longest[index] = max(longest[index], line)
    room = (TEXT_WIDTH_PT - count * CELL_INSET_PT) / CHAR_PT
    widths = [max(1.0, w) for w in words]
    # Keep short values on one line, the columns that need least extra first, while the row has room.
    for index in sorted(range(count), key=lambda i: phrases[i] - words[i]):
        if sum(widths) + phrases[index] - widths[index] <= room:
            widths[index] = max(widths[index], phrases[index])
    spare = room - sum(widths)
    wanted = [max(0.0, line - width) for line, width in zip(longest, widths, strict=True)]
    if spare > 0 and sum(wanted) > 0:
        share = min(1.0, spare / sum(wanted))
        widths = [width + want * share for width, want in zip(widths, wanted, strict=True)]
    padded = [w + CELL_INSET_PT / CHAR_PT for w in widths]
    return [max(1, round(1000 * w / sum(padded))) for w in padded]


def table(
    headers: Sequence[str], rows: Sequence[Sequence[object]], align: str = "", widths: Sequence[int] | None = None
) -> str:
    """A full-width pipe table of literal cells (None: left blank to write in); `align` holds l, r or c per
    column. Column widths come from the content; `widths` (relative) only for columns left blank to write in."""
    relative = list(widths) if widths is not None else content_widths(headers, rows)
    scale = 1000 / sum(relative)
    rule = []
    for i in range(len(headers)):
        dashes = "-" * max(3, round(relative[i] * scale / 5))
        kind = align[i] if i < len(align) else "l"
        rule.append(dashes[:-1] + ":" if kind == "r" else ":" + dashes[1:-1] + ":" if kind == "c" else dashes)
    lines = ["| " + " | ".join(text(h) for h in headers) + " |", "|" + "|".join(rule) + "|"]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def _cell(value: object) -> str:
    if value is None:
        return "\u00a0"
    return text(value) if str(value).strip() else "\u2014"


def user_text(markdown: str) -> str:
    """Referral markdown, fenced so that nothing in it can end the fence; pack.lua parses it safely."""
    cleaned = without_comments(markdown).strip()
    longest = max((len(m) for m in _BACKTICKS.findall(cleaned)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence} {{.usertext}}\n{cleaned}\n{fence}"


def div(classes: str, body: str, **attributes: str) -> str:
    """A fenced div with classes (space separated) and attributes for pack.lua."""
    attrs = " ".join([f".{c}" for c in classes.split()] + [f'{k}="{_attr(v)}"' for k, v in attributes.items()])
    return f"::::::::: {{{attrs}}}\n{body}\n:::::::::"


def _attr(value: str) -> str:
    return " ".join(value.split()).replace("&", "&amp;").replace('"', "'").replace("\\", "/")


def heading(level: int, title: str, identifier: str) -> str:
    """A heading with an explicit id."""
    return f"{'#' * level} {text(title)}" + (f" {{#{identifier}}}" if identifier else "")


def money(amount: float) -> str:
    """£1,234 or £1,234.50."""
    return formatting.money(amount)


def join(*blocks: str) -> str:
    """Blocks separated by blank lines, empty ones left out."""
    return "\n\n".join(b for b in blocks if b)
