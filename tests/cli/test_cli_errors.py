"""Every way a command stops: exactly what it prints, on which stream, and its exit status (0, 1 or 2).

The commands raise one `PanelError`; these pin that the text and codes are what they were when each
command printed its own errors.
"""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from tests.conftest import WriteReferral

BROKEN_PANEL_YML = (
    "panel.yml:3:1: error[yaml-syntax]: YAML syntax: did not find expected node content\n"
    "  hint: check indentation and that text containing ': ' or '#' is quoted\n"
    "panel.yml has problems; fix them first (see above).\n"
)
NO_GIT = (
    "error: <ROOT> is not in a git repository, so approvals cannot be read\n"
    "hint: run the command in a clone of the panel's repository (git clone <url>), not a copy of its files\n"
)
NO_AGENDA = (
    "meetings/2026-11-26/agenda.md:1:1: error[agenda-missing]: no agenda for 2026-11-26\n"
    "  hint: run: panel agenda 2026-11-26\n"
)
BAD_REFERRAL = "---\nid: R-0001\n---\n"
BAD_REFERRAL_ERRORS = """\
submissions/R-0001.md:2:1: error[field-missing]: missing field 'type'
  hint: What is being asked for: one of the panel's referral types.
submissions/R-0001.md:4:1: error[section-missing]: missing section '## Danger statement'
  hint: add the heading exactly as shown, with text under it
submissions/R-0001.md:4:1: error[section-missing]: missing section '## Main issues'
  hint: Only the key events that led to this referral.
submissions/R-0001.md:4:1: error[section-missing]: missing section '## Safety goals'
  hint: add the heading exactly as shown, with text under it
submissions/R-0001.md:4:1: error[section-missing]: missing section '## Services tried'
  hint: What has been tried before and why it was not enough.
submissions/R-0001.md:4:1: error[section-missing]: missing section '## The child's wishes and feelings'
  hint: add the heading exactly as shown, with text under it
submissions/R-0001.md:4:1: error[section-missing]: missing section '## Views of parents and carers'
  hint: add the heading exactly as shown, with text under it
submissions/R-0001.md:4:1: error[section-missing]: missing section '## What are we worried about?'
  hint: Past harm, future danger, complicating factors.
submissions/R-0001.md:4:1: error[section-missing]: missing section '## What is working well?'
  hint: Existing strengths and existing safety.
submissions/R-0001.md:4:1: error[section-missing]: missing section '## What needs to happen?'
  hint: add the heading exactly as shown, with text under it
submissions/R-0001.md:4:1: error[section-missing]: missing section '## What we are asking the panel for'
  hint: The recommendation or decision sought, why in-house or voluntary resources are insufficient, \
and how it links to the care plan.
"""

CASES = {
    "calendar, panel.yml broken": ("broken", ["calendar"], 2, BROKEN_PANEL_YML),
    "status, panel.yml broken": ("broken", ["status"], 2, BROKEN_PANEL_YML),
    "schema, panel.yml broken": ("broken", ["schema"], 2, BROKEN_PANEL_YML),
    "approve, panel.yml broken": ("broken", ["approve", "R-0001", "--as", "team-manager"], 2, BROKEN_PANEL_YML),
    "check, no panel.yml": (
        "empty",
        ["check"],
        2,
        "error: no panel.yml in <ROOT>\nhint: run panel commands in the panel's repository (or pass --root DIR); "
        "to start a panel for your council, run: panel init [DIR] --from STARTER "
        "(one of: bexley, city-rap, complex-care, dudley, legal-gateway, rochdale, south-gloucestershire)\n",
    ),
    "agenda, no meeting that day": (
        "valid",
        ["agenda", "2026-11-23"],
        2,
        "error: the panel does not meet on 2026-11-23; the next open meeting is 2026-11-26\n",
    ),
    "agenda --supplementary, no agenda": (
        "valid",
        ["agenda", "2026-11-26", "--supplementary"],
        1,
        NO_AGENDA + "error: --supplementary adds to an existing agenda; run: panel agenda 2026-11-26\n",
    ),
    "agenda, not a git clone": ("valid", ["agenda", "2026-11-26"], 2, NO_GIT),
    "status, not a git clone": ("valid", ["status"], 2, NO_GIT),
    "export, not a git clone": ("valid", ["export", "decisions"], 2, NO_GIT),
    "export, referral failing the check": (
        "bad",
        ["export", "decisions"],
        1,
        BAD_REFERRAL_ERRORS + "11 error(s): fix them (panel check) before exporting registers.\n",
    ),
    "build, referral failing the check": (
        "bad",
        ["build"],
        1,
        BAD_REFERRAL_ERRORS + "the site was not built: fix the problems above (panel check)\n",
    ),
    "pack, not a date": (
        "valid",
        ["pack", "26/11/2026"],
        2,
        "error: MEETING must be a date like 2026-11-26, not '26/11/2026'\n",
    ),
    "pack --item with --circulate": (
        "valid",
        ["pack", "2026-11-26", "--item", "R-0001", "--circulate"],
        2,
        "error: --item builds single referrals; it cannot be combined with --circulate or --rebuild\n",
    ),
    "pack, no agenda": (
        "valid",
        ["pack", "2026-11-26"],
        1,
        NO_AGENDA + "the pack was not built; fix the problems above\n",
    ),
    "new, --started not a date": (
        "valid",
        ["new", "referral", "--type", "s17-support", "--started", "2026-02-30"],
        2,
        "error: --started '2026-02-30' is not a real date or date and time; "
        "write YYYY-MM-DD or YYYY-MM-DDTHH:MM (24-hour, UK time)\n",
    ),
    "new, unknown type": (
        "valid",
        ["new", "referral", "--type", "s17-suport"],
        2,
        "error: unknown referral type 's17-suport'; did you mean \"s17-support\"?\n",
    ),
    "decide, no such referral": (
        "valid",
        ["decide", "R-0099"],
        2,
        "error: no referral R-0099: submissions/R-0099.md does not exist\n",
    ),
    "meeting, no meeting that day": (
        "valid",
        ["meeting", "2026-11-23"],
        2,
        "error: the panel does not meet on 2026-11-23; run: panel calendar\n",
    ),
    "renumber, no such referral": (
        "valid",
        ["renumber", "R-0099"],
        2,
        "error: no referral R-0099: submissions/R-0099.md does not exist\n",
    ),
    "approve, not a git clone": (
        "valid",
        ["approve", "R-0001", "--as", "team-manager"],
        1,
        "error: <ROOT> is not a git repository\nhint: run it in a clone of the panel\n",
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_each_error_path_prints_exactly_this_on_stderr(
    case: str, panel_root: Path, write_referral: WriteReferral
) -> None:
    """Nothing on stdout, the exact diagnostics and lines on stderr, and the documented exit status."""
    kind, args, code, expected = CASES[case]
    if kind == "broken":
        (panel_root / "panel.yml").write_text("panel:\n  name: [\n", encoding="utf-8")
    elif kind == "empty":
        (panel_root / "panel.yml").unlink()
    elif kind == "bad":
        write_referral(BAD_REFERRAL)
    else:
        write_referral()
    result = CliRunner().invoke(main, [*args, "--root", str(panel_root)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert (result.exit_code, result.stdout, result.stderr.replace(str(panel_root), "<ROOT>")) == (code, "", expected)


def test_export_lists_twenty_errors_and_counts_them_all(panel_root: Path, write_referral: WriteReferral) -> None:
    """Three failing referrals have 33 errors: the first 20 are shown, the count names all 33."""
    for name in ("R-0001", "R-0002", "R-0003"):
        write_referral(BAD_REFERRAL.replace("R-0001", name), name=name)
    result = CliRunner().invoke(main, ["export", "decisions", "--root", str(panel_root)])
    lines = result.stderr.splitlines()
    assert result.exit_code == 1 and result.stdout == ""
    assert sum(1 for line in lines if ": error[" in line) == 20
    assert lines[-1] == "33 error(s): fix them (panel check) before exporting registers."


def test_a_fault_of_the_machine_is_one_line_and_exit_two(panel_root: Path, write_referral: WriteReferral) -> None:
    """A folder that cannot be written (here: --output names a file's child) is one `error:` line, exit 2."""
    write_referral()
    (panel_root / "plain").write_text("a file\n", encoding="utf-8")
    result = CliRunner().invoke(
        main, ["schema", "--output", str(panel_root / "plain" / "x"), "--root", str(panel_root)]
    )
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1, result.stderr


def on_a_terminal(*args: str) -> tuple[int, str, bytes]:
    """Run `panel ARGS` with stderr on a real pseudo-terminal: exit status, stdout, and what the terminal showed.

    The progress display appears at once rather than after a second, so a quick command shows it too.
    """
    program = (
        "import sys, generator.cli.progress as p; p.SHOW_AFTER_SECONDS = 0; from generator.cli import main; "
        "main(sys.argv[1:])"
    )
    leader, follower = pty.openpty()
    env = {**os.environ, "COLUMNS": "100", "TERM": "xterm"}
    process = subprocess.Popen([sys.executable, "-c", program, *args], stdout=subprocess.PIPE, stderr=follower, env=env)
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        shown += chunk
    stdout, _ = process.communicate(timeout=300)
    os.close(leader)
    return process.returncode, stdout.decode(), shown


def test_build_shows_its_progress_on_a_terminal_and_nothing_elsewhere(
    panel_root: Path, write_referral: WriteReferral
) -> None:
    """On a terminal stderr, `panel build` names its stages as it goes; piped, stderr stays empty."""
    write_referral()
    piped = CliRunner().invoke(main, ["build", "--root", str(panel_root)])
    assert piped.exit_code == 0 and piped.stderr == "" and piped.stdout.startswith("built ")
    code, stdout, shown = on_a_terminal("build", "--root", str(panel_root), "--full")
    assert code == 0
    assert stdout.startswith("built ") and "\x1b" not in stdout, "stdout carries no progress"
    assert b"reading referrals" in shown and b"MkDocs: building" in shown, shown


def test_check_shows_its_progress_on_a_terminal_and_its_report_unchanged(
    panel_root: Path, write_referral: WriteReferral
) -> None:
    """`panel check` counts the referrals it reads on a terminal; its report on stdout is the same as piped."""
    for name in ("R-0001", "R-0002", "R-0003"):
        write_referral(name=name, replace={"R-0001": name})
    piped = CliRunner().invoke(main, ["check", "--root", str(panel_root)])
    code, stdout, shown = on_a_terminal("check", "--root", str(panel_root))
    assert (code, stdout) == (piped.exit_code, piped.stdout) and piped.stderr == ""
    assert b"reading referrals" in shown and b"3/3" in shown, shown
