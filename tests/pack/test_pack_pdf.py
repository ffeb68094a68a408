"""The PDF pack read back with pypdf: order, marking, page numbers, contents, cover, decision sheets."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import DictionaryObject, StreamObject

from generator.commands.pack import PackResult, build_pack
from panelfixtures.pictures import render_pages
from panelfixtures.referrals import MEETING, case_ids, title
from panelfixtures.repos import TODAY
from tests.pack.pdftext import contents, flat, pages

pytestmark = pytest.mark.slow


def pdf_of(result: PackResult) -> bytes:
    return result.documents["pack-v1.pdf"]


def test_pack_files_are_written_under_build_packs(built_pack: tuple[Path, PackResult]) -> None:
    root, result = built_pack
    folder = root / "build" / "packs" / "2026-12-03"
    assert sorted(p.name for p in folder.iterdir()) == ["pack-v1.docx", "pack-v1.pdf"]
    assert (folder / "pack-v1.pdf").read_bytes() == pdf_of(result)
    assert not [p for p in folder.parent.iterdir() if p.name.startswith(".")], "no temporary folders left behind"


def test_items_titles_and_case_ids_appear_in_agenda_order(built_pack: tuple[Path, PackResult]) -> None:
    _, result = built_pack
    texts = pages(pdf_of(result))
    first_item = next(i for i, t in enumerate(texts) if "Item 2:" in t and "Contents" not in t and "Agenda" not in t)
    body = flat(" ".join(texts[first_item:]))
    position = -1
    for n in (1, 2, 3):
        for needle in (f"(R-{n:04d})", *case_ids(n)):
            found = body.find(needle, position + 1)
            assert found > position, f"{needle} missing or out of order"
            position = found
    for n in (1, 2, 3):
        assert flat(title(n)) in flat(" ".join(texts))


def test_marking_top_and_bottom_of_every_page(built_pack: tuple[Path, PackResult]) -> None:
    _, result = built_pack
    for number, text in enumerate(pages(pdf_of(result)), start=1):
        lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
        assert lines[0] == "OFFICIAL-SENSITIVE", f"page {number} has no marking at the top"
        assert "OFFICIAL-SENSITIVE" in lines[-3:], f"page {number} has no marking at the bottom"


def test_page_x_of_y_on_first_and_last_page(built_pack: tuple[Path, PackResult]) -> None:
    _, result = built_pack
    texts = pages(pdf_of(result))
    total = len(texts)
    assert total > 10
    assert f"Page 1 of {total}" in texts[0]
    assert f"Page {total} of {total}" in texts[-1]


def test_contents_page_numbers_match_where_items_start(built_pack: tuple[Path, PackResult]) -> None:
    _, result = built_pack
    texts = pages(pdf_of(result))
    toc = contents(texts)
    assert list(toc)[:2] == ["Agenda", "Declarations of interest"]
    items = [entry for entry in toc if entry.startswith("Item ")]
    assert len(items) == 3
    for entry, page in toc.items():
        start = flat(texts[page - 1])
        assert start.startswith(f"OFFICIAL-SENSITIVE {entry}"), f"{entry!r} is not at the top of page {page}"
        assert f"Page {page} of {len(texts)}" in texts[page - 1]


def test_cover_states_meeting_chair_version_and_commit(built_pack: tuple[Path, PackResult]) -> None:
    _, result = built_pack
    cover = flat(pages(pdf_of(result))[0])
    for needle in (
        "London Borough of Bexley",
        "Resource and Care Panel",
        "Thursday 3 December 2026",
        # The terms of reference give the start and the venue, not the end (panel.yml assumes it).
        "from 14:00 (end time to be confirmed)",
        "Bexley Civic Centre",
        "Dana Whitfield",
        "Version 1",
        "27 November 2026 at 16:30",
    ):
        assert needle in cover, needle
    assert result.provenance is not None
    assert result.provenance.short in cover


def test_agenda_declarations_referral_layout_and_decision_sheet(built_pack: tuple[Path, PackResult]) -> None:
    _, result = built_pack
    text = flat(" ".join(pages(pdf_of(result))))
    assert "14:05 15 min Support package for the Okonkwo children (case 1) R-0001" in text
    assert "Declarations of interest" in text and "Grace Adeyemi" in text and "Ruth Bell" in text
    assert "Weekly cost £151" in text and "for the period £3,926" in text  # pypdf may split "T otal"
    assert "What are we worried about? What is working well? What needs to happen?" in text
    assert "Person Role Score Reason Priya Shah social worker 5" in text
    assert text.count("Decision sheet (Part B)") == 3
    for outcome in ("Resource approved", "Declined; alternative approved", "Deferred", "Return to panel"):
        assert f"\u2610 {outcome}" in text
    assert "Chair's name" in text and "Rationale" in text


def test_pdf_is_tagged_pdf_ua(built_pack: tuple[Path, PackResult]) -> None:
    _, result = built_pack
    reader = PdfReader(io.BytesIO(pdf_of(result)))
    catalog = reader.trailer["/Root"]
    assert isinstance(catalog, DictionaryObject)
    metadata = catalog["/Metadata"]
    assert isinstance(metadata, StreamObject)
    assert "/StructTreeRoot" in catalog
    mark_info = catalog["/MarkInfo"]
    assert isinstance(mark_info, DictionaryObject) and mark_info["/Marked"]
    assert b"pdfuaid" in metadata.get_data()
    assert reader.metadata is not None and "Resource and Care Panel" in (reader.metadata.title or "")


def test_same_sources_give_byte_identical_files(built_pack: tuple[Path, PackResult]) -> None:
    root, first = built_pack
    again = build_pack(root, MEETING, TODAY)
    assert again.documents == first.documents


def test_first_pages_render_to_png(built_pack: tuple[Path, PackResult], tmp_path: Path) -> None:
    root, _ = built_pack
    pictures = render_pages(root / "build" / "packs" / "2026-12-03" / "pack-v1.pdf", tmp_path, pages=2, scale=0.5)
    assert [p.name for p in pictures] == ["pack-v1-page-1.png", "pack-v1-page-2.png"]
    for picture in pictures:
        data = picture.read_bytes()
        assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 2000
