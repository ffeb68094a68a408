"""Referral ids taken twice: two branches from the same `main` both adding R-0014, caught before merge.

Ids stay short and sequential (R-0001 …). A branch that adds `submissions/R-0014.md` collides
when the target branch (origin/main, else main) also added that file since the branch started:
`panel check` reports it (at the id line, exit 1) and `panel renumber R-0014` gives this
branch's referral the next id free on both sides.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from generator.commands.history import run_git
from generator.commands.repository import referral_files
from generator.domain.config.model import PanelConfig
from generator.domain.history.errors import HistoryUnavailable
from generator.io import files, sources
from generator.io.diagnostics import Diagnostic, Severity
from generator.io.files import create_new
from generator.io.tree import MEETINGS, SUBMISSIONS


@dataclass(frozen=True)
class Collision:
    """A referral file this branch added that the target branch added too."""

    referral_id: str
    path: str
    target: str
    theirs: str
    """Which commit on the target added it: 'abc1234 by Name: subject'."""


def _git(root: Path, *args: str) -> str | None:
    try:
        done = run_git(root, *args)
    except HistoryUnavailable:
        return None
    return done.stdout if done.returncode == 0 else None


def default_target(root: Path, config: PanelConfig) -> str | None:
    """origin/<branch>, else <branch> (sign_off.branch); None outside git or when neither exists."""
    branch = config.sign_off.branch
    for ref in (f"refs/remotes/origin/{branch}", f"refs/heads/{branch}"):
        if _git(root, "rev-parse", "--verify", "--quiet", ref) is not None:
            return ref.removeprefix("refs/remotes/").removeprefix("refs/heads/")
    return None


def _names(root: Path, tree: str) -> set[str]:
    listed = _git(root, "ls-tree", "--name-only", tree, "--", f"{SUBMISSIONS}/")
    return {line.strip() for line in (listed or "").splitlines() if line.strip().endswith(".md")}


def ids_on(root: Path, tree: str) -> set[str]:
    """Referral ids (file stems) under submissions/ in a commit or branch."""
    return {Path(name).stem for name in _names(root, tree)}


def collisions(root: Path, target: str) -> list[Collision]:
    """Referral files added both here (committed or not) and on `target` since they parted."""
    base = _git(root, "merge-base", "HEAD", target)
    if base is None:
        return []
    base = base.strip()
    theirs = _git(root, "diff", "--name-only", "--relative", "--no-renames", "--diff-filter=A", base, target, "--")
    added_there = {line.strip() for line in (theirs or "").splitlines() if line.startswith(f"{SUBMISSIONS}/")}
    at_base = _names(root, base)
    found = []
    for path in referral_files(root):
        display = path.relative_to(root).as_posix()
        if display in added_there and display not in at_base and not _same_file(root, path, f"{target}:{display}"):
            since = f"{base}..{target}"
            log = _git(root, "log", "-1", "--diff-filter=A", "--format=%h by %an: %s", since, "--", display)
            found.append(Collision(path.stem, display, target, (log or "").strip()))
    return found


def _same_file(root: Path, path: Path, blob: str) -> bool:
    """True when the working file is byte for byte the target's (the same referral, e.g. cherry-picked)."""
    theirs = _git(root, "rev-parse", "--verify", "--quiet", blob)
    ours = _git(root, "hash-object", "--", path.relative_to(root).as_posix())
    return theirs is not None and ours is not None and theirs.strip() == ours.strip()


def collision_diagnostics(root: Path, target: str, id_lines: dict[str, tuple[int, int]]) -> list[Diagnostic]:
    """An error at the id of each referral whose id the target branch took meanwhile."""
    found = []
    for clash in collisions(root, target):
        line, column = id_lines.get(clash.path, (1, 1))
        free = next_free_id(root, clash.referral_id.rsplit("-", 1)[0], target)
        found.append(
            Diagnostic(
                clash.path,
                line,
                column,
                "id-taken",
                f"{target} added {clash.referral_id} too since this branch started "
                f"({clash.theirs or 'another referral'}): merging would collide",
                Severity.ERROR,
                f"run: panel renumber {clash.referral_id}  (this referral becomes {free}), then commit and push",
            )
        )
    return found


def next_free_id(root: Path, prefix: str, target: str | None) -> str:
    """One more than the highest referral number here and on `target`."""
    pattern = re.compile(rf"^{re.escape(prefix)}-(\d+)$")
    here = {p.stem for p in (root / SUBMISSIONS).glob("*.md")}
    there = ids_on(root, target) if target else set()
    numbers = [int(m.group(1)) for name in here | there if (m := pattern.match(name))]
    return f"{prefix}-{max(numbers, default=0) + 1:04d}"


@dataclass(frozen=True)
class Renumbered:
    """What `panel renumber` did."""

    old: Path
    new: Path
    new_id: str
    mentions: list[str]
    """Other files that still mention the old id (to check by hand)."""


_ID_LINE = r"^(id:[ \t]*)(['\"]?){old}\2([ \t]*(#.*)?)$"


def renumber(root: Path, config: PanelConfig, old_id: str, new_id: str | None, target: str | None) -> Renumbered:
    """Move submissions/<old>.md to the next free id (or `new_id`) and change its `id:` to match."""
    from generator.commands.scaffold import ScaffoldError  # here: panel check, which names clashes, needs no Jinja

    old = root / SUBMISSIONS / f"{old_id}.md"
    if not old.is_file() or old.is_symlink():
        raise ScaffoldError(f"no referral {old_id}: {SUBMISSIONS}/{old_id}.md does not exist")
    prefix = config.panel.referral_id_prefix
    chosen = new_id or next_free_id(root, prefix, target)
    if not re.fullmatch(rf"{re.escape(prefix)}-[0-9]{{4,6}}", chosen):
        raise ScaffoldError(f"{chosen!r} is not a referral id of this panel, e.g. {prefix}-0142")
    taken_there = ids_on(root, target) if target else set()
    if (root / SUBMISSIONS / f"{chosen}.md").exists() or chosen in taken_there:
        where = f" on {target}" if chosen in taken_there else ""
        raise ScaffoldError(f"{chosen} is taken{where}; leave out --to to get the next free id")
    text = old.read_text(encoding="utf-8")
    front, separator, body = text.partition("\n---")
    pattern = re.compile(_ID_LINE.format(old=re.escape(old_id)), re.M)
    changed, count = pattern.subn(lambda m: f"{m.group(1)}{chosen}{m.group(3)}", front, count=1)
    if count == 0:
        raise ScaffoldError(f"{SUBMISSIONS}/{old_id}.md has no line 'id: {old_id}' in its front matter; fix it first")
    target_path = root / SUBMISSIONS / f"{chosen}.md"
    try:
        create_new(target_path, changed + separator + body)
    except FileExistsError:
        raise ScaffoldError(f"{SUBMISSIONS}/{chosen}.md appeared meanwhile; run the command again") from None
    tracked = _git(root, "ls-files", "--error-unmatch", "--", f"{SUBMISSIONS}/{old_id}.md") is not None
    old.unlink()
    if tracked:
        _git(root, "add", "--", f"{SUBMISSIONS}/{old_id}.md", f"{SUBMISSIONS}/{chosen}.md")
    word = re.compile(rf"\b{re.escape(old_id)}\b")
    mentions = [
        p.relative_to(root).as_posix()
        for folder in (SUBMISSIONS, MEETINGS)
        for p in sorted((root / folder).rglob("*.md"))
        if word.search(_text_or_empty(root, p))
    ]
    return Renumbered(old, target_path, chosen, mentions)


def _text_or_empty(root: Path, path: Path) -> str:
    """The text of a regular file inside the repository, or '' for anything the reader refuses."""
    try:
        return files.read_regular(path, limit=sources.MAX_FILE_BYTES, root=root).decode("utf-8", "replace")
    except files.FileRefused:
        return ""
