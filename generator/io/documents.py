"""Documents attached to a referral (submissions/<id>/): PDF, PNG and JPEG only, each proved by parsing it.

A referral's documents go into the pack and onto the site, so each must be what its name says and nothing
more: a PDF that pikepdf (qpdf) opens, not encrypted, within the page limit, with no JavaScript, automatic
or launch actions, or embedded files; a PNG or JPEG that Pillow reads in full, within the pixel limit.
Names are lower-case letters, digits, hyphens and underscores with one suffix, so they are safe as file
names and in addresses everywhere they are copied.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

DOCUMENT_TYPES = {".pdf": "PDF", ".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG"}
"""Suffix → the format the file must be in."""
SAFE_NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,62}\.(?:pdf|png|jpg|jpeg)")
"""A document's name: safe as a file name and in a URL on every system it is copied to."""
NAME_HINT = (
    "rename it with lower-case letters, digits, hyphens or underscores and a .pdf, .png or .jpg suffix "
    "(e.g. genogram.pdf), and list it under attachments: in the referral"
)
_ACTIVE_KEYS = ("/JS", "/JavaScript", "/OpenAction", "/AA", "/Launch", "/EmbeddedFiles", "/RichMedia", "/XFA")
_ACTIVE_ACTIONS = ("/JavaScript", "/Launch", "/ImportData", "/SubmitForm", "/GoToE", "/RichMediaExecute")
_MAX_OBJECTS = 200_000
"""More objects than a scanned document of the page limit could need: refused rather than walked."""


@dataclass(frozen=True)
class Limits:
    """How large a document may be (panel.yml `attachments`)."""

    max_bytes: int
    max_pdf_pages: int
    max_image_pixels: int


@dataclass(frozen=True)
class Document:
    """A document that passed: its format and its pages (1 for an image)."""

    format: str
    pages: int


class Refused(Exception):
    """A document that is not accepted: a diagnostic code, what is wrong, and what to do."""

    def __init__(self, code: str, message: str, hint: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.hint = hint


def suffix_of(name: str) -> str:
    """'.pdf' for 'genogram.pdf' (lower case)."""
    return name[name.rfind(".") :].lower() if "." in name else ""


def inspect(name: str, data: bytes, limits: Limits) -> Document:
    """The document `name` holding `data`, or Refused saying why it is not accepted."""
    if len(data) > limits.max_bytes:
        raise Refused(
            "attachment-too-large",
            f"is {len(data):,} bytes; documents may be at most {limits.max_bytes:,} (attachments.max_bytes)",
            "reduce it (e.g. print it to PDF again at a lower image quality) or split it",
        )
    suffix = suffix_of(name)
    if suffix == ".pdf":
        return _pdf(data, limits)
    if suffix in DOCUMENT_TYPES:
        return _image(data, DOCUMENT_TYPES[suffix], limits)
    raise Refused("attachment-type", f"{suffix or 'no suffix'}: only PDF, PNG and JPEG are attached", NAME_HINT)


def _pdf(data: bytes, limits: Limits) -> Document:
    import pikepdf  # loaded only when a referral has a PDF

    if not data.startswith(b"%PDF-"):
        raise Refused("attachment-content", "is named .pdf but is not a PDF (it does not start with %PDF-)", _AGAIN)
    try:
        pdf = pikepdf.open(io.BytesIO(data))
    except pikepdf.PasswordError:
        raise Refused("attachment-encrypted", "is an encrypted PDF (it needs a password)", _DECRYPT) from None
    except (pikepdf.PdfError, ValueError, RuntimeError, RecursionError) as exc:
        detail = re.sub(r"^stream <[^>]*>:? *", "", str(exc))[:200]
        raise Refused("attachment-content", f"is named .pdf but could not be read as one ({detail})", _AGAIN) from None
    with pdf:
        if pdf.is_encrypted:
            raise Refused("attachment-encrypted", "is an encrypted PDF (even with no password to open it)", _DECRYPT)
        pages = len(pdf.pages)
        if pages > limits.max_pdf_pages:
            raise Refused(
                "attachment-too-many-pages",
                f"has {pages} pages; documents may have at most {limits.max_pdf_pages} (attachments.max_pdf_pages)",
                "attach only the pages the panel needs",
            )
        if pages == 0:
            raise Refused("attachment-content", "is a PDF with no pages", _AGAIN)
        found = _active_content(pdf)
        if found:
            raise Refused(
                "attachment-active-content",
                f"is a PDF with active content ({found}), which is never passed on to the pack or the site",
                "print it to a new PDF (Print > Save as PDF): that keeps the pages and drops scripts and files",
            )
    return Document("PDF", pages)


def _active_content(pdf: object) -> str:
    """The first sign of scripts, automatic or launch actions or embedded files in the PDF, or ''."""
    import pikepdf

    assert isinstance(pdf, pikepdf.Pdf)
    for index, obj in enumerate(pdf.objects):
        if index > _MAX_OBJECTS:
            return f"more than {_MAX_OBJECTS:,} objects"
        dictionary = obj.stream_dict if isinstance(obj, pikepdf.Stream) else obj
        if not isinstance(dictionary, pikepdf.Dictionary):
            continue
        for key in _ACTIVE_KEYS:
            if key in dictionary:
                return key
        if dictionary.get("/Type") == pikepdf.Name.EmbeddedFile or "/EF" in dictionary:
            return "/EmbeddedFile"
        action = dictionary.get("/S")
        if isinstance(action, pikepdf.Name) and str(action) in _ACTIVE_ACTIONS:
            return str(action)
    return ""


def _image(data: bytes, expected: str, limits: Limits) -> Document:
    from PIL import Image, UnidentifiedImageError  # loaded only when a referral has an image

    try:
        with Image.open(io.BytesIO(data)) as image:
            found, (width, height) = image.format, image.size
            if found != expected:
                raise Refused(
                    "attachment-content", f"is named as a {expected} image but is {found or 'not an image'}", _AGAIN
                )
            if width * height > limits.max_image_pixels:
                raise Refused(
                    "attachment-too-large",
                    f"is {width} x {height} pixels; images may have at most {limits.max_image_pixels:,} "
                    "(attachments.max_image_pixels)",
                    "save it again at a smaller size",
                )
            image.verify()
        with Image.open(io.BytesIO(data)) as image:
            image.load()  # every pixel decoded: a truncated or corrupt image fails here, not in the pack
    except Refused:
        raise
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
        detail = re.sub(r" ?<_io\.BytesIO object at 0x[0-9a-f]+>", " the file", str(exc))[:200]
        message = f"is named as a {expected} image but could not be read ({detail})"
        raise Refused("attachment-content", message, _AGAIN) from None
    return Document(expected, 1)


_AGAIN = "save or export the document again as PDF, PNG or JPEG from the program that made it"
_DECRYPT = "save a copy without a password or restrictions (or print it to a new PDF) and attach that"
