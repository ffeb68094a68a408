"""The logic of `.github/workflows/panel-merge.yml`, as a checked, tested program.

    python -m generator.forge.github may-merge --permission permission.json --login LOGIN
    python -m generator.forge.github trailers --reviews reviews.jsonl --head SHA [--root .]

`may-merge` exits 1 unless the commenter holds write, maintain or admin on the repository (from
GitHub's collaborator-permission API). `trailers` prints one `Approved-by:` line per person in
panel.yml whose latest review approves exactly the head commit being merged: an approval given
before a later push, or followed by a request for changes or a dismissal, does not count.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import click

from generator.commands.config import load_config
from generator.commands.errors import PanelError
from generator.domain.config.model import PanelConfig
from generator.domain.history.trailers import format_trailer

MAY_MERGE = frozenset({"admin", "maintain", "write"})
"""Repository roles that may merge; 'triage' and 'read' (and outside commenters) may not."""
DECIDING = frozenset({"APPROVED", "CHANGES_REQUESTED", "DISMISSED"})
"""Review states that replace a reviewer's earlier verdict; COMMENTED and PENDING do not."""


def may_merge(permission: dict[str, Any]) -> bool:
    """True when GET /repos/{repo}/collaborators/{login}/permission grants write, maintain or admin."""
    role = str(permission.get("role_name") or "").lower()
    legacy = str(permission.get("permission") or "").lower()
    return role in MAY_MERGE or legacy in ("admin", "write")


def approving_logins(reviews: Iterable[dict[str, Any]], head_sha: str) -> list[str]:
    """Logins (lowercased, sorted) whose latest deciding review is an approval of `head_sha` itself."""
    latest: dict[str, dict[str, Any]] = {}
    for review in reviews:
        user = review.get("user") or {}
        login = str(user.get("login") or "").lower()
        if login and review.get("state") in DECIDING:
            latest[login] = review
    return sorted(
        login
        for login, review in latest.items()
        if review.get("state") == "APPROVED" and review.get("commit_id") == head_sha
    )


def trailer_lines(logins: Iterable[str], config: PanelConfig) -> list[str]:
    """One `Approved-by:` line per login that panel.yml maps to a person (`github:`)."""
    people = {p.github.lower(): p for p in config.people if p.github}
    return [format_trailer(people[login].name, people[login].email) for login in logins if login in people]


def read_reviews(path: Path) -> list[dict[str, Any]]:
    """Reviews from `gh api --paginate .../reviews --jq '.[]'` (one JSON object a line) or a JSON array."""
    text = path.read_text(encoding="utf-8").strip()
    if text.startswith("["):
        data = json.loads(text)
        return [r for r in data if isinstance(r, dict)]
    return [r for r in (json.loads(line) for line in text.splitlines() if line.strip()) if isinstance(r, dict)]


@click.group(name="python -m generator.forge.github")
def main() -> None:
    """The two steps of the merge workflow; see the module docstring."""


@main.command("may-merge")
@click.option("--permission", type=click.Path(dir_okay=False, path_type=Path), required=True)
@click.option("--login", required=True)
def may_merge_step(permission: Path, login: str) -> None:
    """Exit 1 unless the commenter may merge."""
    granted = json.loads(permission.read_text(encoding="utf-8"))
    if not may_merge(granted if isinstance(granted, dict) else {}):
        raise PanelError(f"error: {login} may not merge: /merge needs write, maintain or admin")


@main.command("trailers")
@click.option("--reviews", type=click.Path(dir_okay=False, path_type=Path), required=True)
@click.option("--head", required=True)
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=Path("."))
def trailers_step(reviews: Path, head: str, root: Path) -> None:
    """Print the Approved-by lines for the head commit."""
    for line in trailer_lines(approving_logins(read_reviews(reviews), head), load_config(root)):
        click.echo(line)


if __name__ == "__main__":
    main()
