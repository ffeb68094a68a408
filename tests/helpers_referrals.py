"""Helpers for tests that need a panel repository built from a template and real referral files."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import yaml

from generator.domain.config import PanelConfig, load_config

TEMPLATES = Path(__file__).resolve().parent.parent / "generator" / "starters" / "panels"
FIXED_DATE = "2026-11-22T09:00:00+00:00"


FORGE = ("GitLab", "gitlab@council.example")


def git(root: Path, *args: str, who: tuple[str, str] = ("Test Co-ordinator", "co-ordinator@council.example")) -> None:
    """Run git in `root` with a fixed identity (`who`: a forge's, for merges) and fixed dates."""
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": who[0],
        "GIT_AUTHOR_EMAIL": who[1],
        "GIT_COMMITTER_NAME": who[0],
        "GIT_COMMITTER_EMAIL": who[1],
        "GIT_AUTHOR_DATE": FIXED_DATE,
        "GIT_COMMITTER_DATE": FIXED_DATE,
    }
    subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)


def panel_repo_from_template(root: Path, template: str) -> PanelConfig:
    """Make `root` a git repository whose panel.yml is the starter <template>.yml; return its config."""
    shutil.copy(TEMPLATES / f"{template}.yml", root / "panel.yml")
    (root / "submissions").mkdir(exist_ok=True)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "panel.yml")
    git(root, "commit", "-q", "-m", f"Terms of reference from the {template} template")
    return load_config(root)


def costs(weekly: float, weeks: int, start: dt.date, one_off: float = 0) -> dict[str, Any]:
    """A consistent costs block: total = weekly × weeks + one-off."""
    block: dict[str, Any] = {"weekly": weekly, "weeks": weeks, "total": weekly * weeks + one_off}
    if one_off:
        block["one_off"] = one_off
    block["start"] = start.isoformat()
    return block


def write_referral(
    root: Path,
    config: PanelConfig,
    *,
    number: int,
    type_id: str,
    meeting: dt.date,
    weekly: float = 250,
    weeks: int = 12,
    **fields: Any,
) -> Path:
    """Write a complete, valid referral of `type_id` to submissions/ and commit it; `fields` override or add."""
    referral_id = f"{config.panel.referral_id_prefix}-{number:04d}"
    worker = config.people_with_role("social-worker")[0]
    statuses = [s.id for s in config.legal_statuses]
    data: dict[str, Any] = {
        "id": referral_id,
        "type": type_id,
        "title": f"Test referral {referral_id}",
        "meeting": meeting.isoformat(),
        "worker": {"name": worker.name, "team": config.teams[0].id, "email": worker.email},
        "children": [
            {
                "name": "Robin Testcase",
                "case_id": f"LCS-9{number:05d}",
                "date_of_birth": "2014-05-01",
                "ethnicity": "White British",
                "disability": "none known",
                "legal_status": "cin" if "cin" in statuses else statuses[0],
            }
        ],
        "family_network_meeting": {"held": True, "date": "2026-10-28"},
        "safety_plan": {"in_place": True},
    }
    kind = config.referral_type(type_id)
    assert kind is not None, f"test setup: {type_id} is not a referral type of {config.panel.name}"
    data["costs"] = costs(weekly, weeks, meeting + dt.timedelta(days=7))
    if "assessment" in kind.required_fields:
        data["assessment"] = {"completed": (meeting - dt.timedelta(days=20)).isoformat(), "genogram_on_file": True}
    if "retrospective" in kind.required_fields:
        started = meeting - dt.timedelta(days=3)
        data["retrospective"] = {"started": started.isoformat(), "reason": "Emergency out of hours."}
    data.update(fields)
    front = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    body = "\n".join(
        f"{'#' * section.heading_level} {section.name}\n\nInvented text for the {section.id} section.\n"
        for section in config.sections_for(type_id)
    )
    path = root / "submissions" / f"{referral_id}.md"
    path.write_text(f"---\n{front}---\n\n{body}", encoding="utf-8")
    git(root, "add", path.relative_to(root).as_posix())
    git(root, "commit", "-q", "-m", f"Referral {referral_id}")
    return path
