"""Named copies (`panel pack --copies`): one PDF per member, marked on every page, without their items."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from generator.cli import main
from panelfixtures import REPO
from panelfixtures.gitrun import git
from panelfixtures.referrals import LAST
from panelfixtures.repos import COMMIT_DATE, make_repo
from tests.pack.pdftext import flat, pages

pytestmark = pytest.mark.slow
MEMBERS = ("Dana Whitfield", "Owen Marsh", "Grace Adeyemi", "Lena Novak", "Ruth Bell")
"""The example panel's chair, vice chair and members, in panel.yml's order."""
MOTHER = f"Kerry {LAST[2 % len(LAST)]}"
"""R-0002's mother: Owen Marsh has a registered interest in her."""


@pytest.fixture(scope="module")
def circulated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """Three referrals on the agenda, an interest in R-0002 registered, the pack circulated with named copies."""
    root = make_repo(tmp_path_factory.mktemp("copies") / "panel", [1, 2, 3])
    register = (
        "interests:\n"
        f"  - {{member: Owen Marsh, person: {MOTHER}, nature: a close friend of the family, from: 2026-01-01}}\n"
    )
    (root / "interests.yml").write_text(register, encoding="utf-8")
    git(root, "add", "interests.yml", date=COMMIT_DATE)
    git(root, "commit", "-qm", "Register of interests", date=COMMIT_DATE)
    result = CliRunner().invoke(main, ["pack", "2026-12-03", "--root", str(root), "--copies", "--circulate"])
    assert result.exit_code == 0, result.output
    return root, result.output


def copy_file(root: Path, number: int, slug: str) -> Path:
    return root / "build/packs/2026-12-03/copies" / f"pack-v1-copy-{number:02d}-{slug}.pdf"


def test_each_member_gets_a_copy_marked_on_every_page(circulated: tuple[Path, str]) -> None:
    root, output = circulated
    folder = root / "build/packs/2026-12-03/copies"
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [f"pack-v1-copy-{n:02d}-{name.lower().replace(' ', '-')}.pdf" for n, name in enumerate(MEMBERS, 1)]
        + ["pack-v1-circulation.txt"]
    )
    assert "copies/pack-v1-copy-02-owen-marsh.pdf" in output
    for number, name in enumerate(MEMBERS, 1):
        texts = pages(copy_file(root, number, name.lower().replace(" ", "-")))
        assert all(f"Copy for {name} \u2014 {number} of 5" in flat(t) for t in texts), name


def test_a_copy_leaves_out_the_items_its_member_has_an_interest_in(circulated: tuple[Path, str]) -> None:
    root, _ = circulated
    owen = flat(" ".join(pages(copy_file(root, 2, "owen-marsh"))))
    dana = flat(" ".join(pages(copy_file(root, 1, "dana-whitfield"))))
    assert "Decision sheet (Part B): item 3, R-0002" in dana and "Decision sheet (Part B): item 3, R-0002" not in owen
    assert "Decision sheet (Part B): item 2, R-0001" in owen and "Decision sheet (Part B): item 4, R-0003" in owen
    assert "(case 2) (not in this copy: your registered interest) R-0002" in owen
    assert "This copy leaves out item 3 (R-0002): the register of interests records your interest" in owen
    # Her name is in Owen's copy only where his own registered interest is listed; the papers name her often.
    assert owen.count(MOTHER) == 1 and dana.count(MOTHER) >= 3
    # Every copy's declarations sheet (and the pack's) lists the declaration the register makes due.
    pack = flat(" ".join(pages(root / "build/packs/2026-12-03/pack-v1.pdf")))
    expected = f"Owen Marsh 3 (R-0002) person {MOTHER} (a family member): a close friend of the family"
    assert expected in pack and expected in dana


def test_the_circulation_tag_records_who_got_which_copy(circulated: tuple[Path, str]) -> None:
    root, _ = circulated
    message = git(root, "tag", "-l", "--format=%(contents)", "pack/2026-12-03/v1")
    for number, name in enumerate(MEMBERS, 1):
        path = copy_file(root, number, name.lower().replace(" ", "-"))
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        left = "R-0002" if name == "Owen Marsh" else "nothing"
        line = f"copy {number} of 5: {name}; leaves out {left}; sha256 {digest}  copies/{path.name}"
        assert line in message
    listed = (root / "build/packs/2026-12-03/copies/pack-v1-circulation.txt").read_text(encoding="utf-8")
    assert listed in message


def test_named_copies_stay_tagged_pdf(circulated: tuple[Path, str]) -> None:
    root, _ = circulated
    reader = PdfReader(io.BytesIO(copy_file(root, 2, "owen-marsh").read_bytes()))
    catalog = reader.trailer["/Root"]
    assert isinstance(catalog, DictionaryObject) and "/StructTreeRoot" in catalog
    mark_info = catalog["/MarkInfo"]
    assert isinstance(mark_info, DictionaryObject) and mark_info["/Marked"]


def test_copies_are_refused_where_they_cannot_be_made(circulated: tuple[Path, str]) -> None:
    root, _ = circulated
    runner = CliRunner()
    docx = runner.invoke(main, ["pack", "2026-12-03", "--root", str(root), "--copies", "--format", "docx"])
    assert docx.exit_code == 2 and "named copies are PDFs" in docx.output
    item = runner.invoke(main, ["pack", "2026-12-03", "--root", str(root), "--copies", "--item", "R-0001"])
    assert item.exit_code == 2 and "--copies" in item.output


def test_a_panel_template_that_cannot_mark_copies_is_refused(circulated: tuple[Path, str]) -> None:
    root, _ = circulated
    own = root / "templates/pack/pack.typ"
    own.parent.mkdir(parents=True)
    text = (REPO / "generator/templates/pack/pack.typ").read_text(encoding="utf-8")
    own.write_text("\n".join(line for line in text.splitlines() if "copy-for" not in line), encoding="utf-8")
    try:
        result = CliRunner().invoke(main, ["pack", "2026-12-03", "--root", str(root), "--copies", "--rebuild", "1"])
    finally:
        own.unlink()
        own.parent.rmdir()
        own.parent.parent.rmdir()
    assert result.exit_code == 1 and "templates/pack/pack.typ does not print copy-for" in result.output


def test_an_interest_declared_in_the_meeting_record_leaves_the_item_out_of_that_copy(
    tmp_path: Path,
) -> None:
    """Not only the register: an interest noted in meetings/<date>/meeting.md before the pack is built counts too."""
    root = make_repo(tmp_path / "panel", [1, 2, 3])
    (root / "meetings/2026-12-03/meeting.md").write_text(
        "---\nmeeting: 2026-12-03\nchair: Dana Whitfield\npresent: [Dana Whitfield, Owen Marsh, Lena Novak]\n"
        "declarations:\n  - {member: Lena Novak, item: R-0003, nature: she supervised the social worker}\n---\n",
        encoding="utf-8",
    )
    git(root, "add", "-A", date=COMMIT_DATE)
    git(root, "commit", "-qm", "Meeting record", date=COMMIT_DATE)
    result = CliRunner().invoke(main, ["pack", "2026-12-03", "--root", str(root), "--copies", "--format", "pdf"])
    assert result.exit_code == 0, result.output
    folder = root / "build/packs/2026-12-03/copies"
    [lena] = folder.glob("*-copy-04-lena-novak.pdf")
    text = flat(" ".join(pages(lena)))
    assert "Decision sheet (Part B): item 4, R-0003" not in text
    assert "(not in this copy: your declared interest) R-0003" in text
    assert "This copy leaves out item 4 (R-0003): the meeting's record notes your declared interest in it" in text
    [dana] = folder.glob("*-copy-01-dana-whitfield.pdf")
    assert "Decision sheet (Part B): item 4, R-0003" in flat(" ".join(pages(dana)))
