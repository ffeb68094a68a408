"""Meeting attachments (meetings/<date>/*.pdf, *.docx, *.odt): only these types, each verified by its content.

An attachment is published on the site as it is, so it must be what its name says: a PDF starts with `%PDF-`, a
Word document is a zip with the Word content types (no macros), an OpenDocument text is a zip whose first entry
is its `mimetype`. HTML is never an attachment: the site would serve it as a page, with any script it holds.
"""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path
from typing import BinaryIO

from generator.io import files

ATTACHMENT_TYPES = {".pdf": "PDF", ".docx": "Word document", ".odt": "OpenDocument text"}
"""Suffix → what the file must be."""
MAX_ATTACHMENT_BYTES = 50_000_000
"""A meeting's papers are a few MB; anything larger is a mistake or an attack."""

_DOCX_MAIN = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_ODT_MIME = b"application/vnd.oasis.opendocument.text"
_ZIP_PART_LIMIT = 1_000_000
_HINT = "export the document again from the program that made it, or remove it"


def is_attachment_name(name: str) -> bool:
    """True for a name with one of the allowed suffixes (any case)."""
    return Path(name).suffix.lower() in ATTACHMENT_TYPES


def content_problem(name: str, handle: BinaryIO) -> str | None:
    """Why the file open in `handle` (seekable) is not the kind of file `name` says it is, or None when it is."""
    suffix = Path(name).suffix.lower()
    what = ATTACHMENT_TYPES.get(suffix)
    if what is None:
        allowed = ", ".join(ATTACHMENT_TYPES)
        return f"{suffix or 'a file without a suffix'} is not an allowed attachment type ({allowed})"
    if suffix == ".pdf":
        return None if handle.read(5) == b"%PDF-" else "is named .pdf but is not a PDF (it does not start with %PDF-)"
    try:
        archive = zipfile.ZipFile(handle)
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        return f"is named {suffix} but is not a {what} (not a zip archive)"
    with archive:
        return _docx_problem(archive) if suffix == ".docx" else _odt_problem(archive)


def check_attachment(path: Path, root: Path) -> None:
    """Raise FileRefused unless `path` is a regular file in `root` and what its name says (reads only the header)."""
    descriptor, _ = files.open_regular(path, root=root, limit=MAX_ATTACHMENT_BYTES)
    with os.fdopen(descriptor, "rb") as handle:
        problem = content_problem(path.name, handle)
    if problem is not None:
        raise files.FileRefused("attachment-content", problem, _HINT)


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


def read_attachment(path: Path, root: Path) -> bytes:
    """The bytes of the attachment at `path` in the repository at `root`; raises FileRefused saying why not."""
    data = files.read_regular(path, limit=MAX_ATTACHMENT_BYTES, root=root)
    problem = content_problem(path.name, io.BytesIO(data))
    if problem is not None:
        raise files.FileRefused("attachment-content", problem, _HINT)
    return data
