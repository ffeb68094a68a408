"""`panel check` validates every meetings/<date>/agenda.md like any other record: its schema, with located
errors, and every reference in it (referrals, types, case ids, decisions revisited)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from tests.records_helpers import make_panel, write

ENV = {"PANEL_NOW": "2026-12-04T10:00"}
AGENDA = """\
---
meeting: '2026-12-03'
start: '14:00'
end: '17:00'
generated: 'yesterday'
items:
- number: 1
  kind: declarations
  title: Declarations of interest
  start: '14:00'
  minutes: 5
- number: 2
  kind: new
  title: A path instead of an id
  start: '14:05'
  minutes: 15
  referral: ../../etc/passwd
- number: 3
  kind: new
  title: An id nobody submitted
  start: '14:20'
  minutes: 15
  referral: R-9999
  type: no-such-type
  case_ids: [LCS-204117, LCS-000000, "<b>x</b>"]
- number: 4
  kind: spectacle
  title: A kind from no list
  start: '25:00'
  minutes: 15
  referral: /etc/passwd
- number: 5
  kind: review
  title: Revisiting a decision that is not there
  start: '14:50'
  minutes: 15
  referral: R-0001
  review_of: meetings/2026-11-19/decisions/R-0001.md
- number: 6
  kind: review
  title: Revisiting with a path out of the repository
  start: '15:05'
  minutes: 15
  referral: R-0001
  review_of: ../../../../etc/*
late:
- number: 7
  kind: late
  title: Late and unknown
  start: '15:20'
  minutes: 15
  referral: R-0404
---
"""
EXPECTED = [
    "meetings/2026-12-03/agenda.md:5:12: error[field-format]: generated",
    "meetings/2026-12-03/agenda.md:17:13: error[field-format]: items[1].referral: '../../etc/passwd'",
    "meetings/2026-12-03/agenda.md:23:13: error[agenda-referral]: items[2].referral: no referral R-9999",
    "meetings/2026-12-03/agenda.md:24:9: error[agenda-type]: items[2].type: no-such-type",
    "meetings/2026-12-03/agenda.md:25:26: error[agenda-case]: items[2].case_ids[1]: no child with case id LCS-000000",
    "meetings/2026-12-03/agenda.md:25:38: error[field-format]: items[2].case_ids[2]",
    "meetings/2026-12-03/agenda.md:27:9: error[field-value]: items[3].kind: 'spectacle'",
    "meetings/2026-12-03/agenda.md:29:10: error[field-format]: items[3].start: '25:00'",
    "meetings/2026-12-03/agenda.md:31:13: error[field-format]: items[3].referral: '/etc/passwd'",
    "meetings/2026-12-03/agenda.md:38:14: error[agenda-review-of]: items[4].review_of: no decision "
    "meetings/2026-11-19/decisions/R-0001.md",
    "meetings/2026-12-03/agenda.md:45:14: error[field-format]: items[5].review_of: '../../../../etc/*'",
    "meetings/2026-12-03/agenda.md:52:13: error[agenda-referral]: late[0].referral: no referral R-0404",
]


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    root = make_panel(tmp_path / "panel", ("R-0001",))
    write(root, "meetings/2026-12-03/agenda.md", AGENDA)
    return root


def test_check_reports_every_agenda_problem_with_its_place(broken: Path) -> None:
    result = CliRunner().invoke(main, ["check", "--root", str(broken)], env=ENV)
    assert result.exit_code == 1
    for expected in EXPECTED:
        assert expected in result.output, f"{expected}\n---\n{result.output}"
    assert result.output.count("agenda.md:") == len(EXPECTED), result.output


def test_an_agenda_in_the_wrong_folder_is_reported(tmp_path: Path) -> None:
    root = make_panel(tmp_path / "panel", ("R-0001",))
    text = (root / "meetings/2026-12-03/agenda.md").read_text(encoding="utf-8")
    write(root, "meetings/2026-12-10/agenda.md", text)
    result = CliRunner().invoke(main, ["check", "--root", str(root)], env=ENV)
    assert result.exit_code == 1
    assert "meetings/2026-12-10/agenda.md:2:10: error[agenda-meeting]: meeting: 2026-12-03 is not the date" in (
        result.output
    )


def test_build_and_pack_refuse_a_broken_agenda(broken: Path) -> None:
    built = CliRunner().invoke(main, ["build", "--root", str(broken)], env=ENV)
    assert built.exit_code == 1 and "agenda.md:17:13" in built.output and "the site was not built" in built.output
    assert not (broken / "site").exists()
    packed = CliRunner().invoke(main, ["pack", "2026-12-03", "--root", str(broken)], env=ENV)
    assert packed.exit_code == 1 and "agenda.md:17:13" in packed.output
    assert not (broken / "build" / "packs").exists()


def test_agendas_as_the_agenda_writer_stores_them_pass_the_check(tmp_path: Path) -> None:
    root = make_panel(tmp_path / "panel", ("R-0001", "R-0002"))
    result = CliRunner().invoke(main, ["check", "--root", str(root)], env=ENV)
    assert result.exit_code == 0, result.output
