"""`panel init`: a new panel repository from each starter, its refusals, and the one "start a panel" message."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import click
import pytest
import yaml
from click.testing import CliRunner, Result

from generator.cli import main
from generator.commands.init import repository_files
from generator.domain.config.schema import PANEL_SCHEMA
from generator.io.packaged import package_starters, starter_names

ROOT = Path(__file__).resolve().parents[2]
STARTERS = ["bexley", "city-rap", "complex-care", "dudley", "legal-gateway", "rochdale", "south-gloucestershire"]
WHO = {
    "GIT_AUTHOR_NAME": "Sam Okoro",
    "GIT_AUTHOR_EMAIL": "sam.okoro@council.example",
    "GIT_COMMITTER_NAME": "Sam Okoro",
    "GIT_COMMITTER_EMAIL": "sam.okoro@council.example",
}


@pytest.fixture
def nobody(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No git identity anywhere: no global or system config, no identity in the environment."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(home / ".gitconfig"))
    for name in WHO:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def someone(nobody: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """A git identity from the environment only."""
    for name, value in WHO.items():
        monkeypatch.setenv(name, value)


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, text=True).stdout


def test_the_starters_are_the_package_s() -> None:
    assert starter_names() == STARTERS


@pytest.mark.parametrize("starter", STARTERS)
def test_init_makes_a_checked_committed_repository(tmp_path: Path, someone: None, starter: str) -> None:
    target = tmp_path / "panel"
    made = run("init", str(target), "--from", starter)
    assert made.exit_code == 0, made.output
    assert made.stdout.startswith("started the ")
    assert f"in {target.as_posix()} from the {starter} starter: 15 files, first commit " in made.stdout
    assert (target / "panel.yml").read_text(encoding="utf-8") == (
        package_starters() / "panels" / f"{starter}.yml"
    ).read_text(encoding="utf-8")
    # One commit holding everything, on the branch sign-offs are read from; nothing left over.
    assert git(target, "rev-list", "--count", "HEAD").strip() == "1"
    assert git(target, "branch", "--show-current").strip() == "main"
    assert git(target, "status", "--porcelain", "--ignored") == ""
    tracked = set(git(target, "ls-files").split())
    assert {
        "panel.yml",
        "README.md",
        ".gitignore",
        ".gitlab-ci.yml",
        ".github/workflows/panel.yml",
        ".github/workflows/panel-merge.yml",
        "templates/ci/gitlab-merge-commit-template.txt",
        ".vscode/settings.json",
        "schemas/panel.schema.json",
        "schemas/referral.schema.json",
        "submissions/README.md",
        "meetings/README.md",
        "mkdocs.yml",
    } <= tracked
    # The council's site settings start at the defaults, named for this panel.
    assert (target / "mkdocs.yml").read_text(encoding="utf-8").startswith("# The panel's internal site")
    # The header's name is panel.yml's (site_name is there to uncomment), so a renamed panel's site follows it.
    site = (target / "mkdocs.yml").read_text(encoding="utf-8")
    assert '\n# site_name: "' in site and "\nsite_name:" not in site
    assert [p.name for p in (target / "submissions").iterdir()] == ["README.md"]
    # It passes the check as it stands, saying only that the browser editor's forge is still a placeholder (and,
    # for the City RAP and the legal gateway, that the linked panel's folder is not beside it);
    # and the schemas are what `panel schema` writes.
    checked = run("check", "--root", str(target))
    assert checked.exit_code == 0, checked.output
    assert checked.stdout.startswith("panel.yml:") and "warning[cms-placeholder]: cms still holds" in checked.stdout
    linked = starter in ("city-rap", "legal-gateway")  # each hands cases to the other, not checked out beside it
    warnings = 2 if linked else 1
    assert checked.stdout.endswith(f"checked 1 file(s): 0 error(s), {warnings} warning(s) in 1 file(s)\n"), (
        checked.stdout
    )
    assert ("warning[linked-panel-missing]" in checked.stdout) == linked, checked.stdout
    assert json.loads((target / "schemas/panel.schema.json").read_text(encoding="utf-8")) == PANEL_SCHEMA
    before = (target / "schemas/referral.schema.json").read_bytes()
    assert run("schema", "--root", str(target)).exit_code == 0
    assert (target / "schemas/referral.schema.json").read_bytes() == before
    # Built outputs are never committed.
    for output in ("build/packs/2026-12-03/pack-v1.pdf", "site/index.html", ".site.new-1-x/index.html", "status.json"):
        assert git(target, "check-ignore", output).strip() == output
    assert subprocess.run(["git", "check-ignore", "-q", "meetings/2026-12-03/paper.pdf"], cwd=target).returncode == 1
    # Editors: panel.yml is validated against the written schema.
    settings = json.loads((target / ".vscode/settings.json").read_text(encoding="utf-8"))
    assert settings["yaml.schemas"] == {"./schemas/panel.schema.json": "panel.yml"}
    # The README is for this panel's users: its referral types, and what is still assumed.
    readme = (target / "README.md").read_text(encoding="utf-8")
    config_text = (target / "panel.yml").read_text(encoding="utf-8")
    data = yaml.safe_load(config_text)
    for kind in data["referral_types"]:
        assert f"   - `{kind['id']}`: " in readme
    for path in data["assumed"]:
        assert f"  - `{path}`" in readme
    assert f"panel init --from {starter}" in readme and "OFFICIAL-SENSITIVE" in readme


@pytest.mark.parametrize("starter", STARTERS)
def test_every_invented_person_is_marked_assumed(starter: str) -> None:
    """The starters' people are fictional: the council replaces them, so they are marked like every guess."""
    text = (package_starters() / "panels" / f"{starter}.yml").read_text(encoding="utf-8")
    assert "\npeople:  # assumed: " in text and "people" in yaml.safe_load(text)["assumed"]


def test_init_into_the_current_folder(tmp_path: Path, someone: None, monkeypatch: pytest.MonkeyPatch) -> None:
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    made = run("init", "--from", "dudley")
    assert made.exit_code == 0, made.output
    assert (here / "panel.yml").is_file() and (here / ".git").is_dir()


def test_a_folder_that_is_not_empty_is_refused_unless_forced(tmp_path: Path, someone: None) -> None:
    target = tmp_path / "panel"
    target.mkdir()
    (target / "notes.txt").write_text("mine\n", encoding="utf-8")
    refused = run("init", str(target), "--from", "rochdale")
    assert refused.exit_code == 2
    assert refused.stderr == (
        f"error: {target} is not empty (notes.txt); panel init starts a panel in a new or empty folder\n"
        "hint: name a new folder (panel init NEW-FOLDER --from rochdale), or add --force to write the panel's "
        "files into this one (files of the same names are replaced; nothing else is touched)\n"
    )
    assert sorted(p.name for p in target.iterdir()) == ["notes.txt"]
    forced = run("init", str(target), "--from", "rochdale", "--force")
    assert forced.exit_code == 0, forced.output
    assert (target / "notes.txt").read_text(encoding="utf-8") == "mine\n"
    assert "notes.txt" not in git(target, "ls-files").split() and "panel.yml" in git(target, "ls-files").split()


def test_no_git_identity_is_a_clear_error_and_writes_nothing(tmp_path: Path, nobody: None) -> None:
    target = tmp_path / "panel"
    refused = run("init", str(target), "--from", "bexley")
    assert refused.exit_code == 2
    assert refused.stderr == (
        "error: git does not know your name and email, so panel init cannot make the first commit; "
        "nothing was written\n"
        'hint: tell git who you are, then run panel init again: git config --global user.name "Your Name" && '
        "git config --global user.email you@council.example\n"
    )
    assert not target.exists() and sorted(p.name for p in tmp_path.iterdir()) == ["home"]


def test_an_unknown_starter_names_the_choices(tmp_path: Path) -> None:
    refused = run("init", str(tmp_path / "x"), "--from", "bexly")
    assert refused.exit_code == 2 and "'bexley'" in refused.stderr and "'south-gloucestershire'" in refused.stderr


def _commands(group: click.Group = main, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found: list[tuple[str, ...]] = []
    context = click.Context(group)
    for name in group.list_commands(context):
        command = group.get_command(context, name)
        if isinstance(command, click.Group):
            found += _commands(command, (*path, name))
        else:
            found.append((*path, name))
    return found


ARGUMENTS = {
    ("new", "referral"): ["--type", "s17-support"],
    ("renumber",): ["R-0001"],
    ("approve",): ["R-0001", "--as", "team-manager"],
    ("agenda",): ["2026-12-03"],
    ("book",): ["2026-12-03"],
    ("pack",): ["2026-12-03"],
    ("meeting",): ["2026-12-03"],
    ("decide",): ["R-0001"],
    ("reconsider",): ["R-0001"],
    ("refer-on",): ["R-0001"],
    ("notify",): ["2026-12-03"],
    ("export",): ["decisions"],
    ("snapshot",): ["2026-11"],
    ("sar",): ["--child", "LCS-100001"],
    ("erase",): ["--child", "LCS-100001", "--authority", "Retention schedule 4.2"],
}


@pytest.mark.parametrize("words", [w for w in _commands() if w != ("init",)], ids=" ".join)
def test_every_command_without_panel_yml_says_how_to_start_one(tmp_path: Path, words: tuple[str, ...]) -> None:
    result = run(*words, *ARGUMENTS.get(words, []), "--root", str(tmp_path))
    assert result.exit_code == 2, result.output
    assert result.stderr == (
        f"error: no panel.yml in {tmp_path}\n"
        "hint: run panel commands in the panel's repository (or pass --root DIR); to start a panel for your "
        "council, run: panel init [DIR] --from STARTER (one of: bexley, city-rap, complex-care, dudley, "
        "legal-gateway, rochdale, south-gloucestershire)\n"
    )
    assert not any(tmp_path.iterdir()), "a command without panel.yml wrote something"


def test_this_repository_has_what_panel_init_writes() -> None:
    """The example panel here is an initialised one: the same CI, commit templates and editor settings.

    Only the pip requirement differs: this source repository installs itself ('.').
    """
    for path, text in repository_files(install=".").items():
        if path.startswith((".gitlab-ci.yml", ".github/", "templates/ci/", ".vscode/settings.json")):
            assert (ROOT / path).read_text(encoding="utf-8") == text, path
    assert (ROOT / "panel.yml").read_text(encoding="utf-8") == (package_starters() / "panels/bexley.yml").read_text(
        encoding="utf-8"
    )


def test_ci_templates_wire_the_check_into_merge_requests_and_limit_artefacts() -> None:
    """GitLab gets a Code Quality report, GitHub annotations; every artefact expires and is not public."""
    files = repository_files()
    gitlab = yaml.safe_load(files[".gitlab-ci.yml"])
    check = gitlab["check"]
    run_check = next(line for line in check["script"] if line.startswith("panel check"))
    assert run_check.startswith("panel check --format gitlab ") and run_check.endswith(
        "> gl-code-quality-report.json || status=$?"
    )
    assert check["script"][-1] == 'exit "${status:-0}"'
    assert check["artifacts"]["reports"] == {"codequality": "gl-code-quality-report.json"}
    assert check["artifacts"]["when"] == "always"
    for job in ("check", "publish"):
        assert gitlab[job]["artifacts"]["expire_in"] == "7 days" and gitlab[job]["artifacts"]["access"] == "developer"
    assert gitlab["variables"]["PANEL_PAPERS"] == "panel-papers==0.1.0"
    assert gitlab["before_script"] == ['pip install "$PANEL_PAPERS"']
    github = yaml.safe_load(files[".github/workflows/panel.yml"])
    runs = [step.get("run", "") for step in github["jobs"]["check"]["steps"]]
    assert 'panel check --format github --against "origin/$BASE" --base "origin/$BASE"' in runs
    upload = next(s for s in github["jobs"]["publish"]["steps"] if "upload-artifact" in s.get("uses", ""))
    assert upload["with"]["retention-days"] == 7
    assert github["env"]["PANEL_PAPERS"] == "panel-papers==0.1.0"
    assert (
        "OFFICIAL-SENSITIVE" in files[".gitlab-ci.yml"] and "OFFICIAL-SENSITIVE" in files[".github/workflows/panel.yml"]
    )


def test_gitlab_check_job_script_reports_and_fails_as_the_check_does(tmp_path: Path, someone: None) -> None:
    """The check job's script lines, run by a shell as GitLab runs them, leave the report and the check's exit status."""
    target = tmp_path / "panel"
    assert run("init", str(target), "--from", "bexley").exit_code == 0
    (target / "submissions" / "R-0001.md").write_text("---\nid: R-0001\n---\n", encoding="utf-8")
    panel = Path(os.environ.get("VIRTUAL_ENV", ROOT / ".venv"), "bin", "panel")
    script = yaml.safe_load((target / ".gitlab-ci.yml").read_text(encoding="utf-8"))["check"]["script"]
    line = next(s for s in script if s.startswith("panel check"))
    shell = "\n".join(
        [
            "set -e",
            line.replace(
                '--against "origin/$CI_MERGE_REQUEST_TARGET_BRANCH_NAME" --base "$CI_MERGE_REQUEST_DIFF_BASE_SHA"',
                "--against none",
            ),
            script[-1],
        ]
    )
    done = subprocess.run(
        ["bash", "-c", shell], cwd=target, env={**os.environ, "PATH": f"{panel.parent}:{os.environ['PATH']}"}
    )
    assert done.returncode == 1
    report = json.loads((target / "gl-code-quality-report.json").read_text(encoding="utf-8"))
    placeholder = [issue for issue in report if issue["check_name"] == "cms-placeholder"]
    assert [issue["location"]["path"] for issue in placeholder] == ["panel.yml"]
    assert report and all(
        issue["location"]["path"] == "submissions/R-0001.md" for issue in report if issue not in placeholder
    )


def test_the_sites_header_follows_a_renamed_panel(tmp_path: Path, someone: None) -> None:
    """The name in the site's header is panel.yml's, so renaming the panel there renames the site."""
    target = tmp_path / "panel"
    assert run("init", str(target), "--from", "bexley").exit_code == 0
    text = (target / "panel.yml").read_text(encoding="utf-8")
    (target / "panel.yml").write_text(text.replace("  name: Resource and Care Panel", "  name: Placements Panel", 1))
    built = run("build", "--root", str(target), "--output", str(tmp_path / "site"))
    assert built.exit_code == 0, built.output
    header = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "Placements Panel" in header and "Resource and Care Panel" not in header
