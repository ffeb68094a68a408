"""Meeting attachments (meetings/<date>/*.pdf, *.docx, *.odt): only these types, each verified by its content.

An attachment is published on the site as it is, so it must be what its name says: a PDF passes the same checker
as a referral's documents (generator.io.documents: opened by qpdf, not encrypted, no scripts, actions or embedded
files, within panel.yml `attachments` limits, with the same errors), a Word document is a zip with the Word content
types (no macros), an OpenDocument text is a zip whose first entry is its `mimetype`. HTML is never an attachment:
the site would serve it as a page, with any script it holds.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import BinaryIO

from generator.io import documents, files

ATTACHMENT_TYPES = {".pdf": "PDF", ".docx": "Word document", ".odt": "OpenDocument text"}
"""Suffix → what the file must be."""
MAX_ATTACHMENT_BYTES = 50_000_000
"""A meeting's Word or OpenDocument papers are a few MB; anything larger is a mistake or an attack (a PDF's limit is
panel.yml `attachments.max_bytes`, as for a referral's documents)."""

_DOCX_MAIN = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_ODT_MIME = b"application/vnd.oasis.opendocument.text"
_ZIP_PART_LIMIT = 1_000_000
_HINT = "export the document again from the program that made it, or remove it"


def is_attachment_name(name: str) -> bool:
    """True for a name with one of the allowed suffixes (any case)."""
    return Path(name).suffix.lower() in ATTACHMENT_TYPES


def _zip_problem(name: str, handle: BinaryIO) -> str | None:
    """Why the Word or OpenDocument file open in `handle` (seekable) is not what `name` says, or None when it is."""
    suffix = Path(name).suffix.lower()
    what = ATTACHMENT_TYPES.get(suffix)
    if what is None or suffix == ".pdf":
        allowed = ", ".join(s for s in ATTACHMENT_TYPES if s != ".pdf")
        return f"{suffix or 'a file without a suffix'} is not a zip-based attachment type ({allowed})"
    try:
        archive = zipfile.ZipFile(handle)
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        return f"is named {suffix} but is not a {what} (not a zip archive)"
    with archive:
        return _docx_problem(archive) if suffix == ".docx" else _odt_problem(archive)


def check_attachment(path: Path, root: Path, limits: documents.Limits) -> None:
    """Raise FileRefused unless `path` is a regular file in `root` and what its name says (a PDF within `limits`)."""
    read_attachment(path, root, limits)


def read_attachment(path: Path, root: Path, limits: documents.Limits) -> bytes:
    """The bytes of the attachment at `path` in the repository at `root`; raises FileRefused saying why not."""
    is_pdf = Path(path.name).suffix.lower() == ".pdf"
    try:
        data = files.read_regular(path, limit=limits.max_bytes if is_pdf else MAX_ATTACHMENT_BYTES, root=root)
    except files.FileRefused as refused:
        if is_pdf and refused.code == "file-too-large":
            raise files.FileRefused(
                "attachment-too-large",
                f"{refused.message} (attachments.max_bytes in panel.yml)",
                "reduce it (e.g. print it to PDF again at a lower image quality) or split it",
            ) from None
        raise
    if is_pdf:
        try:
            documents.inspect(path.name, data, limits)
        except documents.Refused as refused:
            raise files.FileRefused(refused.code, refused.message, refused.hint) from None
        return data
    problem = _zip_problem(path.name, io.BytesIO(data))
    if problem is not None:
        raise files.FileRefused("attachment-content", problem, _HINT)
    return data


def _part(archive: zipfile.ZipFile, name: str) -> bytes | None:
    try:
        info = archive.getinfo(name)
        if info.file_size > _ZIP_PART_LIMIT:
            return None
        with archive.open(info) as handle:
            return handle.read(_ZIP_PART_LIMIT)
    except (KeyError, zipfile.BadZipFile, ValueError, OSError, NotImplementedError, RuntimeError, EOFError):
        return None


def _docx_problem(archive: zipfile.ZipFile) -> str | None:
    types = _part(archive, "[Content_Types].xml")
    if types is None or _DOCX_MAIN not in types:
        return "is named .docx but is not a Word document ([Content_Types].xml does not declare one)"
    if any(name.lower().endswith("vbaproject.bin") for name in archive.namelist()):
        return "is a Word document with macros, which are not published"
    return None


def _odt_problem(archive: zipfile.ZipFile) -> str | None:
    names = archive.namelist()
    if not names or names[0] != "mimetype" or _part(archive, "mimetype") != _ODT_MIME:
        return "is named .odt but is not an OpenDocument text (its first entry is not the mimetype)"
    if "content.xml" not in names:
        return "is named .odt but has no content.xml"
    return None
