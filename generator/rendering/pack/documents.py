"""A referral's attached documents as page pictures for the Typst pack: each PDF page rasterised, images as they are.

Typst cannot place a PDF page in a document, so each page is drawn at `DPI` (pdfium) and printed as a picture on a
page of its own, under a heading (the pack's bookmark) and with alternative text, so the pack stays one tagged PDF
with the marking in every page's header and footer. Only documents `panel check` accepted reach here.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from generator.domain.referrals.model import AttachedDocument

DPI = 150
"""Sharp enough to read a scanned assessment in print; a page is ~100–400 kB as PNG."""
_SUFFIX = {"PDF": "png", "PNG": "png", "JPEG": "jpg"}


@dataclass(frozen=True)
class PagePicture:
    """One page of an attached document, as the pack prints it."""

    name: str
    """The picture's file name beside the Typst source (made here: letters, digits, hyphens, a suffix)."""
    alt: str
    """What a screen reader says: 'Genogram, page 2 of 3'."""


def pictures(referral_id: str, index: int, document: AttachedDocument) -> list[PagePicture]:
    """The page pictures of the referral's `index`th document (names only; `picture_files` makes them)."""
    stem = f"doc-{referral_id.lower()}-{index}"
    suffix = _SUFFIX[document.format]
    title = document.attachment.title
    return [
        PagePicture(f"{stem}-{page}.{suffix}", f"{title}, page {page} of {document.pages}")
        for page in range(1, document.pages + 1)
    ]


def picture_files(referral_id: str, index: int, document: AttachedDocument) -> dict[str, bytes]:
    """File name → bytes of each page picture of the document."""
    names = [p.name for p in pictures(referral_id, index, document)]
    if document.format != "PDF":
        return {names[0]: document.data}
    import pypdfium2  # loaded only when a pack prints a PDF

    found: dict[str, bytes] = {}
    pdf = pypdfium2.PdfDocument(document.data)
    try:
        for number, name in enumerate(names):
            page = pdf[number]
            try:
                image = page.render(scale=DPI / 72).to_pil()
            finally:
                page.close()
            out = io.BytesIO()
            image.save(out, format="PNG", optimize=False)
            found[name] = out.getvalue()
    finally:
        pdf.close()
    return found
