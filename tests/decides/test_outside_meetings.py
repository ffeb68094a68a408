"""Decisions outside a meeting: made under a route of panel.yml, standing once their decider approves them, put to
the next agenda and pack, ratified there and linked both ways (real git repositories, through the commands)."""

from __future__ import annotations

import csv
import datetime as dt
import email
import email.message
import email.policy
import io
import json
import subprocess
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from generator.cli import main
from generator.commands.build import generate
from generator.domain.calendar import LONDON
from panelfixtures.gitrun import merge_approved
from panelfixtures.people import COORDINATOR, WORKER
from panelfixtures.referrals import referral_text
from tests.records_helpers import make_panel, write

OUTSIDE = "meetings/outside/2026-12-05-R-0002.md"
HEAD = "Approved-by: Grace Adeyemi <grace.adeyemi@council.example>"
CHAIR = "Approved-by: Dana Whitfield <dana.whitfield@council.example>"
MANAGERS = "Approved-by: Tom Reyes <tom.reyes@council.example>\nApproved-by: Lena Novak <lena.novak@council.example>"
MEETING = """\
---
meeting: 2026-12-10
chair: Dana Whitfield
present: [Dana Whitfield, Owen Marsh, Grace Adeyemi]
declarations: []
---

- The panel ratified the weekend's emergency placement.
"""


def run(root: Path, *args: str, now: str = "2026-12-07T10:00", code: int | None = 0) -> str:
    result = CliRunner().invoke(main, [*args, "--root", str(root)], env={"PANEL_NOW": now})
    if code is not None:
        assert result.exit_code == code, result.output
    return result.output


def filled(text: str, who: str = "Grace Adeyemi") -> str:
    text = text.replace('decided_by: "Grace Adeyemi"', f"decided_by: {who}")
    text = text.replace("outcome:\n", "outcome: approve\n").replace(
        "agreed:\n  -\n", "agreed:\n  - Placement agreed.\n"
    )
    return text.replace("rationale:\n", "rationale: The child could not wait for the panel.\n")


def panel_with_placement(folder: Path) -> Path:
    """Bexley's panel with R-0002, a placement for 10 December, merged with its managers' approvals."""
    root = make_panel(folder, ("R-0001",))
    text = referral_text("R-0002", type="placement", meeting="2026-12-10")
    merge_approved(
        root,
        "referral/R-0002",
        {"submissions/R-0002.md": text},
        "Referral R-0002",
        date="2026-12-02T10:00:00+00:00",
        author=WORKER,
        trailers=MANAGERS,
    )
    return root


@pytest.fixture(scope="module")
def emergency(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Bexley's panel; R-0002, a placement for 10 December, decided on Saturday 5 December at 21:30 out of hours."""
    root = panel_with_placement(tmp_path_factory.mktemp("outside") / "panel")
    out = run(root, "decide", "R-0002", "--outside-meeting", "--at", "2026-12-05T21:30")
    assert OUTSIDE in out
    return root


def test_a_decision_outside_a_meeting_is_made_under_its_route(emergency: Path) -> None:
    root = emergency
    text = (root / OUTSIDE).read_text(encoding="utf-8")
    assert "route: urgent" in text and "decided: 2026-12-05T21:30" in text
    assert 'decided_by: "Grace Adeyemi"' in text  # out of hours: the on-duty Head of Service
    # A Service Manager may decide in office hours, not on a Saturday night.
    (root / OUTSIDE).write_text(filled(text, "Lena Novak"), encoding="utf-8")
    out = run(root, "check", code=1)
    assert "error[outside-route]: Lena Novak may not decide under route urgent out of office hours" in out
    (root / OUTSIDE).write_text(filled(text), encoding="utf-8")
    assert "error" not in run(root, "check", code=0).replace("0 errors", "")
    merge_approved(
        root,
        "outside/R-0002",
        None,
        "Emergency placement",
        date="2026-12-05T22:00:00+00:00",
        author=COORDINATOR,
        trailers=HEAD,
    )
    # It stands: its decision notice goes out (panel notify outside), once, recorded beside it.
    out = run(root, "notify", "outside")
    assert "R-0002 to" in out and "commit meetings/outside/notices.yml" in out
    assert "decision: meetings/outside/2026-12-05-R-0002.md" in (root / "meetings/outside/notices.yml").read_text(
        encoding="utf-8"
    )
    eml = next((root / "build/notices/outside").glob("R-0002-*.eml")).read_bytes()
    body = email.message_from_bytes(eml, policy=email.policy.default)
    assert isinstance(body, email.message.EmailMessage)
    plain = body.get_body(("plain",))
    assert plain is not None
    said = " ".join(plain.get_content().split())
    assert "outside a meeting, Saturday 5 December 2026 at 21:30, by Grace Adeyemi" in said
    assert "0 notice(s) written" in run(root, "notify", "outside")
    # It stands: the referral is decided (panel status), and its approval is committed spend at once.
    [row] = [s for s in json.loads(run(root, "status", "2026-12-10", "--format", "json")) if s["referral"] == "R-0002"]
    assert row["state"] == "decided"
    rows = list(csv.DictReader(io.StringIO(run(root, "export", "expenditure"))))
    assert {r["status"] for r in rows if r["referral"] == "R-0002"} == {"committed"}

    # The next agenda puts it to the panel for ratification, once (not also as a new referral).
    run(root, "agenda", "2026-12-10")
    agenda = (root / "meetings/2026-12-10/agenda.md").read_text(encoding="utf-8")
    assert agenda.count("R-0002") >= 1 and "kind: ratification" in agenda and f"review_of: {OUTSIDE}" in agenda
    assert "kind: new\n    title: R-0002" not in agenda

    # Unratified past its time (the next meeting): a warning, so panel check --strict fails; a red item at home.
    assert "ratification-overdue" not in run(root, "check", "--strict", code=None)
    late = run(root, "check", "--strict", now="2026-12-11T09:00", code=1)
    assert "warning[ratification-overdue]" in late and "stood until 2026-12-10" in late
    docs = root / "build" / "site-src" / "docs"
    generate(root, dt.datetime(2026, 12, 11, 9, tzinfo=LONDON))
    home = (docs / "index.md").read_text(encoding="utf-8")
    assert '!!! danger "Decisions made outside a meeting, past their time and not ratified (1)"' in home
    page = (docs / "referrals" / "R-0002.md").read_text(encoding="utf-8")
    assert "### Decision outside a meeting: 2026-12-05" in page and "**overdue: not ratified**" in page
    guide = (docs / "guides" / "who-decides.md").read_text(encoding="utf-8")
    assert (
        "- **Urgent decision between panels** (Entry to care (section 20); External or specialist placement; "
        "Retrospective emergency placement): in office hours"
    ) in guide
    tbc = " (assumed: to be confirmed, as the terms of reference do not say)"  # the example's roles are assumed
    assert f"Service Manager, then Head of Service{tbc}; out of hours Head of Service{tbc}" in guide

    # The pack prints it with its referral.
    subprocess.run(["git", "add", "-A"], cwd=root, check=True)
    subprocess.run(["git", "commit", "-qm", "Agenda for 10 December"], cwd=root, check=True)
    run(root, "pack", "2026-12-10", "--format", "pdf")
    pdf = next((root / "build/packs/2026-12-10").glob("pack-v*.pdf"))
    words = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout.split())
    assert "Decision made outside a meeting, for ratification" in words
    assert "Ratifies the decision on R-0002 made outside a meeting" in words

    # The meeting ratifies it: panel decide names it, and the pages link both ways.
    out = run(root, "decide", "R-0002", "--meeting", "2026-12-10")
    decision = root / "meetings/2026-12-10/decisions/R-0002.md"
    text = decision.read_text(encoding="utf-8")
    assert f"ratifies: {OUTSIDE}" in text
    text = text.replace("outcome:\n", "outcome: approve\n").replace("agreed:\n  -\n", "agreed:\n  - Ratified.\n")
    decision.write_text(text.replace("rationale:\n", "rationale: Ratified as decided.\n"), encoding="utf-8")
    write(root, "meetings/2026-12-10/meeting.md", MEETING)
    merge_approved(
        root,
        "records/2026-12-10",
        None,
        "Decisions of 10 December",
        date="2026-12-10T18:00:00+00:00",
        author=COORDINATOR,
        trailers=CHAIR,
    )
    assert "ratification-overdue" not in run(root, "check", "--strict", now="2026-12-11T09:00", code=None)
    # The ratification is a decision of the meeting: its own notice, saying what it ratifies.
    assert "R-0002 to" in run(root, "notify", "2026-12-10", now="2026-12-11T09:00")
    eml = next((root / "build/notices/2026-12-10").glob("R-0002-*.eml")).read_bytes()
    body = email.message_from_bytes(eml, policy=email.policy.default)
    assert isinstance(body, email.message.EmailMessage)
    plain = body.get_body(("plain",))
    assert plain is not None
    assert "This decision ratifies the decision made outside a meeting on 2026-12-05." in plain.get_content()
    generate(root, dt.datetime(2026, 12, 11, 9, tzinfo=LONDON))
    page = (docs / "referrals" / "R-0002.md").read_text(encoding="utf-8")
    assert "| Ratified | [at the meeting of Thursday 10 December 2026](#decision-2026-12-10) |" in page
    assert "(#decision-outside-a-meeting-2026-12-05)" in page
    assert "past their time and not ratified" not in (docs / "index.md").read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(run(root, "export", "expenditure", now="2026-12-11T09:00"))))
    mine = [r for r in rows if r["referral"] == "R-0002" and r["status"] == "committed"]
    assert mine and all("continues R-0002 of 2026-12-05" in r["note"] for r in mine if r["meeting"] == "2026-12-10")


def test_a_route_must_cover_the_type_and_a_ratification_must_name_one(tmp_path: Path) -> None:
    root = make_panel(tmp_path / "panel", ("R-0001",))
    out = run(root, "decide", "R-0001", "--outside-meeting", "--at", "2026-12-05T10:00", code=2)
    assert "no route in panel.yml outside_meetings covers s17-support referrals" in out
    path = root / "meetings/2026-12-03/decisions/R-0001.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("outcome: approve", f"outcome: approve\nratifies: {OUTSIDE}"), encoding="utf-8")
    assert "error[ratification]" in run(root, "check", code=1)


def test_a_retrospective_window_shorter_than_the_gap_between_meetings_needs_a_route(tmp_path: Path) -> None:
    root = make_panel(tmp_path / "panel", ("R-0001",), decided=False)
    config = (root / "panel.yml").read_text(encoding="utf-8")
    retro = "    name: Retrospective emergency placement\n"
    rule = "    retrospective: {allowed: true, at_next_meeting: true}\n  - id: intentionally-homeless"
    assert retro in config and rule in config
    config = config.replace(rule, rule.replace("at_next_meeting: true", "max_days: 3"))
    (root / "panel.yml").write_text(config, encoding="utf-8")
    write(
        root,
        "submissions/R-0003.md",
        referral_text("R-0003", type="retrospective", meeting="2026-12-10").replace(
            "costs:", "retrospective: {started: 2026-12-04, reason: Emergency placement overnight.}\ncosts:", 1
        ),
    )
    out = run(root, "check", code=None)
    assert 'decide it outside a meeting under "Urgent decision between panels"' in out
    assert "panel decide R-0003 --outside-meeting" in out
    # Without a route for the type, the configuration itself is refused.
    start = config.index("outside_meetings:")
    end = config.index("\noutcomes:")
    unrouted = config[:start] + config[end + 1 :]
    unrouted = "\n".join(line for line in unrouted.split("\n") if "outside_meetings.urgent" not in line)
    (root / "panel.yml").write_text(unrouted, encoding="utf-8")
    out = run(root, "check", code=2)
    assert "must be heard within 3 days, but meetings can be 7 days apart" in out


def test_in_office_hours_a_later_role_decides_only_saying_why_the_first_did_not(tmp_path: Path) -> None:
    """Issue 12 §2: office-hours roles are asked in order (Service Manager, then Head of Service)."""
    root = panel_with_placement(tmp_path / "panel")
    path = "meetings/outside/2026-12-07-R-0002.md"
    assert path in run(root, "decide", "R-0002", "--outside-meeting", "--at", "2026-12-07T11:00")
    started = (root / path).read_text(encoding="utf-8")
    assert 'decided_by: "Owen Marsh"' in started  # in office hours panel decide names the first role's holder
    started = started.replace('decided_by: "Owen Marsh"', 'decided_by: "Grace Adeyemi"')
    (root / path).write_text(filled(started, "Grace Adeyemi"), encoding="utf-8")
    out = run(root, "check", "--no-cache", code=1)
    assert (
        "error[outside-route]: Grace Adeyemi decided as Head of Service, but route urgent asks Service Manager "
        "first in office hours\n  hint: say why they did not decide in 'escalated_because:'"
    ) in out
    because = filled(started, "Grace Adeyemi").replace(
        "route: urgent", "route: urgent\nescalated_because: the Service Manager was on leave"
    )
    (root / path).write_text(because, encoding="utf-8")
    assert "outside-route" not in run(root, "check", "--no-cache", code=None)
    (root / path).write_text(filled(started, "Lena Novak"), encoding="utf-8")
    assert "outside-route" not in run(root, "check", "--no-cache", code=None)


def test_a_decision_outside_a_meeting_is_judged_by_the_terms_of_its_day(tmp_path: Path) -> None:
    """Terms revised after the decision (outcome `approve` renamed) do not turn it into an error."""
    root = panel_with_placement(tmp_path / "panel")
    run(root, "decide", "R-0002", "--outside-meeting", "--at", "2026-12-05T21:30")
    (root / OUTSIDE).write_text(filled((root / OUTSIDE).read_text(encoding="utf-8")), encoding="utf-8")
    run(root, "check", code=0)
    panel = (root / "panel.yml").read_text(encoding="utf-8")
    outcomes = yaml.safe_load(panel)["outcomes"]
    for outcome in outcomes:
        if outcome["id"] == "approve":
            outcome["id"] = "approved"
    revised = panel + (
        "\nrevisions:\n  - from: 2026-12-08\n    note: Outcomes renamed\n"
        "    renamed: {outcomes: {approve: approved}}\n"
        f"    outcomes: {json.dumps(outcomes)}\n"
    )
    (root / "panel.yml").write_text(revised, encoding="utf-8")
    run(root, "check", code=0)
    # The same decision dated after the revision is judged by the new terms.
    later = OUTSIDE.replace("2026-12-05", "2026-12-09")
    text = (
        (root / OUTSIDE).read_text(encoding="utf-8").replace("decided: 2026-12-05T21:30", "decided: 2026-12-09T21:30")
    )
    (root / OUTSIDE).rename(root / later)
    (root / later).write_text(text, encoding="utf-8")
    assert "approve" in run(root, "check", now="2026-12-09T22:00", code=1)
