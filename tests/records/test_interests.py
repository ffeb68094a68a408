"""The register of interests (interests.yml) through `panel check`: its errors, and the declarations it makes due."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from generator.cli import main
from tests.records_helpers import make_panel, write

NOW = {"PANEL_NOW": "2026-12-20T10:00"}
REGISTER = """\
interests:
  - member: Owen Marsh
    organisation: oakfield family support  (Voluntary Sector)
    nature: his partner is a trustee
    from: 2026-01-01
  - member: Grace Adeyemi
    person: Kerry Thornbury
    nature: a neighbour
    from: 2025-01-01
    to: 2026-06-30
"""


def check(root: Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["check", "--root", str(root)], env=NOW)
    return result.exit_code, result.output


def meeting(declarations: str) -> str:
    return (
        "---\nmeeting: 2026-12-03\nchair: Dana Whitfield\n"
        "present: [Dana Whitfield, Owen Marsh, Grace Adeyemi]\n"
        f"declarations: {declarations}\n---\n"
    )


def test_a_registered_interest_in_an_item_must_be_declared_at_the_meeting(tmp_path: Path) -> None:
    root = make_panel(tmp_path / "panel")
    write(root, "interests.yml", REGISTER)
    code, out = check(root)
    # R-0001 names Oakfield as its provider (however it is spelt); Owen was present and declared nothing.
    assert code == 1
    assert "meetings/2026-12-03/meeting.md:5:15: error[interest-undeclared]: Owen Marsh was present" in out, out
    assert "organisation oakfield family support  (Voluntary Sector) (its provider): his partner is a trustee" in out
    # Grace's interest in the mother had ended before the meeting: nothing is due from her.
    assert "Grace Adeyemi" not in out
    write(root, "meetings/2026-12-03/meeting.md", meeting("[{member: Owen Marsh, item: R-0001, nature: trustee}]"))
    code, out = check(root)
    assert code == 0, out
    # A member who was not there has nothing to declare.
    text = meeting("[]").replace("Owen Marsh, Grace Adeyemi", "Grace Adeyemi, Ruth Bell")
    write(root, "meetings/2026-12-03/meeting.md", text)
    assert check(root)[0] == 0


def test_the_register_is_checked_like_any_record(tmp_path: Path) -> None:
    root = make_panel(tmp_path / "panel")
    bad = """\
interests:
  - {member: Owen Marsh, organisation: Oakfield, person: Kerry Thornbury, nature: both, from: 2026-01-01}
  - {member: Nobody Known, person: Kerry Thornbury, nature: x, from: 2026-01-01}
  - {member: Ruth Bell, person: Kerry Thornbury, nature: x, from: 2026-02-30}
  - {member: Ruth Bell, person: Kerry Thornbury, nature: x, from: 2026-01-01, size: 1e400}
"""
    write(root, "interests.yml", bad)
    code, out = check(root)
    assert code == 1
    assert "interests.yml:2:5: error[interest-party]: interests[0]: the interest gives both" in out
    assert "interests.yml:3:14: error[field-value]: interests[1].member: 'Nobody Known'" in out
    assert "interests.yml:4:67: error[date-invalid]" in out
    assert "interests.yml:5:79: error[field-unknown]: unknown field 'interests[3].size'" in out
    write(
        root,
        "interests.yml",
        "interests:\n  - {member: Ruth Bell, person: A, nature: x, from: 2026-05-01, to: 2026-01-01}\n",
    )
    code, out = check(root)
    assert code == 1 and "interests.yml:2:69: error[date-order]" in out and "ends (2026-01-01) before it begins" in out
    write(root, "interests.yml", "interests: &a [*a]\n")
    assert check(root)[0] == 1
    (root / "interests.yml").unlink()
    (root / "interests.yml").symlink_to(root / "panel.yml")
    code, out = check(root)
    assert code == 1 and "interests.yml:1:1: error[file-symlink]" in out, out
