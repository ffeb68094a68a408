"""Two practitioners branching from the same main both get the next id: caught before merge, fixed in one command."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from generator.cli import main
from panelfixtures.gitrun import git
from panelfixtures.referrals import referral_text
from tests.records_helpers import make_panel

NOW = "2026-11-20T10:00"


def panel(root: Path, *args: str, code: int = 0) -> str:
    result = CliRunner().invoke(main, [*args, "--root", str(root)], env={"PANEL_NOW": NOW})
    assert result.exit_code == code, result.output
    return result.output


def start_referral(root: Path, branch: str, title: str) -> str:
    """On a new branch from main: `panel new referral`, filled in, committed; returns the id it got."""
    git(root, "checkout", "-q", "-b", branch, "main")
    out = panel(root, "new", "referral", "--type", "s17-support")
    referral_id = out.split("submissions/")[1].split(".md")[0]
    text = referral_text(referral_id, title=title)
    (root / "submissions" / f"{referral_id}.md").write_text(text, encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", f"{referral_id}: {title}")
    return referral_id


def test_the_same_id_on_two_branches_is_caught_and_renumbered(tmp_path: Path) -> None:
    root = make_panel(tmp_path / "panel", ("R-0001",), decided=False)
    alice = start_referral(root, "alice", "Respite for a carer")
    bob = start_referral(root, "bob", "Tutoring for a looked-after child")
    assert alice == bob == "R-0002"
    git(root, "checkout", "-q", "main")
    git(root, "merge", "-q", "--no-ff", "alice", "-m", "Merge alice")
    git(root, "checkout", "-q", "bob")

    out = panel(root, "check", code=1)
    assert "submissions/R-0002.md:2:5: error[id-taken]: main added R-0002 too since this branch started" in out
    assert "Respite for a carer" in out  # which commit on main took it
    assert "panel renumber R-0002  (this referral becomes R-0003)" in out
    assert "id-taken" not in panel(root, "check", "--against", "none")
    assert '"alice added R-0002 too' in panel(root, "check", "--format", "json", "--against", "alice", code=1)

    out = panel(root, "renumber", "R-0002")
    assert "renamed submissions/R-0002.md to submissions/R-0003.md (id: R-0003)" in out
    text = (root / "submissions/R-0003.md").read_text(encoding="utf-8")
    assert "\nid: R-0003\n" in text and "Tutoring for a looked-after child" in text
    assert not (root / "submissions/R-0002.md").exists()
    assert "id-taken" not in panel(root, "check")
    git(root, "commit", "-q", "-m", "Renumber R-0002 to R-0003")
    git(root, "checkout", "-q", "main")
    git(root, "merge", "--no-ff", "bob", "-m", "Merge bob")
    assert {p.name for p in (root / "submissions").iterdir()} == {"R-0001.md", "R-0002.md", "R-0003.md"}
    assert "Respite" in (root / "submissions/R-0002.md").read_text()


def test_the_same_referral_on_both_sides_is_no_collision(tmp_path: Path) -> None:
    root = make_panel(tmp_path / "panel", ("R-0001",), decided=False)
    start_referral(root, "alice", "Respite for a carer")
    git(root, "checkout", "-q", "-b", "copy", "main")
    git(root, "cherry-pick", "alice")
    git(root, "checkout", "-q", "main")
    git(root, "merge", "-q", "--no-ff", "alice", "-m", "Merge alice")
    git(root, "checkout", "-q", "copy")
    assert "id-taken" not in panel(root, "check")


def test_renumber_refuses_a_taken_id_and_new_referral_skips_ids_taken_on_main(tmp_path: Path) -> None:
    root = make_panel(tmp_path / "panel", ("R-0001",), decided=False)
    start_referral(root, "alice", "Respite for a carer")
    git(root, "checkout", "-q", "main")
    git(root, "merge", "-q", "--no-ff", "alice", "-m", "Merge alice")
    git(root, "checkout", "-q", "-b", "carol", "main~1")  # carol started before alice merged
    out = panel(root, "new", "referral", "--type", "s17-support")
    assert "submissions/R-0003.md" in out  # main's R-0002 is skipped
    assert "R-0002 is taken on main" in panel(root, "renumber", "R-0003", "--to", "R-0002", code=2)
    assert "not a referral id" in panel(root, "renumber", "R-0003", "--to", "X-1", code=2)
    assert "no referral R-0099" in panel(root, "renumber", "R-0099", code=2)
