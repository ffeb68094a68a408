"""Every starter hears every kind of referral its terms name: one valid example of each type, signed off,
goes through `panel check`, `panel agenda`, `panel pack` and `panel build` (one repository per starter)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.domain import calendar
from generator.domain.config.model import PanelConfig
from panelfixtures.gitrun import git
from panelfixtures.referrals import STARTER_DATE, write_referral
from panelfixtures.repos import starter_repo

PANELS = ["bexley", "city-rap", "rochdale", "dudley", "south-gloucestershire", "legal-gateway", "complex-care"]
NOW = "2026-12-01T09:00"
EXPECTED_TYPES = {
    "bexley": {"intentionally-homeless"},
    "city-rap": {"legal-gateway", "secure-accommodation", "oversight"},
    "rochdale": {"our-place", "placement-stability", "legal-gateway"},
    "dudley": {"carer-allowance", "transport", "contact"},
    "south-gloucestershire": {
        "reunification",
        "uasc",
        "disability",
        "placement-breakdown",
        "parenting-assessment",
        "discussion",
    },
    # Issue 14: two panels that are not resource panels, on the same machinery.
    "legal-gateway": {"pre-proceedings", "care-proceedings", "pre-birth", "emergency-order"},
    "complex-care": {"joint-placement", "short-breaks", "education-placement", "continuing-care"},
}
"""The kinds of referral issue 13 §4 names for each panel."""


def run(root: Path, *args: str) -> str:
    result = CliRunner().invoke(main, [*args, "--root", str(root)], env={"PANEL_NOW": NOW})
    assert result.exit_code == 0, f"panel {' '.join(args)}:\n{result.output}"
    return result.output


FIELDS: dict[str, dict[str, object]] = {
    # Complex care: preparing for adulthood is for young people from 14 (eligible).
    "preparing-for-adulthood": {
        "children": [
            {
                "name": "Robin Testcase",
                "case_id": "LCS-900099",
                "date_of_birth": "2010-05-01",
                "ethnicity": "White British",
                "disability": "none known",
                "legal_status": "cin",
            }
        ]
    },
}
"""Fields a type's example referral needs besides the factory's (its type's eligibility)."""


def _signed_off(root: Path, config: PanelConfig, number: int, type_id: str, meeting: dt.date) -> None:
    """A referral of `type_id` written on a branch and merged with its sign-off chain's approvals, in order."""
    branch = f"referral/{number}"
    git(root, "checkout", "-q", "-b", branch, "main", date=STARTER_DATE)
    extra = FIELDS.get(type_id, {})
    write_referral(root, config, number=number, type_id=type_id, meeting=meeting, weekly=200, weeks=10, **extra)
    git(root, "checkout", "-q", "main", date=STARTER_DATE)
    approvers = [config.people_with_role(role)[0] for role in config.chain_for(type_id)]
    trailers = "\n".join(f"Approved-by: {p.name} <{p.email}>" for p in approvers)
    git(root, "merge", "--no-ff", "-q", "-m", f"Merge {branch}\n\n{trailers}", branch, date=STARTER_DATE)


@pytest.fixture(scope="module", params=PANELS)
def starter(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path, PanelConfig]:
    """A starter repository with one signed-off referral of every type for its first meeting after 7 December."""
    name: str = request.param
    root = tmp_path_factory.mktemp(name)
    config = starter_repo(root, name)
    meeting = calendar.meetings_between(config, dt.date(2026, 12, 7), dt.date(2026, 12, 31))[0].date
    for number, kind in enumerate(config.referral_types, 1):
        _signed_off(root, config, number, kind.id, meeting)
    return name, root, config


@pytest.mark.slow
def test_every_type_is_checked_put_on_the_agenda_packed_and_published(starter: tuple[str, Path, PanelConfig]) -> None:
    name, root, config = starter
    assert EXPECTED_TYPES[name] <= {k.id for k in config.referral_types}
    assert clean(run(root, "check"))
    meeting = calendar.meetings_between(config, dt.date(2026, 12, 7), dt.date(2026, 12, 31))[0].date
    run(root, "agenda", meeting.isoformat())
    agenda = (root / "meetings" / meeting.isoformat() / "agenda.md").read_text(encoding="utf-8")
    ids = [f"{config.panel.referral_id_prefix}-{n:04d}" for n in range(1, len(config.referral_types) + 1)]
    assert all(f"referral: {i}" in agenda for i in ids), agenda
    git(root, "add", "meetings", date=STARTER_DATE)
    git(root, "commit", "-q", "-m", "Agenda", date=STARTER_DATE)
    run(root, "pack", meeting.isoformat(), "--format", "pdf")
    assert list((root / "build" / "packs" / meeting.isoformat()).glob("*.pdf"))
    run(root, "build")
    for i in ids:
        assert (root / "site" / "referrals" / f"{i}.html").is_file()
    no_cost = [k for k in config.referral_types if k.no_cost]
    for kind in no_cost:
        number = [k.id for k in config.referral_types].index(kind.id) + 1
        page = (root / "site" / "referrals" / f"{config.panel.referral_id_prefix}-{number:04d}.html").read_text()
        assert "no cost requested" in page


def clean(output: str) -> bool:
    """No problems, but for the City RAP's link to its Legal Gateway Panel, whose folder is not beside it here."""
    warnings = [line for line in output.splitlines() if "warning[" in line]
    linked = all("warning[linked-panel-missing]" in line for line in warnings)
    return "no problems" in output or (" 0 error(s)" in output and linked)


def _check(root: Path) -> str:
    return CliRunner().invoke(main, ["check", "--root", str(root)], env={"PANEL_NOW": NOW}).output


def test_bexley_requires_the_appendix_a_fields(tmp_path: Path) -> None:
    config = starter_repo(tmp_path, "bexley")
    path = write_referral(tmp_path, config, number=1, type_id="intentionally-homeless", meeting=dt.date(2026, 12, 10))
    text = path.read_text(encoding="utf-8")
    assert "no problems" in _check(tmp_path)
    for field in ("family", "network", "scaling", "submitted"):
        lines = text.splitlines(keepends=True)
        start = next(n for n, line in enumerate(lines) if line.startswith(f"{field}:"))
        end = next(n for n in range(start + 1, len(lines)) if not lines[n].startswith((" ", "-")))
        path.write_text("".join(lines[:start] + lines[end:]), encoding="utf-8")
        assert f"error[field-missing]: missing field '{field}'" in _check(tmp_path)
    path.write_text(text, encoding="utf-8")


def test_city_rap_needs_the_genogram_unless_an_emergency(tmp_path: Path) -> None:
    config = starter_repo(tmp_path, "city-rap")
    path = write_referral(tmp_path, config, number=1, type_id="oversight", meeting=dt.date(2026, 12, 9))
    assert clean(_check(tmp_path))
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("genogram_on_file: true", "genogram_on_file: false"), encoding="utf-8")
    assert "error[genogram-missing]: a Management oversight of a complex case referral needs the genogram" in _check(
        tmp_path
    )
    emergency = path.read_text(encoding="utf-8").replace("safety_plan:", "emergency: true\nsafety_plan:", 1)
    path.write_text(emergency, encoding="utf-8")
    assert "genogram-missing" not in _check(tmp_path)


FORUM_CASES = [
    # (starter, type, funding, the forum it goes to, or None: the panel decides alone)
    ("dudley", "placement", [{"source": "social-care", "share": 60}, {"source": "health", "share": 40}], "tripartite"),
    ("dudley", "placement", None, None),
    (
        "dudley",
        "s17-support",
        [{"source": "social-care", "share": 50}, {"source": "education", "share": 50}],
        "tripartite",
    ),
    ("rochdale", "legal-gateway", None, "legal-gateway"),
    ("rochdale", "placement-stability", None, None),
    (
        "south-gloucestershire",
        "placement",
        [{"source": "social-care", "share": 50}, {"source": "health", "share": 50}],
        "marp",
    ),
    ("south-gloucestershire", "s17-support", None, None),
]


@pytest.mark.parametrize(("name", "type_id", "funding", "forum"), FORUM_CASES)
def test_starters_route_the_cases_their_terms_send_to_a_forum(
    tmp_path: Path, name: str, type_id: str, funding: list[dict[str, object]] | None, forum: str | None
) -> None:
    """Dudley 5.1 (the Tripartite group), Rochdale's Legal Gateway Panel, South Gloucestershire's MARP."""
    from generator.commands.repository import read_repository
    from generator.domain.forums import route
    from panelfixtures.referrals import costs

    config = starter_repo(tmp_path, name)
    meeting = calendar.meetings_between(config, dt.date(2026, 12, 7), dt.date(2026, 12, 31))[0].date
    extra: dict[str, object] = {}
    kind = config.referral_type(type_id)
    assert kind is not None
    if funding is not None:
        block = costs(200, 10, meeting + dt.timedelta(days=7))
        block["funding"] = funding
        extra["costs"] = block
    write_referral(tmp_path, config, number=1, type_id=type_id, meeting=meeting, weekly=200, weeks=10, **extra)
    checked = _check(tmp_path)
    assert "no problems" in checked or " 0 error(s)" in checked, checked
    repo = read_repository(tmp_path, meeting)
    assert repo.config is not None
    [referral] = repo.referrals
    routed = route(repo.config, referral)
    assert (routed.forum.id if routed else None) == forum
    if routed is not None:
        assert routed.forum.answered_by in {r.id for r in repo.config.roles}
        assert repo.config.people_with_role(routed.forum.answered_by)
