"""Every page of the demo's packs, rendered to PNG: no ink and no text outside the page's text area, and no text
across a table's rules (a word wider than its cell, or two cells' text run together)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from panelfixtures.pictures import _png, rgb
from tests.demo.demo_build import built_demo, pack_files
from tests.pack.test_pack_long_words import MARGIN_X, stray_characters

pytestmark = pytest.mark.slow
CLEARANCE = 1.5
"""Points: text closer than this to a table's vertical rule has left its cell's padding (the inset is 4 pt)."""
INK = bytes(1 if value < 200 else 0 for value in range(256))


@pytest.fixture(scope="module")
def packs(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    found = pack_files(built_demo(tmp_path_factory))
    assert [p.name for p in found] == ["pack-v1.pdf", "supplement-v2.pdf"]
    return found


def ink_outside(pdf: Path, folder: Path) -> list[str]:
    """Render every page to PNG (1 px a point) and name each page with ink in the side margins or off the page."""
    found = []
    document = pdfium.PdfDocument(str(pdf))
    try:
        for number, page in enumerate(document, start=1):
            bitmap = page.render(scale=1, rev_byteorder=True, may_draw_forms=False)
            width, height = bitmap.width, bitmap.height
            pixels = rgb(bitmap)
            (folder / f"{pdf.stem}-{number:02d}.png").write_bytes(_png(width, height, width * 3, pixels, 3))
            # A byte is 1 where a colour channel is under 200: a pixel is ink where any of its three is.
            ink = pixels.translate(INK)
            left, right = int(MARGIN_X) - 2, width - int(MARGIN_X) + 2
            for y in range(height):
                row = y * width * 3
                found_at = (ink.find(1, row, row + left * 3), ink.find(1, row + right * 3, row + width * 3))
                dark = [(at - row) // 3 for at in found_at if at >= 0]
                if dark:
                    found.append(f"{pdf.name} page {number}: ink in the margin at x {dark[0]}, y {y}")
                    break
            page.close()
    finally:
        document.close()
    return found


def text_across_rules(pdf: Path) -> list[str]:
    """Characters drawn on or within CLEARANCE of a table's vertical rule."""
    found: list[str] = []
    document = pdfium.PdfDocument(str(pdf))
    try:
        for number, page in enumerate(document, start=1):
            rules = []
            for item in page.get_objects(max_depth=5):
                if item.type == pdfium_c.FPDF_PAGEOBJ_PATH:
                    left, bottom, right, top = item.get_bounds()
                    if right - left < 2 and top - bottom > 5:
                        rules.append(((left + right) / 2, bottom, top))
            text = page.get_textpage()
            for index in range(text.count_chars()):
                char = text.get_text_range(index, 1)
                left, bottom, right, top = text.get_charbox(index)
                if not char.strip() or right <= left:
                    continue
                middle = (bottom + top) / 2
                for x, low, high in rules:
                    if low < middle < high and left - CLEARANCE < x < right + CLEARANCE:
                        line = text.get_text_bounded(0, bottom, page.get_width(), top).strip()[:80]
                        found.append(
                            f"{pdf.name} page {number}: {char!r} at x {left:.1f}-{right:.1f} meets a rule at {x:.1f} in {line!r}"
                        )
                        break
            text.close()
            page.close()
    finally:
        document.close()
    return found


def test_every_page_keeps_its_text_in_the_text_area(packs: list[Path], tmp_path: Path) -> None:
    for pdf in packs:
        assert ink_outside(pdf, tmp_path) == []
        assert stray_characters(pdf) == []
    assert len(list(tmp_path.glob("*.png"))) >= 20  # every page was rendered


def test_no_text_leaves_its_table_cell(packs: list[Path]) -> None:
    for pdf in packs:
        assert text_across_rules(pdf) == []


def test_continuation_pages_name_their_item(packs: list[Path]) -> None:
    document = pdfium.PdfDocument(str(packs[0]))
    try:
        pages = [page.get_textpage().get_text_range() for page in document]
    finally:
        document.close()
    lines = [[*t.splitlines()[:2], "", ""] for t in pages]
    continued = [(n, t) for n, t in enumerate(pages, start=1) if ", continued" in lines[n - 1][1]]
    assert continued, "no page carries an item's continuation header"
    for number, text in continued:
        header = text.splitlines()[1]
        item = header.split()[1]
        # The item started on an earlier page, which this page follows.
        start = max(n for n, t in enumerate(pages, start=1) if f"Item {item}:" in t and n < number)
        assert all(lines[n - 1][1].startswith(f"Item {item} ") for n in range(start + 1, number + 1)), header
        if "(R-" in header:
            referral = header[header.index("(") + 1 : header.index(")")]
            assert referral in pages[start - 1]


def test_no_item_heading_names_its_referral_twice(packs: list[Path]) -> None:
    """A review's or reconsideration's title names its referral already: the heading does not add it again."""
    from pypdf import PdfReader

    def titles(outline: list[Any]) -> list[str]:
        return [t for e in outline for t in (titles(e) if isinstance(e, list) else [str(e.title)])]

    items = [t for t in titles(PdfReader(packs[0]).outline) if t.startswith("Item ")]
    assert any("Reconsideration: R-0012" in t for t in items), items
    for title in items:
        ids = re.findall(r"R-\d{4}", title)
        assert len(ids) == len(set(ids)), title


def test_the_pack_prints_r0005s_attached_genogram_and_picture(packs: list[Path]) -> None:
    """Issue 13 §5: the demo's R-0005 attaches a genogram (PDF) and a picture; the pack prints both, bookmarked."""
    from pypdf import PdfReader

    reader = PdfReader(packs[0])
    marks = {}
    for entry in reader.outline:
        for inner in entry if isinstance(entry, list) else []:
            if not isinstance(inner, list) and str(inner.title).startswith("Attached: "):
                page = reader.get_destination_page_number(inner)
                assert page is not None
                marks[str(inner.title)] = page
    assert set(marks) == {
        "Attached: Genogram (Whitlock family)",
        "Attached: Drawing of the family home by the older sibling",
    }
    for page in marks.values():
        assert len(reader.pages[page].images) == 1
        # the item's number follows the agenda (items before R-0005 come and go as the demo grows)
        assert re.search(r"Item \d+ \(R-0005\), continued", reader.pages[page].extract_text() or "")


def test_each_earlier_decision_is_headed_by_why_it_comes_back(packs: list[Path]) -> None:
    """R-0012's reconsideration is not called a review; the reviews are."""
    from pypdf import PdfReader

    text = " ".join(" ".join((page.extract_text() or "").split()) for page in PdfReader(packs[0]).pages)
    assert (
        "The decision to reconsider This item reconsiders the panel's decision of Thursday 3 December 2026 on R-0012."
        in text
    )
    assert text.count("Review of an earlier decision") == 3  # R-0013, R-0002 and R-0010


def test_the_family_network_meeting_is_dated_in_words(packs: list[Path]) -> None:
    from pypdf import PdfReader

    text = " ".join(" ".join((page.extract_text() or "").split()) for page in PdfReader(packs[0]).pages)
    assert "Family network meeting held Yes, on Friday 30 October 2026" in text  # R-0012's, not "Yes: 2026-10-30"
    assert "Yes: 20" not in text
