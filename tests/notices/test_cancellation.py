"""calendar.cancellation_needs_chair: a cancelled meeting needs the chair's approval on the merge that cancels it."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from generator.cli import main
from panelfixtures import EXAMPLE_PANEL_YML
from panelfixtures.gitrun import approved_by, git, merge_approved
from panelfixtures.people import CHAIR, COORDINATOR, SM
from tests.records_helpers import write

ADOPTED = "  cancelled: [2026-12-24, 2026-12-31]"


def check(root: Path, code: int) -> str:
    result = CliRunner().invoke(main, ["check", "--root", str(root)], env={"PANEL_NOW": "2026-12-01T10:00"})
    assert result.exit_code == code, result.output
    return result.output


def cancelling(root: Path, dates: str) -> dict[str, str]:
    text = (root / "panel.yml").read_text(encoding="utf-8")
    return {"panel.yml": text.replace(text.split("\n  cancelled: ")[1].split("]")[0] + "]", dates + "]", 1)}


def test_a_cancellation_counts_only_with_the_chairs_approval(tmp_path: Path) -> None:
    root = tmp_path / "panel"
    text = EXAMPLE_PANEL_YML.read_text(encoding="utf-8")
    assert ADOPTED in text and "\n  cancellation_needs_chair: true" in text  # Bexley 1.6
    write(root, "panel.yml", text)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Terms of reference")
    check(root, 0)  # the adopted terms' own cancellations need no agreement
    # The co-ordinator cancels 7 January on a branch the service manager approves: not the chair's agreement.
    merge_approved(
        root,
        "cancel/2027-01-07",
        cancelling(root, "[2026-12-24, 2026-12-31, 2027-01-07"),
        "Cancel 7 January",
        date="2026-11-25T10:00:00+00:00",
        author=COORDINATOR,
        trailers=approved_by(SM),
    )
    output = check(root, 1)
    line = next(n for n, text in enumerate((root / "panel.yml").read_text().splitlines(), 1) if "  cancelled:" in text)
    assert f"panel.yml:{line}:" in output and "cancellation-unagreed" in output
    assert "the meeting of 2027-01-07 was cancelled in commit" in output and "2026-12-24" not in output
    # Undone, then done again with the chair's approval.
    git(root, "revert", "--no-edit", "HEAD", "-m", "1")
    merge_approved(
        root,
        "cancel/2027-01-07-agreed",
        cancelling(root, "[2026-12-24, 2026-12-31, 2027-01-07"),
        "Cancel 7 January (agreed by the chair)",
        date="2026-11-26T10:00:00+00:00",
        author=COORDINATOR,
        trailers=approved_by(CHAIR),
    )
    check(root, 0)
    # A later change to panel.yml (someone else's) leaves the agreed cancellation agreed.
    merge_approved(
        root,
        "cancel/2027-01-14",
        cancelling(root, "[2026-12-24, 2026-12-31, 2027-01-07, 2027-01-14"),
        "Cancel 14 January",
        date="2026-11-27T10:00:00+00:00",
        author=COORDINATOR,
        trailers=approved_by(SM),
    )
    output = check(root, 1)
    assert "2027-01-14 was cancelled" in output and "2027-01-07 was cancelled" not in output


def test_each_cancellation_is_judged_under_the_terms_in_force_on_its_day(tmp_path: Path) -> None:
    """A revision's own cancelled list replaces the list for its days only: earlier cancellations stay judged."""
    root = tmp_path / "panel"
    write(root, "panel.yml", EXAMPLE_PANEL_YML.read_text(encoding="utf-8"))
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Terms of reference")
    merge_approved(
        root,
        "cancel/2027-01-07",
        cancelling(root, "[2026-12-24, 2026-12-31, 2027-01-07"),
        "Cancel 7 January",
        date="2026-11-25T10:00:00+00:00",
        author=COORDINATOR,
        trailers=approved_by(SM),
    )
    revision = "revisions:\n  - from: 2027-02-01\n    note: Spring terms\n    calendar:\n      cancelled: [{day}]\n"
    text = (root / "panel.yml").read_text(encoding="utf-8")
    merge_approved(
        root,
        "terms/spring",
        {"panel.yml": text + revision.format(day="2027-02-11")},
        "Spring terms: cancel 11 February",
        date="2026-11-26T10:00:00+00:00",
        author=COORDINATOR,
        trailers=approved_by(CHAIR),
    )
    output = check(root, 1)
    assert "the meeting of 2027-01-07 was cancelled in commit" in output  # still in force on 7 January
    assert "2027-02-11 was cancelled" not in output  # the chair agreed the revision
    merge_approved(
        root,
        "terms/spring-2",
        {"panel.yml": text + revision.format(day="2027-02-11, 2027-02-18")},
        "Cancel 18 February too",
        date="2026-11-27T10:00:00+00:00",
        author=COORDINATOR,
        trailers=approved_by(SM),
    )
    output = check(root, 1)
    lines = (root / "panel.yml").read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(lines, 1) if "2027-02-18" in text)
    assert f"panel.yml:{line}:" in output and "the meeting of 2027-02-18 was cancelled in commit" in output
    assert "2027-02-11 was cancelled" not in output
