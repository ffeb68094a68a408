"""The GitHub merge workflow: who may /merge, and which reviews count (issue 8 item 17).

GitHub itself cannot run here: the workflow's decisions live in generator/forge/github.py and
are tested below, and the workflow file is checked to call them, in order, on the head commit.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from generator.commands.config import load_config
from generator.forge.github import approving_logins, main, may_merge, trailer_lines
from panelfixtures import PANEL_YML, REPO

ROOT = REPO
HEAD = "b" * 40
OLD = "a" * 40


def review(login: str, state: str, commit: str = HEAD) -> dict[str, Any]:
    return {"user": {"login": login}, "state": state, "commit_id": commit}


@pytest.mark.parametrize(
    ("permission", "allowed"),
    [
        ({"permission": "admin", "role_name": "admin"}, True),
        ({"permission": "write", "role_name": "maintain"}, True),
        ({"permission": "write", "role_name": "write"}, True),
        ({"permission": "read", "role_name": "triage"}, False),
        ({"permission": "read", "role_name": "read"}, False),
        ({"permission": "none", "role_name": "none"}, False),
        ({}, False),
    ],
)
def test_only_write_maintain_or_admin_may_merge(permission: dict[str, str], allowed: bool) -> None:
    assert may_merge(permission) is allowed


def test_only_approvals_of_the_head_commit_count() -> None:
    reviews = [
        review("TomReyes", "APPROVED", OLD),  # approved, then the author pushed again
        review("lenanovak", "APPROVED"),
        review("hcole", "APPROVED"),
        review("hcole", "COMMENTED"),  # a later comment does not withdraw an approval
        review("owen", "APPROVED"),
        review("owen", "CHANGES_REQUESTED"),  # a later request for changes does
        review("dana", "APPROVED"),
        review("dana", "DISMISSED"),
    ]
    assert approving_logins(reviews, HEAD) == ["hcole", "lenanovak"]


def test_trailers_name_people_by_their_panel_yml_login(tmp_path: Path) -> None:
    text = PANEL_YML.read_text(encoding="utf-8")
    old = "email: tom.reyes@council.example, roles: [team-manager]"
    assert old in text
    (tmp_path / "panel.yml").write_text(text.replace(old, old + ", github: TomReyes"), encoding="utf-8")
    config = load_config(tmp_path)
    expected = "Approved-by: Tom Reyes <tom.reyes@council.example>"
    assert trailer_lines(["tomreyes", "stranger"], config) == [expected]
    reviews = tmp_path / "reviews.jsonl"
    reviews.write_text(json.dumps(review("TomReyes", "APPROVED")) + "\n", encoding="utf-8")
    written = CliRunner().invoke(main, ["trailers", "--reviews", str(reviews), "--head", HEAD, "--root", str(tmp_path)])
    assert written.exit_code == 0 and written.stdout == expected + "\n", written.output
    # The same approval, given before the last push, writes no trailer.
    written = CliRunner().invoke(main, ["trailers", "--reviews", str(reviews), "--head", OLD, "--root", str(tmp_path)])
    assert written.exit_code == 0 and written.stdout == "", written.output


def test_may_merge_step_exits_1_for_a_triage_commenter(tmp_path: Path) -> None:
    permission = tmp_path / "permission.json"
    permission.write_text(json.dumps({"permission": "read", "role_name": "triage"}), encoding="utf-8")
    refused = CliRunner().invoke(main, ["may-merge", "--permission", str(permission), "--login", "someone"])
    assert refused.exit_code == 1, refused.output
    assert refused.stderr == "error: someone may not merge: /merge needs write, maintain or admin\n"
    permission.write_text(json.dumps({"permission": "write", "role_name": "write"}), encoding="utf-8")
    allowed = CliRunner().invoke(main, ["may-merge", "--permission", str(permission), "--login", "someone"])
    assert allowed.exit_code == 0 and allowed.output == "", allowed.output


def test_workflow_checks_permission_then_merges_the_reviewed_head_commit() -> None:
    workflow = yaml.safe_load((ROOT / ".github/workflows/panel-merge.yml").read_text(encoding="utf-8"))
    job = workflow["jobs"]["merge"]
    assert "author_association" in job["if"]
    script = "\n".join(step.get("run", "") for step in job["steps"])
    order = [
        "collaborators/${COMMENTER}/permission",
        "generator.forge.github may-merge",
        "headRefOid",
        "panel check --base main",
        'generator.forge.github trailers --reviews reviews.jsonl --head "$head_sha"',
        'git merge --no-ff "$head_sha"',
        "git push origin main",
    ]
    positions = [script.index(part) for part in order]
    assert positions == sorted(positions)
    assert "origin/$head" not in script, "merge the reviewed commit, not whatever the branch holds now"
