"""Registers and status count final decisions only, continue commitments, split funding (real git repos)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.commands.agenda_files import write_agenda
from generator.domain.agenda import Agenda, AgendaItem
from generator.domain.config.model import ItemKind
from panelfixtures.gitrun import git, merge_approved
from panelfixtures.people import WORKER
from panelfixtures.referrals import referral_text
from tests.records_helpers import CHAIR_TRAILER, DECISION, MEETING, make_panel, record_decisions, write

TM = "Approved-by: Tom Reyes <tom.reyes@council.example>"
SM = "Approved-by: Lena Novak <lena.novak@council.example>"
VICE = "Approved-by: Owen Marsh <owen.marsh@council.example>"
HEAD = "Approved-by: Grace Adeyemi <grace.adeyemi@council.example>"
HEALTH = "Approved-by: Nadia Firth <nadia.firth@nhs.example>"
SEND = "Approved-by: Colin Baptiste <colin.baptiste@council.example>"
NOW = "2026-12-20T10:00"


def run(root: Path, *args: str, now: str = NOW, code: int = 0) -> str:
    result = CliRunner().invoke(main, [*args, "--root", str(root)], env={"PANEL_NOW": now})
    assert result.exit_code == code, result.output
    return result.output


def export(root: Path, register: str, now: str = NOW) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(run(root, "export", register, now=now))))


def committed(rows: list[dict[str, str]], referral: str) -> list[dict[str, str]]:
    return [r for r in rows if r["referral"] == referral and r["status"] == "committed"]


def merge_branch(root: Path, branch: str, files: dict[str, str], trailers: str, when: str) -> None:
    """Commit `files` on a new branch and merge it into main with `trailers`, as a forge would."""
    for path, text in files.items():
        write(root, path, text)
    merge_approved(root, branch, None, branch, date=when, author=WORKER, trailers=trailers, subject=f"Merge {branch}")


# 8.8: a decision merged without the chair's approval does not count.


@pytest.mark.parametrize(
    ("trailers", "when"),
    [
        (f"{TM}\n{SM}", "2026-12-04T12:00:00+00:00"),  # the referral's managers approve the branch
        (f"{TM}\n{SM}\nApproved-by: Dana Whitfield <dana.whitfield@council.example>", "2026-11-25T12:00:00+00:00"),
    ],
    ids=["managers-only", "chair-before-the-meeting"],
)
def test_a_decision_slipped_into_a_referral_branch_does_not_count(tmp_path: Path, trailers: str, when: str) -> None:
    root = make_panel(tmp_path / "panel")
    smuggled = DECISION.format(referral="R-0002")
    merge_branch(
        root,
        "referral/R-0002",
        {"submissions/R-0002.md": referral_text("R-0002"), "meetings/2026-12-03/decisions/R-0002.md": smuggled},
        trailers,
        when,
    )
    status = json.loads(run(root, "status", "2026-12-03", "--format", "json"))
    states = {s["referral"]: s for s in status}
    assert states["R-0001"]["state"] == "decided"
    assert states["R-0002"]["state"] != "decided" and states["R-0002"]["decision"] is None
    assert states["R-0002"]["draft_decisions"][0]["path"] == "meetings/2026-12-03/decisions/R-0002.md"
    assert "is not final" in run(root, "status", "2026-12-03")
    spend = export(root, "expenditure")
    assert committed(spend, "R-0001") and not committed(spend, "R-0002")
    assert {r["status"] for r in spend if r["referral"] == "R-0002"} == {"pending"}
    assert [r["referral"] for r in export(root, "decisions")] == ["R-0001"]
    assert [r["referral"] for r in export(root, "actions")] == ["R-0001"]


def test_the_site_counts_only_final_decisions(tmp_path: Path) -> None:
    root = make_panel(tmp_path / "panel")
    merge_branch(
        root,
        "referral/R-0002",
        {
            "submissions/R-0002.md": referral_text("R-0002"),
            "meetings/2026-12-03/decisions/R-0002.md": DECISION.format(referral="R-0002"),
        },
        f"{TM}\n{SM}",
        "2026-12-04T12:00:00+00:00",
    )
    run(root, "build")
    page = (root / "site/registers/expenditure.html").read_text(encoding="utf-8")
    row = next(r for r in page.split("<tr") if "R-0002" in r)
    assert "pending" in row and "committed" not in row
    decisions = (root / "site/registers/decisions.html").read_text(encoding="utf-8")
    sections = {part.split("</h2>")[0]: part for part in decisions.split("<h2")[1:]}
    kept = next(v for k, v in sections.items() if ">Decisions" in k)
    apart = next(v for k, v in sections.items() if "Not final (not counted)" in k)
    assert "R-0001" in kept and "R-0002" not in kept and "R-0002" in apart and "awaiting the approval of" in apart
    referral = (root / "site/referrals/R-0002.html").read_text(encoding="utf-8")
    assert "draft: not yet signed off by the chair" in referral


# 9.9: whoever chaired (if they may chair) makes the decisions final.


def _chaired_by(tmp_path: Path, chair: str, trailer: str, chair_roles: str | None = None) -> Path:
    root = make_panel(tmp_path / "panel", decided=False)
    if chair_roles:
        config = (root / "panel.yml").read_text(encoding="utf-8")
        assert "  chair_roles: [chair, vice-chair, head-of-service]" in config
        (root / "panel.yml").write_text(
            config.replace("  chair_roles: [chair, vice-chair, head-of-service]", f"  chair_roles: {chair_roles}"),
            encoding="utf-8",
        )
        git(root, "commit", "-q", "-am", "chair roles")
    write(root, "meetings/2026-12-03/meeting.md", MEETING.replace("chair: Dana Whitfield", f"chair: {chair}"))
    write(root, "meetings/2026-12-03/decisions/R-0001.md", DECISION.format(referral="R-0001"))
    record_decisions(root, "2026-12-03", trailer)
    return root


@pytest.mark.parametrize(
    ("chair", "trailer", "final"),
    [
        ("Owen Marsh", VICE, True),  # the vice chair chaired and approved
        ("Owen Marsh", "Approved-by: Dana Whitfield <dana.whitfield@council.example>", False),  # not who chaired
        ("Dana Whitfield", VICE, False),
        ("Grace Adeyemi", HEAD, True),  # another Head of Service may chair (Bexley's terms, panel.chair_roles)
        ("Lena Novak", SM, False),  # a service manager holds no role that may chair
    ],
)
def test_who_chaired_the_meeting_makes_its_decisions_final(
    tmp_path: Path, chair: str, trailer: str, final: bool
) -> None:
    root = _chaired_by(tmp_path, chair, trailer)
    assert bool(committed(export(root, "expenditure"), "R-0001")) is final
    assert ([r["referral"] for r in export(root, "decisions")] == ["R-0001"]) is final
    assert (json.loads(run(root, "status", "2026-12-03", "--format", "json"))[0]["state"] == "decided") is final


def test_chair_roles_are_configurable(tmp_path: Path) -> None:
    root = _chaired_by(tmp_path / "only", "Owen Marsh", VICE, chair_roles="[chair]")
    assert not committed(export(root, "expenditure"), "R-0001")
    assert "holds no role that may chair" in export(root, "expenditure")[0]["note"]
    root = _chaired_by(tmp_path / "typo", "Owen Marsh", VICE, chair_roles="[chair, vice-chiar]")
    out = run(root, "check", code=2)
    assert "panel.yml:" in out and "'vice-chiar' is not one of the roles" in out and "vice-chair" in out


def test_a_decision_can_name_its_own_chair(tmp_path: Path) -> None:
    root = make_panel(tmp_path / "panel", decided=False)
    write(root, "meetings/2026-12-03/meeting.md", MEETING)
    write(root, "meetings/2026-12-03/decisions/R-0001.md", DECISION.format(referral="R-0001") + "")
    text = (root / "meetings/2026-12-03/decisions/R-0001.md").read_text()
    write(
        root,
        "meetings/2026-12-03/decisions/R-0001.md",
        text.replace("outcome: approve", "outcome: approve\nchair: Owen Marsh"),
    )
    record_decisions(root, "2026-12-03", VICE)
    assert committed(export(root, "expenditure"), "R-0001")


# 9.7: drafts and recommendations are pending, never committed.


def test_drafts_and_recommendations_are_pending(tmp_path: Path) -> None:
    root = make_panel(tmp_path / "panel", ("R-0001", "R-0002"), final=False)
    rows = export(root, "expenditure")
    assert {r["status"] for r in rows} == {"pending"}
    assert all(r["running_total"] == "" for r in rows)
    assert all("awaiting the approval of Dana Whitfield" in r["note"] for r in rows)

    root = make_panel(tmp_path / "recommends", ("R-0001",))
    config = (root / "panel.yml").read_text(encoding="utf-8")
    config = config.replace("  decides: true", "  decides: false\n  decision_maker: head-of-service", 1)
    assert "decides: false" in config
    (root / "panel.yml").write_text(config, encoding="utf-8")
    rows = export(root, "expenditure")
    assert {r["status"] for r in rows} == {"pending"}
    assert "a recommendation to the Head of Service, awaiting their decision" in rows[0]["note"]

    root = make_panel(tmp_path / "escalated", ("R-0001",))
    # Bexley's terms set no escalation limit, so the starter has none: this panel sets one.
    threshold = "  - {amount: 1000, basis: total, action: panel-required}\n"
    escalate = "  - {amount: 4000, action: escalate, escalate_to: head-of-service}\n"
    config = (root / "panel.yml").read_text(encoding="utf-8")
    assert threshold in config
    (root / "panel.yml").write_text(config.replace(threshold, threshold + escalate), encoding="utf-8")
    rows = export(root, "expenditure")
    assert {r["status"] for r in rows} == {"pending"}


# 9.6: a later decision on the same case continues, varies or ends the commitment.


def _review_agenda(root: Path, day: dt.date, referral: str = "R-0001") -> None:
    t = dt.time
    items = [
        AgendaItem(1, ItemKind.DECLARATIONS, "Declarations of interest", t(14, 0), 5),
        AgendaItem(2, ItemKind.REVIEW, f"Review: {referral}", t(14, 5), 20, referral=referral, type="s17-support"),
    ]
    write_agenda(root, Agenda(day, t(14), t(17), items), "Resource and Care Panel")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", f"Agenda for {day}")


def test_a_review_continues_the_commitment_it_reviews(tmp_path: Path) -> None:
    root = make_panel(tmp_path / "panel")
    _review_agenda(root, dt.date(2026, 12, 17))
    refused = run(root, "decide", "R-0001", code=2)
    assert "decided at the meeting of 2026-12-03" in refused
    assert "panel decide R-0001 --meeting 2026-12-17" in refused
    run(root, "decide", "R-0001", "--meeting", "2026-12-17")
    path = root / "meetings/2026-12-17/decisions/R-0001.md"
    text = path.read_text(encoding="utf-8")
    assert "start: 2026-12-17" in text and "end: 2027-06-06" in text and "continues the approval of 2026-12-03" in text
    text = text.replace("outcome:\n", "outcome: approve\n").replace("agreed:\n  -\n", "agreed:\n  - Continue.\n")
    text = text.replace("rationale:\n", "rationale: Going well.\n")
    path.write_text(text, encoding="utf-8")
    meeting = MEETING.replace("2026-12-03", "2026-12-17")
    write(root, "meetings/2026-12-17/meeting.md", meeting)
    assert "no problems" in run(root, "check")
    record_decisions(root, "2026-12-17")
    rows = committed(export(root, "expenditure"), "R-0001")
    periods = sorted({(r["meeting"], r["start"], r["end"]) for r in rows})
    assert periods == [("2026-12-03", "2026-12-07", "2026-12-16"), ("2026-12-17", "2026-12-17", "2027-06-06")]
    assert round(sum(float(r["in_year"]) for r in rows), 2) == 4680  # never twice
    assert any("continued from 2026-12-17" in r["note"] for r in rows)
    assert any("continues R-0001 of 2026-12-03" in r["note"] for r in rows)

    run(root, "build")
    page = (root / "site/registers/expenditure.html").read_text(encoding="utf-8")
    assert "2026-12-16" in page
    # The note is on the register's page with every column (the register's own page shows fewer).
    every_column = (root / "site/registers/all/expenditure.html").read_text(encoding="utf-8")
    assert "2026-12-16" in every_column and "continues R-0001 of 2026-12-03" in every_column


def test_keeping_the_whole_earlier_approval_replaces_it_and_a_decline_ends_it(tmp_path: Path) -> None:
    root = make_panel(tmp_path / "panel")
    write(root, "meetings/2026-12-17/meeting.md", MEETING.replace("2026-12-03", "2026-12-17"))
    same = DECISION.format(referral="R-0001").replace("meeting: 2026-12-03", "meeting: 2026-12-17")
    write(root, "meetings/2026-12-17/decisions/R-0001.md", same)
    record_decisions(root, "2026-12-17")
    rows = committed(export(root, "expenditure"), "R-0001")
    assert round(sum(float(r["in_year"]) for r in rows), 2) == 4680
    assert {r["meeting"] for r in rows} == {"2026-12-17"}

    ended = make_panel(tmp_path / "ended")
    write(ended, "meetings/2026-12-17/meeting.md", MEETING.replace("2026-12-03", "2026-12-17"))
    decline = (
        "---\nreferral: R-0001\nmeeting: 2026-12-17\noutcome: decline\nagreed:\n  - Stop.\nrationale: Ended.\n---\n"
    )
    write(ended, "meetings/2026-12-17/decisions/R-0001.md", decline)
    record_decisions(ended, "2026-12-17")
    rows = committed(export(ended, "expenditure"), "R-0001")
    assert [(r["start"], r["end"]) for r in rows] == [("2026-12-07", "2026-12-17")]
    assert float(rows[0]["in_year"]) == round(4680 * 11 / 182, 2)


# 9.8: each funder's share; the budget counts the council's.


def test_the_funding_split_is_shown_and_only_the_council_share_is_budgeted(tmp_path: Path) -> None:
    root = make_panel(tmp_path / "panel", decided=False)
    referral = referral_text("R-0001").replace(
        "  provider: Oakfield Family Support (voluntary sector)\n",
        "  provider: Oakfield Family Support (voluntary sector)\n  funding:\n"
        "    - {source: social-care, share: 40}\n    - {source: health, share: 30}\n"
        "    - {source: education, share: 30}\n",
    )
    write(root, "submissions/R-0001.md", referral)
    write(root, "meetings/2026-12-03/meeting.md", MEETING)
    write(root, "meetings/2026-12-03/decisions/R-0001.md", DECISION.format(referral="R-0001"))
    # Health's and education's shares count once their commissioners agree (panel.yml funders).
    record_decisions(root, "2026-12-03", f"{CHAIR_TRAILER}\n{HEALTH}\n{SEND}")
    rows = committed(export(root, "expenditure"), "R-0001")
    this_year = next(r for r in rows if r["financial_year"] == "2026-27")
    amount = float(this_year["in_year"])
    assert float(this_year["social_care"]) == round(amount * 0.4, 2)
    assert float(this_year["health"]) == float(this_year["education"]) == round(amount * 0.3, 2)
    assert float(this_year["running_total"]) == round(amount * 0.4, 2)
    assert float(this_year["remaining"]) == round(2_500_000 - amount * 0.4, 2)


def test_a_decision_can_agree_its_own_funding_split(tmp_path: Path) -> None:
    root = make_panel(tmp_path / "panel", decided=False)
    split = "  budget_line: s17-cin\n  funding:\n    - {source: social-care, share: 50}\n    - {source: health, share: 40}\n"
    write(root, "meetings/2026-12-03/meeting.md", MEETING)
    write(
        root,
        "meetings/2026-12-03/decisions/R-0001.md",
        DECISION.format(referral="R-0001").replace("  budget_line: s17-cin\n", split),
    )
    out = run(root, "check", code=1)
    assert "decisions/R-0001.md" in out and "funding shares add up to 90%, not 100%" in out
    text = (root / "meetings/2026-12-03/decisions/R-0001.md").read_text().replace("share: 40", "share: 50")
    (root / "meetings/2026-12-03/decisions/R-0001.md").write_text(text)
    record_decisions(root, "2026-12-03", f"{CHAIR_TRAILER}\n{HEALTH}")
    row = committed(export(root, "expenditure"), "R-0001")[0]
    assert float(row["health"]) == float(row["social_care"]) == round(float(row["in_year"]) / 2, 2)


def test_a_review_referral_continues_the_case_it_reviews(tmp_path: Path) -> None:
    root = make_panel(tmp_path / "panel")
    review = referral_text("R-0002", meeting="2026-12-17").replace(
        "meeting: 2026-12-17", "meeting: 2026-12-17\nreview_of: R-0001"
    )
    write(root, "submissions/R-0002.md", review)
    write(root, "meetings/2026-12-17/meeting.md", MEETING.replace("2026-12-03", "2026-12-17"))
    varied = DECISION.format(referral="R-0002").replace("meeting: 2026-12-03", "meeting: 2026-12-17")
    varied = varied.replace("weekly: 180", "weekly: 120").replace("total: 4680", "total: 2040")
    varied = varied.replace("start: 2026-12-07", "start: 2026-12-17").replace("end: 2027-06-06", "end: 2027-04-14")
    write(root, "meetings/2026-12-17/decisions/R-0002.md", varied)
    record_decisions(root, "2026-12-17")
    rows = export(root, "expenditure")
    first = committed(rows, "R-0001")
    assert [(r["start"], r["end"]) for r in first] == [("2026-12-07", "2026-12-16")]
    assert "varied from 2026-12-17" in first[0]["note"]
    assert {(r["start"], r["end"]) for r in committed(rows, "R-0002")} == {("2026-12-17", "2027-04-14")}
