"""`panel check FILE...`: the full check's findings for just those files, and the pre-commit hook that runs it."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from generator.cli import main
from panelfixtures import REPO
from tests.conftest import WriteReferral


def report(root: Path, *args: str) -> tuple[int, dict[str, Any]]:
    result = CliRunner().invoke(main, ["check", "--root", str(root), "--format", "json", "--against", "none", *args])
    return result.exit_code, json.loads(result.stdout) if result.stdout.startswith("{") else {}


@pytest.fixture
def three(panel_root: Path, write_referral: WriteReferral) -> Path:
    """R-0001 names an unknown team; R-0002 has a wrong total; R-0003 claims R-0002's id."""
    write_referral(replace={"team: cin-east": "team: cin-wast"})
    write_referral(name="R-0002", replace={"id: R-0001": "id: R-0002", "  total: 4680": "  total: 4000"})
    write_referral(name="R-0003", replace={"id: R-0001": "id: R-0002", "LCS-204117": "LCS-204119"})
    return panel_root


def test_only_the_named_files_are_reported_as_the_full_check_finds_them(three: Path) -> None:
    code, full = report(three, "--no-cache")
    assert code == 1
    everything = full["diagnostics"]
    assert isinstance(everything, list) and {d["path"] for d in everything} >= {
        "submissions/R-0001.md",
        "submissions/R-0002.md",
        "submissions/R-0003.md",
    }
    for names in (["R-0003.md"], ["R-0001.md"], ["R-0002.md", "R-0003.md"]):
        code, part = report(three, *[str(three / "submissions" / n) for n in names])
        chosen = {f"submissions/{n}" for n in names}
        assert part["diagnostics"] == [d for d in everything if d["path"] in chosen]
        assert part["checked"] == len(names)
        assert code == (1 if part["diagnostics"] else 0)
    # The duplicate id is a rule across files: named alone, R-0003 still gets it.
    _, alone = report(three, str(three / "submissions" / "R-0003.md"))
    assert "id-duplicate" in json.dumps(alone)


def test_paths_relative_to_the_working_folder(three: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(three)
    _, part = report(three, "submissions/R-0002.md")
    assert {d["path"] for d in part["diagnostics"]} == {"submissions/R-0002.md"}


def test_naming_panel_yml_checks_everything(three: Path) -> None:
    assert report(three, str(three / "panel.yml")) == report(three)


def test_a_file_outside_the_repository_or_missing_is_a_usage_error(
    three: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    outside = tmp_path_factory.mktemp("elsewhere") / "x.md"
    outside.write_text("x", encoding="utf-8")
    for path in (outside, three / "submissions" / "R-0009.md"):
        result = CliRunner().invoke(main, ["check", "--root", str(three), str(path)])
        assert result.exit_code == 2 and "error:" in result.stderr


def test_the_pre_commit_hook_runs_panel_check_on_the_records(three: Path) -> None:
    [hook] = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "panel-check" and hook["pass_filenames"] is True

    pattern = re.compile(hook["files"])
    assert pattern.search("submissions/R-0002.md") and pattern.search("panel.yml")
    assert not pattern.search("README.md") and not pattern.search("build/site/index.md")
    program, *args = shlex.split(hook["entry"])
    assert program == "panel"
    result = CliRunner().invoke(main, [*args, "--root", str(three), str(three / "submissions" / "R-0002.md")])
    assert result.exit_code == 1 and "R-0002.md:41:10: error[cost-total]" in result.output
    assert "R-0001" not in result.output
