"""Decide or recommend, per referral type: a recommendation becomes a decision only when its decision maker's
decision, approved by the person holding the role, is merged (real git repositories, through the commands)."""

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

from click.testing import CliRunner

from generator.cli import main
from generator.commands.build import generate
from generator.domain.calendar import LONDON
from panelfixtures.gitrun import git, merge_approved
from panelfixtures.people import COORDINATOR, FORGE, WORKER
from tests.records_helpers import DECISION, MEETING, make_panel, record_decisions, write

NOW = "2026-12-07T10:00"
HEAD = "Approved-by: Grace Adeyemi <grace.adeyemi@council.example>"
VICE = "Approved-by: Owen Marsh <owen.marsh@council.example>"
ANSWER = "meetings/2026-12-03/decision-maker/R-0001.md"


def run(root: Path, *args: str, code: int = 0) -> str:
    result = CliRunner().invoke(main, [*args, "--root", str(root)], env={"PANEL_NOW": NOW})
    assert result.exit_code == code, result.output
    return result.output


def recommending(tmp_path: Path) -> Path:
    """The fixture panel, whose s17 support packages the panel recommends to the Head of Service."""
    root = make_panel(tmp_path / "panel", ("R-0001",), decided=False)
    config = (root / "panel.yml").read_text(encoding="utf-8")
    s17 = "    name: Section 17 support package\n"
    assert s17 in config
    config = config.replace(s17, s17 + "    decides: false\n    decision_maker: head-of-service\n")
    (root / "panel.yml").write_text(config, encoding="utf-8")
    git(root, "commit", "-q", "-am", "The panel recommends s17 packages to the Head of Service")
    write(root, "meetings/2026-12-03/meeting.md", MEETING)
    write(root, "meetings/2026-12-03/decisions/R-0001.md", DECISION.format(referral="R-0001"))
    record_decisions(root, "2026-12-03")
    return root


def answer(root: Path, text: str, trailers: str, when: str = "2026-12-04T09:00:00+00:00") -> None:
    (root / ANSWER).write_text(text, encoding="utf-8")
    merge_approved(
        root,
        "decision-maker/R-0001",
        None,
        "Head of Service's decision",
        date=when,
        author=COORDINATOR,
        trailers=trailers,
    )


def spend(root: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(run(root, "export", "expenditure"))))


def state(root: Path) -> dict[str, str]:
    [row] = [s for s in json.loads(run(root, "status", "2026-12-03", "--format", "json")) if s["referral"] == "R-0001"]
    return {"state": row["state"], "label": row["label"]}


def test_a_recommendation_awaits_its_decision_maker_until_they_approve_theirs(tmp_path: Path) -> None:
    root = recommending(tmp_path)
    assert state(root) == {"state": "recommended", "label": "recommended, awaiting Head of Service"}
    rows = spend(root)
    assert {r["status"] for r in rows} == {"pending"}
    assert "a recommendation to the Head of Service, awaiting their decision" in rows[0]["note"]

    out = run(root, "decide", "R-0001", "--decision-maker")
    assert ANSWER in out and "Head of Service" in out
    text = (root / ANSWER).read_text(encoding="utf-8")
    assert "role: head-of-service" in text and 'decided_by: "Grace Adeyemi"' in text
    assert "panel decide" not in run(root, "check")  # the template as written passes the check

    # Approved by someone who does not hold the role: it does not stand.
    answer(root, text, VICE)
    assert state(root)["state"] == "recommended"
    assert {r["status"] for r in spend(root)} == {"pending"}

    # Approved by the Head of Service herself (a later merge): the recommendation is now the decision.
    (root / ANSWER).write_text(text + "Agreed after reading the minutes.\n", encoding="utf-8")
    merge_approved(
        root,
        "decision-maker/R-0001-b",
        None,
        "Agreed",
        date="2026-12-04T10:00:00+00:00",
        author=COORDINATOR,
        trailers=HEAD,
    )
    assert state(root)["state"] == "decided"
    rows = spend(root)
    assert {r["status"] for r in rows} == {"committed"}  # one line per financial year
    assert all("agreed by Grace Adeyemi (Head of Service)" in r["note"] for r in rows)


def test_a_varied_decision_commits_the_varied_amount_and_a_refusal_commits_nothing(tmp_path: Path) -> None:
    root = recommending(tmp_path)
    run(root, "decide", "R-0001", "--decision-maker")
    text = (root / ANSWER).read_text(encoding="utf-8")
    varied = text.replace("\ndecision: agree", "\ndecision: vary").replace("# approved:", "approved:")
    varied = (
        varied.replace("#   ", "  ").replace("total: 4680", "total: 2340").replace("end: 2027-06-06", "end: 2027-03-07")
    )
    varied = varied.replace("rationale:", "rationale: Half the period, then back to panel.")
    answer(root, varied, HEAD)
    assert run(root, "check", code=0)
    rows = spend(root)
    assert {r["status"] for r in rows} == {"committed"}
    assert round(sum(float(r["in_year"]) for r in rows), 2) == 2340
    assert all("varied by Grace Adeyemi" in r["note"] for r in rows)

    refused = text.replace("\ndecision: agree", "\ndecision: refuse").replace("rationale:", "rationale: Not agreed.")
    (root / ANSWER).write_text(refused, encoding="utf-8")
    merge_approved(
        root,
        "decision-maker/refuse",
        None,
        "Refused",
        date="2026-12-05T10:00:00+00:00",
        author=COORDINATOR,
        trailers=HEAD,
    )
    assert not [r for r in spend(root) if r["status"] == "committed"]


def test_the_check_refuses_a_decision_makers_decision_that_is_not_theirs_to_make(tmp_path: Path) -> None:
    root = recommending(tmp_path)
    run(root, "decide", "R-0001", "--decision-maker")
    text = (root / ANSWER).read_text(encoding="utf-8")
    (root / ANSWER).write_text(text.replace('decided_by: "Grace Adeyemi"', "decided_by: Owen Marsh"), encoding="utf-8")
    out = run(root, "check", code=1)
    assert "error[decision-maker-role]: Owen Marsh does not hold the role Head of Service" in out
    (root / ANSWER).write_text(text.replace("role: head-of-service", "role: service-manager"), encoding="utf-8")
    out = run(root, "check", code=1)
    assert "went to Head of Service (head-of-service), not Service Manager" in out
    (root / ANSWER).write_text(text.replace("\ndecision: agree", "\ndecision: refuse"), encoding="utf-8")
    assert "needs 'rationale'" in run(root, "check", code=1) or "rationale" in run(root, "check", code=1)


def test_the_panel_that_decides_needs_no_decision_maker(tmp_path: Path) -> None:
    root = make_panel(tmp_path / "panel", ("R-0001",))
    out = run(root, "decide", "R-0001", "--decision-maker", code=2)
    assert "needs no decision maker" in out
    assert json.loads(run(root, "status", "2026-12-03", "--format", "json"))[0]["state"] == "decided"


def test_an_escalate_threshold_routes_the_decision_to_its_role(tmp_path: Path) -> None:
    root = make_panel(tmp_path / "panel", ("R-0001",))
    config = (root / "panel.yml").read_text(encoding="utf-8")
    threshold = "  - {amount: 1000, basis: total, action: panel-required}\n"
    assert threshold in config
    escalate = "  - {amount: 4000, action: escalate, escalate_to: head-of-service}\n"
    (root / "panel.yml").write_text(config.replace(threshold, threshold + escalate), encoding="utf-8")
    assert state(root) == {"state": "recommended", "label": "recommended, awaiting Head of Service"}
    run(root, "decide", "R-0001", "--decision-maker")
    assert "role: head-of-service" in (root / ANSWER).read_text(encoding="utf-8")


def test_the_site_says_awaiting_the_decision_maker_until_they_decide(tmp_path: Path) -> None:
    root = recommending(tmp_path)
    now = dt.datetime(2026, 12, 7, 10, tzinfo=LONDON)
    generate(root, now)
    docs = root / "build" / "site-src" / "docs"
    home = (docs / "index.md").read_text(encoding="utf-8")
    assert "Recommendations awaiting their decision maker" in home and "awaiting Head of Service" in home
    page = (docs / "referrals" / "R-0001.md").read_text(encoding="utf-8")
    assert "recommendation, **awaiting Head of Service**" in page
    assert "State: **recommended, awaiting Head of Service**." in page
    # Said once, in Status: no second row repeating it (the demo's R-0004 showed both).
    assert "| Status | **recommendation, awaiting Head of Service**: the chair approved the panel's" in page
    assert "| Decision maker |" not in page and page.count("nor committed spend") == 1
    assert "**What the panel recommended**" in page and "**What the panel agreed**" not in page
    guide = (docs / "guides" / "who-decides.md").read_text(encoding="utf-8")
    assert "| Section 17 support package | the panel **recommends**; the Head of Service decides |" in guide
    assert "panel decide R-NNNN --decision-maker" in guide

    run(root, "decide", "R-0001", "--decision-maker")
    answer(root, (root / ANSWER).read_text(encoding="utf-8"), HEAD)
    generate(root, now)
    home = (docs / "index.md").read_text(encoding="utf-8")
    assert "Recommendations awaiting their decision maker" not in home
    page = (docs / "referrals" / "R-0001.md").read_text(encoding="utf-8")
    assert "Grace Adeyemi (Head of Service) **agreed** the recommendation" in page


def test_the_pack_sheet_says_recommendation_to_the_role(tmp_path: Path) -> None:
    root = make_panel(tmp_path / "panel", ("R-0001",), decided=False)
    config = (root / "panel.yml").read_text(encoding="utf-8")
    s17 = "    name: Section 17 support package\n"
    config = config.replace(s17, s17 + "    decides: false\n    decision_maker: head-of-service\n")
    (root / "panel.yml").write_text(config, encoding="utf-8")
    git(root, "commit", "-q", "-am", "The panel recommends s17 packages to the Head of Service")
    signed = (root / "submissions/R-0001.md").read_text(encoding="utf-8") + "\n"
    managers = (
        "Approved-by: Tom Reyes <tom.reyes@council.example>\nApproved-by: Lena Novak <lena.novak@council.example>"
    )
    merge_approved(
        root,
        "referral/R-0001",
        {"submissions/R-0001.md": signed},
        "R-0001",
        date="2026-11-25T10:00:00+00:00",
        author=WORKER,
        trailers=managers,
        merger=FORGE,
    )
    run(root, "pack", "2026-12-03", "--format", "pdf")
    pdf = root / "build/packs/2026-12-03/pack-v1.pdf"
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    words = " ".join(text.split())
    assert "Recommendation to the Head of Service (Part B): item 2, R-0001" in words
    assert "the panel recommends, and the Head of Service decides (agree, vary or refuse)" in words
    sheet = words[words.index("Recommendation to the Head of Service (Part B)") :]
    assert "What the panel recommended (numbered)" in sheet and "What the panel agreed" not in sheet


def test_a_recommendation_is_not_decided_anywhere_and_gets_no_notice_until_its_decision_maker_decides(
    tmp_path: Path,
) -> None:
    """The chair's approval of a recommendation does not make it final: not on the site, in the registers or in
    `panel notify`; the decision maker's approved decision does, and the notice is of theirs."""
    root = recommending(tmp_path)
    now = dt.datetime(2026, 12, 7, 10, tzinfo=LONDON)
    out = run(root, "notify", "2026-12-03")
    assert "R-0001: not final (a recommendation to the Head of Service" in out and "no notice yet" in out
    assert not (root / "meetings/2026-12-03/notices.yml").exists()
    assert not list((root / "build").glob("notices/**/*.eml"))
    decisions = list(csv.DictReader(io.StringIO(run(root, "export", "decisions"))))
    assert not [r for r in decisions if r["referral"] == "R-0001"]
    generate(root, now)
    docs = root / "build" / "site-src" / "docs"
    page = (docs / "referrals" / "R-0001.md").read_text(encoding="utf-8")
    assert "| Status | recommended, awaiting Head of Service |" in page and "| Status | decided |" not in page
    assert "**recommendation, awaiting Head of Service**: the chair approved the panel's recommendation" in page
    meeting = (docs / "meetings" / "2026-12-03.md").read_text(encoding="utf-8")
    assert "| recommendation, **awaiting Head of Service** |" in meeting
    home = (docs / "index.md").read_text(encoding="utf-8")
    assert "due on the case record" not in home.split("Recommendations awaiting")[0].split("R-0001")[-1]

    run(root, "decide", "R-0001", "--decision-maker")
    answer(root, (root / ANSWER).read_text(encoding="utf-8"), HEAD)
    assert state(root)["state"] == "decided"
    decisions = list(csv.DictReader(io.StringIO(run(root, "export", "decisions"))))
    [row] = [r for r in decisions if r["referral"] == "R-0001"]
    assert row["outcome"].endswith("; recommended, agreed by the Head of Service")
    out = run(root, "notify", "2026-12-03")
    assert "R-0001 to" in out
    eml = email.message_from_bytes(
        next((root / "build" / "notices" / "2026-12-03").glob("R-0001-*.eml")).read_bytes(),
        policy=email.policy.default,
    )
    assert isinstance(eml, email.message.EmailMessage)
    body = eml.get_body(("plain",))
    assert body is not None
    said = " ".join(body.get_content().split())
    assert "This notice is of the Head of Service's decision: Grace Adeyemi agreed the recommendation." in said
    pdf = root / "build" / "notices" / "2026-12-03" / "R-0001-decision-notice.pdf"
    text = " ".join(
        subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout.split()
    )
    assert "This notice is of the decision of the Head of Service, Grace Adeyemi" in text
    assert "0 notice(s) written, 1 already sent before" in run(root, "notify", "2026-12-03")
    generate(root, now)
    page = (docs / "referrals" / "R-0001.md").read_text(encoding="utf-8")
    assert "| Status | decided |" in page
    assert "final: the panel's recommendation, decided by Grace Adeyemi (Head of Service)" in page
