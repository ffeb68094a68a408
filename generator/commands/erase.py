"""`panel erase`: remove one child's records from the working tree and from all of history, and record it."""

from __future__ import annotations

import datetime as dt
import difflib
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from generator.commands.errors import EXIT_PROBLEMS, EXIT_USAGE, PanelError, require_panel
from generator.commands.history import run_git
from generator.commands.repository import MAX_LEDGER, Repository, read_repository
from generator.domain.agenda import read_agenda
from generator.domain.history.trailers import APPROVAL_KEYS
from generator.domain.retention_ledger import ERASED, LEDGER, ledger_entry
from generator.io import files
from generator.io.diagnostics import Severity
from generator.io.tree import DECISION_MAKER, DECISIONS, FORUM, OUTSIDE

MIN_IDENTIFIER = 3
"""Shorter text would be replaced inside unrelated words and other children's records."""
MAX_AUTHORITY = 500
_MEETING_FOLDER = re.compile(r"\d{4}-\d{2}-\d{2}(-[a-z][a-z0-9-]{0,19})?")


@dataclass
class ErasurePlan:
    """What `panel erase` will remove and replace, worked out before anything changes."""

    case_ids: tuple[str, ...]
    referrals: tuple[str, ...]
    identifiers: tuple[str, ...]
    """Text replaced by [erased] in every file and message of history: names, case ids, --also."""
    paths: tuple[str, ...]
    """Files removed from every commit: the referrals, their decisions, anything under submissions/<id>/."""
    decisions: tuple[tuple[str, str], ...]
    """(meeting, outcome) of each decision erased: counts that identify no one, kept in the ledger."""
    meetings: tuple[str, ...]
    """Meetings whose agenda heard one of the referrals."""
    packs: tuple[str, ...]
    """Circulation tags of packs for those meetings: copies out in the world that held the child."""


@dataclass
class ErasureResult:
    """What was done, and what people must still do outside this clone."""

    plan: ErasurePlan
    ledger_commit: str
    approvals_before: int
    approvals_after: int
    removed_outputs: list[str] = field(default_factory=list)
    origin: str | None = None


def _git(root: Path, *args: str) -> str:
    done = run_git(root, *args)
    if done.returncode != 0:
        raise PanelError(f"error: git {args[0]} failed: {done.stderr.strip()[:300]}", exit_code=EXIT_USAGE)
    return done.stdout


def _refuse(message: str, hint: str, code: int = EXIT_PROBLEMS) -> PanelError:
    return PanelError.hinted(message + "; nothing was changed", hint, code)


def filter_repo_command() -> list[str]:
    """How to run git-filter-repo: from PATH, or beside this Python (pip installs it there)."""
    found = shutil.which("git-filter-repo")
    if found:
        return [found]
    beside = Path(sys.executable).with_name("git-filter-repo")
    if beside.exists():
        return [sys.executable, str(beside)]
    raise _refuse(
        "git-filter-repo is not installed, so history cannot be rewritten",
        "install it: pip install git-filter-repo (a dependency of Panel Papers) or apt-get install git-filter-repo",
        EXIT_USAGE,
    )


def _check_clone(root: Path, branch: str) -> None:
    """Refuse anything but a clean, complete clone on the panel's branch at its top folder."""
    top = run_git(root, "rev-parse", "--show-toplevel")
    if top.returncode != 0:
        raise _refuse(f"{root.resolve()} is not a git repository", "run panel erase in a clone of the panel repository")
    if Path(top.stdout.strip()).resolve() != root.resolve():
        raise _refuse(
            "the panel is not at the top of its git repository",
            f"run panel erase from {top.stdout.strip()} with --root",
        )
    if _git(root, "rev-parse", "--is-shallow-repository").strip() == "true":
        raise _refuse(
            "this is a shallow clone: history it does not hold could not be rewritten", "git fetch --unshallow"
        )
    dirty = _git(root, "status", "--porcelain", "--untracked-files=all").splitlines()
    if dirty:
        shown = ", ".join(line[3:] for line in dirty[:5]) + (" …" if len(dirty) > 5 else "")
        raise _refuse(
            f"the working tree has uncommitted changes or untracked files ({shown})",
            "commit, or remove them (git stash does not help: stashes are refused too), then run it again",
        )
    current = run_git(root, "symbolic-ref", "--quiet", "--short", "HEAD").stdout.strip()
    if current != branch:
        raise _refuse(f"the checked-out branch is {current or 'none (detached)'}, not {branch}", f"git switch {branch}")
    if _git(root, "stash", "list").strip():
        raise _refuse("the repository has stashed changes, which history rewriting would lose", "git stash drop them")
    if _git(root, "worktree", "list", "--porcelain").count("worktree ") > 1:
        raise _refuse("the repository has other worktrees, which cannot be rewritten", "git worktree remove them")


def _committer(root: Path) -> str:
    ident = run_git(root, "var", "GIT_COMMITTER_IDENT")
    if ident.returncode != 0 or not ident.stdout.strip():
        raise _refuse("git does not know who you are, so the erasure cannot be recorded", "git config user.name/email")
    return re.sub(r"\s+\d+\s+[+-]\d{4}$", "", ident.stdout.strip())


def _pattern(text: str) -> str:
    """A case-insensitive regular expression for `text` as a whole word, whatever spaces or line breaks split it."""
    words = [re.escape(word).replace("=", r"\=") for word in text.split()]
    return r"(?i)(?<![A-Za-z0-9])" + r"\s+".join(words) + r"(?![A-Za-z0-9])"


RECORD_FOLDERS = (DECISIONS, DECISION_MAKER, FORUM)
"""A meeting's folders of records about one referral each: decisions, decision makers' decisions, forums' answers."""


def _historic_paths(root: Path, referral_ids: set[str], case_ids: tuple[str, ...]) -> set[str]:
    """Every path in history that held one of the referrals, their decisions, or (renamed away) the case ids."""
    listed = _git(root, "log", "--all", "--format=", "--name-only", "--no-renames", "--", "submissions", "meetings")
    paths = set()
    for path in set(listed.splitlines()):
        parts = path.split("/")
        stem = parts[-1].removesuffix(".md")
        submitted = parts[0] == "submissions" and (
            stem in referral_ids or (len(parts) > 2 and parts[1] in referral_ids)
        )
        decided = (
            len(parts) == 4 and parts[0] == "meetings" and parts[2] in RECORD_FOLDERS and stem in referral_ids
        ) or (len(parts) == 3 and parts[:2] == ["meetings", OUTSIDE] and stem[11:] in referral_ids)
        if submitted or decided:
            paths.add(path)
    present = set(_git(root, "ls-files", "--", "submissions").splitlines())
    for case_id in case_ids:
        touched = _git(
            root, "log", "--all", "--format=", "--name-only", "--no-renames", f"-S{case_id}", "--", "submissions"
        )
        paths |= {p for p in touched.splitlines() if p and p not in present and p.startswith("submissions/")}
    return paths


def plan_erasure(repo: Repository, case_ids: tuple[str, ...], also: tuple[str, ...]) -> ErasurePlan:
    """Which referrals, decisions, texts and packs concern the children; refuses unknown ids and sibling records."""
    known = {c.case_id for r in repo.referrals for c in r.children}
    for case_id in case_ids:
        if case_id not in known:
            close = difflib.get_close_matches(case_id, sorted(known), n=1)
            raise _refuse(
                f"no referral names a child with case id {case_id}",
                f"did you mean {close[0]}?"
                if close
                else "give the case_id of a child in submissions/ (panel retention)",
            )
    wanted = set(case_ids)
    concerned = [r for r in repo.referrals if wanted & {c.case_id for c in r.children}]
    for referral in concerned:
        others = sorted({c.case_id for c in referral.children} - wanted)
        if others:
            raise _refuse(
                f"{referral.id} is also about {', '.join(others)}, whose records are not being erased",
                "erase the children of a shared referral together (--child for each), or edit the referral first",
            )
    identifiers = {c.case_id for r in concerned for c in r.children}
    identifiers |= {c.name.strip() for r in concerned for c in r.children if c.name.strip()}
    identifiers |= {text.strip() for text in also}
    for text in identifiers:
        if len(text.replace(" ", "")) < MIN_IDENTIFIER or "==>" in text or "\n" in text:
            raise _refuse(
                f"{text!r} cannot be erased as text", f"give at least {MIN_IDENTIFIER} characters on one line"
            )
    ids = {r.id for r in concerned}
    decisions = tuple(sorted((d.meeting.isoformat(), d.outcome) for d in repo.decisions if d.referral in ids))
    meetings = sorted(
        folder.name
        for folder in (repo.root / "meetings").glob("*")
        if _MEETING_FOLDER.fullmatch(folder.name) and _hears(folder / "agenda.md", ids)
    )
    tags = _git(repo.root, "tag", "--list", "pack/*").split()
    packs = tuple(t for t in tags if t.split("/")[1:2] and t.split("/")[1] in meetings)
    return ErasurePlan(
        case_ids=tuple(sorted(wanted)),
        referrals=tuple(sorted(ids)),
        identifiers=tuple(sorted(identifiers, key=lambda t: (-len(t), t))),
        paths=tuple(sorted(_historic_paths(repo.root, ids, case_ids))),
        decisions=decisions,
        meetings=tuple(meetings),
        packs=packs,
    )


def _hears(path: Path, referral_ids: set[str]) -> bool:
    if files.entry_mode(path) is None:
        return False
    agenda, _ = read_agenda(path, path.name)
    return agenda is not None and any(i.referral in referral_ids for i in agenda.items + agenda.late)


def _approval_lines(root: Path) -> int:
    messages = _git(root, "log", "--all", "--format=%B%x00")
    return sum(
        1 for line in messages.splitlines() if ":" in line and line.split(":", 1)[0].strip().lower() in APPROVAL_KEYS
    )


def _refs_naming(root: Path, identifiers: tuple[str, ...]) -> list[str]:
    refs = _git(root, "for-each-ref", "--format=%(refname)").split()
    return [
        ref for ref in refs if any(re.search(_pattern(i), ref.replace("-", " ").replace("_", " ")) for i in identifiers)
    ]


def _rewrite(root: Path, plan: ErasurePlan) -> None:
    with tempfile.TemporaryDirectory(prefix="panel-erase-") as private:
        # The expressions name the child: they live only in this private folder, removed when done.
        expressions = Path(private) / "expressions"
        expressions.write_text(
            "".join(f"regex:{_pattern(text)}==>{ERASED}\n" for text in plan.identifiers), encoding="utf-8"
        )
        paths = Path(private) / "paths"
        paths.write_text("".join(f"{path}\n" for path in plan.paths), encoding="utf-8")
        done = subprocess.run(
            [
                *filter_repo_command(),
                "--force",
                "--quiet",
                "--invert-paths",
                "--paths-from-file",
                str(paths),
                "--replace-text",
                str(expressions),
                "--replace-message",
                str(expressions),
                # Keep every commit, merges included, so every approval trailer stays where it was.
                "--prune-empty",
                "never",
                "--prune-degenerate",
                "never",
            ],
            cwd=root,
            capture_output=True,
            text=True,
            check=False,
        )
    if done.returncode != 0:
        raise PanelError(
            f"error: git-filter-repo failed: {done.stderr.strip()[-800:]}",
            "hint: the repository may be partly rewritten; restore it from the shared repository (git clone) "
            "and run panel erase again",
            exit_code=EXIT_USAGE,
        )
    # Files git leaves behind that can hold old messages or branch names.
    for name in ("COMMIT_EDITMSG", "ORIG_HEAD", "FETCH_HEAD", "MERGE_MSG", "SQUASH_MSG"):
        (root / ".git" / name).unlink(missing_ok=True)
    _git(root, "reflog", "expire", "--expire=now", "--all")
    _git(root, "gc", "--prune=now", "--quiet")


def _remove_outputs(root: Path, plan: ErasurePlan) -> list[str]:
    """Built outputs that may hold the child: the site and the packs of the meetings that heard them."""
    targets = [root / "site", root / "build" / "site-src"]
    targets += [root / "build" / "packs" / meeting for meeting in plan.meetings]
    removed = []
    for target in targets:
        if target.is_symlink():
            target.unlink()
        elif target.is_dir():
            shutil.rmtree(target)
        else:
            continue
        removed.append(target.relative_to(root).as_posix())
    return removed


def erase(
    root: Path,
    case_ids: tuple[str, ...],
    authority: str,
    also: tuple[str, ...],
    today: dt.date,
    now: dt.datetime,
    *,
    paths: tuple[str, ...] = (),
    dry_run: bool = False,
) -> ErasureResult | ErasurePlan:
    """Erase the children's records everywhere in this clone and record it in the ledger (a dry run: the plan)."""
    require_panel(root)
    authority = authority.strip()
    if not authority or len(authority) > MAX_AUTHORITY or "\n" in authority:
        raise _refuse(
            "--authority must say, on one line of at most 500 characters, under what authority this is erased",
            'e.g. --authority "Retention schedule 4.2 (children\'s social care records), approved by the DPO"',
            EXIT_USAGE,
        )
    repo = read_repository(root, today)
    if repo.config is None:
        raise PanelError("panel.yml has problems; fix them first.", diagnostics=repo.diagnostics.sorted(), exit_code=2)
    _check_clone(root, repo.config.sign_off.branch)
    errors = [d for d in repo.diagnostics.sorted() if d.severity is Severity.ERROR]
    if errors:
        raise PanelError(
            "error: some records cannot be read, so the child's records cannot all be found; fix them first "
            "(panel check); nothing was changed",
            diagnostics=errors,
        )
    plan = plan_erasure(repo, case_ids, also)
    for extra in paths:
        parts = extra.split("/")
        if not extra or extra.startswith("/") or "\n" in extra or any(p in ("", ".", "..", ".git") for p in parts):
            raise _refuse(
                f"--path {extra!r} is not a path inside the repository", "e.g. --path meetings/2026-12-03/x.pdf"
            )
    plan.paths = tuple(sorted({*plan.paths, *paths}))
    if any(re.search(_pattern(text), authority) for text in plan.identifiers):
        raise _refuse("--authority names the child", "describe the authority without the child's name or case id")
    named = _refs_naming(root, plan.identifiers)
    if named:
        raise _refuse(f"branch or tag names name the child: {', '.join(named)}", "delete them (git branch -D NAME)")
    ledger = root / LEDGER
    if ledger.is_symlink() or (files.entry_mode(ledger) is not None and not ledger.is_file()):
        raise _refuse(f"{LEDGER} is not a regular file", f"restore {LEDGER} from the shared repository")
    by = _committer(root)
    filter_repo_command()  # refuses before anything changes when it is missing
    if dry_run:
        return plan
    origin = run_git(root, "remote", "get-url", "origin")
    before = _git(root, "rev-parse", "HEAD").strip()
    approvals_before = _approval_lines(root)
    _rewrite(root, plan)
    approvals_after = _approval_lines(root)
    removed = _remove_outputs(root, plan)
    entry = ledger_entry(
        when=now,
        by=by,
        authority=authority,
        children=len(plan.case_ids),
        referrals=plan.referrals,
        paths=plan.paths,
        decisions=plan.decisions,
        packs=plan.packs,
        texts=len(plan.identifiers),
        approvals=approvals_after,
        before=before,
        after=_git(root, "rev-parse", "HEAD").strip(),
    )
    existing = files.read_regular(ledger, limit=MAX_LEDGER, root=root).decode("utf-8") if ledger.exists() else ""
    files.write_atomic(ledger, (existing or LEDGER_HEADER) + entry)
    _git(root, "add", "--", LEDGER)
    _git(root, "commit", "--quiet", "-m", f"Record an erasure in {LEDGER} (panel erase)")
    return ErasureResult(
        plan,
        _git(root, "rev-parse", "--short", "HEAD").strip(),
        approvals_before,
        approvals_after,
        removed,
        origin.stdout.strip() if origin.returncode == 0 else None,
    )


LEDGER_HEADER = """\
# Erasure ledger: what `panel erase` removed from this repository and its history, when, under what
# authority and by whom. It names no child (only referral ids, paths and counts). Keep it: it is the
# record that the erasure happened. Each entry is added by `panel erase`; do not edit it by hand.
"""
