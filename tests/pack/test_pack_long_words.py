"""Long unbroken words (a pasted token, a web address, an email) wrap: no text is drawn off the page or over a cell."""

from __future__ import annotations

import itertools
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from click.testing import CliRunner

from generator.cli import main
from panelfixtures.referrals import MEETING
from panelfixtures.repos import make_repo, submit
from tests.pack.pdftext import pages

pytestmark = pytest.mark.slow

CM = 72 / 2.54
MARGIN_X = 2 * CM
"""templates/pack/pack.typ: margin x 2cm."""
TOKEN = "Z" * 300
URL = "https://records.council.example/" + "/".join(f"segment{i:02d}" for i in range(25)) + "?q=" + "x" * 60
EMAIL = "a.very.long.name." + "w" * 80 + "@children-services.council.example"
CELL_WORD = "Abcdefghijklmnopqrst"
"""20 characters: an ordinary-length run that is still wider than one of eight table columns."""


def _long_words_repo(root: Path) -> Path:
    make_repo(root, [1, 2])
    path = root / "submissions" / "R-0001.md"
    text = path.read_text(encoding="utf-8")
    text = text.replace("provider: Oakfield Family Support", f"provider: {TOKEN[:120]}")
    text = text.replace("reason: Evenings are still hard for the family.", f"reason: {URL}")
    wide = "| " + " | ".join(f"{CELL_WORD}{i}" for i in range(8)) + " |\n|" + "---|" * 8 + "\n| "
    wide += " | ".join(CELL_WORD for _ in range(8)) + " |\n"
    # Dashes set relative widths in pandoc once a row is long: this first column gets a sliver of the page.
    sliver = "| Tiny | Wide |\n|-|" + "-" * 60 + "|\n| Documentation | " + "prose " * 20 + "|\n"
    body = (
        f"{wide}\n{sliver}\nA token {TOKEN} in a paragraph, an address {URL} and an email {EMAIL}.\n\n"
        f"| Who | Where |\n|---|---|\n| {EMAIL} | {URL} |\n\n- item {TOKEN}\n\n> quote {TOKEN}\n\n"
        f"`{TOKEN[:150]}`\n\n### Heading {TOKEN[:200]}\n\n"
    )
    text = text.replace("## Main issues\n\n", "## Main issues\n\n" + body, 1)
    submit(root, {"submissions/R-0001.md": text}, "Long words")
    return root


def stray_characters(pdf: Path) -> list[str]:
    """Characters drawn outside the text area (2cm side margins, the page top to bottom), or over another on their line."""
    found: list[str] = []
    document = pdfium.PdfDocument(str(pdf))
    for number, page in enumerate(document, start=1):
        width, height = page.get_size()
        text = page.get_textpage()
        lines: dict[int, list[tuple[float, float, str]]] = {}
        for index in range(text.count_chars()):
            char = text.get_text_range(index, 1)
            left, bottom, right, top = text.get_charbox(index)
            if not char.strip() or right <= left:
                continue
            if left < MARGIN_X - 1 or right > width - MARGIN_X + 1 or bottom < 0 or top > height:
                found.append(f"page {number}: {char!r} at x {left:.0f}-{right:.0f} (page {width:.0f} wide)")
            lines.setdefault(round(bottom), []).append((left, right, char))
        for boxes in lines.values():
            boxes.sort()
            for (before, right, char), (left, after, other) in itertools.pairwise(boxes):
                ligature = abs(left - before) < 0.1 and abs(after - right) < 0.1  # "ff" is one glyph, two characters
                if not ligature and right - left > 0.5 * min(right - before, after - left):  # kerning overlaps a little
                    found.append(f"page {number}: {other!r} drawn over {char!r} at x {left:.0f}")
        page.close()
    document.close()
    return found


@pytest.mark.parametrize("args", [[], ["--item", "R-0001"]], ids=["pack", "item"])
def test_long_words_stay_on_the_page(tmp_path: Path, args: list[str]) -> None:
    root = _long_words_repo(tmp_path / "panel")
    result = CliRunner().invoke(
        main,
        ["pack", MEETING.isoformat(), "--root", str(root), "--format", "pdf", *args],
        env={"PANEL_NOW": "2026-11-30T10:00"},
    )
    assert result.exit_code == 0, result.output
    folder = root / "build" / "packs" / MEETING.isoformat()
    pdf = folder / ("items/R-0001.pdf" if args else "pack-v1.pdf")
    assert stray_characters(pdf) == []
    joined = "".join("".join(pages(pdf.read_bytes())).split())
    for whole in (URL, EMAIL, TOKEN, CELL_WORD * 2, "Documentation"):
        assert whole in joined, f"{whole[:40]}... is not all there"
