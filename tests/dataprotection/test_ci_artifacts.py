"""`panel check` fails on CI files that keep artefacts (the site, packs) longer than retention.ci_artifacts_days."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from generator.cli import main
from generator.commands.ci_artifacts import days_of
from panelfixtures import STARTERS
from tests.conftest import WriteReferral

REPO = Path(__file__).resolve().parents[2]

GITLAB = """\
publish:
  script: [panel build]
  artifacts:
    paths: [site/]
{expiry}
other:
  script: [true]
"""
GITHUB = """\
jobs:
  publish:
    steps:
      - run: panel build
      - uses: actions/upload-artifact@v4
        with:
          name: site
          path: site/
{retention}
      - run: echo done
"""


def check(root: Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["check", "--root", str(root), "--against", "none"])
    return result.exit_code, result.stdout


def test_gitlab_expiry(panel_root: Path, write_referral: WriteReferral) -> None:
    write_referral()
    ci = panel_root / ".gitlab-ci.yml"
    ci.write_text(GITLAB.format(expiry=""), encoding="utf-8")
    code, out = check(panel_root)
    assert code == 1 and ".gitlab-ci.yml:3:1: error[ci-artifacts-kept]: artifacts: with no expire_in" in out
    ci.write_text(GITLAB.format(expiry="    expire_in: 14 days"), encoding="utf-8")
    code, out = check(panel_root)
    assert code == 1 and ".gitlab-ci.yml:5:1: error[ci-artifacts-kept]: expire_in: 14 days keeps artefacts" in out
    assert "  hint: set expire_in: 7 days" in out
    ci.write_text(GITLAB.format(expiry="    expire_in: never"), encoding="utf-8")
    assert check(panel_root)[0] == 1
    ci.write_text(GITLAB.format(expiry="    expire_in: 1 week"), encoding="utf-8")
    assert check(panel_root) == (0, "checked 2 file(s): no problems\n")


def test_github_retention_days_and_the_configured_limit(panel_root: Path, write_referral: WriteReferral) -> None:
    write_referral()
    (panel_root / ".github/workflows").mkdir(parents=True)
    ci = panel_root / ".github/workflows/publish.yml"
    ci.write_text(GITHUB.format(retention=""), encoding="utf-8")
    code, out = check(panel_root)
    assert (
        code == 1 and ".github/workflows/publish.yml:5:1: error[ci-artifacts-kept]: an artefact upload with no" in out
    )
    ci.write_text(GITHUB.format(retention="          retention-days: 14"), encoding="utf-8")
    code, out = check(panel_root)
    assert code == 1 and "publish.yml:9:1: error[ci-artifacts-kept]: retention-days: 14 is longer than" in out
    config = panel_root / "panel.yml"
    config.write_text(config.read_text(encoding="utf-8") + "retention:\n  ci_artifacts_days: 14\n", encoding="utf-8")
    assert check(panel_root)[0] == 0
    ci.write_text(GITHUB.format(retention="          retention-days: 15"), encoding="utf-8")
    assert check(panel_root)[0] == 1


def test_this_projects_ci_files_keep_artefacts_within_the_starter_limit(panel_root: Path) -> None:
    shutil.copy(STARTERS / "bexley.yml", panel_root / "panel.yml")
    shutil.copy(REPO / ".gitlab-ci.yml", panel_root / ".gitlab-ci.yml")
    shutil.copytree(REPO / ".github", panel_root / ".github")
    _, out = check(panel_root)
    assert "ci-artifacts-kept" not in out, out


def test_durations() -> None:
    assert days_of("7 days") == 7 and days_of("1 week") == 7 and days_of("2 hrs") == 2 / 24
    assert days_of("1 month") == 31 and days_of("never") is None and days_of("") is None
