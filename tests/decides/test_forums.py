"""Multi-agency forums: a case the panel may not decide alone goes to the configured forum and comes back on its
answer, approved by a holder of the forum's role (real git repositories, through `panel check`, `agenda`, `pack` and
`build`)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from panelfixtures.gitrun import git, merge_approved
from panelfixtures.people import COORDINATOR
from tests.dataprotection.test_erase import env
from tests.records_helpers import DECISION, MEETING, make_panel, record_decisions, write

pytestmark = pytest.mark.slow
NOW = "2026-12-08T10:00"
FORUMS = """
forums:
  - id: joint-funding
    name: Joint Funding Panel
    types: [s17-support]
    when: {field: costs.weekly, above: 100}
    answered_by: health-commissioner
    url: https://icb.example/joint-funding-panel
"""
REFERRING = """\
---
referral: R-0001
meeting: 2026-12-03
outcome: refer-to-forum
forum: joint-funding
agreed:
  - Refer to the Joint Funding Panel for health's share of the package.
rationale: The package is beyond the panel's remit without health's agreement.
---
"""
ANSWER_PATH = "meetings/2026-12-03/forum/R-0001.md"
ANSWER = """\
---
referral: R-0001
forum: joint-funding
answered: 2026-12-06
answered_by: {who}
answer: "Agreed: health funds 40% of the package <b>for 26 weeks</b>"
---
"""
NADIA = "Approved-by: Nadia Firth <nadia.firth@nhs.example>"


def run(root: Path, *args: str, code: int = 0) -> str:
    result = CliRunner().invoke(main, [*args, "--root", str(root)], env={"PANEL_NOW": NOW})
    assert result.exit_code == code, result.output
    return result.output


def words(pdf: Path) -> str:
    return " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout.split())


@pytest.fixture(scope="module")
def forum_panel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture panel with a Joint Funding Panel for s17 packages over £100 a week, answered by health's commissioner."""
    root = make_panel(tmp_path_factory.mktemp("forums") / "panel", ("R-0001",), decided=False)
    config = (root / "panel.yml").read_text(encoding="utf-8")
    outcome = "  - {id: refer-to-forum, name: Referred to a multi-agency forum, requires: [rationale]}\n"
    config = config.replace("outcomes:\n", "outcomes:\n" + outcome, 1)
    (root / "panel.yml").write_text(config + FORUMS, encoding="utf-8")
    (root / ".gitignore").write_text("build/\n", encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Joint Funding Panel")
    write(root, "meetings/2026-12-03/meeting.md", MEETING)
    return root


def test_a_case_goes_to_its_forum_and_returns_on_its_answer(forum_panel: Path) -> None:
    root = forum_panel
    decision = "meetings/2026-12-03/decisions/R-0001.md"
    # The panel may not decide it alone: the error names the forum, why, and what to do.
    write(root, decision, DECISION.format(referral="R-0001"))
    out = run(root, "check", code=1)
    assert f"{decision}:4:" in out and "error[forum-route]: R-0001 goes to Joint Funding Panel" in out, out
    assert "costs.weekly is £180" in out and "give this decision forum: joint-funding (and no approved:)" in out
    # Referring it approves nothing.
    approved = "approved: {resource: Support, weekly: 180, total: 4680, start: 2026-12-07, end: 2027-06-06, budget_line: s17-cin}\n"
    write(root, decision, REFERRING.replace("forum: joint-funding\n", "forum: joint-funding\n" + approved))
    assert "error[forum-decides]" in run(root, "check", code=1)
    write(root, decision, REFERRING)
    run(root, "check")
    record_decisions(root, "2026-12-03")

    # The forum's answer, recorded by someone without the forum's role, is refused.
    write(root, ANSWER_PATH, ANSWER.format(who="Grace Adeyemi"))
    out = run(root, "check", code=1)
    assert (
        f"{ANSWER_PATH}:5:" in out
        and "error[forum-answer]: Grace Adeyemi does not hold the role Health commissioner" in out
    )
    # On main but not approved by who recorded it: it does not stand, so the case is not back yet.
    write(root, ANSWER_PATH, ANSWER.format(who="Nadia Firth"))
    run(root, "check")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Joint Funding Panel's answer on R-0001")
    assert "Returned from" not in run(root, "agenda", "2026-12-10", "--dry-run")
    # Approved by Nadia Firth (the ICB commissioner): the next agenda lists the case with the answer.
    write(root, ANSWER_PATH, ANSWER.format(who="Nadia Firth") + "\nThe answer of the panel of 6 December.\n")
    merge_approved(
        root, "forum/R-0001", None, "Forum answer", date="2026-12-06T12:00:00+00:00", author=COORDINATOR, trailers=NADIA
    )
    run(root, "agenda", "2026-12-10")
    agenda = (root / "meetings/2026-12-10/agenda.md").read_text(encoding="utf-8")
    assert "Returned from Joint Funding Panel: R-0001" in agenda, agenda
    assert "review_of: meetings/2026-12-03/decisions/R-0001.md" in agenda
    assert "answered 6 Dec 2026 by Nadia Firth: Agreed: health funds 40%" in agenda
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Agenda for 10 December")
    run(root, "pack", "2026-12-10", "--format", "pdf")
    text = words(next((root / "build/packs/2026-12-10").glob("pack-v*.pdf")))
    assert "Returned from Joint Funding Panel" in text and "health funds 40% of the package" in text

    # Back at panel, the panel decides; the site links the referral, the forum and both decisions both ways.
    write(root, "meetings/2026-12-10/meeting.md", MEETING.replace("2026-12-03", "2026-12-10"))
    write(root, "meetings/2026-12-10/decisions/R-0001.md", DECISION.format(referral="R-0001").replace("12-03", "12-10"))
    run(root, "check")
    record_decisions(root, "2026-12-10")
    site = root.parent / "site"
    run(root, "build", "--output", str(site))
    page = " ".join((site / "referrals" / "R-0001.html").read_text(encoding="utf-8").split())
    assert '<a href="https://icb.example/joint-funding-panel">Joint Funding Panel</a>' in page, page
    assert "the panel may not decide this case alone" in page
    assert "health funds 40% of the package &lt;b&gt;for 26 weeks&lt;/b&gt;" in page and "<b>for" not in page
    assert 'href="#decision-2026-12-10"' in page and 'href="#decision-2026-12-03"' in page
    assert "Returned from" in page and "not yet approved" not in page
    assert "Draft" not in page.split("Decision: 2026-12-10", 1)[1].split("</table>", 1)[0]

    # Erasing the children takes the forum's answer on their referral with it, from every commit.
    panel = Path(sys.executable).parent / "panel"
    erase = [str(panel), "erase", "--child", "LCS-204117", "--child", "LCS-204118", "--authority", "Retention 4.2"]
    done = subprocess.run(erase, cwd=root, capture_output=True, text=True, env=env(), check=False)
    assert done.returncode == 0, done.stderr
    assert ANSWER_PATH in done.stdout and not (root / ANSWER_PATH).exists()
    history = subprocess.run(
        ["git", "log", "--all", "--format=", "--name-only"], cwd=root, capture_output=True, text=True, check=True
    ).stdout
    assert ANSWER_PATH not in history
