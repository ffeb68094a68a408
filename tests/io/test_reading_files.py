"""Only regular files inside the repository are read or published (issue 8, items 1 and 6).

Every kind of entry that is not a regular file — symbolic links (to a secret outside, to a file inside, dangling,
into /proc), named pipes, sockets, devices and folders — is put in the place of every file the program reads:
panel.yml, a referral, a meeting record, a decision, an agenda and a meeting attachment, and in the place of
every folder on the way. The real commands (`panel check`, `panel build`, `panel pack`) refuse it with a located
error and a fix, never hang, and never read or publish what it points to.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import signal
import socket
import stat
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.commands.build import load_meeting_files
from generator.io.documents import Limits
from panelfixtures.documents import paper_pdf
from tests.records_helpers import MEETING_DAY, PANEL_FILES, make_panel

SECRET = "SECRET-7f3a-never-published"
DAY = MEETING_DAY
LIMITS = Limits(max_bytes=20_000_000, max_pdf_pages=30, max_image_pixels=40_000_000)
PLACES = {**PANEL_FILES, "attachment": f"meetings/{DAY}/papers.pdf"}
FOLDERS = {
    "submissions": "submissions",
    "meeting folder": f"meetings/{DAY}",
    "decisions": f"meetings/{DAY}/decisions",
}
KINDS = (
    "symlink-outside",
    "symlink-inside",
    "symlink-dangling",
    "symlink-proc-environ",
    "symlink-proc-kmsg",
    "fifo",
    "socket",
    "device",
    "folder",
)


@pytest.fixture(autouse=True)
def never_hangs() -> Iterator[None]:
    """A command that blocks (on a FIFO, /proc/kmsg) fails the test instead of hanging the suite."""

    def expire(signum: int, frame: object) -> None:
        raise TimeoutError("the command blocked reading a file")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(60)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A valid panel repository with a referral, agenda, meeting record, decision and a real PDF attachment."""
    root = make_panel(tmp_path_factory.mktemp("reading") / "panel", ("R-0001",))
    (root / PLACES["attachment"]).write_bytes(paper_pdf("fictional papers"))
    return root


@pytest.fixture
def panel(template: Path, tmp_path: Path) -> Path:
    """A fresh copy of the template repository, with a secret file beside it (outside the repository)."""
    root = tmp_path / "p"
    shutil.copytree(template, root, symlinks=True)
    return root


def replace_with(root: Path, relative: str, kind: str) -> None:
    """Put an entry of `kind` where `relative` was, keeping a copy of what was there to point at."""
    path = root / relative
    original = root.parent / "outside" / relative
    original.parent.mkdir(parents=True, exist_ok=True)
    if path.is_dir():
        shutil.copytree(path, original)
        shutil.rmtree(path)
    else:
        data = path.read_bytes()
        original.write_bytes(data + (b"" if relative.endswith(".pdf") else f"\n{SECRET}\n".encode()))
        path.unlink()
    if kind == "symlink-outside":
        path.symlink_to(original)
    elif kind == "symlink-inside":
        inside = root / "shared" / relative
        inside.parent.mkdir(parents=True, exist_ok=True)
        if original.is_dir():
            shutil.copytree(original, inside)
        else:
            shutil.copy(original, inside)
        path.symlink_to(os.path.relpath(inside, path.parent))
    elif kind == "symlink-dangling":
        path.symlink_to(root / "nowhere")
    elif kind == "symlink-proc-environ":
        path.symlink_to("/proc/self/environ")
    elif kind == "symlink-proc-kmsg":
        path.symlink_to("/proc/kmsg")
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind == "socket":
        here = Path.cwd()
        os.chdir(path.parent)  # a relative name keeps the address within AF_UNIX's 108 bytes
        try:
            server = socket.socket(socket.AF_UNIX)
            server.bind(path.name)
            server.close()
        finally:
            os.chdir(here)
    elif kind == "device":
        try:
            os.mknod(path, stat.S_IFCHR | 0o600, os.makedev(1, 3))
        except PermissionError:
            pytest.skip("creating a device node needs privileges")
    elif kind == "folder":
        path.mkdir()
        (path / "inside.md").write_text(SECRET, encoding="utf-8")


def expected_code(kind: str) -> str:
    return "file-symlink" if kind.startswith("symlink") else "file-not-regular"


def run(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, [*args, "--root", str(root)], env={"PANEL_NOW": "2026-12-04T10:00"})
    assert not isinstance(result.exception, TimeoutError), "the command hung"
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.output


def published(root: Path) -> str:
    """Every byte under site/ and build/, as text, to search for the secret."""
    found = []
    for folder in (root / "site", root / "build"):
        if folder.is_dir():
            for path in folder.rglob("*"):
                if path.is_file() and not path.is_symlink():
                    found.append(path.read_bytes().decode("utf-8", "replace"))
    return "\n".join(found)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("place", PLACES)
def test_check_refuses_every_non_regular_file_with_a_located_fix(panel: Path, place: str, kind: str) -> None:
    relative = PLACES[place]
    replace_with(panel, relative, kind)
    code, out = run(panel, "check")
    assert code == (2 if place == "panel.yml" else 1), out
    assert f"{relative}:1:1: error[{expected_code(kind)}]: " in out, out
    assert "hint:" in out
    assert "symbolic link" in out if kind.startswith("symlink") else "not a regular file" in out
    assert SECRET not in out


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("place", PLACES)
def test_build_refuses_and_publishes_nothing(panel: Path, place: str, kind: str) -> None:
    relative = PLACES[place]
    replace_with(panel, relative, kind)
    code, out = run(panel, "build")
    assert code != 0, out
    assert relative in out
    assert SECRET not in published(panel)
    assert not (panel / "site").exists()


@pytest.mark.parametrize("kind", ["symlink-outside", "symlink-inside", "symlink-proc-environ", "fifo", "folder"])
@pytest.mark.parametrize("place", ["panel.yml", "referral", "agenda"])
def test_pack_refuses_what_it_would_lay_out(panel: Path, place: str, kind: str) -> None:
    relative = PLACES[place]
    replace_with(panel, relative, kind)
    code, out = run(panel, "pack", DAY)
    assert code != 0, out
    assert relative in out and ("symbolic link" in out or "not a regular file" in out), out
    assert SECRET not in published(panel)


@pytest.mark.parametrize("kind", ["symlink-outside", "symlink-inside", "symlink-dangling", "fifo", "socket"])
@pytest.mark.parametrize("folder", FOLDERS)
def test_a_folder_on_the_way_that_is_not_a_real_folder_is_refused(panel: Path, folder: str, kind: str) -> None:
    relative = FOLDERS[folder]
    replace_with(panel, relative, kind)
    code, out = run(panel, "check")
    assert code == 1, out
    assert f"{relative}" in out and "error[file-" in out, out
    code, out = run(panel, "build")
    assert code != 0
    assert SECRET not in published(panel)


def test_the_repository_folder_itself_may_be_reached_through_a_link(panel: Path, tmp_path: Path) -> None:
    """Only what is inside the repository is looked at: a checkout reached through a symlink is fine."""
    link = tmp_path / "link-to-panel"
    link.symlink_to(panel)
    code, out = run(link, "check")
    assert code == 0, out


def test_stray_entries_among_referrals_and_decisions_are_named(panel: Path) -> None:
    """submissions/ and decisions/ hold only <id>.md records: a folder or another file is an error saying so."""
    decisions = f"meetings/{DAY}/decisions"
    for folder in ("submissions", decisions):
        (panel / folder / "drafts").mkdir()
        (panel / folder / "notes.txt").write_text("notes")
    code, out = run(panel, "check")
    assert code == 1
    for line in (
        "submissions/drafts/:1:1: error[attachment-orphan]: is a folder of documents, but there is no referral "
        "submissions/drafts.md beside it",
        "submissions/notes.txt:1:1: error[unexpected-file]: is not a referral (a .md file) and nothing reads it",
        f"{decisions}/drafts:1:1: error[unexpected-folder]: is a folder; decisions/ holds only decision files",
        f"{decisions}/notes.txt:1:1: error[unexpected-file]: is not a decision (a .md file) and nothing reads it",
    ):
        assert line in out, out


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("notes.txt", b"minutes in plain text"),
        ("pack.html", b"<script>alert(1)</script>"),
        ("photo.svg", b"<svg onload=alert(1)>"),
        ("script.js", b"alert(1)"),
        (".DS_Store", b"\x00\x01"),
    ],
)
def test_unexpected_files_in_a_meeting_folder_are_errors(panel: Path, name: str, content: bytes) -> None:
    (panel / f"meetings/{DAY}" / name).write_bytes(content)
    code, out = run(panel, "check")
    assert code == 1
    assert f"meetings/{DAY}/{name}:1:1: error[unexpected-file]: " in out and "hint:" in out


@pytest.mark.parametrize(
    "relative",
    ["submissions/photo.jpg", "submissions/drafts/R-0009.md", "meetings/notes.txt", f"meetings/{DAY}/decisions/x.txt"],
)
def test_unexpected_files_and_folders_elsewhere_are_errors(panel: Path, relative: str) -> None:
    path = panel / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("anything", encoding="utf-8")
    code, out = run(panel, "check")
    assert code == 1
    if relative.startswith("submissions/drafts"):
        # A folder in submissions/ holds a referral's documents (issue 13 §5): one with no referral is an orphan.
        assert "submissions/drafts/:1:1: error[attachment-orphan]: " in out, out
    else:
        assert f"{relative}:1:1: error[unexpected-" in out, out


def test_readme_and_gitkeep_are_allowed(panel: Path) -> None:
    for folder in ("submissions", "meetings", f"meetings/{DAY}", f"meetings/{DAY}/decisions"):
        (panel / folder / "README.md").write_text("Notes for people.\n", encoding="utf-8")
        (panel / folder / ".gitkeep").write_text("", encoding="utf-8")
    code, out = run(panel, "check")
    assert code == 0, out


def test_site_lists_no_attachment_that_is_not_a_regular_file(panel: Path) -> None:
    """Below the check, the site's own listing passes over links and pipes (what the check would refuse)."""
    folder = panel / "meetings" / DAY
    (folder / "linked.pdf").symlink_to(folder / "papers.pdf")
    os.mkfifo(folder / "pipe.pdf")
    (folder / "fake.pdf").write_bytes(b"<html><script>alert(1)</script>")
    (folder / "page.html").write_bytes(b"<script>alert(1)</script>")

    _, packs = load_meeting_files(panel, iter([dt.date(2026, 12, 3)]), LIMITS)
    assert packs == {dt.date(2026, 12, 3): ["papers.pdf"]}


def _zip(entries: list[tuple[str, bytes]], *, stored_first: bool = False) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for index, (name, data) in enumerate(entries):
            method = zipfile.ZIP_STORED if stored_first and index == 0 else zipfile.ZIP_DEFLATED
            archive.writestr(name, data, compress_type=method)
    return buffer.getvalue()


DOCX_TYPES = (
    b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Override PartName="/word/document.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)


def _hostile_pdf(change: str) -> bytes:
    """A real one-page PDF made hostile as a meeting paper could be: encrypted or carrying a script."""
    pdf = pikepdf.new()
    pdf.add_blank_page()
    out = io.BytesIO()
    if change == "encrypted":
        pdf.save(out, encryption=pikepdf.Encryption(owner="owner", user=""))
    else:
        pdf.Root.OpenAction = pdf.make_indirect(
            pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)"))
        )
        pdf.save(out)
    return out.getvalue()


PDF = paper_pdf("fictional papers")
DOCX = _zip([("[Content_Types].xml", DOCX_TYPES), ("word/document.xml", b"<w:document/>")])
ODT = _zip(
    [("mimetype", b"application/vnd.oasis.opendocument.text"), ("content.xml", b"<office:document-content/>")],
    stored_first=True,
)
ATTACHMENTS = {
    "real.pdf": (PDF, None),
    "real.docx": (DOCX, None),
    "real.odt": (ODT, None),
    "UPPER.PDF": (PDF, None),
    "passwd.pdf": (b"root:x:0:0:root:/root:/bin/bash\n", "attachment-content"),
    "script.pdf": (b"<html><script>alert(1)</script></html>", "attachment-content"),
    "late-header.pdf": (b"\n%PDF-1.7\n", "attachment-content"),
    # Meeting papers pass the referral documents' checker (generator.io.documents): same limits, same errors.
    "header-only.pdf": (b"%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n", "attachment-content"),
    "encrypted.pdf": (_hostile_pdf("encrypted"), "attachment-encrypted"),
    "scripted.pdf": (_hostile_pdf("javascript"), "attachment-active-content"),
    "long.pdf": (paper_pdf(pages=31), "attachment-too-many-pages"),
    "text.docx": (b"not a zip", "attachment-content"),
    "other-zip.docx": (_zip([("a.txt", b"x")]), "attachment-content"),
    "macros.docx": (
        _zip([("[Content_Types].xml", DOCX_TYPES), ("word/vbaProject.bin", b"\x00")]),
        "attachment-content",
    ),
    "docx-as.odt": (DOCX, "attachment-content"),
    "wrong-mime.odt": (
        _zip(
            [("mimetype", b"application/vnd.oasis.opendocument.spreadsheet"), ("content.xml", b"")], stored_first=True
        ),
        "attachment-content",
    ),
    "page.html": (b"<p>papers</p>", "unexpected-file"),
    "page.htm": (b"<p>papers</p>", "unexpected-file"),
    "image.svg": (b"<svg/>", "unexpected-file"),
}


@pytest.mark.parametrize("name", ATTACHMENTS)
def test_attachments_are_verified_by_content(panel: Path, name: str) -> None:
    data, problem = ATTACHMENTS[name]
    (panel / f"meetings/{DAY}" / name).write_bytes(data)
    code, out = run(panel, "check")
    if problem is None:
        assert code == 0, out
    else:
        assert code == 1 and f"meetings/{DAY}/{name}:1:1: error[{problem}]: " in out and "hint:" in out, out


def test_meeting_papers_are_held_to_panel_yml_attachment_limits(panel: Path) -> None:
    """The limits in panel.yml `attachments` apply to a meeting's PDF papers as to a referral's documents."""
    config = panel / "panel.yml"
    config.write_text(
        config.read_text(encoding="utf-8") + "\nattachments:\n  max_pdf_pages: 1\n  max_bytes: 10000\n",
        encoding="utf-8",
    )
    folder = panel / f"meetings/{DAY}"
    (folder / "two-pages.pdf").write_bytes(paper_pdf(pages=2))
    (folder / "large.pdf").write_bytes(paper_pdf("x" * 11000))
    code, out = run(panel, "check")
    assert code == 1, out
    assert (
        f"meetings/{DAY}/two-pages.pdf:1:1: error[attachment-too-many-pages]: has 2 pages; documents may have at most 1 "
        "(attachments.max_pdf_pages)" in out
    ), out
    assert f"meetings/{DAY}/large.pdf:1:1: error[attachment-too-large]: " in out and "attachments.max_bytes" in out
    assert f"meetings/{DAY}/papers.pdf" not in out
    _, packs = load_meeting_files(panel, iter([dt.date(2026, 12, 3)]), Limits(10_000, 1, 1000))
    assert packs == {dt.date(2026, 12, 3): ["papers.pdf"]}


@pytest.mark.slow
def test_build_publishes_exactly_the_verified_attachments(panel: Path) -> None:
    folder = panel / f"meetings/{DAY}"
    for name in ("real.pdf", "real.docx", "real.odt"):
        (folder / name).write_bytes(ATTACHMENTS[name][0])
    code, out = run(panel, "build")
    assert code == 0, out
    site = panel / "site" / "meetings" / DAY
    for name in ("papers.pdf", "real.pdf", "real.docx", "real.odt"):
        assert (site / name).read_bytes() == (folder / name).read_bytes()
    (folder / "page.html").write_bytes(b"<script>alert(1)</script>")
    code, out = run(panel, "build")
    assert code == 1 and f"meetings/{DAY}/page.html" in out
    assert not (site / "page.html").exists()
