"""Fictional documents to attach to referrals: a genogram and an assessment as real PDFs (made by Typst), a PNG."""

from __future__ import annotations

import functools
import io
import shutil
from pathlib import Path

GENOGRAM = """
#set page(paper: "a4", flipped: true, margin: 1.5cm)
#set text(font: "DejaVu Sans", size: 11pt)
#let male(x, y, name) = place(dx: x, dy: y,
  box(width: 2.4cm, height: 1.6cm, stroke: 1.2pt, inset: 4pt)[#align(center)[#name]])
#let female(x, y, name) = place(dx: x, dy: y,
  circle(radius: 1cm, stroke: 1.2pt)[#align(center)[#text(size: 8pt)[#name]]])
#let line-at(x1, y1, x2, y2) = place(line(start: (x1, y1), end: (x2, y2), stroke: 1pt))
= Genogram (fictional): the FAMILY family
#v(0.4cm)
#box(width: 100%, height: 13cm)[
  #male(2cm, 0.5cm, [Grandfather\\ 1961])
  #female(6.2cm, 0.3cm, [Grandmother 1963])
  #line-at(4.4cm, 1.3cm, 6.2cm, 1.3cm)
  #line-at(5.3cm, 1.3cm, 5.3cm, 4.5cm)
  #female(4.3cm, 4.5cm, [Mother\\ 1992])
  #male(9cm, 4.7cm, [Father\\ 1990])
  #line-at(6.3cm, 5.5cm, 9cm, 5.5cm)
  #line-at(7.6cm, 5.5cm, 7.6cm, 8.5cm)
  #line-at(4.5cm, 8.5cm, 11cm, 8.5cm)
  #line-at(4.5cm, 8.5cm, 4.5cm, 9.2cm)
  #line-at(11cm, 8.5cm, 11cm, 9.2cm)
  #male(3.3cm, 9.2cm, [Child A\\ 2014])
  #female(10cm, 9.2cm, [Child B 2017])
  #place(dx: 15cm, dy: 1cm, block(width: 8cm, stroke: 0.5pt, inset: 8pt)[
    *Key* \\ Square: male #h(1em) Circle: female \\ Horizontal line: partners \\ Vertical line: children
    \\ Every name on this page is fictional.
  ])
]
"""

ASSESSMENT = """
#set page(paper: "a4", margin: 2cm)
#set text(font: "DejaVu Sans", size: 11pt)
= Child and family assessment (fictional)
Completed by a fictional social worker. Every name and fact here is invented for testing.
== Summary
#lorem(180)
#pagebreak()
== Analysis and plan
#lorem(220)
"""


@functools.cache
def typst_pdf(source: str) -> bytes:
    """A real PDF made by Typst from `source`."""
    import typst

    compiler = typst.Compiler(font_paths=["/usr/share/fonts/truetype/dejavu"], ignore_system_fonts=True)
    result = compiler.compile(input=source.encode("utf-8"), format="pdf")
    assert isinstance(result, bytes)
    return result


def genogram_pdf(family: str = "Thornbury") -> bytes:
    """A one-page landscape genogram of a fictional family."""
    return typst_pdf(GENOGRAM.replace("FAMILY", family))


def assessment_pdf() -> bytes:
    """A two-page fictional assessment."""
    return typst_pdf(ASSESSMENT)


def paper_pdf(note: str = "", pages: int = 1) -> bytes:
    """A small real PDF (blank A4 pages; `note` kept readable in the file as a PDF comment): a meeting paper."""
    import pikepdf

    pdf = pikepdf.new()
    for _ in range(pages):
        pdf.add_blank_page(page_size=(595, 842))
    if note:
        pdf.pages[0].obj.Contents = pdf.make_stream(f"% {note}\n".encode())
    out = io.BytesIO()
    pdf.save(out, compress_streams=False, deterministic_id=True)
    return out.getvalue()


def photo_png(width: int = 480, height: int = 320) -> bytes:
    """A PNG picture (a drawing of a house): an image attachment."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (width, height), (235, 242, 250))
    draw = ImageDraw.Draw(image)
    draw.rectangle((width // 4, height // 2, 3 * width // 4, height - 20), fill=(200, 120, 90), outline=(60, 40, 30))
    draw.polygon(
        [(width // 5, height // 2), (width // 2, height // 5), (4 * width // 5, height // 2)], fill=(120, 60, 50)
    )
    draw.rectangle((width // 2 - 20, height - 90, width // 2 + 20, height - 20), fill=(90, 60, 40))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


ATTACHMENTS = """attachments:
  - file: genogram.pdf
    title: Genogram
    kind: genogram
  - file: assessment.pdf
    title: Child and family assessment
    kind: assessment
    dated: 2026-10-20
  - file: home.png
    title: "Drawing of the family home <b>&amp;</b>"
"""
"""R-0001's documents (the last title is hostile text: it must be escaped everywhere)."""


def with_attachments(text: str, attachments: str = ATTACHMENTS) -> str:
    """A referral with `attachments` added at the end of its front matter."""
    head, sep, rest = text.partition("\n---\n")
    return head + "\n" + attachments.rstrip("\n") + sep + rest


def documents_repo(root: Path) -> Path:
    """The example's panel.yml; R-0001 (with a genogram, an assessment and a picture) and R-0002 signed off, merged."""
    from panelfixtures import EXAMPLE_PANEL_YML
    from panelfixtures.gitrun import approved_by, git, merge_approved
    from panelfixtures.people import APPROVERS, WORKER
    from panelfixtures.referrals import synthetic_referral
    from panelfixtures.repos import COMMIT_DATE

    root.mkdir(parents=True)
    shutil.copy(EXAMPLE_PANEL_YML, root / "panel.yml")
    (root / ".gitignore").write_text("build/\nsite/\n", encoding="utf-8")
    git(root, "init", "-q", "-b", "main", date=COMMIT_DATE)
    git(root, "add", "-A", date=COMMIT_DATE)
    git(root, "commit", "-q", "-m", "Terms of reference", date=COMMIT_DATE)
    folder = root / "submissions" / "R-0001"
    folder.mkdir(parents=True)
    (root / "submissions/R-0001.md").write_text(with_attachments(synthetic_referral(1)), encoding="utf-8")
    (root / "submissions/R-0002.md").write_text(synthetic_referral(2), encoding="utf-8")
    (folder / "genogram.pdf").write_bytes(genogram_pdf())
    (folder / "assessment.pdf").write_bytes(assessment_pdf())
    (folder / "home.png").write_bytes(photo_png())
    trailers = approved_by(*APPROVERS)
    merge_approved(root, "referrals", None, "Referrals", date=COMMIT_DATE, author=WORKER, trailers=trailers)
    return root
