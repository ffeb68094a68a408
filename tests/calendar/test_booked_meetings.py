"""Meetings booked per case or on a rota, no deadline, no sign-off chain (issue 14, capability 10).

One repository, built once for the module: a per-case panel with a rota and neither deadline nor sign-off chain,
taken through `panel book`, `new referral`, `check`, `status`, `calendar` (text, JSON, feed), `agenda`, `pack`,
`build` and `cms`.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from panelfixtures import PANEL_YML
from panelfixtures.gitrun import isolate_git
from panelfixtures.panelgit import PanelGit
from panelfixtures.people import WORKER

pytestmark = pytest.mark.slow
NOW = "2026-11-22T10:00"
ROTA = """  cadence: {every: per-case}
  rota:
    - {name: East, weekday: tuesday, weeks: [1, 3]}
    - {name: Extra sitting, dates: [2026-12-22]}
"""


def panel_yml(cadence: str = ROTA, deadline: str = "", chain: str = "[]") -> str:
    """The fixture panel.yml with another cadence, deadline and sign-off chain."""
    text = PANEL_YML.read_text(encoding="utf-8")
    for old, new in (
        ("  cadence: {every: week, weekday: thursday}\n", cadence),
        ('  deadline: {working_days_before: 3, time: "17:00"}\n', deadline),
        ("  cancelled: [2026-12-24, 2026-12-31]\n  extra: [2026-12-29]\n", ""),
        ("  chain: [team-manager, service-manager]", f"  chain: {chain}"),
    ):
        assert old in text
        text = text.replace(old, new)
    return text


def run(root: Path, *args: str, code: int = 0) -> str:
    result = CliRunner().invoke(main, [*args, "--root", str(root)], env={"PANEL_NOW": NOW})
    assert result.exit_code == code, result.output
    return result.output


@pytest.fixture(scope="module")
def booked(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PanelGit]:
    """Booked on Thursday 3 December; R-0001 for it merged with no approval at all; the agenda and site built."""
    with pytest.MonkeyPatch.context() as patch:
        isolate_git(patch, tmp_path_factory.mktemp("home"))
        root = tmp_path_factory.mktemp("booked") / "panel"
        root.mkdir()
        repo = PanelGit(root)
        repo.commit({"panel.yml": panel_yml()}, "Terms of reference", "2026-11-16 09:00")
        repo.booking_output = run(root, "book", "2026-12-03")  # type: ignore[attr-defined]
        repo.git("add", "-A")
        repo.commit({}, "Book 3 December", "2026-11-16 09:30")
        repo.merge(repo.submit("R-0001", "2026-11-20 10:00"), "2026-11-20 11:00", [])
        yield repo
        repo.repo.close()


def test_book_writes_the_meeting_folder_and_says_there_is_no_deadline(booked: PanelGit) -> None:
    out = booked.booking_output  # type: ignore[attr-defined]
    assert "wrote meetings/2026-12-03/README.md: a meeting on Thursday 3 December 2026" in out
    assert "no deadline: a referral may be heard at any meeting" in out
    assert "meetings/2026-12-03/README.md" in booked.git("ls-files")
    again = run(booked.root, "book", "2026-12-03", code=1)
    assert "already booked" in again
    weekend = run(booked.root, "book", "2026-12-05", code=2)
    assert "not a working day" in weekend
    past = run(booked.root, "book", "2026-11-02", code=2)
    assert "in the past" in past


def test_calendar_lists_booked_and_rota_meetings_without_a_deadline(booked: PanelGit) -> None:
    text = run(booked.root, "calendar", "--count", "4")
    assert "Tue 01 Dec 2026 14:00-17:00  (East)  no deadline: a referral may be heard at any meeting" in text
    assert "Thu 03 Dec 2026 14:00-17:00  (booked)  no deadline" in text
    assert "Tue 15 Dec 2026 14:00-17:00  (East)" in text
    assert "Tue 22 Dec 2026 14:00-17:00  (Extra sitting)" in text
    rows = json.loads(run(booked.root, "calendar", "--format", "json", "--count", "4"))
    assert [(r["date"], r["rota"], r["booked"], r["deadline"]) for r in rows] == [
        ("2026-12-01", "East", False, None),
        ("2026-12-03", None, True, None),
        ("2026-12-15", "East", False, None),
        ("2026-12-22", "Extra sitting", False, None),
    ]
    feed = run(booked.root, "calendar", "--ics").replace("\r\n ", "")
    assert "SUMMARY:RCP meeting (East)" in feed
    assert "UID:meeting-2026-12-03@" in feed
    assert "UID:deadline-" not in feed
    assert "No deadline: a referral may be heard at any meeting." in feed.replace("\\n", "\n")


def test_new_referral_names_the_next_meeting_and_no_deadline(booked: PanelGit, tmp_path: Path) -> None:
    root = tmp_path / "copy"
    shutil.copytree(booked.root, root, ignore=shutil.ignore_patterns(".git"))
    out = run(root, "new", "referral", "--type", "placement")
    assert "for the meeting on Tuesday 01 December 2026 (East); no deadline: a referral may be heard" in out
    text = (root / "submissions" / "R-0002.md").read_text(encoding="utf-8")
    assert "# No deadline: a referral may be heard at any meeting.\n" in text
    assert "meeting: 2026-12-01\n" in text


def test_status_says_no_sign_off_needed_and_the_referral_is_ready(booked: PanelGit) -> None:
    out = run(booked.root, "status")
    assert "R-0001" in out and "ready" in out and "no sign-off needed" in out
    data = json.loads(run(booked.root, "status", "--format", "json"))
    assert data[0]["state"] == "ready"
    assert data[0]["sign_off_needed"] is False and data[0]["deadline"] is None


def test_check_agenda_pack_and_site_work(booked: PanelGit) -> None:
    run(booked.root, "check")
    out = run(booked.root, "agenda", "2026-12-03")
    assert "R-0001" in (booked.root / "meetings/2026-12-03/agenda.md").read_text(encoding="utf-8"), out
    booked.git("add", "-A")
    booked.commit({}, "Agenda", "2026-11-21 09:00", author=WORKER)
    run(booked.root, "pack", "2026-12-03", "--format", "pdf")
    assert (booked.root / "build/packs/2026-12-03/pack-v1.pdf").is_file()
    run(booked.root, "build")
    site = booked.root / "site"
    calendar = (site / "calendar.html").read_text(encoding="utf-8")
    assert "Meetings are booked per case" in calendar
    assert "No deadline: a referral may be heard at any meeting." in calendar
    assert "(East)" in calendar and "Thursday 3 December 2026 (booked)" in calendar
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "No deadline: a referral may be heard at any meeting." in home
    assert "Rota: East." in home
    page = (site / "referrals" / "R-0001.html").read_text(encoding="utf-8")
    assert "no sign-off needed: ready once submitted" in page


def test_a_meeting_not_booked_is_an_error_naming_panel_book(booked: PanelGit, tmp_path: Path) -> None:
    root = tmp_path / "copy"
    shutil.copytree(booked.root, root, ignore=shutil.ignore_patterns(".git", "build"))
    text = (root / "submissions/R-0001.md").read_text(encoding="utf-8")
    (root / "submissions/R-0001.md").write_text(text.replace("meeting: 2026-12-03", "meeting: 2026-12-10"), "utf-8")
    out = run(root, "check", code=1)
    assert "error[meeting-unknown]: the panel does not meet on Thursday 10 December 2026 (no meeting is booked" in out
    assert "book this one with `panel book 2026-12-10`" in out


def test_a_meeting_booked_by_hand_on_a_closed_day_is_a_warning(booked: PanelGit, tmp_path: Path) -> None:
    """`panel book` refuses a bank holiday or a weekend; a folder made by hand there is named."""
    root = tmp_path / "copy"
    shutil.copytree(booked.root, root, ignore=shutil.ignore_patterns(".git", "build"))
    for day in ("2026-12-25", "2026-12-12"):
        (root / "meetings" / day).mkdir()
        (root / "meetings" / day / "README.md").write_text("Booked by hand.\n", encoding="utf-8")
    out = run(root, "check", "--strict", code=1)
    assert (
        "meetings/2026-12-25:1:1: warning[booking-closed]: a meeting is booked on Friday 25 December 2026, but it is "
        "not a working day (Christmas Day); panel book refuses such a day" in out
    ), out
    assert "booked on Saturday 12 December 2026, but it is not a working day (a Saturday)" in out
    assert "panel book YYYY-MM-DD" in out and out.count("booking-closed") == 2


@pytest.mark.parametrize(
    ("cadence", "message"),
    [
        ("  cadence: {every: week}\n", "a panel meeting every week needs the weekday it meets on"),
        ("  cadence: {every: per-case, weekday: tuesday}\n", "meetings booked per case have no regular pattern"),
        (
            "  cadence: {every: per-case}\n  rota:\n    - {name: East, weekday: tuesday}\n"
            "    - {name: West, weekday: tuesday, weeks: [2]}\n",
            "calendar.rota: 'West' and 'East' both meet on some Tuesdays",
        ),
        (
            "  cadence: {every: per-case}\n  rota:\n    - {name: East, weekday: tuesday, weeks: [-1]}\n"
            "    - {name: West, dates: [2026-12-29]}\n",
            "calendar.rota: 'West' and 'East' both meet on 2026-12-29",
        ),
        ("  rota:\n    - {name: East, dates: [2026-12-01], weeks: [1]}\n", "weeks"),
    ],
)
def test_check_explains_a_misconfigured_cadence_or_rota_at_its_line(tmp_path: Path, cadence: str, message: str) -> None:
    (tmp_path / "panel.yml").write_text(panel_yml(cadence=cadence), encoding="utf-8")
    out = run(tmp_path, "check", code=2)
    # The calendar section is lines 17-22 of the fixture: the error points into it, not at the file's top.
    assert re.search(r"^panel\.yml:(1[89]|2[0-2]):[0-9]+: error", out, re.MULTILINE) and message in out, out


def test_no_cadence_at_all_is_per_case_and_the_old_form_still_works(tmp_path: Path) -> None:
    (tmp_path / "panel.yml").write_text(panel_yml(cadence=""), encoding="utf-8")
    out = run(tmp_path, "calendar")
    assert "no meeting is booked: meetings are booked per case; book one with: panel book YYYY-MM-DD" in out
    (tmp_path / "submissions").mkdir()
    out = run(tmp_path, "new", "referral", "--type", "placement", code=2)
    assert "no meeting is booked: meetings are booked per case; book one with: panel book YYYY-MM-DD" in out
    regular = panel_yml(cadence="  cadence: {every: week, weekday: thursday}\n", chain="[team-manager]")
    (tmp_path / "panel.yml").write_text(regular, encoding="utf-8")
    assert "Thu 26 Nov 2026 14:00-17:00  no deadline" in run(tmp_path, "calendar")
    refused = run(tmp_path, "book", "2026-12-01", code=2)
    assert "meets on its cadence" in refused and "calendar.extra" in refused


def test_the_browser_editor_offers_booked_and_rota_meetings(booked: PanelGit, tmp_path: Path) -> None:
    root = tmp_path / "copy"
    shutil.copytree(booked.root, root, ignore=shutil.ignore_patterns(".git", "build", "site"))
    with (root / "panel.yml").open("a", encoding="utf-8") as config:
        config.write("cms: {backend: github, repo: council/panel}\n")
    run(root, "cms", "--output", str(tmp_path / "admin"))
    text = " ".join((tmp_path / "admin" / "config.yml").read_text(encoding="utf-8").split())
    assert "Next meetings: 2026-12-01 (East); 2026-12-03; 2026-12-15 (East); 2026-12-22 (Extra sitting);" in text
    assert "(no deadline: a referral may be heard at any meeting)" in text
