"""`panel check`, `panel schema` and `panel new referral`: exact output and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from jsonschema import Draft202012Validator

from generator.cli import main
from generator.io.sources import read_markdown
from tests.conftest import TODAY, WriteReferral


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_clean_repository_exits_zero(panel_root: Path, write_referral: WriteReferral) -> None:
    write_referral()
    assert run("check", "--root", str(panel_root)) == (0, "checked 2 file(s): no problems\n", "")


def test_problems_exit_one_with_exact_text(panel_root: Path, write_referral: WriteReferral) -> None:
    write_referral(replace={"  total: 4680": "  total: 4000"})
    code, out, _ = run("check", "--root", str(panel_root))
    assert code == 1
    assert out == (
        "submissions/R-0001.md:41:10: error[cost-total]: total 4000 ≠ weekly 180 × weeks 26 = 4680\n"
        "  hint: set total to 4680, or correct weekly or weeks\n"
        "checked 2 file(s): 1 error(s), 0 warning(s) in 1 file(s)\n"
    )


def test_warnings_pass_unless_strict(panel_root: Path, write_referral: WriteReferral) -> None:
    write_referral(replace={"  weekly: 180\n  weeks: 26\n  total: 4680": "  weekly: 30\n  weeks: 26\n  total: 780"})
    assert run("check", "--root", str(panel_root))[0] == 0
    code, out, _ = run("check", "--root", str(panel_root), "--strict")
    assert code == 1 and out.endswith("(--strict: warnings fail)\n")


def test_json_format(panel_root: Path, write_referral: WriteReferral) -> None:
    write_referral(replace={"  team: cin-east": "  team: cin-est"})
    code, out, _ = run("check", "--root", str(panel_root), "--format", "json")
    report = json.loads(out)
    assert code == 1
    assert report["errors"] == 1 and report["warnings"] == 0 and report["checked"] == 2
    assert report["diagnostics"] == [
        {
            "path": "submissions/R-0001.md",
            "line": 9,
            "column": 9,
            "severity": "error",
            "code": "field-value",
            "message": "worker.team: 'cin-est' is not allowed here",
            "hint": 'did you mean "cin-west"?',
        }
    ]


def test_github_annotations(panel_root: Path, write_referral: WriteReferral) -> None:
    write_referral(replace={"  total: 4680": "  total: 4000"})
    code, out, _ = run("check", "--root", str(panel_root), "--format", "github")
    assert code == 1
    assert out == (
        "::error file=submissions/R-0001.md,line=41,col=10,title=cost-total::total 4000 ≠ weekly 180 × weeks 26"
        " = 4680 (hint: set total to 4680, or correct weekly or weeks)\n"
    )


def test_no_panel_yml_exits_two(tmp_path: Path) -> None:
    code, out, err = run("check", "--root", str(tmp_path))
    assert code == 2 and out == "" and "no panel.yml" in err


def test_broken_panel_yml_exits_two_and_names_its_line(panel_root: Path) -> None:
    config = panel_root / "panel.yml"
    config.write_text(config.read_text().replace("weekday: thursday", "weekday: thursdy"))
    code, out, _ = run("check", "--root", str(panel_root))
    assert code == 2
    assert out.startswith(
        "panel.yml:18:35: error[field-value]: calendar.cadence.weekday: 'thursdy' is not allowed here\n"
    )


def test_unknown_option_exits_two(panel_root: Path) -> None:
    assert run("check", "--root", str(panel_root), "--format", "xml")[0] == 2


def test_parallel_and_serial_give_the_same_report(panel_root: Path, write_referral: WriteReferral) -> None:
    """Reading with a process pool reports exactly what reading in one process does."""
    for number in range(2, 420):
        write_referral(
            name=f"R-{number:04d}", replace={"id: R-0001": f"id: R-{number:04d}", "  total: 4680": "  total: 1"}
        )
    serial = run("check", "--root", str(panel_root), "--jobs", "1")
    parallel = run("check", "--root", str(panel_root), "--jobs", "2")
    assert serial == parallel and serial[0] == 1
    assert serial[1].count("error[cost-total]") == 418


def test_schema_command_writes_schemas_that_validate_the_examples(
    panel_root: Path, write_referral: WriteReferral
) -> None:
    path = write_referral()
    code, out, _ = run("schema", "--root", str(panel_root))
    assert code == 0
    assert (
        out
        == f"wrote {panel_root.as_posix()}/schemas/referral.schema.json\nwrote {panel_root.as_posix()}/schemas/panel.schema.json\n"
    )
    schema = json.loads((panel_root / "schemas" / "referral.schema.json").read_text())
    Draft202012Validator.check_schema(schema)
    source_file, _ = read_markdown(path, "R-0001.md")
    assert source_file is not None
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    assert list(validator.iter_errors(source_file.data)) == []
    assert schema["properties"]["worker"]["properties"]["team"]["enum"][:2] == ["assessment", "cin-east"]


def test_new_referral_fills_next_meeting_and_deadline(panel_root: Path, write_referral: WriteReferral) -> None:
    write_referral()
    code, out, _ = run("new", "referral", "--type", "s17-support", "--root", str(panel_root))
    assert code == 0
    assert out == (
        "wrote submissions/R-0002.md (Section 17 support package) for the meeting on Thursday 26 November 2026;"
        " signed off by Monday 23 November 2026 17:00\n"
        "fill in every field and section, then run: panel check\n"
    )
    text = (panel_root / "submissions" / "R-0002.md").read_text()
    assert "id: R-0002\ntype: s17-support\n" in text and "meeting: 2026-11-26\n" in text
    assert f"submitted: {TODAY.isoformat()}" in text and "## Danger statement" in text
    code, out, _ = run("check", "--root", str(panel_root))
    assert code == 1
    assert "submissions/R-0002.md:11:8: error[field-type]: worker.name: no value given; expected text" in out
    assert "error[section-empty]: section 'Main issues' is empty" in out


def test_new_referral_unknown_type_suggests(panel_root: Path) -> None:
    code, _, err = run("new", "referral", "--type", "s17", "--root", str(panel_root))
    assert code == 2 and "unknown referral type 's17'" in err


def test_help_lists_every_command() -> None:
    code, out, _ = run("--help")
    assert code == 0
    for command in ("check", "new", "schema"):
        assert f"  {command} " in out


def test_python_dash_m_generator_runs_the_same_command(panel_root: Path, write_referral: WriteReferral) -> None:
    """`python -m generator` is the `panel` command."""
    import subprocess
    import sys

    write_referral()
    result = subprocess.run(
        [sys.executable, "-m", "generator", "check", "--root", str(panel_root)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (result.returncode, result.stdout) == (0, "checked 2 file(s): no problems\n")
