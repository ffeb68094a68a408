"""Linked panels: an outcome hands a case on to another panel, which hears it as its own referral, carrying where it
came from; each panel's pages show the case's path (two panels made by `panel init` side by side, real git, through
`panel check`, `panel refer-on` and `panel build`)."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from generator.cli import main
from generator.commands.config import load_config
from panelfixtures.gitrun import git, merge_approved
from panelfixtures.people import COORDINATOR
from panelfixtures.referrals import _attach, write_referral

pytestmark = pytest.mark.slow
NOW = "2026-12-10T10:00"
LATER = "2026-12-17T10:00"
"""After the gateway's meeting of 16 December (the tests after the one that hands the case back run then)."""
WHO = {
    "GIT_AUTHOR_NAME": "Sam Okoro",
    "GIT_AUTHOR_EMAIL": "sam.okoro@council.example",
    "GIT_COMMITTER_NAME": "Sam Okoro",
    "GIT_COMMITTER_EMAIL": "sam.okoro@council.example",
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,
}
CHAIR = "Approved-by: Miriam Oduya <miriam.oduya@city.example>"
MEETING = """\
---
meeting: 2026-12-09
chair: Miriam Oduya
present: [Miriam Oduya, Colin Ashworth, Rosa Lindqvist, Imogen Tate]
declarations: []
---

- The panel was quorate.
"""
DECISION = """\
---
referral: RAP-0012
meeting: 2026-12-09
outcome: {outcome}
agreed:
  - Refer to the Legal Gateway Panel.
rationale: "Threshold for proceedings met <img src=x onerror=alert(1)>: the family network is exhausted."
---
"""
GATEWAY_LINK = "\nlinked_panels:\n  - {id: city-rap, name: City Resource Allocation Panel, path: ../resource}\n"
BACK = (
    "  - {id: back-to-rap, name: Returned to the City RAP for oversight, requires: [rationale], "
    "refers_to: {panel: city-rap, type: oversight}}\n"
)
GATEWAY_MEETING = """\
---
meeting: 2026-12-16
chair: Eleanor Fairhurst
present: [Eleanor Fairhurst, Marcus Haworth, Rebecca Lord, Owen Kershaw]
declarations: []
---

- The panel was quorate.
"""
GATEWAY_DECISION = """\
---
referral: R-0001
meeting: 2026-12-16
outcome: back-to-rap
agreed:
  - Proceedings are not to be issued now.
rationale: Not yet; the City RAP oversees the plan.
---
"""
HOSTILE_TITLE = "Gateway request <script>alert(1)</script>"


def run(root: Path | None, *args: str, code: int = 0, now: str = NOW) -> str:
    where = ["--root", str(root)] if root is not None else []
    result = CliRunner().invoke(main, [*args, *where], env={"PANEL_NOW": now, **WHO})
    assert result.exit_code == code, result.output
    return result.output


def flat(path: Path) -> str:
    return " ".join(path.read_text(encoding="utf-8").split())


def fill_in(path: Path, root: Path) -> None:
    """Complete what `panel refer-on` left empty, as the worker at the receiving panel does; keep what it carried."""
    config = load_config(root)
    text = path.read_text(encoding="utf-8")
    front, body = text.split("---\n", 2)[1:]
    data = yaml.safe_load(front)
    kind = config.referral_type(data["type"])
    assert kind is not None
    meeting = data["meeting"]
    worker = config.people_with_role("social-worker")[0]
    data["worker"] = {"name": worker.name, "team": config.teams[0].id, "email": worker.email}
    for child in data["children"]:
        child.setdefault("legal_status", config.legal_statuses[0].id)
    data["family_network_meeting"] = {"held": True, "date": "2026-10-28"}
    data["safety_plan"] = {"in_place": True}
    data["scaling"] = [{"person": worker.name, "role": "social worker", "score": 4, "reason": "Invented reason."}]
    if not kind.no_cost:
        start = meeting + dt.timedelta(days=7)
        data["costs"] = {"weekly": 0, "weeks": 1, "total": 0, "start": start, "budget_line": config.budget_lines[0].id}
    data["assessment"] = {"completed": meeting - dt.timedelta(days=20), "genogram_on_file": True}
    if kind.required_attachments:
        data["attachments"] = _attach(root, data["id"], kind.required_attachments, meeting)
    data["case"] = {k: v for k, v in (data.get("case") or {}).items() if v is not None}
    data = {k: v for k, v in data.items() if v}
    sections = "".join(f"{line}\n\nInvented text.\n" if line.startswith("#") else "" for line in body.splitlines())
    path.write_text(f"---\n{yaml.safe_dump(data, sort_keys=False)}---\n\n{sections}", encoding="utf-8")


@pytest.fixture(scope="module")
def panels(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """City RAP (its starter hands `refer-lgw` cases to ../legal-gateway) and a second panel there, from Rochdale's
    starter, renamed the Legal Gateway Panel, that links back; RAP-0012 heard on 9 December."""
    base = tmp_path_factory.mktemp("linked")
    resource, gateway = base / "resource", base / "legal-gateway"
    run(None, "init", str(resource), "--from", "city-rap")
    run(None, "init", str(gateway), "--from", "rochdale")
    # The starter's gateway type is the legal-gateway starter's; this gateway is Rochdale's, so one of its types.
    config = (resource / "panel.yml").read_text(encoding="utf-8")
    (resource / "panel.yml").write_text(config.replace("type: pre-proceedings}", "type: section-20}"), "utf-8")
    config = (gateway / "panel.yml").read_text(encoding="utf-8")
    config = config.replace("  name: Resource Allocation Panel", "  name: Legal Gateway Panel", 1)
    config = config.replace("outcomes:\n", "outcomes:\n" + BACK, 1)
    (gateway / "panel.yml").write_text(config + GATEWAY_LINK, encoding="utf-8")
    for root in (resource, gateway):
        git(root, "commit", "-q", "-am", "Linked panels")
    write_referral(
        resource,
        load_config(resource),
        number=12,
        type_id="legal-gateway",
        meeting=dt.date(2026, 12, 9),
        title=HOSTILE_TITLE,
    )
    (resource / "meetings/2026-12-09").mkdir(parents=True)
    (resource / "meetings/2026-12-09/meeting.md").write_text(MEETING, encoding="utf-8")
    return resource, gateway


def test_a_case_is_handed_on_with_its_path_and_both_sites_show_it(panels: tuple[Path, Path]) -> None:
    resource, gateway = panels
    decision = resource / "meetings/2026-12-09/decisions/RAP-0012.md"
    decision.parent.mkdir(parents=True, exist_ok=True)
    # An outcome that refers nowhere: nothing to hand on.
    decision.write_text(DECISION.format(outcome="decline"), encoding="utf-8")
    out = run(resource, "refer-on", "RAP-0012", code=1)
    assert "is Not approved, which refers the case to no other panel" in out and "refer-lgw" in out, out
    # The referring outcome, still a draft: refused until the chair approves it on main.
    decision.write_text(DECISION.format(outcome="refer-lgw"), encoding="utf-8")
    run(resource, "check")
    out = run(resource, "refer-on", "RAP-0012", code=1)
    assert "(Referred to the Legal Gateway Panel) is not final" in out, out
    assert not list((gateway / "submissions").glob("R-*.md"))
    merge_approved(
        resource,
        "records/2026-12-09",
        None,
        "Decisions of 9 December",
        date="2026-12-09T18:00:00+00:00",
        author=COORDINATOR,
        trailers=CHAIR,
    )

    out = run(resource, "refer-on", "RAP-0012")
    assert "wrote ../legal-gateway/submissions/R-0001.md" in out and "for Legal Gateway Panel's meeting on" in out
    assert "run panel check there" in out
    written = gateway / "submissions/R-0001.md"
    data = yaml.safe_load(written.read_text(encoding="utf-8").split("---\n")[1])
    # Its own type and next meeting (the gateway's Wednesday after its deadline), the child and the path carried.
    assert data["type"] == "section-20" and data["meeting"] == dt.date(2026, 12, 16), data
    assert data["title"] == HOSTILE_TITLE and data["children"][0]["case_id"] == "LCS-900012"
    assert data["referred_from"] == {
        "panel": "city-rap",
        "name": "Resource Allocation Panel",
        "referral": "RAP-0012",
        "meeting": dt.date(2026, 12, 9),
        "outcome": "Referred to the Legal Gateway Panel",
        "summary": "Threshold for proceedings met <img src=x onerror=alert(1)>: the family network is exhausted.",
    }
    # Once: a second run refuses, naming the referral already there.
    out = run(resource, "refer-on", "RAP-0012", code=1)
    assert "already has a referral from RAP-0012: ../legal-gateway/submissions/R-0001.md" in out, out

    # The gateway's own check judges it by its own schema; completed, it passes.
    out = run(gateway, "check", code=1)
    assert "submissions/R-0001.md" in out
    fill_in(written, gateway)
    run(gateway, "check")
    # Signed off there by its own chain, it goes on the gateway's agenda and into its pack with its path.
    chain = [load_config(gateway).people_with_role(role)[0] for role in load_config(gateway).chain_for("section-20")]
    merge_approved(
        gateway,
        "referral/R-0001",
        None,
        "Referral from the City RAP",
        date="2026-12-10T09:00:00+00:00",
        author=("Aisha Bello", "aisha.bello@rochdale.example"),
        trailers="\n".join(f"Approved-by: {p.name} <{p.email}>" for p in chain),
    )
    run(gateway, "agenda", "2026-12-16")
    git(gateway, "add", "-A")
    git(gateway, "commit", "-q", "-m", "Agenda for 16 December")
    run(gateway, "pack", "2026-12-16", "--format", "pdf")
    pdf = next((gateway / "build/packs/2026-12-16").glob("pack-v*.pdf"))
    text = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout.split())
    assert "Path Resource Allocation Panel RAP-0012, 9 Dec 2026, Referred to the Legal Gateway Panel → this" in text, (
        text
    )

    run(gateway, "build", "--output", str(gateway.parent / "gateway-site"))
    page = flat(gateway.parent / "gateway-site/referrals/R-0001.html")
    assert (
        "Path</td> <td>Resource Allocation Panel RAP-0012, 9 Dec 2026, Referred to the Legal Gateway Panel → this "
        "referral</td>" in page
    ), page
    assert "the family network is exhausted" in page and "&lt;img src=x" in page and "<img src=x" not in page
    assert "<script>alert" not in page

    run(resource, "build", "--output", str(resource.parent / "resource-site"))
    page = flat(resource.parent / "resource-site/referrals/RAP-0012.html")
    assert "Handed on</td> <td>referred to Legal Gateway Panel: R-0001, for its meeting of 16 Dec 2026</td>" in page


def test_a_case_handed_on_twice_carries_its_whole_path(panels: tuple[Path, Path]) -> None:
    """The gateway hands R-0001 (from RAP-0012) back to the City RAP: the new referral carries both hearings."""
    resource, gateway = panels
    (gateway / "meetings/2026-12-16/decisions").mkdir(parents=True)
    (gateway / "meetings/2026-12-16/meeting.md").write_text(GATEWAY_MEETING, encoding="utf-8")
    (gateway / "meetings/2026-12-16/decisions/R-0001.md").write_text(GATEWAY_DECISION, encoding="utf-8")
    trailer = "Approved-by: Eleanor Fairhurst <eleanor.fairhurst@rochdale.example>"
    merge_approved(
        gateway,
        "records/2026-12-16",
        None,
        "Decisions of 16 December",
        date="2026-12-16T18:00:00+00:00",
        author=COORDINATOR,
        trailers=trailer,
    )
    out = run(gateway, "refer-on", "R-0001", now=LATER)
    assert "wrote ../resource/submissions/RAP-0013.md (Management oversight of a complex case)" in out, out
    written = resource / "submissions/RAP-0013.md"
    data = yaml.safe_load(written.read_text(encoding="utf-8").split("---\n")[1])
    assert data["referred_from"]["panel"] == "legal-gateway" and data["referred_from"]["referral"] == "R-0001"
    assert data["referred_from"]["earlier"] == [
        {
            "name": "Resource Allocation Panel",
            "referral": "RAP-0012",
            "meeting": dt.date(2026, 12, 9),
            "outcome": "Referred to the Legal Gateway Panel",
        }
    ]
    fill_in(written, resource)
    run(resource, "check", now=LATER)
    git(resource, "add", "-A")
    git(resource, "commit", "-q", "-m", "Referral back from the Legal Gateway Panel")
    site = resource.parent / "resource-site"
    run(resource, "build", "--output", str(site), now=LATER)
    page = flat(site / "referrals/RAP-0013.html")
    assert (
        "Path</td> <td>Resource Allocation Panel RAP-0012, 9 Dec 2026, Referred to the Legal Gateway Panel → Legal "
        "Gateway Panel R-0001, 16 Dec 2026, Returned to the City RAP for oversight → this referral</td>" in page
    ), page
    page = flat(gateway.parent / "gateway-site/referrals/R-0001.html")
    run(gateway, "build", "--output", str(gateway.parent / "gateway-site"), now=LATER)
    page = flat(gateway.parent / "gateway-site/referrals/R-0001.html")
    assert "Handed on</td> <td>referred to City Resource Allocation Panel: RAP-0013, for its meeting of" in page


def test_a_referral_from_a_panel_not_linked_is_an_error_at_its_line(panels: tuple[Path, Path]) -> None:
    _, gateway = panels
    written = gateway / "submissions/R-0001.md"
    text = written.read_text(encoding="utf-8")
    line = text.splitlines().index("  panel: city-rap") + 1
    written.write_text(text.replace("  panel: city-rap", "  panel: city-rapp"), encoding="utf-8")
    try:
        out = run(gateway, "check", code=1, now=LATER)
    finally:
        written.write_text(text, encoding="utf-8")
    assert f"submissions/R-0001.md:{line}:10: error[referred-from]: referred_from.panel 'city-rapp'" in out, out
    assert 'did you mean "city-rap"?' in out


def test_panel_check_explains_a_misconfigured_link_at_its_line(panels: tuple[Path, Path]) -> None:
    resource, _ = panels
    original = (resource / "panel.yml").read_text(encoding="utf-8")
    lines = original.splitlines()
    at = next(n for n, line in enumerate(lines, 1) if "type: section-20}" in line)
    try:
        (resource / "panel.yml").write_text(original.replace("type: section-20}", "type: section-2}"), "utf-8")
        out = run(resource, "check", code=1, now=LATER)
        assert f"panel.yml:{at}:" in out and "error[linked-panel]: 'section-2' is not a referral type of" in out
        assert 'did you mean "section-20"?' in out, out
        (resource / "panel.yml").write_text(original.replace("{panel: legal-gateway,", "{panel: gateway,"), "utf-8")
        out = run(resource, "check", code=2, now=LATER)  # panel.yml itself is wrong: nothing else is checked
        assert (
            f"panel.yml:{at}:" in out and "error[config-unknown-id]: 'gateway' is not one of the linked panels" in out
        )
    finally:
        (resource / "panel.yml").write_text(original, encoding="utf-8")


def test_the_other_panel_is_read_as_hostile_and_may_be_absent(panels: tuple[Path, Path]) -> None:
    resource, gateway = panels
    outside = resource.parent / "outside.md"
    outside.write_text(
        "---\nid: R-0099\nmeeting: 2026-12-16\nreferred_from: {panel: city-rap, referral: RAP-0012}\n---\n", "utf-8"
    )
    link = gateway / "submissions/R-0099.md"
    link.symlink_to(outside)
    hostile = gateway / "submissions/R-0098.md"
    hostile.write_text(
        '---\nid: "R-0098<b>bold</b>"\nmeeting: 2026-12-16\nreferred_from: {panel: city-rap, referral: RAP-0012}\n---\n',
        "utf-8",
    )
    site = resource.parent / "resource-site"
    try:
        # A link in the other panel is never followed: its referral is not where the case went; HTML in a value
        # read there is shown as text.
        run(resource, "build", "--output", str(site), now=LATER)
        page = flat(site / "referrals/RAP-0012.html")
        assert "R-0099" not in page and "R-0001, for its meeting of 16 Dec 2026" in page, page
        assert "R-0098&lt;b&gt;bold&lt;/b&gt;" in page and "<b>bold" not in page
    finally:
        link.unlink()
        hostile.unlink()
    moved = resource.parent / "elsewhere"
    gateway.rename(moved)
    try:
        out = run(resource, "check", now=LATER)
        assert (
            "warning[linked-panel-missing]: linked panel Legal Gateway Panel: there is no folder ../legal-gateway"
            in out
        )
        run(resource, "build", "--output", str(site), now=LATER)
        assert "Handed on</td> <td>referred to Legal Gateway Panel</td>" in flat(site / "referrals/RAP-0012.html")
        # A link in its place is not followed either.
        gateway.symlink_to(moved)
        out = run(resource, "check", now=LATER)
        assert "linked panel Legal Gateway Panel: ../legal-gateway is a symbolic link, not a folder" in out, out
        out = run(resource, "refer-on", "RAP-0012", code=2, now=LATER)
        assert "cannot write to Legal Gateway Panel" in out
    finally:
        if gateway.is_symlink():
            gateway.unlink()
        moved.rename(gateway)
    shutil.rmtree(site, ignore_errors=True)


def test_the_city_rap_and_legal_gateway_starters_link_to_each_other(tmp_path: Path) -> None:
    """Started side by side, each finds the other: the City RAP's refers_to type is the gateway's, and each lists the
    other among its linked_panels (else `panel check` would say so, and `panel refer-on` could not write there)."""
    run(None, "init", str(tmp_path / "city-rap"), "--from", "city-rap")
    run(None, "init", str(tmp_path / "legal-gateway"), "--from", "legal-gateway")
    for name in ("city-rap", "legal-gateway"):
        out = run(tmp_path / name, "check")
        assert "linked-panel" not in out and " 0 error(s)" in out, out
    moved = tmp_path / "legal-gateway-elsewhere"
    (tmp_path / "legal-gateway").rename(moved)
    out = run(tmp_path / "city-rap", "check")
    assert "warning[linked-panel-missing]: linked panel Legal Gateway Panel: there is no folder ../legal-gateway" in out
