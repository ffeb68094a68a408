"""Static SVG charts drawn at build time: no JavaScript, readable by screen readers."""

from __future__ import annotations

from collections.abc import Sequence
from xml.sax.saxutils import escape

from generator.domain import formatting

WIDTH = 720
BAR_HEIGHT = 26
GAP = 8
LABEL_WIDTH = 260
PALETTE = ("#1d4f91", "#8a3b12", "#2f6b2f", "#6b2f6b", "#5a5a00", "#00626b", "#7a1f3d", "#444444")
"""Colours with at least 4.5:1 contrast against white."""


def _money(value: float) -> str:
    return formatting.money(round(value))  # a chart shows whole pounds


def bar_chart(title: str, description: str, data: Sequence[tuple[str, float]], *, money: bool = False) -> str:
    """A horizontal bar chart: one labelled bar per (label, value), the value written beside it."""
    rows = list(data) or [("no data yet", 0.0)]
    top = max((v for _, v in rows), default=0.0) or 1.0
    height = 40 + len(rows) * (BAR_HEIGHT + GAP)
    span = WIDTH - LABEL_WIDTH - 110
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
        f'role="img" aria-labelledby="t d" font-family="sans-serif" font-size="14">',
        f'<title id="t">{escape(title)}</title>',
        f'<desc id="d">{escape(description)}</desc>',
        f'<text x="0" y="20" font-weight="bold" fill="#000">{escape(title)}</text>',
    ]
    for index, (label, value) in enumerate(rows):
        y = 36 + index * (BAR_HEIGHT + GAP)
        width = max(1.0, span * value / top) if value else 0.0
        shown = _money(value) if money else f"{value:,.0f}"
        colour = PALETTE[index % len(PALETTE)]
        parts += [
            f'<text x="{LABEL_WIDTH - 8}" y="{y + 18}" text-anchor="end" fill="#000">{escape(label[:34])}</text>',
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{width:.1f}" height="{BAR_HEIGHT}" fill="{colour}"/>',
            f'<text x="{LABEL_WIDTH + width + 6:.1f}" y="{y + 18}" fill="#000">{escape(shown)}</text>',
        ]
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def column_chart(title: str, description: str, data: Sequence[tuple[str, float]], *, money: bool = False) -> str:
    """A vertical column chart for a time series, e.g. spend by month; every other label shown when crowded."""
    rows = list(data) or [("none", 0.0)]
    top = max((v for _, v in rows), default=0.0) or 1.0
    height, base, left = 320, 260, 90
    step = (WIDTH - left - 10) / len(rows)
    every = max(1, len(rows) // 12)
    top_label = _money(top) if money else f"{top:g}"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
        f'role="img" aria-labelledby="t d" font-family="sans-serif" font-size="12">',
        f'<title id="t">{escape(title)}</title>',
        f'<desc id="d">{escape(description)}</desc>',
        f'<text x="0" y="16" font-size="14" font-weight="bold" fill="#000">{escape(title)}</text>',
        f'<line x1="{left}" y1="{base}" x2="{WIDTH - 10}" y2="{base}" stroke="#000"/>',
        f'<text x="{left - 6}" y="40" text-anchor="end" fill="#000">{escape(top_label)}</text>',
        f'<text x="{left - 6}" y="{base}" text-anchor="end" fill="#000">0</text>',
    ]
    for index, (label, value) in enumerate(rows):
        x = left + index * step
        bar = (base - 40) * value / top
        shown = _money(value) if money else f"{value:g}"
        parts.append(
            f'<rect x="{x + 1:.1f}" y="{base - bar:.1f}" width="{max(1.0, step - 2):.1f}" height="{bar:.1f}" '
            f'fill="{PALETTE[0]}"><title>{escape(label)}: {escape(shown)}</title></rect>'
        )
        if index % every == 0:
            parts.append(
                f'<text x="{x + step / 2:.1f}" y="{base + 16}" text-anchor="end" fill="#000" '
                f'transform="rotate(-45 {x + step / 2:.1f} {base + 16})">{escape(label)}</text>'
            )
    parts.append("</svg>")
    return "\n".join(parts) + "\n"
