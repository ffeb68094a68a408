"""`panel build` links and copies the packs `panel pack` wrote to build/packs/<date>/, safely and incrementally."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import pytest

from generator.commands.build import build_site
from generator.commands.site_packs import meeting_packs
from generator.domain.calendar import LONDON
from generator.rendering.site.packfiles import file_size
from panelfixtures.documents import paper_pdf
from tests.records_helpers import make_panel

NOW = dt.datetime(2026, 12, 4, 10, 0, tzinfo=LONDON)
DAY = dt.date(2026, 12, 3)
PACKS = Path("build/packs/2026-12-03")


def place(root: Path, name: str, size: int, fill: bytes = b"x") -> bytes:
    """A placeholder pack file of exactly `size` bytes (the site only copies and links it)."""
    data = (b"%PDF-1.7 fictional " if name.endswith(".pdf") else b"PK fictional ") + fill * size
    data = data[:size]
    path = root / PACKS / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return data


def papers(html: str) -> list[tuple[str, str]]:
    """(href, text) of each link in the meeting page's Papers list, in order."""
    section = html.split('id="papers"', 1)[1].split("<h2", 1)[0]
    return re.findall(r'<a href="([^"]+)">([^<]+)</a>', section)


def test_file_sizes_read_naturally() -> None:
    assert [file_size(n) for n in (1, 950, 1000, 412_345, 999_499, 999_500, 3_400_000)] == [
        "1 byte",
        "950 bytes",
        "1 kB",
        "412 kB",
        "999 kB",
        "1.0 MB",
        "3.4 MB",
    ]


def test_only_regular_files_with_pack_names_are_taken(tmp_path: Path) -> None:
    outside = tmp_path / "secret.pdf"
    outside.write_bytes(b"not for the site")
    for name in ("pack-v1.pdf", "supplement-v2.docx", "supplement-v10.pdf", "items/R-0001.pdf"):
        place(tmp_path, name, 100)
    for name in ("notes.txt", "pack-v1.pdf.tmp", "pack-v0.pdf", "pack-1.pdf", "Pack-v1.PDF", "items/R-9999.pdf"):
        place(tmp_path, name, 100)
    (tmp_path / PACKS / "pack-v3.pdf").symlink_to(outside)
    (tmp_path / PACKS / "items/R-0002.pdf").symlink_to(outside)
    (tmp_path / PACKS / "supplement-v4.pdf").mkdir()
    found = meeting_packs(tmp_path, DAY, {"R-0001", "R-0002"})
    assert [f.name for f in found.versions] == ["supplement-v10.pdf", "supplement-v2.docx", "pack-v1.pdf"]
    assert [f.label for f in found.versions][:2] == [
        "Supplementary pack v10 (PDF, 100 bytes)",
        "Supplementary pack v2 (DOCX, 100 bytes)",
    ]
    assert list((found.items or {}).keys()) == ["R-0001"]


def test_a_symlinked_packs_folder_is_not_followed(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    place(elsewhere, "pack-v1.pdf", 100)
    root = tmp_path / "panel"
    (root / "build").mkdir(parents=True)
    (root / "build/packs").symlink_to(elsewhere / "build/packs")
    assert meeting_packs(root, DAY, set()).versions == ()
    (root / "build/packs").unlink()
    (root / "build/packs").mkdir()
    (root / PACKS).symlink_to(elsewhere / PACKS)
    assert meeting_packs(root, DAY, set()).versions == ()


@pytest.fixture(scope="module")
def packed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_panel(tmp_path_factory.mktemp("packs") / "panel", ("R-0001", "R-0002"))
    place(root, "pack-v1.pdf", 412_345)
    place(root, "pack-v1.docx", 2_600)
    place(root, "items/R-0001.pdf", 900)
    outside = root.parent / "private.pdf"
    outside.write_bytes(b"%PDF private")
    (root / PACKS / "pack-v7.pdf").symlink_to(outside)
    (root / "meetings/2026-12-03/pack-v1.pdf").write_bytes(paper_pdf("stored copy"))  # the built pack takes its place
    build_site(root, NOW)
    return root


@pytest.mark.slow
def test_meeting_page_links_each_pack_file_and_the_site_holds_it(packed: Path) -> None:
    site = packed / "site"
    html = (site / "meetings/2026-12-03.html").read_text()
    assert papers(html) == [
        ("2026-12-03/pack-v1.pdf", "Paper pack v1 (PDF, 412 kB)"),
        ("2026-12-03/pack-v1.docx", "Paper pack v1 (DOCX, 3 kB)"),
    ]
    for name in ("pack-v1.pdf", "pack-v1.docx", "items/R-0001.pdf"):
        assert (site / "meetings/2026-12-03" / name).read_bytes() == (packed / PACKS / name).read_bytes(), name
    assert not (site / "meetings/2026-12-03/pack-v7.pdf").exists(), "a symlink is never followed"
    assert not list(site.rglob("private.pdf"))
    assert not list(packed.glob(".site.*")), "the files went through the staging folder, which is gone"


@pytest.mark.slow
def test_referral_page_links_its_own_papers(packed: Path) -> None:
    html = (packed / "site/referrals/R-0001.html").read_text()
    link = '<a href="../meetings/2026-12-03/items/R-0001.pdf">This referral\'s papers (PDF, 900 bytes)</a>'
    assert link in html and "for the meeting of Thursday 3 December 2026" in html
    assert "This referral's papers" not in (packed / "site/referrals/R-0002.html").read_text()


@pytest.mark.slow
def test_a_new_supplement_appears_after_a_rebuild_and_only_changed_files_are_copied(packed: Path) -> None:
    site = packed / "site"
    before = {p: p.stat().st_mtime_ns for p in site.rglob("*") if p.is_file()}
    place(packed, "supplement-v2.pdf", 12_400)
    place(packed, "supplement-v2.docx", 5_000)
    changed_docx = place(packed, "pack-v1.docx", 2_600, fill=b"y")
    os.utime(packed / PACKS / "pack-v1.docx", ns=(1_900_000_000_000_000_000,) * 2)
    result = build_site(packed, NOW)
    assert result.dirty
    html = (site / "meetings/2026-12-03.html").read_text()
    assert papers(html) == [
        ("2026-12-03/supplement-v2.pdf", "Supplementary pack v2 (PDF, 12 kB)"),
        ("2026-12-03/supplement-v2.docx", "Supplementary pack v2 (DOCX, 5 kB)"),
        ("2026-12-03/pack-v1.pdf", "Paper pack v1 (PDF, 412 kB)"),
        ("2026-12-03/pack-v1.docx", "Paper pack v1 (DOCX, 3 kB)"),
    ]
    folder = site / "meetings/2026-12-03"
    assert (folder / "supplement-v2.pdf").read_bytes() == (packed / PACKS / "supplement-v2.pdf").read_bytes()
    assert (folder / "pack-v1.docx").read_bytes() == changed_docx
    after = {p: p.stat().st_mtime_ns for p in site.rglob("*") if p.is_file()}
    copied = sorted(p.relative_to(site).as_posix() for p in after if after[p] != before.get(p))
    pack_copies = [p for p in copied if p.startswith("meetings/2026-12-03/")]
    assert pack_copies == [
        "meetings/2026-12-03/pack-v1.docx",
        "meetings/2026-12-03/supplement-v2.docx",
        "meetings/2026-12-03/supplement-v2.pdf",
    ]
    assert "meetings/2026-12-03.html" in copied

    (packed / PACKS / "supplement-v2.docx").unlink()
    build_site(packed, NOW)
    assert not (folder / "supplement-v2.docx").exists()
    assert "supplement-v2.docx" not in (site / "meetings/2026-12-03.html").read_text()
