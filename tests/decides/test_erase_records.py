"""Erasing a child removes the decision maker's decisions and the decisions made outside a meeting on their referrals."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.dataprotection.test_erase import env
from tests.decides.test_recommendations import ANSWER, HEAD, answer, recommending, run


def test_erase_takes_the_decision_makers_and_outside_decisions_with_the_referral(tmp_path: Path) -> None:
    root = recommending(tmp_path)
    run(root, "decide", "R-0001", "--decision-maker")
    answer(root, (root / ANSWER).read_text(encoding="utf-8"), HEAD)
    git_files = subprocess.run(["git", "ls-files"], cwd=root, capture_output=True, text=True, check=True).stdout
    assert ANSWER in git_files
    panel = Path(sys.executable).parent / "panel"
    done = subprocess.run(
        [
            str(panel),
            "erase",
            "--child",
            "LCS-204117",
            "--child",
            "LCS-204118",
            "--authority",
            "Retention schedule 4.2",
        ],
        cwd=root,
        capture_output=True,
        text=True,
        env=env(),
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert ANSWER in done.stdout
    assert not (root / ANSWER).exists()
    history = subprocess.run(
        ["git", "log", "--all", "--format=", "--name-only"], cwd=root, capture_output=True, text=True, check=True
    ).stdout
    assert ANSWER not in history
