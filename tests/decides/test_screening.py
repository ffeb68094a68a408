"""A pre-meeting filter (Rochdale): a referral screened out before the agenda by a decision under a route that
`screens`, made final by the role holder's approval; panel agenda leaves it off and lists it, status and the site
show it, and it is never put to a meeting for ratification (real git repositories, through the commands)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.commands.agenda_files import load_agenda
from generator.commands.build import generate
from generator.domain.calendar import LONDON
from panelfixtures.gitrun import git, merge_approved
from panelfixtures.people import COORDINATOR, WORKER
from panelfixtures.referrals import referral_text
from tests.records_helpers import make_panel

SCREENING = "meetings/outside/2026-12-07-R-0002.md"
HEAD = "Approved-by: Grace Adeyemi <grace.adeyemi@council.example>"
MANAGERS = "Approved-by: Tom Reyes <tom.reyes@council.example>\nApproved-by: Lena Novak <lena.novak@council.example>"
FILTER = """\
  - id: filter
    name: Pre-meeting filter
    roles: [head-of-service]
    screens: true
"""
REASON = "No multi-agency discussion is needed; the early help offer meets this need."


def run(root: Path, *args: str, now: str = "2026-12-07T12:00", code: int | None = 0) -> str:
    result = CliRunner().invoke(main, [*args, "--root", str(root)], env={"PANEL_NOW": now})
    if code is not None:
        assert result.exit_code == code, result.output
    return result.output + result.stderr


@pytest.fixture(scope="module")
def screened(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """R-0002 and R-0003 for 10 December; R-0002 screened out on 7 December, first as a draft (the agenda then)."""
    root = make_panel(tmp_path_factory.mktemp("screening") / "panel", ("R-0001",))
    config = root / "panel.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("\noutcomes:\n", "\n" + FILTER + "\noutcomes:\n", 1), encoding="utf-8")
    git(root, "commit", "-qam", "A pre-meeting filter", date="2026-12-01T09:00:00+00:00")
    referrals = {
        f"submissions/{rid}.md": referral_text(rid, type="s17-support", meeting="2026-12-10")
        for rid in ("R-0002", "R-0003")
    }
    merge_approved(
        root,
        "referrals",
        referrals,
        "R-0002, R-0003",
        date="2026-12-02T10:00:00+00:00",
        author=WORKER,
        trailers=MANAGERS,
    )
    out = run(root, "decide", "R-0002", "--outside-meeting", "--route", "filter", "--at", "2026-12-07T10:00")
    assert SCREENING in out
    path = root / SCREENING
    decision = path.read_text(encoding="utf-8")
    decision = decision.replace("outcome:\n", "outcome: decline\n").replace("rationale:\n", f"rationale: {REASON}\n")
    path.write_text(decision.replace("agreed:\n  -\n", "agreed:\n  - Not to panel.\n"), encoding="utf-8")
    assert "error" not in run(root, "check").replace("0 errors", "")
    # Not yet approved by the Head of Service: a draft screens nothing out.
    run(root, "agenda", "2026-12-10")
    draft = [i.referral for i in load_agenda(root, dt.date(2026, 12, 10)).items]
    (root / "meetings/2026-12-10/agenda.md").unlink()
    merge_approved(
        root,
        "screening/R-0002",
        None,
        "Screened out",
        date="2026-12-07T11:00:00+00:00",
        author=COORDINATOR,
        trailers=HEAD,
    )
    agenda_out = run(root, "agenda", "2026-12-10")
    return root, agenda_out + "\nDRAFT AGENDA: " + " ".join(r or "" for r in draft)


def test_a_draft_screening_leaves_the_referral_on_the_agenda(screened: tuple[Path, str]) -> None:
    _, out = screened
    assert "R-0002" in out.split("DRAFT AGENDA: ")[1] and "R-0003" in out.split("DRAFT AGENDA: ")[1]


def test_panel_agenda_leaves_a_screened_out_referral_off_and_lists_it(screened: tuple[Path, str]) -> None:
    root, out = screened
    items = load_agenda(root, dt.date(2026, 12, 10)).items
    assert "R-0003" in [i.referral for i in items]
    assert "R-0002" not in [i.referral for i in items], "neither heard nor put to the meeting for ratification"
    said = f"not on the agenda: R-0002 (screened out on 7 Dec 2026 by Grace Adeyemi: {REASON})"
    assert said in " ".join(out.split()), out
    agenda = (root / "meetings/2026-12-10/agenda.md").read_text(encoding="utf-8")
    assert f"| R-0002 | screened out on 7 Dec 2026 by Grace Adeyemi: {REASON} |" in agenda


def test_status_check_and_site_show_it_screened_out(screened: tuple[Path, str]) -> None:
    root, _ = screened
    status = run(root, "status", "2026-12-10")
    line = next(x for x in status.splitlines() if "R-0002" in x)
    assert "screened out" in line, status
    # Never ratified: no warning once the meeting has passed.
    assert "ratification-overdue" not in run(root, "check", "--strict", now="2026-12-11T09:00", code=None)
    generate(root, dt.datetime(2026, 12, 11, 9, tzinfo=LONDON))
    docs = root / "build" / "site-src" / "docs"
    page = (docs / "referrals" / "R-0002.md").read_text(encoding="utf-8")
    assert "| Status | screened out at the Pre-meeting filter |" in page, page[:1500]
    assert "| Screened out | before the meeting of Thursday 10 December 2026: not heard at panel" in page
    assert "ratif" not in page.split("### Decision outside a meeting")[1].split("\n## ")[0].replace("not for ratif", "")
    guide = (docs / "guides" / "who-decides.md").read_text(encoding="utf-8").splitlines()
    urgent = next(x for x in guide if x.startswith("- **Urgent decision between panels**"))
    assert urgent.endswith("It stands until the next meeting."), urgent  # each route on its own line
    line = next(x for x in guide if x.startswith("- **Pre-meeting filter** (every type)"))
    assert line.endswith("it is not ratified, and `panel agenda` lists the referral as screened out."), line
    assert "Decisions made outside a meeting, past their time and not ratified" not in (docs / "index.md").read_text(
        encoding="utf-8"
    )
