"""Benchmark `panel pack`: a 20-referral pack (~1,200 words each) to PDF and DOCX, then 20 single-referral PDFs.

Run: .venv/bin/python bench/pack.py   (targets on the reference machine: under 5 s for each part)
"""

from __future__ import annotations

import io
import sys
import tempfile
import time
from pathlib import Path

from pypdf import PdfReader

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from generator.commands.pack import build_items, build_pack
from panelfixtures.referrals import MEETING, synthetic_referral
from panelfixtures.repos import TODAY, make_repo

REFERRALS = 20
SECTION_WORDS = 150  # 5 sections of 150 words + 5 of 75, plus the tables: about 1,200 words a referral


def main() -> None:
    """Build both, print the figures."""
    numbers = list(range(1, REFERRALS + 1))
    sample = synthetic_referral(1, section_words=SECTION_WORDS)
    print(f"referral size: ~{len(sample.split('---', 2)[2].split()) + 100} words (body + tables)")
    with tempfile.TemporaryDirectory(prefix="bench-pack-") as scratch:
        root = make_repo(Path(scratch) / "panel", numbers, section_words=SECTION_WORDS)
        build_pack(root, MEETING, TODAY, formats=("pdf",))  # warm caches (imports, fonts)
        started = time.perf_counter()
        result = build_pack(root, MEETING, TODAY)
        full = time.perf_counter() - started
        pdf_pages = len(PdfReader(io.BytesIO(result.documents["pack-v1.pdf"])).pages)
        docx_kb = len(result.documents["pack-v1.docx"]) // 1024
        print(f"full pack, {REFERRALS} referrals, PDF + DOCX: {full:.2f} s  (target < 5 s)")
        print(f"  PDF {pdf_pages} pages, {len(result.documents['pack-v1.pdf']) // 1024} kB; DOCX {docx_kb} kB")
        print(f"  {1000 * full / pdf_pages:.0f} ms per PDF page (PDF and DOCX together)")
        started = time.perf_counter()
        items = build_items(root, MEETING, TODAY, [f"R-{n:04d}" for n in numbers], formats=("pdf",))
        single = time.perf_counter() - started
        item_pages = sum(len(PdfReader(io.BytesIO(d)).pages) for d in items.documents.values())
        print(f"{REFERRALS} single-referral PDFs: {single:.2f} s  (target < 5 s)")
        print(f"  {item_pages} pages in all, {1000 * single / item_pages:.0f} ms per page")


if __name__ == "__main__":
    main()
