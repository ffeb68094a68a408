"""Documents attached to referrals (submissions/<id>/) through `panel check` on a real repository.

Hostile files (not really PDF, encrypted, JavaScript, over the limits, symbolic links, odd names, folders) are
each refused at their path with a fix, all in one run; the front matter's list is checked against the folder;
a type's required documents (panel.yml required_attachments) and the limits (panel.yml attachments) are applied.
"""

from __future__ import annotations

import io
import os
import re
import shutil
from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner
from PIL import Image

from generator.cli import main
from panelfixtures.documents import documents_repo, genogram_pdf

pytestmark = pytest.mark.slow
NOW = "2026-11-30T10:00"


def check(root: Path) -> tuple[int, str]:
    """`panel check` on the repository: its exit code and output."""
    result = CliRunner().invoke(main, ["check", "--root", str(root)], env={"PANEL_NOW": NOW})
    return result.exit_code, result.output


def errors(output: str) -> set[tuple[str, str]]:
    """(path, code) of each error reported."""
    return set(re.findall(r"^(.+?):\d+:\d+: error\[([a-z-]+)\]", output, re.M))


@pytest.fixture(scope="module")
def good(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return documents_repo(tmp_path_factory.mktemp("documents") / "panel")


def _copy(good: Path, tmp_path: Path) -> Path:
    root = tmp_path / "panel"
    shutil.copytree(good, root, symlinks=True)
    return root


def _add_entries(root: Path, entries: str) -> None:
    path = root / "submissions/R-0001.md"
    text = path.read_text(encoding="utf-8")
    anchor = '    title: "Drawing of the family home <b>&amp;</b>"\n'
    path.write_text(text.replace(anchor, anchor + entries), encoding="utf-8")


def _pdf(change: object = None, pages: int = 1, encrypt: bool = False) -> bytes:
    pdf = pikepdf.new()
    for _ in range(pages):
        pdf.add_blank_page()
    if callable(change):
        change(pdf)
    out = io.BytesIO()
    pdf.save(out, encryption=pikepdf.Encryption(owner="o", user="u") if encrypt else False)
    return out.getvalue()


def _script(pdf: pikepdf.Pdf) -> None:
    pdf.Root.OpenAction = pdf.make_indirect(
        pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)"))
    )


def test_listed_documents_pass(good: Path) -> None:
    code, output = check(good)
    assert code == 0, output
    assert errors(output) == set()


def test_hostile_files_are_each_refused_in_one_run(good: Path, tmp_path: Path) -> None:
    root = _copy(good, tmp_path)
    folder = root / "submissions/R-0001"
    (folder / "fake.pdf").write_bytes(b"<html><script>alert(1)</script></html>")
    (folder / "script.pdf").write_bytes(_pdf(_script))
    (folder / "locked.pdf").write_bytes(_pdf(encrypt=True))
    (folder / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n not really")
    (folder / "long.pdf").write_bytes(_pdf(pages=31))  # the default limit is 30 pages
    os.symlink("/etc/passwd", folder / "link.pdf")
    (folder / "Odd Name.pdf").write_bytes(genogram_pdf())
    (folder / "notes.pdf").write_bytes(genogram_pdf())  # not listed
    (folder / "inner").mkdir()
    (root / "submissions/R-0099").mkdir()
    (root / "submissions/R-0099/genogram.pdf").write_bytes(genogram_pdf())
    _add_entries(
        root,
        "".join(
            f"  - {{file: {name}, title: {name}}}\n"
            for name in ("fake.pdf", "script.pdf", "locked.pdf", "photo.png", "long.pdf", "link.pdf", "gone.pdf")
        )
        + "  - {file: genogram.pdf, title: Genogram again}\n",
    )
    code, output = check(root)
    assert code == 1
    s = "submissions/R-0001"
    assert errors(output) == {
        (f"{s}/fake.pdf", "attachment-content"),
        (f"{s}/script.pdf", "attachment-active-content"),
        (f"{s}/locked.pdf", "attachment-encrypted"),
        (f"{s}/photo.png", "attachment-content"),
        (f"{s}/long.pdf", "attachment-too-many-pages"),
        (f"{s}/link.pdf", "file-symlink"),
        (f"{s}/Odd Name.pdf", "attachment-name"),
        (f"{s}/notes.pdf", "attachment-unlisted"),
        (f"{s}/inner", "unexpected-folder"),
        ("submissions/R-0099/", "attachment-orphan"),
        (f"{s}.md", "attachment-missing"),
        (f"{s}.md", "attachment-duplicate"),
    }, output
    lines = (root / f"{s}.md").read_text(encoding="utf-8").splitlines()
    missing = next(n for n, line in enumerate(lines, 1) if "gone.pdf" in line)
    assert f"{s}.md:{missing}:" in output and "submissions/R-0001/gone.pdf is not there" in output
    assert "is named .pdf but is not a PDF" in output and "print it to a new PDF" in output
    assert "has 31 pages; documents may have at most 30 (attachments.max_pdf_pages)" in output
    assert "list it in submissions/R-0001.md: attachments: [{file: notes.pdf" in output


def test_a_name_outside_the_folder_is_refused_and_the_folder_still_checked(good: Path, tmp_path: Path) -> None:
    root = _copy(good, tmp_path)
    (root / "submissions/R-0001/script.pdf").write_bytes(_pdf(_script))
    _add_entries(root, "  - {file: ../../panel.yml, title: Traversal}\n  - {file: /etc/passwd.pdf, title: Abs}\n")
    code, output = check(root)
    assert code == 1
    assert ("submissions/R-0001.md", "field-format") in errors(output)
    assert "attachments[3].file: '../../panel.yml' is not in the expected form" in output
    assert "attachments[4].file: '/etc/passwd.pdf'" in output
    # The referral could not be read, yet its folder's hostile file is still reported in the same run.
    assert ("submissions/R-0001/script.pdf", "attachment-active-content") in errors(output)


def test_the_limits_in_panel_yml_apply(good: Path, tmp_path: Path) -> None:
    root = _copy(good, tmp_path)
    config = root / "panel.yml"
    limit = (root / "submissions/R-0001/assessment.pdf").stat().st_size + 100
    limits = f"attachments:\n  max_bytes: {limit}\n  max_pdf_pages: 1\n  max_image_pixels: 10000\n"
    config.write_text(config.read_text(encoding="utf-8") + limits, encoding="utf-8")
    big = Image.new("RGB", (200, 100), (10, 20, 30))
    out = io.BytesIO()
    big.save(out, format="PNG")
    (root / "submissions/R-0001/home.png").write_bytes(out.getvalue())
    code, output = check(root)
    assert code == 1
    found = errors(output)
    assert ("submissions/R-0001/assessment.pdf", "attachment-too-many-pages") in found  # 2 pages > 1
    assert ("submissions/R-0001/genogram.pdf", "attachment-too-large") not in found  # 1 page, within the bytes
    (root / "submissions/R-0001/genogram.pdf").write_bytes(genogram_pdf() + b"%" * limit)
    found = errors(check(root)[1])
    assert ("submissions/R-0001/genogram.pdf", "attachment-too-large") in found  # now over max_bytes
    assert ("submissions/R-0001/home.png", "attachment-too-large") in found  # 20,000 pixels > 10,000
    assert "(attachments.max_image_pixels)" in output


REQUIRED = """    required_attachments:
      - {kind: genogram, name: Genogram}
      - {kind: assessment, name: Social work assessment, within_days: 30}
"""


def _require(root: Path) -> None:
    """The example's s17-support type requires a genogram and an assessment dated within 30 days."""
    config = root / "panel.yml"
    text = config.read_text(encoding="utf-8")
    start = text.index("  - id: s17-support")
    end = text.index("\n  - id:", start + 5)
    config.write_text(text[:end] + "\n" + REQUIRED.rstrip("\n") + text[end:], encoding="utf-8")


def test_a_types_required_documents(good: Path, tmp_path: Path) -> None:
    root = _copy(good, tmp_path)
    _require(root)
    code, output = check(root)
    # R-0001's assessment is dated 20 October: 44 days before the 3 December meeting; R-0002 attaches nothing.
    assert code == 1
    assert errors(output) == {
        ("submissions/R-0001.md", "attachment-stale"),
        ("submissions/R-0002.md", "attachment-required"),
    }
    assert "the Social work assessment (assessment.pdf) is dated 2026-10-20, 44 days before the meeting" in output
    assert "a Section 17 support package referral needs the Genogram attached" in output
    path = root / "submissions/R-0001.md"
    path.write_text(path.read_text(encoding="utf-8").replace("dated: 2026-10-20", "dated: 2026-11-20"), "utf-8")
    r2 = root / "submissions/R-0002.md"
    r2.write_text(r2.read_text(encoding="utf-8").replace("\n---\n", "\nemergency: true\n---\n", 1), "utf-8")
    code, output = check(root)
    assert ("submissions/R-0001.md", "attachment-stale") not in errors(output), output
    assert ("submissions/R-0002.md", "attachment-required") not in errors(output), output  # an emergency


def test_check_reads_every_document_without_following_a_linked_folder(good: Path, tmp_path: Path) -> None:
    root = _copy(good, tmp_path)
    shutil.rmtree(root / "submissions/R-0001")
    os.symlink(good / "submissions/R-0001", root / "submissions/R-0001")
    code, output = check(root)
    assert code == 1
    found = errors(output)
    assert ("submissions/R-0001", "file-symlink") in found, output
    assert ("submissions/R-0001.md", "attachment-missing") in found
