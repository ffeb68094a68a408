"""What reaches the agenda and the pack: only referrals that pass the check and are signed off.

Issue 9 items 2, 4, 10 and 11, through the real commands: `panel agenda`, then `panel pack` (and
`panel check`, `panel status`, `panel build`) on real git repositories.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from docx import Document
from pypdf import PdfReader

from generator.cli import main
from generator.commands.agenda_files import load_agenda
from panelfixtures.panelgit import PanelGit
from panelfixtures.people import FORGE, SM, TM, WORKER
from panelfixtures.referrals import referral_text
from tests.approvals.test_agenda_build import R0010, decision

pytestmark = pytest.mark.slow
MEETING = dt.date(2026, 12, 3)
AGENDA = "meetings/2026-12-03/agenda.md"
BAD_TOTAL = referral_text("R-0005").replace("total: 4680", "total: 4000")
NO_SECTION = re.sub(r"## Services tried\n.*?(?=## )", "", referral_text("R-0006"), count=1, flags=re.S)


def panel(root: Path, *args: str, now: str | None = None) -> Result:
    """Run a real `panel` command; `now` overrides PANEL_NOW."""
    env = {"PANEL_NOW": now} if now else {}
    return CliRunner().invoke(main, [*args, "--root", str(root)], env=env)


def pdf_text(root: Path, name: str = "pack-v1.pdf") -> str:
    """The text of a built pack, whitespace collapsed."""
    reader = PdfReader(root / "build/packs/2026-12-03" / name)
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def line_of(root: Path, path: str, needle: str, after: str = "") -> int:
    """The 1-based line of the first `needle` (after the first `after`) in a file."""
    lines = (root / path).read_text(encoding="utf-8").splitlines()
    start = next((n for n, line in enumerate(lines) if after in line), 0) if after else 0
    return next(n for n, line in enumerate(lines[start:], start + 1) if needle in line)


def commit_agenda(panel_git: PanelGit) -> None:
    """Write the agenda for 3 December with `panel agenda` and commit it as the co-ordinator."""
    result = panel(panel_git.root, "agenda", MEETING.isoformat())
    assert result.exit_code == 0, result.output
    text = (panel_git.root / AGENDA).read_text(encoding="utf-8")
    panel_git.commit({AGENDA: text}, "Agenda", "2026-11-30 18:00", author=FORGE)


# --- 9.2: failing referrals never reach the agenda or the pack -------------------------------------------------


def test_referrals_failing_the_check_are_held_back_with_the_reason(panel_git: PanelGit) -> None:
    panel_git.merge(panel_git.submit("R-0001", "2026-11-20 10:00"), "2026-11-25 15:30", [TM, SM])
    panel_git.merge(panel_git.submit("R-0005", "2026-11-20 10:10", BAD_TOTAL), "2026-11-25 15:31", [TM, SM])
    panel_git.merge(panel_git.submit("R-0006", "2026-11-20 10:20", NO_SECTION), "2026-11-25 15:32", [TM, SM])
    result = panel(panel_git.root, "agenda", MEETING.isoformat())
    assert result.exit_code == 0, result.output
    agenda = load_agenda(panel_git.root, MEETING)
    assert [i.referral for i in agenda.items if i.referral] == ["R-0001"]
    assert [i.referral for i in agenda.late] == []
    total = line_of(panel_git.root, "submissions/R-0005.md", "total: 4000")
    assert f"not on the agenda: R-0005 (fails panel check: submissions/R-0005.md:{total}:" in result.stderr
    assert "total 4000 ≠ weekly 180 × weeks 26 = 4680" in result.stderr
    assert "not on the agenda: R-0006 (fails panel check: submissions/R-0006.md:" in result.stderr
    assert "Services tried" in result.stderr
    text = (panel_git.root / AGENDA).read_text(encoding="utf-8")
    assert "## Not on the agenda" in text and "| R-0005 | fails panel check:" in text
    assert "wrote meetings/2026-12-03/agenda.md: 1 referral(s), 0 late" in result.stdout


def test_pack_refuses_an_item_whose_referral_now_fails_the_check(panel_git: PanelGit) -> None:
    panel_git.merge(panel_git.submit("R-0001", "2026-11-20 10:00"), "2026-11-25 15:30", [TM, SM])
    commit_agenda(panel_git)
    broken = referral_text().replace("total: 4680", "total: 4000")
    panel_git.merge(panel_git.submit("R-0001", "2026-12-01 09:00", broken), "2026-12-01 10:00", [TM, SM])
    result = panel(panel_git.root, "pack", MEETING.isoformat())
    assert result.exit_code == 1
    total = line_of(panel_git.root, "submissions/R-0001.md", "total: 4000")
    assert f"submissions/R-0001.md:{total}:" in result.output and "error[cost-total]" in result.output
    item = line_of(panel_git.root, AGENDA, "referral: R-0001")
    assert f"{AGENDA}:{item}:" in result.output and "error[agenda-item-fails-check]" in result.output
    assert "chair_accepted" in result.output
    assert not (panel_git.root / "build").exists()


def test_pack_refuses_an_item_whose_sign_off_went_stale(panel_git: PanelGit) -> None:
    panel_git.merge(panel_git.submit("R-0001", "2026-11-20 10:00"), "2026-11-25 15:30", [TM, SM])
    commit_agenda(panel_git)
    edited = referral_text().replace("Kerry has asked for help", "Kerry has asked again for help")
    panel_git.commit({"submissions/R-0001.md": edited}, "R-0001: wording", "2026-12-01 09:00", author=WORKER)
    result = panel(panel_git.root, "pack", MEETING.isoformat())
    assert result.exit_code == 1
    item = line_of(panel_git.root, AGENDA, "referral: R-0001")
    assert f"{AGENDA}:{item}:" in result.output and "error[agenda-item-not-signed-off]" in result.output
    assert "now awaiting team-manager" in result.output and "stale" in result.output
    assert not (panel_git.root / "build").exists()


def _accept(panel_git: PanelGit, by: str, reason: str = "Heard as it stands; the worker corrects it after.") -> None:
    path = panel_git.root / AGENDA
    text = path.read_text(encoding="utf-8")
    accepted = f"  chair_accepted:\n    by: {by}\n    reason: {reason}\n"
    text = text.replace("  referral: R-0001\n", "  referral: R-0001\n" + accepted, 1)
    panel_git.commit({AGENDA: text}, "Chair accepts R-0001", "2026-12-01 12:00", author=FORGE)


def test_the_chairs_recorded_acceptance_lets_the_item_through(panel_git: PanelGit) -> None:
    panel_git.merge(panel_git.submit("R-0001", "2026-11-20 10:00"), "2026-11-25 15:30", [TM, SM])
    commit_agenda(panel_git)
    edited = referral_text().replace("Kerry has asked for help", "Kerry has asked again for help")
    panel_git.commit({"submissions/R-0001.md": edited}, "R-0001: wording", "2026-12-01 09:00", author=WORKER)
    _accept(panel_git, "tom.reyes@council.example")
    refused = panel(panel_git.root, "pack", MEETING.isoformat())
    line = line_of(panel_git.root, AGENDA, "by: tom.reyes")
    assert refused.exit_code == 1 and f"{AGENDA}:{line}:" in refused.output
    assert "error[chair-accepted-by]" in refused.output and "dana.whitfield@council.example" in refused.output
    path = panel_git.root / AGENDA
    text = path.read_text(encoding="utf-8").replace("tom.reyes@council.example", "Dana.Whitfield@council.example")
    panel_git.commit({AGENDA: text}, "Chair accepts R-0001", "2026-12-01 12:05", author=FORGE)
    built = panel(panel_git.root, "pack", MEETING.isoformat())
    assert built.exit_code == 0, built.output
    assert "Accepted by the chair Dana Whitfield: Heard as it stands" in pdf_text(panel_git.root)


def test_an_acceptance_without_a_reason_is_an_error_at_its_line(panel_git: PanelGit) -> None:
    panel_git.merge(panel_git.submit("R-0001", "2026-11-20 10:00"), "2026-11-25 15:30", [TM, SM])
    commit_agenda(panel_git)
    _accept(panel_git, "dana.whitfield@council.example", reason="''")
    result = panel(panel_git.root, "pack", MEETING.isoformat())
    assert result.exit_code == 1
    assert f"{AGENDA}:{line_of(panel_git.root, AGENDA, 'reason:')}:" in result.output


# --- 9.4: open actions are printed ------------------------------------------------------------------------------


def test_open_actions_are_printed_as_a_table_in_pdf_and_docx(panel_git: PanelGit) -> None:
    earlier = referral_text("R-0010").replace(
        "meeting: 2026-12-03\nsubmitted: 2026-11-20", "meeting: 2026-09-10\nsubmitted: 2026-09-01"
    )
    panel_git.merge(panel_git.submit("R-0010", "2026-09-01 10:00", earlier), "2026-09-02 15:30", [TM, SM])
    record = decision("R-0010", "2026-09-10", "approve", R0010)
    panel_git.record_decisions({"meetings/2026-09-10/decisions/R-0010.md": record}, "2026-09-10 17:00")
    panel_git.merge(panel_git.submit("R-0001", "2026-11-20 10:00"), "2026-11-25 15:30", [TM, SM])
    commit_agenda(panel_git)
    result = panel(panel_git.root, "pack", MEETING.isoformat())
    assert result.exit_code == 0, result.output
    text = pdf_text(panel_git.root)
    assert "Item 2: Open actions from earlier meetings (2)" in text
    assert "Referral Action Owner Due Overdue Set on" in text
    assert "R-0010 Ask the school for attendance figures Priya Shah 30 Nov 2026 Yes, 3 days 10 Sep 2026" in text
    assert "R-0010 Write to the family about the review Lena Novak 10 Dec 2026 No 10 Sep 2026" in text
    assert "respite" not in text, "a done action is not carried"
    document = Document(io.BytesIO((panel_git.root / "build/packs/2026-12-03/pack-v1.docx").read_bytes()))
    [table] = [t for t in document.tables if t.rows[0].cells[0].text == "Referral" and len(t.columns) == 6]
    assert [c.text for c in table.rows[0].cells] == ["Referral", "Action", "Owner", "Due", "Overdue", "Set on"]
    assert table.rows[0]._tr.xpath("./w:trPr/w:tblHeader"), "the header row repeats and is marked as a header"
    assert [c.text for c in table.rows[1].cells][:3] == [
        "R-0010",
        "Ask the school for attendance figures",
        "Priya Shah",
    ]


# --- 9.10: a held meeting's agenda is never rewritten -----------------------------------------------------------


def test_agenda_of_a_held_meeting_is_refused_and_supplementary_appends(panel_git: PanelGit) -> None:
    panel_git.merge(panel_git.submit("R-0001", "2026-11-20 10:00"), "2026-11-25 15:30", [TM, SM])
    commit_agenda(panel_git)
    decided = "---\nreferral: R-0001\nmeeting: 2026-12-03\noutcome: approve\nagreed: [As asked.]\nrationale: Clear need.\n---\n"
    panel_git.commit({"meetings/2026-12-03/decisions/R-0001.md": decided}, "Decisions", "2026-12-03 17:00", FORGE)
    before = (panel_git.root / AGENDA).read_text(encoding="utf-8")
    refused = panel(panel_git.root, "agenda", MEETING.isoformat(), now="2026-12-03T18:00")
    assert refused.exit_code == 1
    assert "has been held" in refused.stderr and "1 decision record(s)" in refused.stderr
    assert "panel agenda 2026-12-03 --supplementary" in refused.stderr
    assert (panel_git.root / AGENDA).read_text(encoding="utf-8") == before
    # A late referral, accepted by the chair on the day, is added; the decided item stays as it was.
    panel_git.merge(panel_git.submit("R-0007", "2026-12-02 10:00"), "2026-12-02 11:00", [TM, SM])
    added = panel(panel_git.root, "agenda", MEETING.isoformat(), "--supplementary", now="2026-12-03T18:00")
    assert added.exit_code == 0, added.output
    assert "added R-0007; nothing dropped" in added.stdout
    old = load_agenda(panel_git.root, MEETING)
    assert [(i.number, i.referral) for i in old.items if i.referral] == [(2, "R-0001")]
    assert [(i.number, i.referral) for i in old.late] == [(3, "R-0007")]
    assert "added by the supplementary agenda of Thursday 3 December 2026" in old.late[0].note
    again = panel(panel_git.root, "agenda", MEETING.isoformat(), "--supplementary", now="2026-12-03T18:00")
    assert again.exit_code == 0 and "nothing to add" in again.stdout


def test_meeting_record_alone_marks_a_meeting_held(panel_git: PanelGit) -> None:
    record = "---\nmeeting: 2026-12-03\nchair: Dana Whitfield\npresent: [Dana Whitfield, Owen Marsh]\n---\n"
    panel_git.commit({"meetings/2026-12-03/meeting.md": record}, "Meeting record", "2026-12-03 17:00", FORGE)
    refused = panel(panel_git.root, "agenda", MEETING.isoformat())
    assert refused.exit_code == 1 and "its meeting record" in refused.stderr
    assert not (panel_git.root / AGENDA).exists()


# --- 9.11: a referral that was ready and never heard --------------------------------------------------------------


def test_a_ready_referral_never_heard_is_flagged_and_carried(panel_git: PanelGit) -> None:
    panel_git.merge(panel_git.submit("R-0001", "2026-11-20 10:00"), "2026-11-25 15:30", [TM, SM])
    root, after = panel_git.root, "2026-12-07T10:00"
    check = panel(root, "check", now=after)
    meeting_line = line_of(root, "submissions/R-0001.md", "meeting: 2026-12-03")
    assert f"submissions/R-0001.md:{meeting_line}:10: warning[not-heard]" in check.output
    assert "R-0001 was for the meeting on Thursday 3 December 2026, which has passed" in check.output
    status = panel(root, "status", now=after)
    assert re.search(r"R-0001 .* ready, not heard", status.output)
    assert "R-0001: for the meeting on Thursday 3 December 2026; no decision recorded" in status.output
    assert '"not_heard": true' in panel(root, "status", "--format", "json", now=after).output
    agenda = panel(root, "agenda", "2026-12-10", now=after)
    assert agenda.exit_code == 0, agenda.output
    assert "carried: R-0001 was signed off for Thursday 3 December 2026 and never heard" in agenda.stderr
    [item] = [i for i in load_agenda(root, dt.date(2026, 12, 10)).items if i.referral == "R-0001"]
    assert item.kind == "new" and "carried from Thursday 3 December 2026" in item.note
    # Before its meeting it is not carried anywhere else.
    early = panel(root, "agenda", "2026-12-10", "--dry-run", now="2026-12-01T10:00")
    assert "R-0001" not in early.stdout
    # Once a decision is recorded (even a draft awaiting the chair's approval) it was heard.
    draft = "---\nreferral: R-0001\nmeeting: 2026-12-03\noutcome: approve\nagreed: [As asked.]\nrationale: Need.\n---\n"
    panel_git.commit({"meetings/2026-12-03/decisions/R-0001.md": draft}, "Decision", "2026-12-03 17:00", FORGE)
    assert "not-heard" not in panel(root, "check", now=after).output
    assert "not heard" not in panel(root, "status", now=after).output
    assert "R-0001" not in panel(root, "agenda", "2026-12-10", "--dry-run", now=after).stdout


def test_home_page_lists_referrals_never_heard(panel_git: PanelGit) -> None:
    panel_git.merge(panel_git.submit("R-0001", "2026-11-20 10:00"), "2026-11-25 15:30", [TM, SM])
    built = panel(panel_git.root, "build", now="2026-12-07T10:00")
    assert built.exit_code == 0, built.output
    home = (panel_git.root / "build/site-src/docs/index.md").read_text(encoding="utf-8")
    assert "no decision recorded (never heard)** (1):" in home
    assert "[R-0001](referrals/R-0001.md), for Thursday 3 December 2026: signed off; carried to the next agenda" in home
