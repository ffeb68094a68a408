"""Markdown tables for the site, every cell escaped and ids turned into links."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from markupsafe import Markup

from generator.domain.registers.base import Cell, Table
from generator.rendering.site import escape

Linker = Callable[[str], str | None]
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
SITE_COLUMNS: dict[str, tuple[str, ...]] = {
    "decisions": ("meeting", "referral", "title", "outcome", "approved_total", "next_review"),
    "actions": ("status", "due", "action", "owner", "referral"),
    "reviews": ("status", "due", "referral", "reason", "came_back"),
    "expenditure": ("referral", "budget_line", "status", "start", "end", "weekly", "in_year"),
    "unmet-needs": ("meeting", "referral", "category", "note"),
    "children": ("case_id", "child", "referral", "meeting", "outcome", "decided"),
    "timeliness": ("referral", "submitted", "deadline", "late", "meeting", "decided", "days_to_decision"),
    "case-outcomes": ("meeting", "referral", "type", "outcome", "financial_year"),
}
"""The columns each register's page shows, so it reads at 1280 px and on a phone; every column is on the
register's "every column" page and in its CSV."""


def _number(value: float | int) -> str:
    if isinstance(value, float):
        return f"{value:,.2f}"
    return f"{value:,}"


def column_name(column: str) -> str:
    """'approved_total' → 'Approved total'."""
    return column.replace("_", " ").capitalize()


def _unbroken(markdown: str) -> str:
    """Kept on one line: a date, an id."""
    return f'<span class="panel-nowrap">{markdown}</span>'


def format_cell(value: Cell) -> str:
    """A plain value as escaped cell text; a date stays on one line."""
    if value is None:
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _number(value)
    if isinstance(value, str) and _DATE.match(value):
        return _unbroken(value)
    return escape.cell(value)


def markdown_table(
    columns: Sequence[str], rows: Sequence[Sequence[Cell]], links: dict[str, Linker] | None = None
) -> Markup:
    """A pipe table; a column named in `links` turns each space-separated id into a link."""
    links = links or {}
    head = [escape.cell(column_name(c)) for c in columns]
    out = [
        "| " + " | ".join(head) + " |",
        "|" + "|".join("---:" if _numeric(rows, i) else "---" for i in range(len(columns))) + "|",
    ]
    for row in rows:
        cells = []
        for column, value in zip(columns, row, strict=True):
            linker = links.get(column)
            if linker and isinstance(value, str) and value:
                parts = []
                for token in value.split():
                    target = linker(token)
                    parts.append(_unbroken(f"[{escape.cell(token)}]({target})" if target else escape.cell(token)))
                cells.append(" ".join(parts))
            else:
                cells.append(format_cell(value))
        out.append("| " + " | ".join(cells) + " |")
    if not rows:
        out.append("| " + " | ".join("—" if i == 0 else "" for i in range(len(columns))) + " |")
    return escape.trusted("\n".join(out))


def _numeric(rows: Sequence[Sequence[Cell]], index: int) -> bool:
    values = [r[index] for r in rows if r[index] is not None]
    return bool(values) and all(isinstance(v, int | float) for v in values)


def table_markdown(
    table: Table, links: dict[str, Linker] | None = None, columns: Sequence[str] | None = None
) -> Markup:
    """A register table as markdown: every column, or only `columns` (in the table's order)."""
    if columns is None:
        return markdown_table(table.columns, table.rows, links)
    keep = [i for i, c in enumerate(table.columns) if c in columns]
    return markdown_table([table.columns[i] for i in keep], [tuple(r[i] for i in keep) for r in table.rows], links)
