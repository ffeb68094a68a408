"""`panel check --format gitlab`: GitLab's Code Quality report, exact output and the documented shape.

The shape is GitLab's "Implement a custom tool" table (docs.gitlab.com/ci/testing/code_quality):
an array of objects with `description`, `check_name`, `fingerprint`, `severity` (info, minor, major,
critical or blocker), `location.path` and `location.lines.begin`; no byte order mark.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
from pathlib import Path

from click.testing import CliRunner
from jsonschema import Draft202012Validator

from generator.cli import main
from tests.conftest import WriteReferral

GITLAB_CODE_QUALITY = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["description", "check_name", "fingerprint", "severity", "location"],
        "properties": {
            "description": {"type": "string", "minLength": 1},
            "check_name": {"type": "string", "minLength": 1},
            "fingerprint": {"type": "string", "minLength": 1},
            "severity": {"enum": ["info", "minor", "major", "critical", "blocker"]},
            "location": {
                "type": "object",
                "required": ["path", "lines"],
                "properties": {
                    "path": {"type": "string", "minLength": 1, "not": {"pattern": "^(/|\\./)"}},
                    "lines": {
                        "type": "object",
                        "required": ["begin"],
                        "properties": {"begin": {"type": "integer", "minimum": 1}},
                    },
                },
            },
        },
    },
}


def check(root: Path, *extra: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["check", "--root", str(root), "--format", "gitlab", *extra])
    return result.exit_code, result.stdout


def test_exact_report_for_a_wrong_total(panel_root: Path, write_referral: WriteReferral) -> None:
    write_referral(replace={"  total: 4680": "  total: 4000"})
    code, out = check(panel_root)
    message = "total 4000 ≠ weekly 180 × weeks 26 = 4680"
    fingerprint = hashlib.sha256(f"submissions/R-0001.md\0cost-total\0{message}\x001".encode()).hexdigest()[:32]
    assert code == 1
    assert out == (
        "[\n"
        "  {\n"
        '    "description": "total 4000 ≠ weekly 180 × weeks 26 = 4680 (hint: set total to 4680, or correct weekly'
        ' or weeks)",\n'
        '    "check_name": "cost-total",\n'
        f'    "fingerprint": "{fingerprint}",\n'
        '    "severity": "blocker",\n'
        '    "location": {\n'
        '      "path": "submissions/R-0001.md",\n'
        '      "lines": {\n'
        '        "begin": 41\n'
        "      }\n"
        "    }\n"
        "  }\n"
        "]\n"
    )


def test_clean_repository_gives_an_empty_report(panel_root: Path, write_referral: WriteReferral) -> None:
    write_referral()
    assert check(panel_root) == (0, "[]\n")


def test_report_matches_gitlabs_documented_shape(panel_root: Path, write_referral: WriteReferral) -> None:
    """Several problems in two files, errors and a warning: every issue has GitLab's fields."""
    write_referral(replace={"  total: 4680": "  total: 4000", "  team: cin-east": "  team: cin-est"})
    write_referral(
        name="R-0002",
        replace={
            "id: R-0001": "id: R-0002",
            "  weekly: 180\n  weeks: 26\n  total: 4680": "  weekly: 30\n  weeks: 26\n  total: 780",
        },
    )
    code, out = check(panel_root)
    assert code == 1 and not out.startswith("\ufeff")
    report = json.loads(out)
    Draft202012Validator(GITLAB_CODE_QUALITY).validate(report)
    by_code = {issue["check_name"]: issue for issue in report}
    assert by_code["field-value"]["location"] == {"path": "submissions/R-0001.md", "lines": {"begin": 9}}
    assert by_code["field-value"]["description"].startswith("worker.team: 'cin-est' is not allowed here")
    warnings = [issue for issue in report if issue["location"]["path"] == "submissions/R-0002.md"]
    assert warnings and {issue["severity"] for issue in warnings} == {"minor"}
    assert len({issue["fingerprint"] for issue in report}) == len(report)


def test_strict_makes_warnings_block(panel_root: Path, write_referral: WriteReferral) -> None:
    write_referral(replace={"  weekly: 180\n  weeks: 26\n  total: 4680": "  weekly: 30\n  weeks: 26\n  total: 780"})
    code, out = check(panel_root)
    assert code == 0 and {issue["severity"] for issue in json.loads(out)} == {"minor"}
    code, out = check(panel_root, "--strict")
    assert code == 1 and {issue["severity"] for issue in json.loads(out)} == {"blocker"}


def test_fingerprints_are_stable_across_runs_and_when_the_problem_moves(
    panel_root: Path, write_referral: WriteReferral
) -> None:
    """GitLab compares fingerprints with the target branch's report: the same problem keeps its fingerprint."""
    write_referral(replace={"  total: 4680": "  total: 4000"})
    first = json.loads(check(panel_root)[1])
    assert json.loads(check(panel_root)[1]) == first
    path = panel_root / "submissions" / "R-0001.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("---\n", "---\n# a comment that moves every line down\n", 1), encoding="utf-8")
    moved = json.loads(check(panel_root)[1])
    assert moved[0]["location"]["lines"]["begin"] == first[0]["location"]["lines"]["begin"] + 1
    assert moved[0]["fingerprint"] == first[0]["fingerprint"]


def test_broken_panel_yml_is_reported_on_its_line_and_exits_two(panel_root: Path) -> None:
    config = panel_root / "panel.yml"
    config.write_text(config.read_text().replace("weekday: thursday", "weekday: thursdy"))
    code, out = check(panel_root)
    assert code == 2
    (issue,) = json.loads(out)
    assert issue["location"] == {"path": "panel.yml", "lines": {"begin": 18}} and issue["severity"] == "blocker"


def test_branch_commit_problems_keep_a_line(panel_root: Path) -> None:
    """A problem found in a commit message (approval-in-branch) still has a line GitLab accepts."""

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=panel_root, check=True, capture_output=True)

    git("init", "-q", "-b", "main")
    git("-c", "user.name=A", "-c", "user.email=a@council.example", "add", ".")
    git("-c", "user.name=A", "-c", "user.email=a@council.example", "commit", "-q", "-m", "start")
    git("checkout", "-q", "-b", "referral")
    message = "Referral\n\nApproved-by: Tom Reyes <tom.reyes@council.example>"
    git("-c", "user.name=A", "-c", "user.email=a@council.example", "commit", "-q", "--allow-empty", "-m", message)
    code, out = check(panel_root, "--base", "main", "--against", "none")
    assert code == 1
    report = json.loads(out)
    Draft202012Validator(GITLAB_CODE_QUALITY).validate(report)
    assert [issue["check_name"] for issue in report] == ["approval-in-branch"]
