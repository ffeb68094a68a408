"""`panel check`: CI files in the repository keep artefacts (site, packs) no longer than retention.ci_artifacts_days."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from generator.io import files
from generator.io.diagnostics import Diagnostic

CODE = "ci-artifacts-kept"
MAX_CI_FILE = 1_000_000
_DAYS = {
    "min": 1 / 1440,
    "minute": 1 / 1440,
    "hour": 1 / 24,
    "hr": 1 / 24,
    "day": 1,
    "week": 7,
    "month": 31,
    "year": 366,
}
_DURATION = re.compile(r"(\d+(?:\.\d+)?)\s*([a-z]+?)s?\b")
_GITLAB_ARTIFACTS = re.compile(r"^(\s*)artifacts:\s*(#.*)?$")
_EXPIRE = re.compile(r"^\s*expire_in:\s*['\"]?([^'\"#]*)['\"]?\s*(#.*)?$")
_UPLOAD = re.compile(r"^(\s*)(-\s+)?uses:\s*['\"]?actions/upload(-pages)?-artifact@")
_RETENTION_DAYS = re.compile(r"^\s*retention-days:\s*['\"]?(\d+)['\"]?\s*(#.*)?$")


def ci_files(root: Path) -> list[Path]:
    """The CI definitions a forge runs from this repository: .gitlab-ci.yml and .github/workflows/*.yml."""
    found = [root / ".gitlab-ci.yml"] if files.entry_mode(root / ".gitlab-ci.yml") is not None else []
    workflows = root / ".github" / "workflows"
    if files.entry_mode(workflows) is not None and workflows.is_dir() and not workflows.is_symlink():
        found += sorted(p for p in workflows.iterdir() if p.suffix in (".yml", ".yaml"))
    return found


def days_of(text: str) -> float | None:
    """'14 days', '1 week', '2 hrs 30 min' in days; None for 'never' or what cannot be read."""
    total, matched = 0.0, False
    for number, unit in _DURATION.findall(text.lower()):
        factor = next((v for k, v in _DAYS.items() if unit.startswith(k[:3])), None)
        if factor is None:
            return None
        total += float(number) * factor
        matched = True
    return total if matched else None


def _block(lines: list[str], start: int, indent: int) -> Iterator[tuple[int, str]]:
    """The lines after `start` indented deeper than `indent` (blank lines and comments included)."""
    for number in range(start + 1, len(lines)):
        line = lines[number]
        if line.strip() and not line.lstrip().startswith("#") and len(line) - len(line.lstrip()) <= indent:
            return
        yield number, line


def _gitlab(lines: list[str], limit: int) -> Iterator[tuple[int, str]]:
    for number, line in enumerate(lines):
        found = _GITLAB_ARTIFACTS.match(line)
        if not found:
            continue
        expiry = next(
            (
                (n, m.group(1).strip())
                for n, text in _block(lines, number, len(found.group(1)))
                if (m := _EXPIRE.match(text))
            ),
            None,
        )
        if expiry is None:
            yield number + 1, "artifacts: with no expire_in: GitLab keeps them 30 days by default, or for ever"
        elif (days := days_of(expiry[1])) is None or days > limit:
            yield (
                expiry[0] + 1,
                f"expire_in: {expiry[1]} keeps artefacts longer than retention.ci_artifacts_days ({limit})",
            )


def _github(lines: list[str], limit: int) -> Iterator[tuple[int, str]]:
    for number, line in enumerate(lines):
        found = _UPLOAD.match(line)
        if not found:
            continue
        step = len(found.group(1))
        if found.group(2) is None:  # `uses:` under `- name:`: the step is the dash above
            step = next((len(t) - len(t.lstrip()) for t in reversed(lines[:number]) if t.lstrip().startswith("- ")), 0)
        kept = next(
            ((n, int(m.group(1))) for n, t in _block(lines, number, step) if (m := _RETENTION_DAYS.match(t))),
            None,
        )
        if kept is None:
            yield number + 1, "an artefact upload with no retention-days: GitHub keeps it 90 days by default"
        elif kept[1] > limit:
            yield kept[0] + 1, f"retention-days: {kept[1]} is longer than retention.ci_artifacts_days ({limit})"


def ci_artifact_problems(root: Path, limit: int) -> list[Diagnostic]:
    """An error at each CI artefact kept longer than `limit` days (or with no expiry) in the repository's CI files."""
    problems = []
    for path in ci_files(root):
        display = path.relative_to(root).as_posix()
        try:
            text = files.read_regular(path, limit=MAX_CI_FILE, root=root).decode("utf-8", "replace")
        except files.FileRefused as exc:
            problems.append(Diagnostic(display, 1, 1, exc.code, exc.message, hint=exc.hint))
            continue
        lines = text.splitlines()
        found = _gitlab(lines, limit) if display == ".gitlab-ci.yml" else _github(lines, limit)
        for line, message in found:
            key = "expire_in" if display == ".gitlab-ci.yml" else "retention-days"
            problems.append(
                Diagnostic(
                    display,
                    line,
                    1,
                    CODE,
                    message + ": artefacts hold children's data (the site, packs)",
                    hint=f"set {key}: {limit} days"
                    if key == "expire_in"
                    else f"set {key}: {limit} (panel.yml retention.ci_artifacts_days)",
                )
            )
    return problems
