"""The starter configurations say what their terms of reference say, and mark what they do not.

Sources: /work/shared/terms-of-reference/ (quoted by clause in each starter's comments). Every
value a starter invents carries a `# assumed:` comment and is listed under `assumed:`, and what
is assumed is never printed as fact: the pack, the site and the calendar feed say "to be confirmed".
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from generator.cli import main
from generator.domain.calendar import LONDON, meeting_on
from generator.domain.config.loader import settings_at
from generator.domain.config.model import PanelConfig
from generator.domain.configcheck import parse_config
from generator.io import yamlsafe
from generator.io.diagnostics import ProblemsFound
from panelfixtures import PANEL_YML, REPO, STARTERS
from panelfixtures.gitrun import git
from panelfixtures.referrals import STARTER_DATE, write_referral
from panelfixtures.repos import starter_repo
from tests.pack.pdftext import pages

PANELS = ["bexley", "city-rap", "rochdale", "dudley", "south-gloucestershire"]
"""The five starters written from published terms of reference."""
UNPUBLISHED = ["legal-gateway", "complex-care"]
"""Issue 14's two starters that are not resource panels: no terms of reference exist, so every value is assumed or
cites the domain notes or one of the five terms where they speak of such a panel."""
ROOT = REPO
CITES = re.compile(r"domain\.md|City RAP|Rochdale|CARP")
"""A comment citing a source: the domain notes' glossary, or the terms of reference of the city, Rochdale, or South
Gloucestershire (CARP)."""
NOT_TERMS = {("panel", "marking")}
"""Settings no terms of reference give, of any panel: the protective marking is Panel Papers' rule for children's
data."""


def starter(name: str) -> PanelConfig:
    """A starter configuration, loaded as panel.yml would be."""
    return parse_config((STARTERS / f"{name}.yml").read_text(encoding="utf-8"), f"{name}.yml")


def setting_lines(text: str) -> dict[str, set[int]]:
    """Each `assumed:` entry and the lines of the settings it names (the key's line, or the entry's)."""
    data, source, _ = yamlsafe.load(text)
    found: dict[str, set[int]] = {}
    for dotted in data.get("assumed", []):
        paths = settings_at(data, dotted)
        found[dotted] = {(source.keys.get(p) or source.values[p]).line for p in paths}
    return found


@pytest.mark.parametrize("name", PANELS + UNPUBLISHED)
def test_every_assumed_comment_is_listed_and_every_listed_value_is_marked(name: str) -> None:
    """`# assumed:` in the file and the `assumed:` list agree line for line, both ways."""
    text = (STARTERS / f"{name}.yml").read_text(encoding="utf-8")
    marked = {
        n for n, line in enumerate(text.splitlines(), 1) if "# assumed:" in line and not line.lstrip().startswith("#")
    }
    listed = setting_lines(text)
    assert marked, f"{name}: nothing is marked assumed"
    for dotted, lines in listed.items():
        assert lines, f"{name}: assumed '{dotted}' names no setting"
        assert lines <= marked, f"{name}: '{dotted}' is listed but lines {sorted(lines - marked)} have no # assumed:"
    covered = set().union(*listed.values())
    assert marked <= covered, f"{name}: lines {sorted(marked - covered)} say # assumed: but are not listed"


@pytest.mark.parametrize("name", PANELS + UNPUBLISHED)
def test_no_starter_invents_a_quorum_or_borrows_bexleys_rules(name: str) -> None:
    """Quorum: none of the terms sets one. Before-18 and £1,000 for every request: Bexley's alone."""
    config = starter(name)
    assert config.panel.quorum is None
    birthday = {k.id for k in config.referral_types if k.requested_before_birthday}
    over_1000 = [t for t in config.thresholds if t.amount == 1000]
    if name == "bexley":
        assert birthday == {"care-leaver-accommodation"}
        assert [(t.types, t.action, t.basis) for t in over_1000] == [(None, "panel-required", "total")]
    else:
        assert birthday == set(), f"{name} copies Bexley's care-leaver rule"
        # Dudley's own £1,000 is for specialist (PLO) assessments only (3 vi).
        expected = [(("specialist-assessment",), "panel-required")] if name == "dudley" else []
        assert [(t.types, t.action) for t in over_1000] == expected


def leaves(
    node: yaml.Node, path: tuple[object, ...], lines: tuple[int, ...]
) -> Iterator[tuple[tuple[object, ...], int, tuple[int, ...]]]:
    """Every value in a composed YAML tree: its settings path, its line and the lines of the settings holding it."""
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            yield from leaves(value, (*path, key.value), (*lines, key.start_mark.line + 1))
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            yield from leaves(item, (*path, index), (*lines, item.start_mark.line + 1))
    else:
        yield path, node.start_mark.line + 1, lines


def cited(text_lines: list[str], line: int) -> bool:
    """True when `line` carries a citing comment, or the comment block right above it does."""
    if "#" in text_lines[line - 1] and CITES.search(text_lines[line - 1].split("#", 1)[1]):
        return True
    above = line - 1
    while above >= 1 and text_lines[above - 1].lstrip().startswith("#"):
        if CITES.search(text_lines[above - 1]):
            return True
        above -= 1
    return False


@pytest.mark.parametrize("name", UNPUBLISHED)
def test_every_value_of_a_starter_without_terms_is_assumed_or_cited(name: str) -> None:
    """No terms of reference exist for the legal gateway or the complex-care panel: each value is either listed under
    `assumed:` (in a setting listed there) or cites its source, on its own line or that of a setting holding it."""
    text = (STARTERS / f"{name}.yml").read_text(encoding="utf-8")
    text_lines = text.splitlines()
    data, _, _ = yamlsafe.load(text)
    assumed = {path for dotted in data["assumed"] for path in settings_at(data, dotted)}
    tree = yaml.compose(text)
    assert tree is not None
    bare = []
    for path, line, holders in leaves(tree, (), ()):
        if path[0] == "assumed" or path[:2] in NOT_TERMS or any(path[:n] in assumed for n in range(1, len(path) + 1)):
            continue
        if not any(cited(text_lines, at) for at in (*holders, line)):
            bare.append(f"{line}: {'.'.join(map(str, path))}")
    assert not bare, f"{name}: neither assumed nor cited:\n" + "\n".join(bare)
    # What is cited is what the domain notes and the five terms say of such panels; the rest is invented.
    assert len(assumed) > 30, f"{name}: almost everything in it is invented, and must say so"


def test_bexley_venue_legal_statuses_and_threshold_for_every_type(tmp_path: Path) -> None:
    """1.5 Bexley Civic Centre; 1.1 b EPO and police protection; 1.4 i over £1,000, any request."""
    config = starter("bexley")
    assert config.panel.venue == "Bexley Civic Centre" and not config.is_assumed("panel.venue")
    names = {s.id: s.name for s in config.legal_statuses}
    assert names["epo"] == "Emergency Protection Order" and names["police-protection"] == "Police protection"
    assert all(t.applies_to(k.id) for t in config.thresholds for k in config.referral_types)
    assert config.is_assumed("calendar.end") and not config.is_assumed("calendar.start")
    assert not any(t.action == "escalate" for t in config.thresholds)
    # This repository's panel.yml is the Bexley starter.
    assert (ROOT / "panel.yml").read_text(encoding="utf-8") == (STARTERS / "bexley.yml").read_text(encoding="utf-8")
    # Checked through panel check: a placement of £900 is below the threshold like an s17 package.
    repo = starter_repo(tmp_path, "bexley")
    meeting = dt.date(2026, 12, 10)
    write_referral(tmp_path, repo, number=1, type_id="placement", meeting=meeting, weekly=300, weeks=3)
    write_referral(tmp_path, repo, number=2, type_id="placement", meeting=meeting, weekly=300, weeks=4)
    result = CliRunner().invoke(main, ["check", "--root", str(tmp_path)], env={"PANEL_NOW": "2026-12-01T09:00"})
    assert "R-0001.md" in result.stdout and "warning[below-threshold]" in result.stdout
    assert "R-0002.md" not in result.stdout


def test_city_rap_decides_entry_to_care_and_care_proceedings(tmp_path: Path) -> None:
    """Key functions 1–2: the panel decides; 3: it recommends placements to the City Manager."""
    config = starter("city-rap")
    assert config.panel.decides is True and not config.panel.decision_maker
    assert config.referral_type("section-20") and config.referral_type("care-proceedings")
    for outcome in ("approve", "decline", "defer"):
        assert config.outcome(outcome) is not None
    # Decided by the panel: entry to care and care proceedings; recommended to the City Manager: placements.
    assert config.recommends_to("section-20") == config.recommends_to("care-proceedings") == ""
    assert config.recommends_to("placement") == "city-manager"
    assert config.role_name("city-manager") == "City Manager" and config.people_with_role("city-manager")
    assert not any(o.id.startswith("recommend-") for o in config.outcomes)
    # Timetable: completed and authorised by Friday 3pm, the Group Manager by Monday 12 noon, legal advice Tuesday.
    wednesday = dt.date(2026, 12, 9)
    assert (
        config.calendar.deadline
        and config.calendar.deadline.describe() == "Monday by 12 noon (Monday before, by 12:00)"
    )
    held = meeting_on(config, wednesday)
    assert held and held.deadline == dt.datetime(2026, 12, 7, 12, 0, tzinfo=LONDON)
    assert [(s.id, s.due) for s in held.stages] == [
        ("request-authorised", dt.datetime(2026, 12, 4, 15, 0, tzinfo=LONDON)),
        ("sign-off", dt.datetime(2026, 12, 7, 12, 0, tzinfo=LONDON)),
        ("legal-advice", dt.datetime(2026, 12, 8, 17, 0, tzinfo=LONDON)),
    ]
    stage = held.stage_for("group-manager")
    assert stage is not None and stage.name == "Sign-off (Group Manager)"
    assert config.chain_for("section-20") == ("team-manager", "group-manager")
    assert config.chain_for("care-proceedings") == ("team-manager", "group-manager", "legal-adviser")
    assert {"epo", "ppp", "secure"} <= {s.id for s in config.legal_statuses}


def test_south_gloucestershire_uasc_and_parenting_assessments() -> None:
    """'UASC presentations' and 'parent and child placements / parenting assessments' are types."""
    config = starter("south-gloucestershire")
    uasc = config.referral_type("uasc")
    parenting = config.referral_type("parenting-assessment")
    assert uasc and "asylum" in uasc.name.lower()
    assert parenting and "parenting assessment" in parenting.name.lower()
    assert "uasc" in {s.id for s in config.legal_statuses}
    assert config.is_assumed("calendar.cadence.anchor") and not config.is_assumed("calendar.start")
    change = config.referral_type("placement-change")
    assert change and change.joint_funding_to and "MARP" in change.joint_funding_to


def test_rochdale_and_dudley_times_as_their_terms_give_them() -> None:
    """Rochdale: 1–4pm and 11:00 on the day, given. Dudley: no time at all, so all assumed; meetings booked (its
    booking system) and no deadline, as its terms give them, rather than an invented cadence and deadline."""
    rochdale = starter("rochdale")
    assert not rochdale.is_assumed("calendar.start") and not rochdale.is_assumed("calendar.end")
    assert rochdale.is_assumed("panel.venue")
    dudley = starter("dudley")
    for setting in ("panel.venue", "calendar.start", "calendar.end"):
        assert dudley.is_assumed(setting), setting
    assert dudley.calendar.per_case and dudley.calendar.deadline is None
    assert not dudley.is_assumed("calendar.cadence")
    assert dudley.referral_type("carer-allowance") is not None


def test_assumed_must_name_a_setting_in_the_file() -> None:
    """A typo in `assumed:` is a located error with a hint, like any other setting."""
    base = PANEL_YML.read_text(encoding="utf-8")
    text = base + "\nassumed: [panel.venue, calendar.ends, referral_types.*.slot_minutes, referral_types.nope]\n"
    with pytest.raises(ProblemsFound) as caught:
        parse_config(text)
    found = sorted(caught.value.diagnostics, key=lambda d: d.column)
    assert [d.code for d in found] == ["config-unknown-setting", "config-unknown-setting"]
    assert "'calendar.ends' names no setting" in found[0].message
    assert "'referral_types.nope' names no setting" in found[1].message
    assert {d.line for d in found} == {len(text.splitlines())}
    config = parse_config(base + "\nassumed: [panel.venue, referral_types.*.slot_minutes, calendar.deadline.time]\n")
    assert config.is_assumed("panel.venue") and config.is_assumed("referral_types.placement.slot_minutes")
    assert config.is_assumed("calendar.deadline.time") and not config.is_assumed("calendar.deadline")
    assert not config.is_assumed("panel") and not config.is_assumed("calendar.start")


def test_assumed_may_name_a_revision_the_terms_do_not_state() -> None:
    """A starter's invented revision (the legal gateway's renaming) is listed like any setting, though the terms in
    force on any day hold no `revisions`; one that is not in the file is still a located error."""
    base = PANEL_YML.read_text(encoding="utf-8")
    revision = "\nrevisions:\n  - from: 2027-04-01\n    note: Renamed\n    panel: {name: Resource Panel}\n"
    config = parse_config(base + revision + "\nassumed: [revisions, revisions.0.panel.name]\n")
    assert config.is_assumed("revisions") and config.at(dt.date(2027, 4, 1)).panel.name == "Resource Panel"
    with pytest.raises(ProblemsFound) as caught:
        parse_config(base + revision + "\nassumed: [revisions.1]\n")
    [found] = caught.value.diagnostics
    assert found.code == "config-unknown-setting" and "'revisions.1' names no setting" in found.message


def approved_pack(root: Path, name: str, meeting: dt.date, now: str) -> tuple[str, str]:
    """A starter repository with one approved referral: the pack's first page and the site's meeting page."""
    config = starter_repo(root, name)
    git(root, "checkout", "-q", "-b", "referral/1", date=STARTER_DATE)
    type_id = "s17-support"
    write_referral(root, config, number=1, type_id=type_id, meeting=meeting, weekly=200, weeks=10)
    git(root, "checkout", "-q", "main", date=STARTER_DATE)
    approvers = "\n".join(
        f"Approved-by: {config.people_with_role(role)[0].name} <{config.people_with_role(role)[0].email}>"
        for role in config.chain_for(type_id)
    )
    git(root, "merge", "--no-ff", "-q", "-m", f"Merge referral\n\n{approvers}", "referral/1", date=STARTER_DATE)
    env = {"PANEL_NOW": now}
    runner = CliRunner()
    for args in (["agenda", meeting.isoformat()], ["pack", meeting.isoformat(), "--format", "pdf"], ["build"]):
        result = runner.invoke(main, [*args, "--root", str(root)], env=env)
        assert result.exit_code == 0, result.output
        if args[0] == "agenda":
            git(root, "add", "meetings", date=STARTER_DATE)
            git(root, "commit", "-q", "-m", "Agenda", date=STARTER_DATE)
    pdf = next((root / "build" / "packs" / meeting.isoformat()).glob("*.pdf"))
    site = (root / "site" / "meetings" / f"{meeting.isoformat()}.html").read_text(encoding="utf-8")
    # pypdf may split a word ("T uesday"): compare without spaces.
    return squash(" ".join(pages(pdf.read_bytes())[:3])), squash(site)


def squash(text: str) -> str:
    """The text without whitespace."""
    return "".join(text.split())


@pytest.mark.slow
def test_pack_and_site_print_assumed_venue_and_times_as_to_be_confirmed(tmp_path: Path) -> None:
    """Dudley gives no venue or times: the pack's cover and agenda and the site say 'to be confirmed'."""
    pack, site = approved_pack(tmp_path, "dudley", dt.date(2026, 12, 8), "2026-12-01T09:00")
    assert squash("Venue to be confirmed") in pack and squash("Time to be confirmed") in pack
    assert squash("Tuesday 8 December 2026, time to be confirmed.") in pack
    assert "CouncilHouse" not in pack and "10:00" not in pack and "13:00" not in pack
    assert squash("time to be confirmed, venue to be confirmed.") in site
    assert "CouncilHouse" not in site and "10:0" not in site  # no start, no slot times


@pytest.mark.slow
def test_pack_prints_bexleys_venue_and_only_the_start_time_it_gives(tmp_path: Path) -> None:
    """Bexley: Civic Centre and 14:00 are in the terms; the 17:00 end is not."""
    pack, site = approved_pack(tmp_path, "bexley", dt.date(2026, 12, 10), "2026-12-01T09:00")
    assert squash("Venue Bexley Civic Centre") in pack
    assert squash("from 14:00 (end time to be confirmed)") in pack and "17:00" not in pack
    assert squash("from 14:00 (end time to be confirmed), Bexley Civic Centre.") in site


@pytest.mark.parametrize(("name", "location"), [("dudley", None), ("bexley", "Bexley Civic Centre")])
def test_calendar_feed_gives_no_assumed_venue(tmp_path: Path, name: str, location: str | None) -> None:
    """`panel calendar --ics`: an assumed venue is no LOCATION, and the description says what is assumed."""
    starter_repo(tmp_path, name)
    result = CliRunner().invoke(
        main, ["calendar", "--ics", "--root", str(tmp_path)], env={"PANEL_NOW": "2026-12-01T09:00"}
    )
    assert result.exit_code == 0, result.output
    feed = result.stdout.replace("\r\n ", "")
    locations = {line for line in feed.splitlines() if line.startswith("LOCATION:")}
    if location is None:
        assert locations == set()
        assert "Venue to be confirmed." in feed.replace("\\n", "\n")
        assert "Meeting times: time to be confirmed." in feed.replace("\\n", "\n")
    else:
        assert locations == {f"LOCATION:{location}"}
        assert "Venue to be confirmed" not in feed
        assert "Meeting times: from 14:00 (end time to be confirmed)." in feed.replace("\\n", "\n")


def test_each_starter_needs_someone_who_may_chair_for_every_item() -> None:
    """Quorum roles from each terms of reference: who must be there (without an interest) for the panel to decide."""
    expected = {
        "bexley": (("chair", "vice-chair", "head-of-service"),),  # 1.7 c)
        "city-rap": (("chair",),),  # each chair on the rota is "Chair and decision maker"
        "dudley": (("chair",),),  # assumed: listed under assumed:
        "rochdale": (("chair", "head-of-service"),),  # "or another Head of Service in their absence"
        "south-gloucestershire": (("chair", "deputy-chair"),),  # Head of Service chairs; SMs deputise
    }
    for name, roles in expected.items():
        config = starter(name)
        assert config.panel.quorum_roles == roles, name
        # Whoever satisfies the quorum may also chair the item and sign its decision off.
        assert {r for choice in roles for r in choice} <= set(config.panel.chair_roles), name
    assert starter("dudley").is_assumed("panel.quorum_roles")
    assert not starter("bexley").is_assumed("panel.quorum_roles")


def test_part_of_day_times_are_shown_in_the_terms_own_words() -> None:
    """City RAP's timetable: "Monday – by 12 noon", papers "Monday - PM"; South Gloucestershire: "Monday afternoon"."""
    city, south = starter("city-rap").calendar, starter("south-gloucestershire").calendar
    assert city.deadline is not None
    assert (city.deadline.words, city.deadline.time.isoformat("minutes")) == ("Monday by 12 noon", "12:00")
    assert city.papers_out is not None and city.papers_out.describe() == "Monday PM (Monday before, by 14:00)"
    assert south.papers_out is not None and south.papers_out.words == "Monday afternoon"


# Issue 12, clause by clause: what each terms of reference says of who decides, between meetings, interests,
# minutes, notices, the agenda and cancelling. (setting, value, assumed?) — assumed is False where the terms say it.
WHO_DECIDES: dict[str, dict[str, tuple[object, bool]]] = {
    "bexley": {
        "recommends": ({}, False),  # 1.1: the panel "will review and make decisions"; I.19 e: the chair authorises
        "chair_roles": (("chair", "vice-chair", "head-of-service"), False),  # 1.7 a–c
        "outside types": ({"urgent": ("section-20", "placement", "retrospective")}, False),  # 1.1 b, c
        "outside roles": ({"urgent": (("service-manager", "head-of-service"), ("head-of-service",))}, True),
        "minute_taker": ("co-ordinator", True),  # 1.7 i, 1.20 name the minute taker, not their role
        "notices.within": ("within 1 working day", True),  # I.18: recorded, but no time for telling
        "case_record.within": ("within 1 working day", True),  # I.18 "directly": no time
        "previous_minutes": (False, False),
        "chair_confirms": (False, False),
        "cancellation_needs_chair": (True, False),  # 1.6
    },
    "city-rap": {
        "recommends": ({"placement": "city-manager"}, False),  # key function 3: recommendations to the City Manager
        "chair_roles": (("chair",), False),  # each Assistant City Manager is "Chair and decision maker"
        "outside types": ({"urgent": ("section-20", "care-proceedings", "retrospective")}, False),  # When to use 1
        "outside roles": ({"urgent": (("group-manager", "chair"), ("chair",))}, True),
        "minute_taker": ("", False),  # the terms say nothing of minutes
        "notices.within": ("within 2 working days", True),
        "case_record.within": ("within 2 working days", True),
        "previous_minutes": (False, False),
        "chair_confirms": (False, False),
        "cancellation_needs_chair": (False, False),
    },
    "rochdale": {
        "recommends": ({}, False),
        "chair_roles": (("chair", "head-of-service"), False),  # Chairperson
        "outside types": ({"urgent": ("section-20", "section-20-rehabilitation"), "filter": None}, False),
        "outside roles": (
            {"urgent": (("head-of-service",), ("head-of-service",)), "filter": (("head-of-service",),) * 2},
            True,
        ),
        "minute_taker": ("co-ordinator", True),  # Support: the Practice Improvement Team sees minutes produced
        "notices.within": ("within 24 hours", True),  # Papers: a decision record "sent to the presenting practitioner"
        "case_record.within": ("within 2 working days", True),
        "previous_minutes": (True, False),  # Papers: minutes "circulated with the papers for the following week"
        "chair_confirms": (True, False),  # Papers: "The Chairperson will be responsible for confirming the agenda"
        "cancellation_needs_chair": (False, False),
    },
    "dudley": {
        "recommends": ({}, False),
        "chair_roles": (("chair",), False),  # Roles and responsibilities: Chair — Head of Service
        "outside types": ({}, False),  # no emergencies in the terms: no route
        "outside roles": ({}, False),
        "minute_taker": ("co-ordinator", False),  # Panel administrator: "Minute meeting and record panel decisions"
        "notices.within": ("within 2 working days", True),
        "case_record.within": ("within 2 working days", True),
        "previous_minutes": (False, False),
        "chair_confirms": (False, False),
        "cancellation_needs_chair": (False, False),
    },
    "south-gloucestershire": {
        "recommends": ({}, False),  # "The panel is a decision making forum."
        "chair_roles": (("chair", "deputy-chair"), False),  # Head of Service chairs; Service Managers deputise
        "outside types": ({"urgent": ("section-20", "homeless-young-person", "retrospective")}, False),
        "outside roles": ({"urgent": (("service-manager", "chair"), ("chair",))}, True),
        "minute_taker": ("co-ordinator", False),  # Process: "The panel minutes will be taken by business support"
        "notices.within": ("within 24 hours", False),  # "circulated within twenty four hours of the panel"
        "case_record.within": ("within 2 working days", True),  # the TM enters it: no time given
        "previous_minutes": (False, False),
        "chair_confirms": (False, False),
        "cancellation_needs_chair": (False, False),
    },  # No terms: who chairs, minutes, notices and the case record are all assumed; nothing is recommended elsewhere.
    "legal-gateway": {
        "recommends": ({}, False),
        "chair_roles": (("chair", "head-of-service"), True),
        "outside types": ({}, False),
        "outside roles": ({}, False),
        "minute_taker": ("co-ordinator", True),
        "notices.within": ("within 1 working day", True),
        "case_record.within": ("within 2 working days", True),
        "previous_minutes": (False, False),
        "chair_confirms": (False, False),
        "cancellation_needs_chair": (False, False),
    },
    "complex-care": {
        "recommends": ({}, False),
        "chair_roles": (("chair", "vice-chair"), True),
        "outside types": ({}, False),
        "outside roles": ({}, False),
        "minute_taker": ("co-ordinator", True),
        "notices.within": ("within 2 working days", True),
        "case_record.within": ("within 2 working days", True),
        "previous_minutes": (False, False),
        "chair_confirms": (False, False),
        "cancellation_needs_chair": (False, False),
    },
}


def who_decides(config: PanelConfig) -> dict[str, tuple[object, bool]]:
    """Each issue-12 setting of a starter as WHO_DECIDES states it, and whether the starter marks it assumed."""
    routes = config.outside_meetings
    notices, record = config.notices, config.case_record
    assert notices is not None and record is not None
    return {
        "recommends": (
            {k.id: config.recommends_to(k.id) for k in config.referral_types if config.recommends_to(k.id)},
            False,
        ),
        "chair_roles": (config.panel.chair_roles, config.is_assumed("panel.chair_roles")),
        "outside types": (
            {r.id: r.types for r in routes},
            any(config.is_assumed(f"outside_meetings.{r.id}.types") for r in routes),
        ),
        "outside roles": (
            {r.id: (r.roles, r.roles_at(False)) for r in routes},
            any(config.is_assumed(f"outside_meetings.{r.id}.roles") for r in routes),
        ),
        "minute_taker": (config.panel.minute_taker, config.is_assumed("panel.minute_taker")),
        "notices.within": (notices.within.describe(), config.is_assumed("notices.within")),
        "case_record.within": (record.within.describe(), config.is_assumed("case_record.within")),
        "previous_minutes": (config.agenda.previous_minutes, config.is_assumed("agenda.previous_minutes")),
        "chair_confirms": (config.agenda.chair_confirms, config.is_assumed("agenda.chair_confirms")),
        "cancellation_needs_chair": (
            config.calendar.cancellation_needs_chair,
            config.is_assumed("calendar.cancellation_needs_chair"),
        ),
    }


@pytest.mark.parametrize("name", PANELS + UNPUBLISHED)
def test_who_decides_settings_follow_the_terms_clause_by_clause(name: str) -> None:
    """Issue 12: decide or recommend, outside-meeting routes, minute-taker, notices, case record, minutes, agenda
    and cancellation, each as the terms say, and marked assumed exactly where they do not; no quorum anywhere."""
    config = starter(name)
    assert config.panel.quorum is None  # none of the terms sets a number of members
    assert who_decides(config) == WHO_DECIDES[name]


def test_city_rap_recommends_complex_needs_placements_to_a_senior_manager() -> None:
    """Key function 3: "make recommendations (to the City Manager) regarding children with complex needs"; entry to
    care and care proceedings (key functions 1, 2) the panel decides; a City Manager holds the role."""
    config = starter("city-rap")
    assert config.decision_maker_for("placement") == "city-manager"
    assert config.role_name("city-manager") == "City Manager" and config.people_with_role("city-manager")
    assert config.decision_maker_for("section-20") == config.decision_maker_for("care-proceedings") == ""
    # No escalation limit in any terms: the decision maker is never moved by an amount.
    for name in PANELS:
        assert not [t for t in starter(name).thresholds if t.action == "escalate"], name
