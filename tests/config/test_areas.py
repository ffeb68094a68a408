"""Several instances of one panel by area (panel.yml `areas`): one configuration, each area its own calendar, chair
and agenda, through the commands users run.

One repository, built once: the fixture's terms with two areas meeting the same Thursdays (East in the morning,
chaired by the chair; West in the afternoon, chaired by the vice chair, its name holding HTML). R-0001 names its
area; R-0002 is routed to West by its team. Both are signed off for 3 December.
"""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.commands.config import load_config
from generator.domain.configcheck import parse_config
from generator.io.diagnostics import ProblemsFound
from panelfixtures import PANEL_YML, STARTERS
from panelfixtures.gitrun import isolate_git
from panelfixtures.panelgit import PanelGit
from panelfixtures.people import CHAIR, FORGE, SM, TM
from panelfixtures.referrals import referral_text
from tests.records_helpers import DECISION as DECISION_TEMPLATE
from tests.records_helpers import MEETING as MEETING_TEMPLATE

BASE = PANEL_YML.read_text(encoding="utf-8")
AREAS = """
areas:
  - id: east
    name: East Area Panel
    chair_roles: [chair]
    venue: Erith Town Hall
    calendar: {start: "10:00", end: "12:00"}
  - id: west
    name: West <script>alert(1)</script> Panel
    chair_roles: [vice-chair]
    when: {field: worker.team, in: [cin-west]}
"""
PANEL = BASE + AREAS
VICE_CHAIR = ("Owen Marsh", "owen.marsh@council.example")

EAST = referral_text("R-0001", replace={"meeting: 2026-12-03\n": "meeting: 2026-12-03\narea: east\n"})
WEST = referral_text("R-0002", replace={"team: cin-east": "team: cin-west"})


def run(root: Path, *args: str, now: str) -> tuple[int, str, str]:
    result = CliRunner(env={"PANEL_NOW": now}).invoke(main, [*args, "--root", str(root)])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def areas(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The terms with two areas on main; R-0001 (East) and R-0002 (West) signed off for 3 December."""
    with pytest.MonkeyPatch.context() as patch:
        isolate_git(patch, tmp_path_factory.mktemp("home"))
        root = tmp_path_factory.mktemp("areas") / "panel"
        root.mkdir()
        (root / "panel.yml").write_text(PANEL, encoding="utf-8")
        (root / ".gitignore").write_text("build/\nsite/\n", encoding="utf-8")
        panel = PanelGit(root)
        panel.git("add", "-A")
        panel.commit({}, "Terms of reference with two areas", "2026-11-16 09:00", author=FORGE)
        for referral_id, text in (("R-0001", EAST), ("R-0002", WEST)):
            branch = panel.submit(referral_id, "2026-11-20 10:00", text)
            panel.merge(branch, "2026-11-25 15:30", [TM, SM])
        yield root
        panel.repo.close()


def test_each_area_has_its_own_terms(areas: Path) -> None:
    config = load_config(areas)
    east, west = config.for_area("east"), config.for_area("west")
    assert (east.calendar.start.hour, west.calendar.start.hour) == (10, 14)
    assert east.panel.chair_roles == ("chair",) and west.panel.chair_roles == ("vice-chair",)
    assert east.panel.venue == "Erith Town Hall" and west.panel.venue == config.panel.venue
    assert east.referral_types == config.referral_types  # everything else shared


def test_check_passes_and_routes_by_team(areas: Path) -> None:
    code, out, err = run(areas, "check", "--no-cache", now="2026-11-26T09:00")
    assert code == 0, out + err
    code, out, err = run(areas, "status", "--format", "json", now="2026-11-26T09:00")
    assert code == 0, err
    rows = {row["referral"]: row for row in json.loads(out)}
    assert rows["R-0001"]["meeting"] == "2026-12-03-east" and rows["R-0002"]["meeting"] == "2026-12-03-west"


def test_calendar_lists_both_areas_meeting_the_same_day(areas: Path) -> None:
    code, out, err = run(areas, "calendar", "--format", "json", "--count", "4", now="2026-11-30T09:00")
    assert code == 0, err
    rows = json.loads(out)
    assert [m["date"] for m in rows] == ["2026-12-03-east", "2026-12-03-west", "2026-12-10-east", "2026-12-10-west"]
    assert rows[0]["start"].startswith("2026-12-03T10:00") and rows[1]["start"].startswith("2026-12-03T14:00")
    assert rows[0]["url"].endswith("/meetings/2026-12-03-east/")
    code, out, err = run(areas, "calendar", "--area", "west", "--count", "1", now="2026-11-30T09:00")
    assert code == 0 and "2026-12-03-west" in out and "east" not in out, out + err
    code, out, err = run(areas, "calendar", "--ics", now="2026-11-30T09:00")
    assert "UID:meeting-2026-12-03-east@" in out and "UID:meeting-2026-12-03-west@" in out
    assert "LOCATION:Erith Town Hall" in out
    code, out, err = run(areas, "calendar", "--area", "north", now="2026-11-30T09:00")
    assert code == 2 and "unknown area 'north'" in err


def test_new_referral_is_for_its_areas_next_meeting(areas: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(areas, copy)
    code, out, err = run(copy, "new", "referral", "--type", "s17-support", now="2026-11-30T09:00")
    assert code == 2 and "--area east" in err
    code, out, err = run(copy, "new", "referral", "--type", "s17-support", "--area", "west", now="2026-11-30T09:00")
    assert code == 0, err
    assert "for the meeting of the West <script>alert(1)</script> Panel on Thursday 03 December 2026" in out
    text = (copy / "submissions" / "R-0003.md").read_text(encoding="utf-8")
    assert "\nmeeting: 2026-12-03\narea: west\n" in text


def test_each_area_gets_its_own_agenda_for_the_same_day(areas: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(areas, copy)
    for area, mine, other in (("east", "R-0001", "R-0002"), ("west", "R-0002", "R-0001")):
        code, out, err = run(copy, "agenda", f"2026-12-03-{area}", now="2026-12-01T09:00")
        assert code == 0, out + err
        text = (copy / "meetings" / f"2026-12-03-{area}" / "agenda.md").read_text(encoding="utf-8")
        assert mine in text and other not in text, text
    east = (copy / "meetings" / "2026-12-03-east" / "agenda.md").read_text(encoding="utf-8")
    assert "start: '10:00'" in east or 'start: "10:00"' in east or "10:00" in east
    code, out, err = run(copy, "agenda", "2026-12-03", now="2026-12-01T09:00")
    assert code == 2 and "names no area" in err and "2026-12-03-east" in err
    code, out, err = run(copy, "agenda", "2026-12-03-north", now="2026-12-01T09:00")
    assert code == 2 and "'north'" in err
    code, out, err = run(copy, "check", "--no-cache", now="2026-12-01T09:00")
    assert code == 0, out + err


def test_a_referral_no_area_takes_is_located(areas: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(areas, copy)
    (copy / "submissions" / "R-0003.md").write_text(referral_text("R-0003"), encoding="utf-8")  # cin-east, no area
    north = referral_text("R-0004", replace={"meeting: 2026-12-03\n": "meeting: 2026-12-03\narea: north\n"})
    (copy / "submissions" / "R-0004.md").write_text(north, encoding="utf-8")
    code, out, _ = run(copy, "check", "--no-cache", "--format", "json", now="2026-11-26T09:00")
    assert code == 1
    found = {(d["path"], d["code"]): d for d in json.loads(out)["diagnostics"]}
    no_area = found[("submissions/R-0003.md", "no-area")]
    assert no_area["line"] == 5 and "West <script>alert(1)</script> Panel" in no_area["message"]
    assert "cin-east" in no_area["message"] and "area:" in no_area["hint"]
    north = next(d for (path, _), d in found.items() if path == "submissions/R-0004.md")
    assert north["line"] == 6 and "north" in north["message"] and "east" in north["message"] + north["hint"], north


@pytest.mark.parametrize(
    ("change", "code", "words", "at"),
    [
        ("  - id: west\n", "config-duplicate-id", "areas: id 'east' is defined twice", "  - id: east"),
        ("chair_roles: [vice-chair]", "config-unknown-id", "'vise-chair' is not one of the roles", "vise-chair"),
        ('calendar: {start: "10:00", end: "12:00"}', "config-schema", "", "wekday"),
        ("in: [cin-west]", "config-condition", "", "cin-west"),
    ],
)
def test_misconfigured_areas_are_reported_at_their_lines(
    tmp_path: Path, change: str, code: str, words: str, at: str
) -> None:
    replacement = {
        "  - id: west\n": "  - id: east\n",
        "chair_roles: [vice-chair]": "chair_roles: [vise-chair]",
        'calendar: {start: "10:00", end: "12:00"}': 'calendar: {start: "10:00", wekday: monday}',
        "in: [cin-west]": "in: [cin-west], field: worker.teem",
    }[change]
    text = PANEL.replace(change, replacement)
    if change == "in: [cin-west]":
        text = PANEL.replace("when: {field: worker.team, in: [cin-west]}", "when: {field: worker.teem, in: [cin-west]}")
        at = "worker.teem"
    (tmp_path / "panel.yml").write_text(text, encoding="utf-8")
    with pytest.raises(ProblemsFound) as raised:
        load_config(tmp_path)
    problems = [d for d in raised.value.diagnostics if words in d.message]
    assert problems, [d.format() for d in raised.value.diagnostics]
    assert at in text.splitlines()[problems[0].line - 1], [d.format() for d in raised.value.diagnostics]
    assert problems[0].line > BASE.count("\n")


def test_an_areas_calendar_is_checked_as_its_own(tmp_path: Path) -> None:
    """West keeps the panel's Thursday cancellations; East, meeting on Tuesdays, cannot cancel a Thursday."""
    text = PANEL.replace(
        'calendar: {start: "10:00", end: "12:00"}', "calendar: {cadence: {every: week, weekday: tuesday}}"
    )
    (tmp_path / "panel.yml").write_text(text, encoding="utf-8")
    with pytest.raises(ProblemsFound) as raised:
        load_config(tmp_path)
    found = [d for d in raised.value.diagnostics if d.code == "config-inconsistent"]
    assert found and "in the terms of the area 'East Area Panel'" in found[0].message
    assert "2026-12-24" in text.splitlines()[found[0].line - 1]


MEETING_EAST = MEETING_TEMPLATE
MEETING_WEST = MEETING_TEMPLATE.replace("chair: Dana Whitfield", "chair: Owen Marsh")


@pytest.fixture(scope="module")
def heard(areas: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Both areas' agendas made with panel agenda; each meeting's record and decision merged with the approval of the
    East chair (Dana Whitfield) only: final at East, not at West, where the vice chair chairs."""
    with pytest.MonkeyPatch.context() as patch:
        isolate_git(patch, tmp_path_factory.mktemp("home"))
        root = tmp_path_factory.mktemp("heard") / "panel"
        shutil.copytree(areas, root)
        for area in ("east", "west"):
            code, out, err = run(root, "agenda", f"2026-12-03-{area}", now="2026-12-01T09:00")
            assert code == 0, out + err
        panel = PanelGit(root)
        panel.commit({}, "Agendas", "2026-12-01 09:30", author=FORGE)
        records = {
            "meetings/2026-12-03-east/meeting.md": MEETING_EAST,
            "meetings/2026-12-03-east/decisions/R-0001.md": DECISION_TEMPLATE.format(referral="R-0001"),
            "meetings/2026-12-03-west/meeting.md": MEETING_WEST,
            "meetings/2026-12-03-west/decisions/R-0002.md": DECISION_TEMPLATE.format(referral="R-0002"),
        }
        panel.record_decisions(records, "2026-12-03 17:30", [CHAIR])
        yield root
        panel.repo.close()


def test_each_areas_chair_makes_its_decisions_final(heard: Path, tmp_path: Path) -> None:
    code, out, err = run(heard, "status", "2026-12-03-east", "--format", "json", now="2026-12-04T09:00")
    assert code == 0, err
    (east,) = json.loads(out)
    assert east["referral"] == "R-0001" and east["state"] == "decided", east
    code, out, err = run(heard, "status", "2026-12-03-west", "--format", "json", now="2026-12-04T09:00")
    assert code == 0, err
    (west,) = json.loads(out)
    assert west["referral"] == "R-0002" and west["state"] != "decided", west
    # The West chair (the vice chair) approves the West records: now final there too.
    copy = tmp_path / "copy"
    shutil.copytree(heard, copy)
    panel = PanelGit(copy)
    panel.branch("west-records")
    panel.commit(
        {"meetings/2026-12-03-west/decisions/R-0002.md": DECISION_TEMPLATE.format(referral="R-0002") + "\n"},
        "West records",
        "2026-12-04 10:00",
        FORGE,
    )
    panel.merge("west-records", "2026-12-04 10:30", [VICE_CHAIR])
    code, out, err = run(copy, "status", "2026-12-03-west", "--format", "json", now="2026-12-04T11:00")
    assert code == 0, err
    assert json.loads(out)[0]["state"] == "decided", out
    panel.repo.close()


def test_pack_names_each_areas_chair_and_venue(areas: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(areas, copy)
    for area, chair, venue in (("east", "Dana Whitfield", "Erith Town Hall"), ("west", "Owen Marsh", "Civic Offices")):
        code, out, err = run(copy, "agenda", f"2026-12-03-{area}", now="2026-12-01T09:00")
        assert code == 0, out + err
        code, out, err = run(copy, "pack", f"2026-12-03-{area}", "--format", "docx", now="2026-12-02T09:00")
        assert code == 0, out + err
        built = copy / "build" / "packs" / f"2026-12-03-{area}" / "pack-v1.docx"
        with zipfile.ZipFile(built) as docx:
            text = re.sub(r"<[^>]+>", "", docx.read("word/document.xml").decode("utf-8"))
        assert chair in text and venue in text, text[:2000]
        assert ("East Area Panel" in text) == (area == "east")
        assert "R-0001" in text if area == "east" else "R-0002" in text and "R-0001" not in text
    assert "West &lt;script&gt;alert(1)&lt;/script&gt; Panel" in text  # escaped in the document's XML
    code, out, err = run(copy, "pack", "2026-12-03", now="2026-12-02T09:00")
    assert code == 2 and "names no area" in err


def test_the_complex_care_starter_runs_two_areas() -> None:
    text = (STARTERS / "complex-care.yml").read_text(encoding="utf-8")
    assert "areas:  # assumed:" in text
    config = parse_config(text)
    assert [a.id for a in config.areas] == ["east", "west"]
    assert config.for_area("east").calendar.start.hour == 9 and config.for_area("west").panel.chair_roles == (
        "vice-chair",
    )
    assert config.is_assumed("areas.east.calendar.start") and config.for_area("east").is_assumed("calendar.start")


@pytest.mark.parametrize(("approver", "agreed"), [(CHAIR, False), (VICE_CHAIR, True)])
def test_an_areas_cancelled_meeting_needs_its_own_chairs_agreement(
    areas: Path, tmp_path: Path, approver: tuple[str, str], agreed: bool
) -> None:
    """West's chair is the vice chair: the chair (East's) approving West's cancellation is not West's chair agreeing."""
    copy = tmp_path / "copy"
    shutil.copytree(areas, copy)
    text = PANEL.replace(
        "    chair_roles: [vice-chair]\n",
        "    chair_roles: [vice-chair]\n    calendar: {cancelled: [2026-12-10], cancellation_needs_chair: true}\n",
    )
    panel = PanelGit(copy)
    panel.branch("cancel-west")
    panel.commit({"panel.yml": text}, "Cancel West's meeting of 10 December", "2026-11-26 10:00", FORGE)
    panel.merge("cancel-west", "2026-11-26 11:00", [approver])
    code, out, _ = run(copy, "check", "--no-cache", "--format", "json", now="2026-11-26T12:00")
    found = [d for d in json.loads(out)["diagnostics"] if d["code"] == "cancellation-unagreed"]
    if agreed:
        assert code == 0 and not found, out
    else:
        assert code == 1 and found and "2026-12-10-west" in found[0]["message"], out
        assert "2026-12-10" in text.splitlines()[found[0]["line"] - 1]
    panel.repo.close()


def test_the_site_labels_each_areas_meetings_and_escapes_their_names(heard: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(heard, copy)
    code, out, err = run(copy, "build", now="2026-12-04T09:00")
    assert code == 0, out + err
    site = copy / "site"
    pages = [p for p in site.rglob("*.html")]
    assert not [p for p in pages if "<script>alert(1)" in p.read_text(encoding="utf-8")]
    east = (site / "meetings" / "2026-12-03-east.html").read_text(encoding="utf-8")
    west = (site / "meetings" / "2026-12-03-west.html").read_text(encoding="utf-8")
    assert "Meeting of Thursday 3 December 2026: East Area Panel" in east and "Erith Town Hall" in east
    assert "West &lt;script&gt;alert(1)&lt;/script&gt; Panel" in west and "Erith Town Hall" not in west
    assert "R-0001" in east and "R-0002" not in east and "R-0002" in west
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "Next meetings" in home and 'id="east-area-panel"' in home
    assert "10:00 to 12:00, Erith Town Hall" in home and "meetings/2026-12-03-west.html" in home
    calendar_page = (site / "calendar.html").read_text(encoding="utf-8")
    assert "Thursday 10 December 2026: East Area Panel" in calendar_page
    referral = (site / "referrals" / "R-0002.html").read_text(encoding="utf-8")
    assert "Thursday 3 December 2026: West &lt;script&gt;" in referral


def test_status_of_a_meeting_names_its_area(areas: Path) -> None:
    code, _, err = run(areas, "status", "2026-12-03", now="2026-11-26T09:00")
    assert code == 2 and "names no area" in err and "2026-12-03-east" in err


def test_an_area_that_books_its_meetings_per_case(tmp_path: Path) -> None:
    """East books each meeting (panel book DATE-east, meetings/DATE-east/); West keeps the weekly cadence."""
    text = PANEL.replace(
        'calendar: {start: "10:00", end: "12:00"}',
        'calendar: {cadence: {every: per-case}, start: "10:00", end: "12:00", cancelled: [], extra: []}',
    )
    (tmp_path / "panel.yml").write_text(text, encoding="utf-8")
    code, out, err = run(tmp_path, "book", "2026-12-08-east", now="2026-11-26T09:00")
    assert code == 0, out + err
    assert (tmp_path / "meetings" / "2026-12-08-east" / "README.md").is_file()
    assert "meeting: 2026-12-08, area: east" in out
    code, out, err = run(tmp_path, "book", "2026-12-08-west", now="2026-11-26T09:00")
    assert code == 2 and "meets on its cadence" in err
    code, out, err = run(tmp_path, "calendar", "--format", "json", "--count", "3", now="2026-11-26T09:00")
    assert code == 0, err
    assert [m["date"] for m in json.loads(out)] == ["2026-11-26-west", "2026-12-03-west", "2026-12-08-east"]
    # A folder made by hand on Christmas Day is named by the check (panel book would have refused it).
    (tmp_path / "meetings" / "2026-12-25-east").mkdir()
    (tmp_path / "meetings" / "2026-12-25-east" / "README.md").write_text("Booked by hand.\n", encoding="utf-8")
    code, out, err = run(tmp_path, "check", now="2026-11-26T09:00")
    assert "meetings/2026-12-25-east:1:1: warning[booking-closed]: a meeting is booked on Friday 25 December" in out


def test_notify_sends_an_areas_final_decisions_and_records_them_in_its_folder(heard: Path, tmp_path: Path) -> None:
    """`panel notify DATE-AREA`: East's final decision goes out (no mail server: an .eml), logged in East's folder."""
    copy = tmp_path / "copy"
    shutil.copytree(heard, copy)
    with (copy / "panel.yml").open("a", encoding="utf-8") as config:
        config.write(
            "\nnotices: {within: {hours: 24}, from: panel@council.example, allowed_domains: [council.example]}\n"
        )
    code, out, err = run(copy, "notify", "2026-12-03-east", now="2026-12-04T09:00")
    assert code == 0, out + err
    assert "notice(s) written" in out and "commit meetings/2026-12-03-east/notices.yml" in out, out
    assert "referral: R-0001" in (copy / "meetings/2026-12-03-east/notices.yml").read_text(encoding="utf-8")
    assert list((copy / "build/notices/2026-12-03-east").glob("R-0001-*.eml"))
    # West's decision is not final (its chair has not approved it): nothing goes out for it.
    code, out, err = run(copy, "notify", "2026-12-03-west", now="2026-12-04T09:00")
    assert code == 0 and "0 notice(s) written" in out and not (copy / "build/notices/2026-12-03-west").exists(), out
    code, out, err = run(copy, "notify", "2026-12-03", now="2026-12-04T09:00")
    assert code == 2 and "2026-12-03-east" in out + err, out + err


def test_reconsider_names_the_areas_meeting_and_the_check_accepts_it(heard: Path, tmp_path: Path) -> None:
    """`panel reconsider` on East's decision: the request names East's meeting; `--meeting DATE-AREA` works too."""
    copy = tmp_path / "copy"
    shutil.copytree(heard, copy)
    code, out, err = run(copy, "reconsider", "R-0001", "--grounds", "New information.", now="2026-12-04T09:00")
    assert code == 0, out + err
    written = sorted((copy / "meetings").rglob("reconsiderations/*.md"))
    assert [p.relative_to(copy).as_posix() for p in written] == ["meetings/2026-12-03-east/reconsiderations/R-0001.md"]
    code, out, err = run(copy, "check", now="2026-12-04T09:00")
    assert code == 0 and "reconsiderations" not in out, out + err
    for path in written:
        path.unlink()
    code, out, err = run(
        copy, "reconsider", "R-0001", "--meeting", "2026-12-03-east", "--grounds", "Again.", now="2026-12-04T09:00"
    )
    assert code == 0 and written[0].exists(), out + err


def test_a_decision_makers_decision_goes_in_the_areas_meeting_folder(heard: Path, tmp_path: Path) -> None:
    """Where the panel recommends, `panel decide --decision-maker` starts the answer beside East's recommendation."""
    copy = tmp_path / "copy"
    shutil.copytree(heard, copy)
    config = (copy / "panel.yml").read_text(encoding="utf-8")
    s17 = "    name: Section 17 support package\n"
    assert s17 in config
    config = config.replace(s17, s17 + "    decides: false\n    decision_maker: head-of-service\n")
    (copy / "panel.yml").write_text(config, encoding="utf-8")
    code, out, err = run(copy, "decide", "R-0001", "--decision-maker", now="2026-12-04T09:00")
    assert code == 0, out + err
    assert (copy / "meetings/2026-12-03-east/decision-maker/R-0001.md").is_file(), out
    assert "meetings/2026-12-03-east/decision-maker/R-0001.md" in out, out
    code, out, err = run(copy, "check", now="2026-12-04T09:00")
    assert code == 0, out + err  # the template as written passes the check, in the area's folder
    code, out, err = run(copy, "status", "2026-12-03-east", "--format", "json", now="2026-12-04T09:00")
    assert json.loads(out)[0]["state"] == "recommended", out + err
