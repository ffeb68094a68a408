"""Render PDF pages to PNG (pypdfium2, no Pillow) so a person can look at them."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pypdfium2 as pdfium


def _png(width: int, height: int, stride: int, pixels: bytes, channels: int) -> bytes:
    rows = b"".join(b"\x00" + pixels[y * stride : y * stride + width * channels] for y in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    colour = 2 if channels == 3 else 0
    header = struct.pack(">IIBBBBB", width, height, 8, colour, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b"")


def rgb(bitmap: pdfium.PdfBitmap) -> bytes:
    """A rendered page's pixels as rows of R, G, B bytes (alpha or padding dropped), `bitmap.width * 3` a row."""
    width, height, channels, stride = bitmap.width, bitmap.height, bitmap.n_channels, bitmap.stride
    data = bytes(bitmap.buffer)
    if channels == 3 and stride == width * 3:
        return data
    if stride != width * channels:
        data = b"".join(data[y * stride : y * stride + width * channels] for y in range(height))
    out = bytearray(width * height * 3)
    for colour in range(3):  # extended slices copy in C: no loop over the pixels in Python
        out[colour::3] = data[colour::channels]
    return bytes(out)


def render_pages(pdf: Path, folder: Path, pages: int = 2, scale: float = 1.0) -> list[Path]:
    """Write the first `pages` pages of `pdf` as page-N.png files in `folder`; returns their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    document = pdfium.PdfDocument(str(pdf))
    written = []
    try:
        for index in range(min(pages, len(document))):
            bitmap = document[index].render(scale=scale, rev_byteorder=True, may_draw_forms=False)
            path = folder / f"{pdf.stem}-page-{index + 1}.png"
            path.write_bytes(_png(bitmap.width, bitmap.height, bitmap.width * 3, rgb(bitmap), 3))
            written.append(path)
    finally:
        document.close()
    return written
