"""`panel init`: a new panel repository from a starter, with CI, editor settings and a first commit."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from generator import __version__
from generator.commands.errors import EXIT_PROBLEMS, EXIT_USAGE, PanelError
from generator.commands.schema import write_schemas
from generator.domain.config import CONFIG_NAME, PanelConfig
from generator.domain.configcheck import parse_config
from generator.domain.site_settings import default_mkdocs_yml
from generator.io import files, git
from generator.io.packaged import package_starters, starter_names
from generator.rendering.panel_readme import panel_readme

PACKAGE_SPEC = "panel-papers==@VERSION@"
"""The pip requirement the CI templates install; `panel init` pins the version that wrote them."""

REPOSITORY_FILES = {
    "gitlab-ci.yml": ".gitlab-ci.yml",
    "github/workflows/panel.yml": ".github/workflows/panel.yml",
    "github/workflows/panel-merge.yml": ".github/workflows/panel-merge.yml",
    "gitlab/gitlab-merge-commit-template.txt": "templates/ci/gitlab-merge-commit-template.txt",
    "gitlab/gitlab-squash-commit-template.txt": "templates/ci/gitlab-squash-commit-template.txt",
    "gitignore": ".gitignore",
    "vscode/settings.json": ".vscode/settings.json",
    "vscode/extensions.json": ".vscode/extensions.json",
    "submissions-README.md": "submissions/README.md",
    "meetings-README.md": "meetings/README.md",
}
"""Packaged file (under starters/repository/) → where it goes in the new repository."""

NO_IDENTITY_HINT = (
    'tell git who you are, then run panel init again: git config --global user.name "Your Name" && '
    "git config --global user.email you@council.example"
)


@dataclass(frozen=True)
class Initialised:
    """What `panel init` made."""

    root: Path
    config: PanelConfig
    written: list[str]
    commit: str


def repository_files(install: str | None = None) -> dict[str, str]:
    """The files every new panel repository gets, by path; `install` replaces the pinned pip requirement."""
    folder = package_starters() / "repository"
    spec = PACKAGE_SPEC.replace("@VERSION@", __version__)
    made = {}
    for source, target in REPOSITORY_FILES.items():
        text = (folder / source).read_text(encoding="utf-8")
        made[target] = text.replace(PACKAGE_SPEC, install or spec)
    return made


def starter_text(name: str) -> str:
    """The starter configuration `name` as shipped."""
    if name not in starter_names():
        raise PanelError.hinted(f"no starter '{name}'", f"choose one of: {', '.join(starter_names())}", EXIT_USAGE)
    return (package_starters() / "panels" / f"{name}.yml").read_text(encoding="utf-8")


def _entries(folder: Path) -> list[str]:
    try:
        return sorted(os.listdir(folder))
    except FileNotFoundError:
        return []
    except NotADirectoryError:
        raise PanelError.hinted(
            f"{folder} is a file, not a folder", "name a new folder for the panel", EXIT_USAGE
        ) from None


def _run_git(root: Path, *args: str) -> git.Completed:
    try:
        return git.run(root, *args)
    except git.GitMissing:
        raise PanelError.hinted(
            "git is not installed, so panel init cannot make the repository; nothing was written",
            "install git (e.g. apt-get install git) and run panel init again",
            EXIT_USAGE,
        ) from None


def _git(root: Path, *args: str) -> str:
    done = _run_git(root, *args)
    if done.returncode != 0:
        raise PanelError.hinted(
            f"git {' '.join(args)} failed in {root}: {done.stderr.strip()}", "see git's message above", EXIT_PROBLEMS
        )
    return done.stdout.strip()


def _require_identity(where: Path) -> None:
    """Stop before writing anything when git could not make the first commit for want of a name or email."""
    for ident in ("GIT_AUTHOR_IDENT", "GIT_COMMITTER_IDENT"):
        done = _run_git(where, "-c", "user.useConfigOnly=true", "var", ident)
        if done.returncode != 0:
            raise PanelError.hinted(
                "git does not know your name and email, so panel init cannot make the first commit; "
                "nothing was written",
                NO_IDENTITY_HINT,
                EXIT_USAGE,
            )


def _nearest_folder(path: Path) -> Path:
    for candidate in (path, *path.parents):
        if candidate.is_dir():
            return candidate
    return Path("/")


def init_panel(target: Path, starter: str, *, force: bool) -> Initialised:
    """Make `target` a panel repository from `starter`; refuses a non-empty folder unless `force`."""
    target = target.absolute()
    text = starter_text(starter)
    existing = _entries(target)
    if existing and not force:
        shown = ", ".join(existing[:5]) + (", …" if len(existing) > 5 else "")
        raise PanelError.hinted(
            f"{target} is not empty ({shown}); panel init starts a panel in a new or empty folder",
            f"name a new folder (panel init NEW-FOLDER --from {starter}), or add --force to write the panel's "
            "files into this one (files of the same names are replaced; nothing else is touched)",
            EXIT_USAGE,
        )
    _require_identity(_nearest_folder(target))
    config = parse_config(text, CONFIG_NAME)
    contents = {
        CONFIG_NAME: text,
        **repository_files(),
        "mkdocs.yml": default_mkdocs_yml(config.panel.name),
        "README.md": panel_readme(config, starter),
    }
    if existing:
        return _write_and_commit(target, target, contents, config, starter)
    if target.is_dir():
        # Empty (perhaps the shell's current folder): written in place, and emptied again on failure.
        try:
            return _write_and_commit(target, target, contents, config, starter)
        except BaseException:
            _empty(target)
            raise
    staged = files.staging_dir(target)
    try:
        made = _write_and_commit(staged, target, contents, config, starter)
        files.swap_in(staged, target)
    except BaseException:
        files.discard(staged)
        raise
    return made


def _empty(folder: Path) -> None:
    for entry in folder.iterdir():
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)


def _write_and_commit(
    folder: Path, target: Path, contents: dict[str, str], config: PanelConfig, starter: str
) -> Initialised:
    for name, text in contents.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        files.write_atomic(path, text)
    written = [*contents, *(p.relative_to(folder).as_posix() for p in write_schemas(folder))]
    if files.entry_mode(folder / ".git") is None:
        _git(folder, "init", "-q", "-b", config.sign_off.branch)
    _git(folder, "add", "--", *written)
    message = (
        f"Start the {config.panel.name} from the {starter} starter (panel init, Panel Papers {__version__})\n\n"
        "Replace every value marked `# assumed:` in panel.yml with the panel's own, and the example people."
    )
    _git(folder, "commit", "-q", "-m", message)
    commit = _git(folder, "rev-parse", "HEAD")
    return Initialised(target, config, sorted(written), commit)
