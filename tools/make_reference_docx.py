"""Regenerate generator/templates/pack/reference.docx from pandoc's default: A4, DejaVu Sans, marking in headers.

The header and footer say `{marking}`; `panel pack` puts the panel's protective marking there. A council may
replace the file with its own branded one (keep `{marking}` where the marking belongs, and pandoc's style names).
Run: .venv/bin/python tools/make_reference_docx.py
"""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pypandoc
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

TARGET = Path(__file__).resolve().parents[1] / "generator" / "templates" / "pack" / "reference.docx"


def field(paragraph, code: str) -> None:  # type: ignore[no-untyped-def]
    """Append a Word field (PAGE, NUMPAGES) to a paragraph."""
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, code), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
            run._r.append(element)
        elif text == code:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = f" {code} "
            run._r.append(instr)
        else:
            t = OxmlElement("w:t")
            t.text = text
            run._r.append(t)


def main() -> None:
    """Write the reference document."""
    default = subprocess.run(
        [pypandoc.get_pandoc_path(), "--print-default-data-file", "reference.docx"], capture_output=True, check=True
    ).stdout
    doc = Document(io.BytesIO(default))
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2)
    section.top_margin = section.bottom_margin = Cm(2.4)
    for name in ("Normal", "Body Text", "First Paragraph", "Compact"):
        if name in [s.name for s in doc.styles]:
            doc.styles[name].font.name = "DejaVu Sans"
            doc.styles[name].font.size = Pt(10)
    for name in ("Heading 1", "Heading 2", "Heading 3", "Title"):
        if name in [s.name for s in doc.styles]:
            doc.styles[name].font.name = "DejaVu Sans"
    header = section.header.paragraphs[0]
    header.text = ""
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    header.add_run("{marking}").bold = True
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("{marking}").bold = True
    numbers = section.footer.add_paragraph()
    numbers.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    numbers.add_run("Page ")
    field(numbers, "PAGE")
    numbers.add_run(" of ")
    field(numbers, "NUMPAGES")
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(TARGET))
    print(f"wrote {TARGET}")


if __name__ == "__main__":
    main()
