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


def table(headers: Sequence[str], rows: Sequence[Sequence[object]], align: str = "", widths: Sequence[int] = ()) -> str:
    """A pipe table of literal cells (None: left blank to write in); `align` holds l, r or c per column;
    `widths` (percentages) make it full width with those proportions."""
    rule = []
    for i in range(len(headers)):
        dashes = "-" * (max(3, widths[i]) if i < len(widths) else 3)
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
    return " ".join(value.split()).replace('"', "'").replace("\\", "/")


def heading(level: int, title: str, identifier: str) -> str:
    """A heading with an explicit id."""
    return f"{'#' * level} {text(title)}" + (f" {{#{identifier}}}" if identifier else "")


def money(amount: float) -> str:
    """£1,234 or £1,234.50."""
    return formatting.money(amount)


def join(*blocks: str) -> str:
    """Blocks separated by blank lines, empty ones left out."""
    return "\n\n".join(b for b in blocks if b)
