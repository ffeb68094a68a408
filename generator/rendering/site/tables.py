"""Markdown tables for the site, every cell escaped and ids turned into links."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from markupsafe import Markup

from generator.domain.registers.base import Cell, Table
from generator.rendering.site import escape

Linker = Callable[[str], str | None]


def _number(value: float | int) -> str:
    if isinstance(value, float):
        return f"{value:,.2f}"
    return f"{value:,}"


def format_cell(value: Cell) -> str:
    """A plain value as escaped cell text."""
    if value is None:
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _number(value)
    return escape.cell(value)


def markdown_table(
    columns: Sequence[str], rows: Sequence[Sequence[Cell]], links: dict[str, Linker] | None = None
) -> Markup:
    """A pipe table; a column named in `links` turns each space-separated id into a link."""
    links = links or {}
    head = [escape.cell(c.replace("_", " ").capitalize()) for c in columns]
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
                    parts.append(f"[{escape.cell(token)}]({target})" if target else escape.cell(token))
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


def table_markdown(table: Table, links: dict[str, Linker] | None = None) -> Markup:
    """A register table as markdown."""
    return markdown_table(table.columns, table.rows, links)
