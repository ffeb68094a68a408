"""The DOCX pack: pandoc with the council's reference.docx, the marking put into its header and footer."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Mapping
from pathlib import Path
from xml.sax.saxutils import escape

from generator.rendering.pack.pandoc import PackBuildError, pandoc

PLACEHOLDER = "{marking}"
_PARTS = re.compile(r"word/(header|footer)\d*\.xml")


def build_docx(markdown: str, templates: Path, metadata: Mapping[str, str], epoch: int, what: str) -> bytes:
    """The DOCX of the pack's markdown."""
    raw = pandoc(markdown, "docx", templates, metadata, epoch, what)
    return stamp_marking(raw, metadata.get("marking", ""), epoch)


def stamp_marking(docx: bytes, marking: str, epoch: int) -> bytes:
    """Replace {marking} in headers and footers; rewrite the zip with fixed dates so the bytes are reproducible."""
    moment = dt.datetime.fromtimestamp(max(epoch, 315532800), dt.UTC)
    stamp = (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second - moment.second % 2)
    out = io.BytesIO()
    try:
        with zipfile.ZipFile(io.BytesIO(docx)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for info in source.infolist():
                data = source.read(info.filename)
                if _PARTS.fullmatch(info.filename):
                    data = data.replace(PLACEHOLDER.encode(), escape(marking).encode("utf-8"))
                entry = zipfile.ZipInfo(info.filename, date_time=stamp)
                entry.compress_type = zipfile.ZIP_DEFLATED
                entry.external_attr = 0o644 << 16
                target.writestr(entry, data)
    except zipfile.BadZipFile as exc:
        raise PackBuildError(f"pandoc's DOCX could not be opened: {exc}") from exc
    return out.getvalue()
