"""A referral's attached documents through the real commands: `panel agenda` → `panel pack` → `panel build`.

The pack prints each document after the referral under a bookmarked heading, each page a picture with alternative
text and the marking in the page's header and footer, in the one tagged PDF; the DOCX names them; the site copies
them beside the referral's page and links them, titles escaped. A hostile document never reaches either.
"""

from __future__ import annotations

import io
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from click.testing import CliRunner, Result
from docx import Document
from pypdf import PdfReader

from generator.cli import main
from panelfixtures.documents import documents_repo
from panelfixtures.gitrun import git

pytestmark = pytest.mark.slow
NOW = "2026-11-30T10:00"
PACKS = "build/packs/2026-12-03"


def panel(root: Path, *args: str) -> Result:
    return CliRunner().invoke(main, [*args, "--root", str(root)], env={"PANEL_NOW": NOW})


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The documents repository with its agenda written by `panel agenda` and committed, its pack and its site."""
    root = documents_repo(tmp_path_factory.mktemp("pipeline") / "panel")
    result = panel(root, "agenda", "2026-12-03")
    assert result.exit_code == 0, result.output
    git(root, "add", "-A", date="2026-11-30T18:00:00+00:00")
    git(root, "commit", "-q", "-m", "Agenda", date="2026-11-30T18:00:00+00:00")
    for args in (("pack", "2026-12-03"), ("build",)):
        result = panel(root, *args)
        assert result.exit_code == 0, result.output
    return root


def _outline(reader: PdfReader) -> list[tuple[int, str, int]]:
    """(depth, title, page number) of each bookmark."""
    found: list[tuple[int, str, int]] = []

    def walk(items: Sequence[Any], depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                page = reader.get_destination_page_number(item)
                assert page is not None
                found.append((depth, str(item.title), page + 1))

    walk(reader.outline, 0)
    return found


def test_the_pack_appends_each_document_with_a_bookmark_and_the_marking(built: Path) -> None:
    reader = PdfReader(built / PACKS / "pack-v1.pdf")
    outline = _outline(reader)
    titles = [title for _, title, _ in outline]
    attached = [
        "Attached: Genogram",
        "Attached: Child and family assessment",
        "Attached: Drawing of the family home <b>&amp;</b>",
    ]
    assert all(t in titles for t in attached), titles
    item = titles.index(next(t for t in titles if t.startswith("Item 2: R-0001")))
    sheet = titles.index("Decision sheet (Part B): item 2, R-0001")
    # After the referral's own sections and before its decision sheet, one level under the item.
    assert item < titles.index(attached[0]) < titles.index(attached[2]) < sheet
    assert {depth for depth, title, _ in outline if title in attached} == {1}
    genogram_page = next(page for _, title, page in outline if title == attached[0])
    assessment_page = next(page for _, title, page in outline if title == attached[1])
    assert assessment_page == genogram_page + 1  # the genogram is one page, under its heading
    for number in range(genogram_page, assessment_page + 2):  # the genogram and both assessment pages
        text = reader.pages[number - 1].extract_text() or ""
        assert text.count("OFFICIAL-SENSITIVE") == 2, (number, text)  # header and footer
        assert "Item 2 (R-0001), continued" in text
    assert "dated 20 Oct 2026" in (reader.pages[assessment_page - 1].extract_text() or "")


def test_each_page_picture_has_alternative_text_in_the_tagged_pdf(built: Path) -> None:
    with pikepdf.open(built / PACKS / "pack-v1.pdf") as pdf:
        assert pdf.Root.MarkInfo.Marked
        alts = {str(obj.Alt) for obj in pdf.objects if isinstance(obj, pikepdf.Dictionary) and "/Alt" in obj}
        pictures = sum(len(page.get_images()) for page in pdf.pages)
    assert {
        "Genogram, page 1 of 1",
        "Child and family assessment, page 1 of 2",
        "Child and family assessment, page 2 of 2",
        "Drawing of the family home <b>&amp;</b>, page 1 of 1",
    } <= alts, alts
    assert pictures >= 4


def test_the_docx_names_each_document(built: Path) -> None:
    text = "\n".join(p.text for p in Document(io.BytesIO((built / PACKS / "pack-v1.docx").read_bytes())).paragraphs)
    assert "Attached: Genogram" in text
    assert "Child and family assessment (assessment.pdf, PDF, 2 pages, dated 20 Oct 2026)." in text
    assert "Drawing of the family home <b>&amp;</b> (home.png, PNG, 1 page)." in text


def test_the_site_links_each_document_beside_the_referral(built: Path) -> None:
    for name in ("genogram.pdf", "assessment.pdf", "home.png"):
        assert (built / "site/referrals/R-0001" / name).read_bytes() == (
            built / "submissions/R-0001" / name
        ).read_bytes()
    html = (built / "site/referrals/R-0001.html").read_text(encoding="utf-8")
    assert 'href="R-0001/genogram.pdf"' in html and 'href="R-0001/home.png"' in html
    assert "Drawing of the family home &lt;b&gt;&amp;amp;&lt;/b&gt;" in html and "<b>&amp;</b>" not in html
    assert not (built / "site/referrals/R-0002").exists()


def test_a_hostile_document_never_reaches_the_pack_or_the_site(built: Path, tmp_path: Path) -> None:
    root = tmp_path / "panel"
    shutil.copytree(built, root)
    shutil.rmtree(root / "build")
    shutil.rmtree(root / "site")
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.Root.OpenAction = pdf.make_indirect(
        pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)"))
    )
    pdf.save(root / "submissions/R-0001/genogram.pdf")
    result = panel(root, "pack", "2026-12-03")
    assert result.exit_code != 0
    assert "submissions/R-0001/genogram.pdf:1:1: error[attachment-active-content]" in result.output
    assert not (root / PACKS).exists()
    result = panel(root, "build")
    assert "submissions/R-0001/genogram.pdf:1:1: error[attachment-active-content]" in result.output
    assert not (root / "site/referrals/R-0001/genogram.pdf").exists()
    assert not (root / "build/site-src/docs/referrals/R-0001/genogram.pdf").exists()
