"""The DOCX pack opened with python-docx: headings in order, tables, marking in header and footer."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from docx import Document

from generator.commands.pack import PackResult
from panelfixtures.referrals import title

pytestmark = pytest.mark.slow


def test_docx_headings_in_agenda_order(built_pack: tuple[Path, PackResult]) -> None:
    _, result = built_pack
    document = Document(io.BytesIO(result.documents["pack-v1.docx"]))
    top = [p.text for p in document.paragraphs if p.style is not None and p.style.name == "Heading 1"]
    assert top == [
        "Agenda",
        "Declarations of interest",
        *(f"Item {n + 1}: {title(n)} (R-{n:04d})" for n in (1, 2, 3)),
    ]
    second = [p.text for p in document.paragraphs if p.style is not None and p.style.name == "Heading 2"]
    assert second.count("Signs of Safety summary") == 3
    assert second.count("Projected costs") == 3
    assert [h for h in second if h.startswith("Decision sheet")] == [
        f"Decision sheet (Part B): item {n + 1}, R-{n:04d}" for n in (1, 2, 3)
    ]


def test_docx_has_the_tables(built_pack: tuple[Path, PackResult]) -> None:
    _, result = built_pack
    document = Document(io.BytesIO(result.documents["pack-v1.docx"]))
    headers = [tuple(c.text for c in t.rows[0].cells) for t in document.tables]
    assert ("Item", "Time", "Slot", "Business", "Referral", "Case ids") in headers
    assert headers.count(("What are we worried about?", "What is working well?", "What needs to happen?")) == 3
    assert headers.count(("Cost", "Amount")) == 3
    assert headers.count(("Person", "Role", "Score", "Reason")) == 3
    costs = next(t for t in document.tables if t.rows[0].cells[0].text == "Cost")
    assert [r.cells[0].text for r in costs.rows][1:4] == ["Weekly cost", "Weeks", "Period"]


def test_docx_marking_in_header_and_footer_with_page_numbers(built_pack: tuple[Path, PackResult]) -> None:
    _, result = built_pack
    document = Document(io.BytesIO(result.documents["pack-v1.docx"]))
    section = document.sections[0]
    assert [p.text for p in section.header.paragraphs] == ["OFFICIAL-SENSITIVE"]
    assert section.footer.paragraphs[0].text == "OFFICIAL-SENSITIVE"
    footer_xml = section.footer._element.xml
    assert " PAGE " in footer_xml and " NUMPAGES " in footer_xml
    assert "{marking}" not in footer_xml
    assert 'TOC \\o "1-1"' in document.element.xml
