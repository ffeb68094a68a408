"""`panel sar`: a subject access bundle from a repository built with the real commands (issue 15, item 2)."""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from click.testing import CliRunner, Result

from generator.cli import main
from panelfixtures import REPO
from tests.pack.pdftext import flat, pages

pytestmark = pytest.mark.slow
NOW = "2026-12-07T12:00"


def _demo() -> ModuleType:
    spec = importlib.util.spec_from_file_location("panel_demo", REPO / "tools" / "demo.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["panel_demo"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The example panel replayed with its approval history, its agenda written and its pack circulated, by `panel`."""
    demo = _demo()
    root = tmp_path_factory.mktemp("sar") / "demo"
    root.mkdir()
    saved = os.environ.get("PANEL_NOW")
    os.environ["PANEL_NOW"] = "2026-12-07T10:00"
    try:
        demo.replay_history(root)
        demo.panel(root, "agenda", demo.MEETING)
        demo.git(root, "add", "meetings")
        demo.git(root, "commit", "-q", "-m", f"Agenda for {demo.MEETING}", date="2026-11-22T09:30:00+00:00")
        demo.panel(root, "pack", demo.MEETING, "--circulate", when="2026-12-07T11:00:00+00:00")
    finally:
        if saved is None:
            os.environ.pop("PANEL_NOW", None)
        else:
            os.environ["PANEL_NOW"] = saved
    yield root


def sar(root: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["sar", "--root", str(root), *args], env={"PANEL_NOW": NOW})


def test_a_childs_bundle_holds_their_records_and_no_other_childs(repo: Path) -> None:
    result = sar(repo, "--child", "LCS-204118")
    assert result.exit_code == 0, result.output
    folder = repo / "build" / "sar" / "LCS-204118"
    assert sorted(p.name for p in folder.iterdir()) == ["bundle.pdf", "index.md"]
    assert "1 circulated pack(s)" in result.output

    index = (folder / "index.md").read_text(encoding="utf-8")
    assert index.startswith("**OFFICIAL-SENSITIVE**") and "DRAFT FOR REVIEW" in index
    for record in (
        "referral `submissions/R-0001.md`",
        "decision `meetings/2026-12-03/decisions/R-0001.md`",
        "minutes `meetings/2026-12-03/meeting.md` (1 line(s))",
        "circulated pack `pack/2026-12-10/v1` (sent to 5 member(s) by Sam Okoro <sam.okoro@council.example>)",
        "agenda item 3 of 2026-12-03",
    ):
        assert record in index, record

    texts = pages(folder / "bundle.pdf")
    assert all("OFFICIAL-SENSITIVE" in page for page in texts), "every page is marked"
    text = flat(" ".join(texts))
    assert "Alfie Thornbury" in text and "LCS-204118" in text
    # His sister shares the referral: her name, first name and case id are withheld, and her row left out.
    assert "Maisie" not in text and "LCS-204117" not in text
    assert "[another child] said she wants" in text and "1 other child(ren) in this shared record: withheld" in text
    # No other child in the repository appears at all.
    assert set(re.findall(r"LCS-\d{6}", text)) == {"LCS-204118"}
    # What the panel decided, what the minutes say, and the register rows.
    assert "Decision on R-0001, Thursday 3 December 2026" in text and "Priya Shah presented the request" in text
    assert "Children's histories" in text and "Refer Alfie to the autism outreach team" in text
    # The circulated pack that carried his actions, who circulated it and the members it went to.
    assert "pack/2026-12-10/v1" in text.replace(" ", "") and "Sam Okoro" in text
    for member in ("Dana Whitfield", "Owen Marsh", "Grace Adeyemi", "Lena Novak", "Ruth Bell"):
        assert member in text
    assert "R-0001: After-school support package for two siblings" in text  # the history of his records


def test_a_childs_bundle_holds_the_documents_attached_to_their_referrals(repo: Path) -> None:
    """The unborn baby's referral (R-0005) carries a genogram: the bundle copies the checked bytes and lists them."""
    result = sar(repo, "--child", "LCS-204128")
    assert result.exit_code == 0, result.output
    folder = repo / "build" / "sar" / "LCS-204128"
    copied = folder / "documents" / "R-0005" / "genogram.pdf"
    assert copied.read_bytes() == (repo / "submissions" / "R-0005" / "genogram.pdf").read_bytes()
    index = (folder / "index.md").read_text(encoding="utf-8")
    assert "- document `documents/R-0005/genogram.pdf` (PDF, 1 page(s)), attached to `R-0005`" in index
    assert "Read every document in `documents/`" in index
    text = flat(" ".join(pages(folder / "bundle.pdf")))
    assert "Documents attached to the referrals" in text and "Genogram (Whitlock family)" in text
    assert "documents/R-0005/genogram.pdf" in text.replace(" ", "")
    # A person named in that referral gets the records, never the child's case papers.
    before = set((repo / "build" / "sar").iterdir())
    person = sar(repo, "--person", "Helen Strand")
    assert person.exit_code == 0, person.output
    (folder,) = set((repo / "build" / "sar").iterdir()) - before
    assert "genogram" not in person.output and not (folder / "documents").exists()
    shutil.rmtree(folder)


def test_the_folder_is_replaced_whole_and_leaves_no_debris(repo: Path) -> None:
    folder = repo / "build" / "sar" / "LCS-204125"
    assert sar(repo, "--child", "LCS-204125").exit_code == 0
    (folder / "stale.txt").write_text("from an earlier request", encoding="utf-8")
    assert sar(repo, "--child", "LCS-204125").exit_code == 0
    assert sorted(p.name for p in folder.iterdir()) == ["bundle.pdf", "index.md"]
    assert [p.name for p in folder.parent.iterdir() if p.name.startswith(".")] == []


def test_a_persons_bundle_by_email_withholds_every_child(repo: Path) -> None:
    result = sar(repo, "--person", "Priya.Shah+sar@council.example")
    assert result.exit_code == 0, result.output
    (folder,) = [p for p in (repo / "build" / "sar").iterdir() if p.name.startswith("person-")]
    assert "priya" not in folder.name.casefold()  # no address in a file name
    index = (folder / "index.md").read_text(encoding="utf-8")
    assert "`submissions/R-0001.md`" in index and "`submissions/R-0010.md`" in index
    text = flat(" ".join(pages(folder / "bundle.pdf")))
    assert "Priya Shah" in text
    assert "Alfie" not in text and "Maisie" not in text and not re.findall(r"LCS-\d{6}", text)
    assert "[a child]" in text


@pytest.mark.parametrize(
    ("args", "code", "said"),
    [
        (("--child", "LCS-999999"), 1, "no referral names a child with case id 'LCS-999999'"),
        (("--person", "Maisie Thornbury"), 1, "ask with --child LCS-204117"),
        (("--person", "nobody@example.org"), 1, "has the address 'nobody@example.org'"),
        ((), 2, "give exactly one of --child CASE-ID or --person EMAIL|NAME"),
        (("--child", "LCS-204118", "--person", "Priya Shah"), 2, "give exactly one"),
    ],
)
def test_refusals_say_why(repo: Path, args: tuple[str, ...], code: int, said: str) -> None:
    result = sar(repo, *args)
    assert result.exit_code == code and said in result.output, result.output
