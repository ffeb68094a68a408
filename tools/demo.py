"""Build the demo: the example panel as a git repository with a real approval history, then its outputs.

`make demo` runs this. It copies panel.yml, mkdocs.yml, interests.yml, submissions/ and meetings/ into
build/demo/ and replays how they would have arrived: each referral committed by its worker on a branch
and merged into main by the forge with the managers' `Approved-by:` trailers, at fixed dates. (The
26 November meeting decided R-0009 without a quorum, as its vice chair, chairing, had a registered
interest in the provider; the quorate 3 December meeting confirmed it. R-0003, a placement jointly funded
with health, was approved by the chair on 3 December and awaits health's agreement.) Then it runs the real
`panel` commands there: check, the finance officer's sign-off of November's expenditure log, status, agenda,
pack (circulated as version 1, with a named copy for each member that leaves out the items the register of
interests says they have an interest in), a refused agenda for the held 3 December meeting, a supplementary
pack after a referral is corrected and re-approved, the 3 December decision notices sent to an SMTP server on
this machine (`panel notify`; `panel notify outside` for R-0009's decision made outside a meeting), and build;
then the identifier scan on a branch whose name and commit name a
child, and a subject access request (`panel sar`) for one child of a sibling group. Everything is fictional.

Who decides (README): R-0009's emergency placement was decided outside a meeting on Saturday 21 November by
the on-duty Head of Service (meetings/outside/) and ratified on 26 November; and, in the demo only, NRPF support
is recommended to the Head of Service, so R-0004's decision of 3 December awaits hers (no decision notice goes out for
it meanwhile). R-0012's worker asks for its refusal of 3 December to be reconsidered (`panel reconsider`), so the
10 December agenda hears it.

Sign-off by amount (demo only): a placement's sign-off depends on its weekly cost (up to £1,000 the team manager;
above it the service manager too); R-0011's page says why its service manager signs.

Reviews: R-0013's placement (approved on 3 September) reaches its first review, three months after it started,
on the 10 December agenda (a phased review: 3 months, then every 6), and R-0002 comes back weekly until the
chair is satisfied, its pack item listing both earlier decisions. The demo's panel.yml adds a staged deadline
(`STAGE`, as the city RAP's terms have): the team manager's authorisation is due by the Friday before, so
R-0006, re-approved on the Monday after its correction, is late at that stage.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.io import yamlsafe  # noqa: E402
from panelfixtures.gitrun import approved_by, merge_approved  # noqa: E402
from panelfixtures.gitrun import git as run_git  # noqa: E402

PANEL = Path(sys.executable).parent / "panel"
# The 26 November and 3 December meetings have been held (their decisions are in meetings/);
# the 10 December meeting is next, and its deadline (7 December 17:00) has not yet passed.
NOW = os.environ.get("PANEL_NOW", "2026-12-07T10:00")
MEETING = "2026-12-10"
FORGE = ("Panel Papers Forge", "forge@council.example")
COORDINATOR = ("Sam Okoro", "sam.okoro@council.example")
# Left awaiting the Service Manager, so the demo shows a referral that is not yet ready.
AWAITING_SERVICE_MANAGER = {"R-0008"}
# The subject access request the demo answers: Alfie (R-0001, with his sister Maisie, who is redacted).
SAR_CHILD = "LCS-204118"
# The demo's staged deadline: the team manager's sign-off by the Friday before (the service manager's stays 3 working
# days before). Bexley's own terms have one deadline; this shows how a panel with staged sign-off is configured.
STAGE = """  stages:
    - id: authorised
      name: Team manager's authorisation
      roles: [team-manager]
      weekday_before: friday
      time: "15:00"
"""
# Every commit is the forge's (its committer), authored by `who` (default the forge) at `date`.
git = functools.partial(run_git, who=FORGE, committer=FORGE, date="2026-11-01T09:00:00+00:00")


def merged(
    repo: Path,
    branch: str,
    files: Mapping[str, str | bytes],
    message: str,
    *,
    author: tuple[str, str],
    date: str,
    approvers: list[tuple[str, str]],
    merged_at: str,
) -> None:
    """`files` committed by `author` on `branch`, merged into main by the forge with the `approvers`' trailers."""
    merge_approved(
        repo,
        branch,
        files,
        message,
        date=date,
        author=author,
        committer=FORGE,
        merger=FORGE,
        trailers=approved_by(*approvers),
        subject=f"Merge branch '{branch}' into 'main'",
        merged_at=merged_at,
    )


def signed_on(day: str, submitted: object) -> str:
    """The day a referral's sign-offs are replayed: `day`, or its submission day if later (a weekend's Monday)."""
    later = dt.date.fromisoformat(str(submitted)) if submitted else None
    if later is None or later <= dt.date.fromisoformat(day):
        return day
    return (later + dt.timedelta(days=7 - later.weekday() if later.weekday() >= 5 else 0)).isoformat()


def front_matter(path: Path) -> dict[str, object]:
    """The front matter of an example referral (they are known to be valid)."""
    text = path.read_text(encoding="utf-8")
    data, _, _ = yamlsafe.load(text.split("\n---\n", 1)[0].removeprefix("---\n"))
    assert isinstance(data, dict)
    return data


def person(config: dict[str, object], role: str) -> tuple[str, str]:
    """The first person in panel.yml holding `role`."""
    people = config["people"]
    assert isinstance(people, list)
    found = next(p for p in people if role in p["roles"])
    return found["name"], found["email"]


def chair_of(config: dict[str, object], folder: Path) -> tuple[str, str]:
    """Who chaired the meeting in `folder`, as its meeting.md names them."""
    name = front_matter(folder / "meeting.md")["chair"]
    people = config["people"]
    assert isinstance(people, list)
    found = next(p for p in people if p["name"] == name)
    return found["name"], found["email"]


def replay_history(repo: Path) -> None:
    """A repository whose main branch records each referral's submission and approvals."""
    git(repo, "init", "-q", "-b", "main")
    yml = (ROOT / "panel.yml").read_text(encoding="utf-8")
    papers = "  papers_out: {working_days_before: 2"
    assert papers in yml, "demo: panel.yml has no papers_out line to put the staged deadline before"
    (repo / "panel.yml").write_text(yml.replace(papers, STAGE + papers, 1), encoding="utf-8")
    shutil.copy(ROOT / "mkdocs.yml", repo / "mkdocs.yml")  # the site's name, colours and language
    shutil.copy(ROOT / "interests.yml", repo / "interests.yml")  # the register of interests
    (repo / ".gitignore").write_text("build/\nsite/\n.panel-site/\n", encoding="utf-8")
    git(repo, "add", "panel.yml", "mkdocs.yml", "interests.yml", ".gitignore")
    git(repo, "commit", "-q", "-m", "Terms of reference", date="2026-10-01T09:00:00+01:00")
    recommend_nrpf_support(repo)
    delegate_placements(repo)
    config, _, _ = yamlsafe.load((repo / "panel.yml").read_text(encoding="utf-8"))
    team_manager, service_manager = person(config, "team-manager"), person(config, "service-manager")
    (repo / "submissions").mkdir()
    for number, source in enumerate(sorted((ROOT / "submissions").glob("R-*.md")), start=1):
        data = front_matter(source)
        worker = data["worker"]
        assert isinstance(worker, dict)
        referral_id = str(data["id"])
        branch = f"referral/{referral_id}"
        day = signed_on(f"2026-11-{10 + number % 9:02d}", data.get("submitted"))
        approvers = [team_manager] if referral_id in AWAITING_SERVICE_MANAGER else [team_manager, service_manager]
        documents: dict[str, str | bytes] = {
            f"submissions/{referral_id}/{path.name}": path.read_bytes()
            for path in sorted((source.parent / referral_id).glob("*"))
            if path.is_file()
        }  # R-0005's genogram and a picture (README: Attached documents)
        merged(
            repo,
            branch,
            {f"submissions/{source.name}": source.read_text(encoding="utf-8"), **documents},
            f"{referral_id}: {data.get('title', 'referral')}",
            author=(worker["name"], worker["email"]),
            date=f"{day}T10:00:00+00:00",
            approvers=approvers,
            merged_at=f"{day}T16:00:00+00:00",
        )
    coordinator = person(config, "co-ordinator")
    decided_outside(repo, config)
    for folder in sorted((ROOT / "meetings").glob("20*-*-*")):
        # The co-ordinator writes up the meeting; the approval of whoever chaired it (its meeting.md
        # names them: the vice chair chaired on 26 November) makes its decisions final.
        chair = chair_of(config, folder)
        branch = f"records/{folder.name}"
        record = {
            f"meetings/{folder.name}/{path.relative_to(folder).as_posix()}": path.read_text(encoding="utf-8")
            for path in sorted(folder.rglob("*"))
            if path.is_file()
        }
        merged(
            repo,
            branch,
            record,
            f"Meeting record and decisions, {folder.name}",
            author=coordinator,
            date=f"{folder.name}T17:30:00+00:00",
            approvers=[chair],
            merged_at=f"{folder.name}T18:00:00+00:00",
        )


def recommend_nrpf_support(repo: Path) -> None:
    """Demo only: the panel recommends NRPF support to the Head of Service, who decides (a scheme of delegation)."""
    path = repo / "panel.yml"
    text = path.read_text(encoding="utf-8")
    nrpf = "    name: No recourse to public funds support\n"
    assert nrpf in text, "demo: the NRPF type moved in panel.yml"
    rule = "    # Demo only: NRPF support is recommended to the Head of Service, who decides.\n"
    rule += "    decides: false\n    decision_maker: head-of-service\n"
    path.write_text(text.replace(nrpf, nrpf + rule, 1), encoding="utf-8")
    git(
        repo,
        "commit",
        "-q",
        "-am",
        "NRPF support: the panel recommends, the Head of Service decides",
        date="2026-10-02T09:00:00+01:00",
    )


def delegate_placements(repo: Path) -> None:
    """Demo only: sign-off by amount. A placement up to £1,000 a week needs the team manager; above it, the service
    manager too (every demo placement is above it, so each page says why the service manager signs)."""
    path = repo / "panel.yml"
    text = path.read_text(encoding="utf-8")
    placement = "    name: External or specialist placement\n"
    assert placement in text, "demo: the placement type moved in panel.yml"
    rule = "    # Demo only: a scheme of delegation by weekly cost.\n    sign_off: [team-manager]\n"
    rule += "    sign_off_bands:\n      - when: {field: costs.weekly, above: 1000}\n"
    rule += "        chain: [team-manager, service-manager]\n"
    path.write_text(text.replace(placement, placement + rule, 1), encoding="utf-8")
    git(repo, "commit", "-q", "-am", "Placements: sign-off by weekly cost", date="2026-10-02T10:00:00+01:00")


def decided_outside(repo: Path, config: dict[str, object]) -> None:
    """Each decision made outside a meeting, merged with the approval of who made it, soon after they made it."""
    people = config["people"]
    assert isinstance(people, list)
    for source in sorted((ROOT / "meetings" / "outside").glob("*.md")):
        data = front_matter(source)
        found = next(p for p in people if p["name"] == data["decided_by"])
        decider = (found["name"], found["email"])
        when = f"{str(data['decided'])[:10]}T23:55:00+00:00"
        branch = f"outside/{source.stem}"
        git(repo, "checkout", "-q", "-b", branch, "main")
        (repo / "meetings" / "outside").mkdir(parents=True, exist_ok=True)
        shutil.copy(source, repo / "meetings" / "outside" / source.name)
        git(repo, "add", "meetings/outside")
        git(repo, "commit", "-q", "-m", f"Decision outside a meeting: {source.stem}", who=decider, date=when)
        git(repo, "checkout", "-q", "main")
        trailer = f"Approved-by: {decider[0]} <{decider[1]}>"
        git(
            repo, "merge", "-q", "--no-ff", branch, "-m", f"Merge branch '{branch}' into 'main'\n\n{trailer}", date=when
        )


def correct_after_circulation(repo: Path) -> None:
    """After the pack went out, R-0006's worker corrects the costs and adds to a section; managers re-approve."""
    path = repo / "submissions" / "R-0006.md"
    text = path.read_text(encoding="utf-8")
    text = text.replace("weekly: 420\n  weeks: 52\n  total: 21840", "weekly: 435\n  weeks: 52\n  total: 22620", 1)
    text = text.replace(
        "## Services tried\n\n",
        "## Services tried\n\nSince the papers went out, Elmfield confirmed its 2027 rate of £435 a week.\n\n",
        1,
    )
    config, _, _ = yamlsafe.load((repo / "panel.yml").read_text(encoding="utf-8"))
    data = front_matter(path)
    worker = data["worker"]
    assert isinstance(worker, dict)
    merged(
        repo,
        "referral/R-0006-rate",
        {"submissions/R-0006.md": text},
        "R-0006: provider's 2027 rate",
        author=(worker["name"], worker["email"]),
        date="2026-12-07T14:00:00+00:00",
        approvers=[person(config, "team-manager"), person(config, "service-manager")],
        merged_at="2026-12-07T15:00:00+00:00",
    )


def panel(repo: Path, *args: str, allow: tuple[int, ...] = (0,), when: str | None = None, now: str = NOW) -> None:
    """Run a real `panel` command in the demo repository; anything it records in git is the co-ordinator's, `when`."""
    print(f"\n$ panel {' '.join(args)}", flush=True)
    env = {**os.environ, "PANEL_NOW": now}
    if when:
        name, email = COORDINATOR
        env |= {
            "GIT_COMMITTER_DATE": when,
            "GIT_AUTHOR_DATE": when,
            "GIT_COMMITTER_NAME": name,
            "GIT_COMMITTER_EMAIL": email,
            "GIT_AUTHOR_NAME": name,
            "GIT_AUTHOR_EMAIL": email,
        }
    result = subprocess.run([str(PANEL), *args], cwd=repo, env=env, check=False)
    if result.returncode not in allow:
        raise SystemExit(f"demo: `panel {' '.join(args)}` failed with exit status {result.returncode}")


def finance_signoff(repo: Path) -> None:
    """The co-ordinator records November's expenditure log; the finance officer signs it off by approving the merge."""
    branch = "finance/2026-11"
    git(repo, "checkout", "-q", "-b", branch, "main")
    panel(repo, "snapshot", "2026-11")
    git(repo, "add", "finance")
    git(repo, "commit", "-q", "-m", "Expenditure log, November 2026", who=COORDINATOR, date="2026-12-07T09:00:00+00:00")
    git(repo, "checkout", "-q", "main")
    config, _, _ = yamlsafe.load((repo / "panel.yml").read_text(encoding="utf-8"))
    name, email = person(config, "finance-officer")
    git(
        repo,
        "merge",
        "-q",
        "--no-ff",
        branch,
        "-m",
        f"Merge branch '{branch}' into 'main'\n\nApproved-by: {name} <{email}>",
        date="2026-12-07T09:30:00+00:00",
    )


class _Mailbox:
    """The demo's mail server: counts what it is given."""

    def __init__(self) -> None:
        self.recipients: list[str] = []

    async def handle_DATA(self, server: object, session: object, envelope: Any) -> str:
        self.recipients.extend(envelope.rcpt_tos)
        return "250 Message accepted for delivery"


def notices(repo: Path) -> None:
    """3 December's decision notices, sent the next morning to a real SMTP server on this machine; 26 November's
    are left unsent, so the home page shows them as overdue."""
    from aiosmtpd.controller import Controller

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    box = _Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    config = repo / "panel.yml"
    settings = config.read_text(encoding="utf-8")
    marker = "  allowed_domains: [council.example]"
    assert marker in settings, "demo: panel.yml's notices: section has changed"
    # Only for this run: panel.yml names the demo's own server (a council names its mail server here).
    server = f"  smtp: {{host: 127.0.0.1, port: {port}, starttls: false}}  # the demo's own mail server"
    config.write_text(settings.replace(marker, f"{marker}\n{server}", 1), encoding="utf-8")
    try:
        panel(repo, "notify", "2026-12-03", now="2026-12-04T09:00")
        # R-0009's decision made outside a meeting on 21 November is told too (late: it was due within a working day).
        panel(repo, "notify", "outside", now="2026-12-04T09:00")
    finally:
        controller.stop()
        config.write_text(settings, encoding="utf-8")
    print(f"the demo's mail server (127.0.0.1:{port}) took {len(box.recipients)} message(s)")
    git(repo, "add", "meetings/2026-12-03/notices.yml", "meetings/outside/notices.yml")
    git(
        repo,
        "commit",
        "-q",
        "-m",
        "Decision notices sent, 3 December",
        who=COORDINATOR,
        date="2026-12-04T09:30:00+00:00",
    )
    panel(repo, "notify", "2026-12-03")  # a second run sends nothing: notices.yml records what went
    panel(repo, "notify", "outside")


def reconsideration(repo: Path) -> None:
    """R-0012's worker asks the panel to look again at its refusal of 3 December: the 10 December agenda hears it."""
    grounds = "The team manager cannot approve it after all: the family's needs exceed the team's s17 limit."
    panel(repo, "reconsider", "R-0012", "--grounds", grounds)
    git(repo, "add", "meetings/2026-12-03/reconsiderations")
    git(
        repo,
        "commit",
        "-q",
        "-m",
        "R-0012: reconsideration requested",
        who=("Martin Oakes", "martin.oakes@council.example"),
        date="2026-12-07T10:05:00+00:00",
    )


def identifiers_and_sar(repo: Path) -> None:
    """Data protection: the identifier scan on a careless branch, then a subject access request for one child."""
    git(repo, "checkout", "-q", "-b", "referral/alfie-thornbury-respite", "main")
    git(
        repo,
        "commit",
        "-q",
        "--allow-empty",
        "-m",
        "Respite for Alfie Thornbury\n\nMum's mobile is 07911 123456.",
        who=COORDINATOR,
        date="2026-12-07T16:00:00+00:00",
    )
    # Warnings (exit 0): the branch name and the commit message name a child, and the message holds a phone number.
    panel(repo, "check")
    git(repo, "checkout", "-q", "main")
    git(repo, "branch", "-q", "-D", "referral/alfie-thornbury-respite")
    panel(repo, "sar", "--child", SAR_CHILD)


def main(target: Path = ROOT / "build" / "demo") -> None:
    """Build the demo into `target` (default build/demo; the tests build it into a folder of their own)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".demo-") as temporary:
        repo = Path(temporary) / "demo"
        repo.mkdir()
        replay_history(repo)
        if target.exists():
            shutil.rmtree(target)
        shutil.move(str(repo), target)
    shown = target.relative_to(ROOT) if target.is_relative_to(ROOT) else target
    print(f"demo repository: {shown} (history: git -C {shown} log --graph)")
    panel(target, "check")
    finance_signoff(target)
    panel(target, "status")
    reconsideration(target)
    panel(target, "agenda", MEETING)
    git(target, "add", "meetings")
    git(target, "commit", "-q", "-m", f"Agenda for {MEETING}", date="2026-11-22T09:30:00+00:00")
    panel(target, "pack", MEETING, "--circulate", "--copies", when="2026-12-07T11:00:00+00:00")
    correct_after_circulation(target)
    # The agenda of a held meeting is the record of what was heard: refused, with what to do instead.
    panel(target, "agenda", "2026-12-03", allow=(1,))
    panel(target, "pack", MEETING)
    notices(target)
    panel(target, "build")
    identifiers_and_sar(target)
    where = target.relative_to(ROOT) if target.is_relative_to(ROOT) else target
    print(
        f"\ndemo: pack (pack-v1, circulated with named copies in copies/; supplement-v2)"
        f" in {where}/build/packs/{MEETING}/,"
        f" site in {where}/site/ (preview: cd {where} && panel serve),"
        f" subject access bundle in {where}/build/sar/{SAR_CHILD}/"
    )


if __name__ == "__main__":
    main(*(Path(arg).resolve() for arg in sys.argv[1:2]))
