"""`panel approve`: record an approval as a commit on main, for teams with no forge to merge through."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from generator.commands.errors import EXIT_PROBLEMS, PanelError, config_or_fail
from generator.commands.history import read_history
from generator.commands.repository import read_repository
from generator.commands.status import referral_status
from generator.domain.config.model import PanelConfig
from generator.domain.history import HistoryUnavailable, format_trailer
from generator.domain.referrals import Referral
from generator.domain.signoff.approval import required_chain
from generator.domain.signoff.status import CLOSED, SIGNED_OFF, ReferralStatus, State
from generator.io import git
from generator.io.diagnostics import Severity


class ApprovalRefused(Exception):
    """The approval cannot be recorded; `hint` says what to do instead."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


@dataclass(frozen=True)
class Recorded:
    """An approval written to main."""

    commit: str
    name: str
    email: str
    role: str
    branch: str
    status: ReferralStatus


def _git(root: Path, *args: str) -> git.Completed:
    try:
        return git.run(root, *args)
    except git.GitMissing:
        raise ApprovalRefused("git is not installed", "install git (e.g. apt-get install git)") from None


def _written(root: Path, *args: str) -> str:
    """The output of a git command that writes the approval; refuses with git's message when it fails."""
    done = _git(root, *args)
    if done.returncode != 0:
        raise ApprovalRefused(f"git could not write the approval: {done.stderr.strip()}", "see git's message")
    return done.stdout.strip()


def _identity(root: Path) -> str:
    # The author git will write on the approval commit (GIT_AUTHOR_EMAIL, EMAIL or user.email, as git chooses),
    # so the person checked is the person recorded.
    ident = _git(root, "var", "GIT_AUTHOR_IDENT").stdout.strip()
    email = ident.rpartition("<")[2].partition(">")[0].strip() if "<" in ident else ""
    if not email:
        raise ApprovalRefused(
            "git does not know who you are (no user.email)",
            "set it to the work email panel.yml lists for you: git config user.email you@council.example",
        )
    return email.lower()


def _checked_referral(root: Path, referral_id: str, today: dt.date) -> tuple[Referral, PanelConfig]:
    repo = read_repository(root, today, jobs=1)
    if repo.config is None:
        raise ApprovalRefused("panel.yml has problems", "run: panel check")
    referral = repo.referral(referral_id)
    if referral is None:
        broken = [d for d in repo.diagnostics if d.path.endswith(f"/{referral_id}.md")]
        if broken:
            raise ApprovalRefused(f"{referral_id} fails panel check: {broken[0].format()}", "fix it, then: panel check")
        raise ApprovalRefused(f"there is no referral {referral_id} in submissions/", "check the id: panel status")
    errors = [d for d in repo.diagnostics if d.path == referral.path and d.severity is Severity.ERROR]
    if errors:
        raise ApprovalRefused(
            f"{referral_id} fails panel check ({len(errors)} problem(s)); first: {errors[0].format()}",
            "ask the worker to fix it and merge the fix, then approve: panel check",
        )
    return referral, repo.config


def record_approval(root: Path, referral_id: str, role: str, today: dt.date, *, sign: bool = False) -> Recorded:
    """Approve `referral_id` as `role` with the local git identity; refuses with ApprovalRefused."""
    referral, config = _checked_referral(root, referral_id, today)
    required = required_chain(config, referral.type, referral.data, referral.meeting)
    chain = required.roles
    if role not in chain:
        why = f" ({required.because})" if required.because else ""
        raise ApprovalRefused(
            f"'{role}' is not in the sign-off chain of {referral_id}{why}",
            f"the chain is: {', '.join(chain)}",
        )
    if _git(root, "rev-parse", "--git-dir").returncode != 0:
        raise ApprovalRefused(f"{root.resolve()} is not a git repository", "run it in a clone of the panel")
    email = _identity(root)
    person = config.person_by_email(email)
    if person is None:
        raise ApprovalRefused(
            f"your git email {email} is not one of the people in panel.yml",
            "set user.email to your work email (GIT_AUTHOR_EMAIL or EMAIL, if set, come first), or ask the "
            "administrator to add you to panel.yml",
        )
    if role not in person.roles:
        raise ApprovalRefused(
            f"{person.name} ({email}) does not hold the role '{role}'; holds: {', '.join(person.roles)}",
            "approve as a role you hold, or ask someone who holds it",
        )
    branch = config.sign_off.branch
    on = _git(root, "symbolic-ref", "--quiet", "--short", "HEAD")
    if on.returncode != 0 or on.stdout.strip() != branch:
        raise ApprovalRefused(
            f"approvals are recorded on {branch}, but you are not on it",
            f"git switch {branch} && git pull, then approve again",
        )
    try:
        history = read_history(root, config)
        status = referral_status(referral, history, config, root)
    except HistoryUnavailable as exc:
        raise ApprovalRefused(exc.message, exc.hint) from None
    _refuse_if_done(status, referral, history.authors(referral.path), email, role, config)
    message = f"Approve {referral_id} as {role}\n\nReferral: {referral_id}\n{format_trailer(person.name, email)}\n"
    old = _written(root, "rev-parse", "--verify", "HEAD^{commit}")
    args = ["HEAD^{tree}", "-p", "HEAD", "-m", message]
    if sign:
        args.insert(0, "-S")
    new = _written(root, "commit-tree", *args)
    _written(root, "update-ref", f"refs/heads/{branch}", new, old, "-m", f"panel approve {referral_id}")
    after = referral_status(referral, read_history(root, config), config, root)
    return Recorded(new, person.name, email, role, branch, after)


def _refuse_if_done(
    status: ReferralStatus, referral: Referral, authors: set[str], email: str, role: str, config: PanelConfig
) -> None:
    key = config.email_key
    ordered = config.sign_off.ordered
    if status.state is State.DRAFT:
        raise ApprovalRefused(f"{referral.id} is not on main yet", "merge the referral first, then approve it")
    if status.state in (*CLOSED, State.RECOMMENDED):
        raise ApprovalRefused(f"{referral.id} is {status.state}; there is nothing to approve", "see: panel status")
    if key(email) == key(referral.worker_email) or key(email) in {key(a) for a in authors}:
        raise ApprovalRefused(f"you wrote or changed {referral.id}, so you cannot approve it", "ask another manager")
    for signed_role, signer in status.roles.items():
        if key(signer) == key(email):
            raise ApprovalRefused(f"you have already approved {referral.id} (as {signed_role})", "see: panel status")
    if status.state in SIGNED_OFF or role not in status.missing_roles:
        who = status.roles.get(role, "someone")
        raise ApprovalRefused(f"{referral.id} is already approved as {role} by {who}", "see: panel status")
    if ordered and status.missing_roles and status.missing_roles[0] != role:
        raise ApprovalRefused(
            f"the sign-off chain is ordered and {referral.id} is awaiting {status.missing_roles[0]} first",
            f"ask a {status.missing_roles[0]} to approve it before you do",
        )


def approve(root: Path, referral_id: str, role: str, today: dt.date, sign: bool | None) -> Recorded:
    """`panel approve`: record the approval (signed when asked, else when panel.yml requires signatures)."""
    config = config_or_fail(root)
    wants_signature = config.sign_off.require_signatures if sign is None else sign
    try:
        return record_approval(root, referral_id, role, today, sign=wants_signature)
    except ApprovalRefused as exc:
        raise PanelError.hinted(exc.message, exc.hint, EXIT_PROBLEMS) from exc
