"""Rules that change over time (panel.yml `revisions`): each record judged by the terms in force on its date.

One repository, built once: the fixture's terms, revised from 10 December 2026 (a new panel name, the Section 17
type renamed `family-support` and limited to 12 weeks, outcome `approve` renamed `approved` and needing conditions,
fortnightly Tuesday meetings). A referral for the
3 December meeting written under the old terms stays valid; referrals for 15 December are judged by the new ones.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.commands.config import load_config
from generator.commands.pack_sources import read_sources
from generator.io.diagnostics import ProblemsFound
from panelfixtures import PANEL_YML
from panelfixtures.gitrun import git, isolate_git
from panelfixtures.panelgit import PanelGit
from panelfixtures.people import CHAIR, FORGE, SM, TM
from panelfixtures.referrals import referral_text
from tests.records_helpers import DECISION as DECISION_TEMPLATE
from tests.records_helpers import MEETING as MEETING_TEMPLATE

BASE = PANEL_YML.read_text(encoding="utf-8")
OLD_TYPE = "  - id: s17-support\n    name: Section 17 support package\n"
NEW_TYPE = "  - id: family-support\n    name: Family support\n    max_weeks: 12\n"


def indented(block: str, spaces: int = 4) -> str:
    return "".join(" " * spaces + line if line.strip() else line for line in block.splitlines(keepends=True))


def revision(extra: str = "") -> str:
    """The revision of 10 December 2026: the whole revised referral_types and thresholds (lists replace)."""
    types = BASE[BASE.index("referral_types:\n") : BASE.index("thresholds:")]
    assert OLD_TYPE in types
    types = types.replace(OLD_TYPE, NEW_TYPE)
    roles_people = BASE[BASE.index("roles:\n") : BASE.index("teams:")].replace("service-manager", "group-manager")
    roles_people = roles_people.replace("name: Service Manager}", "name: Group Manager}")
    return (
        "\nrevisions:\n"
        "  - from: 2026-12-10\n"
        "    note: Terms revised by the Director, November 2026\n"
        "    panel: {name: Resource Panel}\n"
        "    calendar:\n"
        "      cadence: {every: fortnight, weekday: tuesday, anchor: 2026-12-15}\n"
        "      cancelled: []\n"
        "      extra: []\n"
        "    renamed:\n"
        "      types: {s17-support: family-support}\n"
        "      outcomes: {approve: approved}\n"
        "      roles: {service-manager: group-manager}\n"
        "    sign_off: {chain: [team-manager, group-manager]}\n"
        + indented(roles_people)
        + indented(types)
        + "    thresholds:\n"
        "      - {types: [family-support], amount: 1000, basis: total, action: panel-required}\n"
        "      - {amount: 250000, basis: total, action: escalate, escalate_to: head-of-service}\n"
        "    outcomes:\n"
        + indented(BASE[BASE.index("outcomes:\n") + len("outcomes:\n") : BASE.index("unmet_need_categories:")]).replace(
            "{id: approve, name: Resource approved, requires: [rationale]}",
            "{id: approved, name: Resource approved, requires: [rationale, conditions]}",
        )
        + extra
    )


PANEL = BASE + revision()


def family_support(referral_id: str, weeks: int) -> str:
    """A referral for the 15 December meeting under the new terms, asking for `weeks` weeks."""
    return referral_text(
        referral_id,
        replace={
            "type: s17-support": "type: family-support",
            "meeting: 2026-12-03": "meeting: 2026-12-15",
            "weeks: 26": f"weeks: {weeks}",
            "total: 4680": f"total: {180 * weeks}",
            "start: 2026-12-07": "start: 2026-12-16",
        },
    )


DECISION = DECISION_TEMPLATE.format(referral="R-0001")
MEETING_RECORD = MEETING_TEMPLATE


def run(root: Path, *args: str, now: str) -> tuple[int, str, str]:
    result = CliRunner(env={"PANEL_NOW": now}).invoke(main, [*args, "--root", str(root)])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def revised(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The revised terms on main; R-0001 (3 December, old terms) and R-0002 (15 December, new) signed off and merged;
    R-0001's decision recorded at the 3 December meeting under the old outcome id."""
    with pytest.MonkeyPatch.context() as patch:
        isolate_git(patch, tmp_path_factory.mktemp("home"))
        root = tmp_path_factory.mktemp("revised") / "panel"
        root.mkdir()
        (root / "panel.yml").write_text(PANEL, encoding="utf-8")
        (root / ".gitignore").write_text("build/\nsite/\n", encoding="utf-8")
        panel = PanelGit(root)
        panel.git("add", "-A")
        panel.commit({}, "Terms of reference, with the revision from 10 December", "2026-11-16 09:00", author=FORGE)
        branch = panel.submit("R-0001", "2026-11-20 10:00")
        panel.merge(branch, "2026-11-25 15:30", [TM, SM])
        branch = panel.submit("R-0002", "2026-12-01 10:00", family_support("R-0002", 12))
        panel.merge(branch, "2026-12-04 15:30", [TM, SM])
        records = {
            "meetings/2026-12-03/meeting.md": MEETING_RECORD,
            "meetings/2026-12-03/decisions/R-0001.md": DECISION,
        }
        panel.record_decisions(records, "2026-12-03 17:30", [CHAIR])
        yield root
        panel.repo.close()


def test_records_under_the_old_terms_stay_valid_and_new_ones_follow_the_new(revised: Path, tmp_path: Path) -> None:
    code, out, err = run(revised, "check", "--no-cache", now="2026-12-07T10:00")
    assert code == 0, out + err
    # The same referral for the 15 December meeting is judged by the new terms: at most 12 weeks, and the old type
    # name is no longer a type a new referral may use.
    copy = tmp_path / "copy"
    shutil.copytree(revised, copy)
    (copy / "submissions" / "R-0003.md").write_text(family_support("R-0003", 26), encoding="utf-8")
    stale = referral_text("R-0004", replace={"meeting: 2026-12-03": "meeting: 2026-12-15"})
    (copy / "submissions" / "R-0004.md").write_text(stale, encoding="utf-8")
    code, out, err = run(copy, "check", "--no-cache", "--format", "json", now="2026-12-07T10:00")
    assert code == 1
    found = {(d["path"], d["code"]) for d in json.loads(out)["diagnostics"]}
    assert ("submissions/R-0003.md", "max-weeks") in found, out
    assert ("submissions/R-0004.md", "field-value") in found, out  # type: 's17-support' … did you mean family-support
    assert not any(file == "submissions/R-0001.md" for file, _ in found), out


def test_sign_off_follows_each_referrals_terms(revised: Path) -> None:
    """The service manager became the group manager: each referral's chain is its own terms', and both count."""
    code, out, err = run(revised, "status", "2026-12-03", "--format", "json", now="2026-12-01T09:00")
    assert code == 0, err
    (first,) = json.loads(out)
    assert first["state"] == "decided" and first["sign_off_chain"] == ["team-manager", "service-manager"]
    assert first["missing_roles"] == [] and not first["not_counted"]
    code, out, err = run(revised, "status", "2026-12-15", "--format", "json", now="2026-12-12T09:00")
    assert code == 0, err
    second = {row["referral"]: row for row in json.loads(out)}["R-0002"]
    assert second["state"] == "ready" and second["sign_off_chain"] == ["team-manager", "group-manager"]
    config = load_config(revised)
    assert config.role_name("service-manager") == "Group Manager" and config.formerly("roles", "service-manager")


def test_the_calendar_follows_each_terms_cadence(revised: Path) -> None:
    code, out, err = run(revised, "calendar", "--format", "json", "--count", "4", now="2026-11-30T09:00")
    assert code == 0, err
    days = [m["date"] for m in json.loads(out)]
    # Thursdays until the revision, then fortnightly Tuesdays (its own cancelled and extra dates: none).
    assert days == ["2026-12-03", "2026-12-15", "2026-12-29", "2027-01-12"]


def test_each_agenda_is_made_under_its_meetings_terms(revised: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(revised, copy)
    git(copy, "reset", "-q", "--hard", "HEAD~1")  # as before the 3 December meeting's records
    code, out, err = run(copy, "agenda", "2026-12-03", now="2026-12-01T09:00")
    assert code == 0, out + err
    first = (copy / "meetings" / "2026-12-03" / "agenda.md").read_text(encoding="utf-8")
    assert "Resource and Care Panel: agenda" in first and "R-0001" in first
    code, out, err = run(copy, "agenda", "2026-12-15", now="2026-12-12T09:00")
    assert code == 0, out + err
    second = (copy / "meetings" / "2026-12-15" / "agenda.md").read_text(encoding="utf-8")
    assert "Resource Panel: agenda" in second and "R-0002 Family support" in second
    # R-0001, not heard on 3 December in this copy, is carried forward under its type's new name.
    assert "R-0001 Family support" in second and "Section 17" not in second
    # Each meeting's pack is made under its terms too (the cover's panel name, its types and rules).
    assert read_sources(copy, dt.date(2026, 12, 3), dt.date(2026, 12, 1)).config.panel.name == "Resource and Care Panel"
    assert read_sources(copy, dt.date(2026, 12, 15), dt.date(2026, 12, 12)).config.panel.name == "Resource Panel"
    code, _, err = run(copy, "agenda", "2026-12-10", now="2026-12-07T09:00")
    assert code != 0 and "does not meet on 2026-12-10" in err


def test_registers_and_site_show_old_records_under_the_new_names(revised: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(revised, copy)
    code, out, err = run(copy, "build", now="2026-12-07T10:00")
    assert code == 0, out + err
    site = copy / "site"
    log = (site / "registers" / "decisions.csv").read_text(encoding="utf-8")
    assert "Family support (formerly Section 17 support package)" in log
    assert "Resource approved (formerly Resource approved)" not in log  # an outcome renamed, its name kept
    children = (site / "registers" / "children.csv").read_text(encoding="utf-8")
    assert "Family support (formerly Section 17 support package),2026-12-03,Resource approved" in children
    assert "Family support,2026-12-15,not yet decided" in children
    page = (site / "referrals" / "R-0001.html").read_text(encoding="utf-8")
    assert "Family support (formerly Section 17 support package)" in page
    assert "Resource Panel" in page
    guide = (site / "guides" / "who-decides.html").read_text(encoding="utf-8")
    assert "Changes to the terms of reference" in guide and "Terms revised by the Director, November 2026" in guide
    assert "Section 17 support package is now Family support" in guide


@pytest.mark.parametrize(
    ("extra", "code", "words"),
    [
        ("    renamed:\n      types: {s17-suport: family-support}\n", "config-unknown-id", "'s17-suport' is not"),
        ("", "config-unknown-id", "'typo' is not one of the referral types"),
    ],
)
def test_a_bad_revision_is_reported_at_its_line(tmp_path: Path, extra: str, code: str, words: str) -> None:
    text = PANEL
    if extra:
        text = PANEL.replace("    renamed:\n      types: {s17-support: family-support}\n", extra)
    else:
        text = PANEL.replace("      - {types: [family-support], amount: 1000", "      - {types: [typo], amount: 1000")
    (tmp_path / "panel.yml").write_text(text, encoding="utf-8")
    with pytest.raises(ProblemsFound) as raised:
        load_config(tmp_path)
    problems = [d for d in raised.value.diagnostics if d.code == code and words in d.message]
    assert problems, [d.format() for d in raised.value.diagnostics]
    line = text.splitlines()[problems[0].line - 1]
    assert ("s17-suport" if extra else "typo") in line
    assert problems[0].line > BASE.count("\n")  # in the revision, not the base terms


def test_revisions_must_be_in_date_order(tmp_path: Path) -> None:
    text = PANEL + "  - from: 2026-12-01\n    note: An earlier change listed after\n    panel: {name: X}\n"
    (tmp_path / "panel.yml").write_text(text, encoding="utf-8")
    with pytest.raises(ProblemsFound) as raised:
        load_config(tmp_path)
    found = [d for d in raised.value.diagnostics if d.code == "config-inconsistent"]
    assert found and "not after the one before it (2026-12-10)" in found[0].message
    assert text.splitlines()[found[0].line - 1].strip() == "- from: 2026-12-01"


def test_mappings_merge_and_lists_replace(tmp_path: Path) -> None:
    text = (
        BASE + "\nrevisions:\n  - from: 2027-04-01\n    note: Afternoon start and one budget line\n"
        '    calendar: {start: "13:00"}\n'
        "    budget_lines:\n      - {id: s17-cin, name: Section 17}\n"
    )
    (tmp_path / "panel.yml").write_text(text, encoding="utf-8")
    config = load_config(tmp_path)
    march, april = config.at(dt.date(2027, 3, 31)), config.at(dt.date(2027, 4, 1))
    assert april is config and march.revision == 0 and march.effective is None
    assert april.effective == dt.date(2027, 4, 1)
    assert (march.calendar.start, april.calendar.start) == (dt.time(14, 0), dt.time(13, 0))
    assert april.calendar.cadence == march.calendar.cadence and april.calendar.end == march.calendar.end
    assert [b.id for b in april.budget_lines] == ["s17-cin"] and len(march.budget_lines) == 6
    assert (
        config.source.mark(("calendar", "start")).line == text.splitlines().index('    calendar: {start: "13:00"}') + 1
    )


def test_a_new_referral_is_written_for_its_meetings_terms(revised: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(revised, copy)
    # Before the revision's first meeting, the type under its new id is written under the id those terms know.
    code, out, err = run(copy, "new", "referral", "--type", "family-support", now="2026-11-23T09:00")
    assert code == 0, out + err
    made = next(p for p in (copy / "submissions").glob("R-*.md") if p.name not in ("R-0001.md", "R-0002.md"))
    text = made.read_text(encoding="utf-8")
    assert "type: s17-support" in text and "meeting: 2026-11-26" in text and "to Resource and Care Panel" in text
    made.unlink()
    code, out, err = run(copy, "new", "referral", "--type", "s17-support", now="2026-12-08T09:00")
    assert code == 0, out + err
    made = next(p for p in (copy / "submissions").glob("R-*.md") if p.name not in ("R-0001.md", "R-0002.md"))
    text = made.read_text(encoding="utf-8")
    assert "type: family-support" in text and "meeting: 2026-12-15" in text and "to Resource Panel" in text


def test_a_revision_judges_only_its_own_days_and_says_which_terms(tmp_path: Path) -> None:
    """Base cancellations before the revision are the old calendar's; one after it must fit the new cadence."""
    text = PANEL.replace("  - from: 2026-12-10\n", "  - from: 2026-12-25\n").replace("      cancelled: []\n", "")
    (tmp_path / "panel.yml").write_text(text, encoding="utf-8")
    with pytest.raises(ProblemsFound) as raised:
        load_config(tmp_path)
    found = [d for d in raised.value.diagnostics if d.code == "config-inconsistent"]
    assert [d.message for d in found] == [
        "calendar.cancelled: 2026-12-31 (Thursday) is not a regular meeting day, so nothing is cancelled "
        "(in the terms as revised from 2026-12-25)"
    ]
    assert "2026-12-31" in text.splitlines()[found[0].line - 1]  # the base terms' line the revision keeps
