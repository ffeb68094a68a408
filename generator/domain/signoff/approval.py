"""Does this approval count? The one place that decides, for referrals and for decisions.

An approval line of a first-parent commit that names a file counts only where the program can tell it
was made by the merge (a merge commit whose trailers were not brought in from the branch) or by the
approver (`panel approve`'s empty commit authored by the approver, or any commit signed with the
approver's key when signatures are required), is not stale (the file did not change after it), and
names a person in panel.yml (`provable_approvals`). For a referral, `count_signoffs` then matches what
counts to its sign-off chain: never its own writers (self-approval), only people holding a role in the
chain, one person per role, in order where `sign_off.ordered` says so (`match_chain`). Decision
finality (`signoff/finality.py`) asks `provable_approvals` about the chair's approval, and
`partner_agreements` whether each partner funder's agreement to its share is recorded;
`required_chain` says which roles must sign a referral off, and why, where a type's `sign_off_bands`
make it depend on the referral (a scheme of delegation by cost band);
`finance_signoff` says who signed an expenditure snapshot off. `panel check`,
`panel status`, the site, `panel agenda`, `panel pack` and `panel approve` all get their answers here;
`History` (domain/history/model.py) holds the facts only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from generator.domain.calendar import LONDON
from generator.domain.conditions import evaluate
from generator.domain.config.model import FunderConfig, PanelConfig, Person
from generator.domain.history.gitlog import LogCommit
from generator.domain.history.model import Approval, History, Ignored
from generator.domain.history.signatures import describe, signed_by
from generator.domain.history.trailers import Signer

UNPROVABLE = (
    "is in a commit that is not a merge (a squash, rebase, fast-forward or a contributor's own commit), "
    "which cannot be told from a trailer anyone could type; approvals count in a merge commit "
    "written by the forge, or in a `panel approve` commit"
)


@dataclass(frozen=True)
class Judged:
    """Approvals of one file that count (repeats included, in the order they came) and those that do not."""

    counted: list[Approval]
    ignored: list[Ignored]


def provable_approvals(path: str, history: History, config: PanelConfig, writers: frozenset[str]) -> Judged:
    """Judge every approval line naming `path`; `writers` are the email keys of whoever wrote the file."""
    last = history.last_change(path)
    counted: list[Approval] = []
    ignored: list[Ignored] = []
    for commit in history.approving_commits(path):
        for malformed in commit.trailers.malformed:
            ignored.append(Ignored("", malformed.email, commit.sha, commit.at, malformed.reason, malformed.line))
        for position, signer in enumerate(commit.trailers.signers):
            reason = _reason(commit, signer, path, last, history, config, writers)
            person = config.person_by_email(signer.email)
            if reason or person is None:
                ignored.append(Ignored(signer.name, signer.email, commit.sha, commit.at, reason or "unknown"))
                continue
            order = (commit.index, position)
            counted.append(Approval(person.name, person.email.lower(), person.roles, commit.sha, commit.at, order))
    return Judged(counted, ignored)


def _reason(
    commit: LogCommit,
    signer: Signer,
    path: str,
    last: LogCommit | None,
    history: History,
    config: PanelConfig,
    writers: frozenset[str],
) -> str | None:
    """Why `signer`'s approval in `commit` does not count, or None when it counts."""
    unproved = _unproved(commit, signer, history, config, writers)
    if unproved:
        return unproved
    if last is not None and commit.index < last.index:
        return f"stale: {path} changed after it, in {last.sha[:10]}"
    return None


def _unproved(
    commit: LogCommit, signer: Signer, history: History, config: PanelConfig, writers: frozenset[str]
) -> str | None:
    """Why the program cannot tell that `signer` (or the merge) made this approval, or None when it can."""
    person = config.person_by_email(signer.email)
    if person is None:
        return f"{signer.email} is not one of the people in panel.yml"
    if config.sign_off.require_signatures:
        if signed_by(person, commit.signature):
            return None
        return (
            f"signatures are required and commit {commit.sha[:10]} has {describe(commit.signature)} "
            f"from a key listed for {person.name}"
        )
    key = config.email_key
    if commit.is_merge:
        if key(commit.author_email) in writers:
            return (
                f"merge {commit.sha[:10]} was made by {commit.author_email}, who wrote or changed this file, "
                "so its trailers cannot approve it"
            )
        brought = history.branch_approval_addresses(commit)
        if brought and key(signer.email) in {key(a) for a in brought}:
            return (
                "copied: the same approval line is in a commit of the merged branch, so the merge "
                "did not write it (use a merge message template that lists approvals, not the branch's commits)"
            )
        return None
    made_by_approver = key(commit.author_email) == key(signer.email)
    approval_commit = not commit.changes and len(commit.trailers.signers) == 1
    if made_by_approver and approval_commit:
        return None
    if approval_commit:
        return (
            f"an approval commit made by {commit.author_email}, not by {signer.email}: "
            "`panel approve` records only its own author's approval"
        )
    return UNPROVABLE


@dataclass(frozen=True)
class RecordApproval:
    """The approval that made a record (a decision, a decision maker's decision) stand."""

    name: str
    commit: str
    at: dt.datetime


def record_approval(
    path: str,
    history: History,
    config: PanelConfig,
    may: Callable[[Person], bool],
    not_before: dt.date | None = None,
) -> RecordApproval | None:
    """The first counting approval of the record at `path` by a person `may` accepts, given on or after `not_before`.

    The rules of `provable_approvals` apply, except that an approval made stale by a later change still made the
    record stand when it was given (the change shows as an amendment). A record's writers may approve it: the chair
    writes the decisions they approve.
    """
    judged = provable_approvals(path, history, config, frozenset())
    candidates = [(a.email, a.commit, a.at) for a in judged.counted]
    candidates += [(i.email, i.commit, i.at) for i in judged.ignored if i.reason.startswith("stale")]
    found = []
    for email, commit, at in candidates:
        person = config.person_by_email(email)
        if person is None or not may(person):
            continue
        if not_before is not None and at.astimezone(LONDON).date() < not_before:
            continue
        found.append(RecordApproval(person.name, commit, at))
    return min(found, key=lambda a: a.at) if found else None


@dataclass(frozen=True)
class ChainResult:
    """Which approval signed for each role, and which roles are still missing (in chain order)."""

    signed: tuple[tuple[str, Approval], ...]
    missing: tuple[str, ...]


def match_chain(chain: tuple[str, ...], approvals: list[Approval], ordered: bool, excluded: set[str]) -> ChainResult:
    """Give each role in `chain` the earliest approval by a different person who holds it.

    `approvals` are in the order they were made; `excluded` are emails that may not approve
    (the referral's authors). When `ordered`, each role's approval must come after the previous role's.
    """
    usable = sorted((a for a in approvals if a.email not in excluded), key=lambda a: a.order)
    used: set[str] = set()
    signed: list[tuple[str, Approval]] = []
    missing: list[str] = []
    after: tuple[int, int] = (-1, -1)
    for role in chain:
        if ordered and missing:
            missing.append(role)
            continue
        pick = next(
            (a for a in usable if role in a.roles and a.email not in used and (not ordered or a.order > after)),
            None,
        )
        if pick is None:
            missing.append(role)
            continue
        used.add(pick.email)
        signed.append((role, pick))
        after = pick.order
    return ChainResult(tuple(signed), tuple(missing))


@dataclass(frozen=True)
class RequiredChain:
    """The roles that must sign a referral off, in order, and why ('' when its type has no sign-off bands)."""

    roles: tuple[str, ...]
    because: str


def required_chain(config: PanelConfig, type_id: str, data: Mapping[str, Any], meeting: dt.date) -> RequiredChain:
    """The chain for a referral of `type_id` with front matter `data`: its type's first band that holds, else its own.

    E.g. "costs.weekly is £450: above £100, so it needs a Service Delivery Manager".
    """
    own = config.chain_for(type_id)
    kind = config.referral_type(type_id)
    bands = kind.sign_off_bands if kind is not None else ()
    because = ""
    for band in bands:
        verdict = evaluate(band.when, data, meeting, config.field_kinds)
        if verdict.holds:
            return RequiredChain(band.chain, f"{verdict.because}, so it needs {_roles(config, band.chain, own)}")
        because = verdict.because
    if not bands:
        return RequiredChain(own, "")
    return RequiredChain(own, f"{because}, so {_roles(config, own, ())} signs it off")


def _roles(config: PanelConfig, chain: tuple[str, ...], besides: tuple[str, ...]) -> str:
    """The roles of `chain` not in `besides` (all when none is new), by name: 'a Head of Service'."""
    new = [r for r in chain if r not in besides] or list(chain)
    return " and ".join(f"{_article(config.role_name(r))} {config.role_name(r)}" for r in new)


def _article(name: str) -> str:
    return "an" if name[:1].lower() in "aeiou" else "a"


@dataclass(frozen=True)
class SignOffs:
    """A referral's sign-off: which approval signed each role, the roles missing, and what did not count."""

    signed: tuple[tuple[str, Approval], ...]
    missing: tuple[str, ...]
    ignored: list[Ignored]


def count_signoffs(
    path: str, worker_email: str, chain: tuple[str, ...], history: History, config: PanelConfig
) -> SignOffs:
    """Which approvals of the referral at `path` sign its `chain`, and every one that does not count, with why."""
    key = config.email_key
    writers = frozenset({key(worker_email)} | {key(a) for a in history.authors(path)})
    judged = provable_approvals(path, history, config, writers)
    by_key = [(a, key(a.email)) for a in judged.counted]
    result = match_chain(chain, [a for a, k in by_key if k not in writers], config.sign_off.ordered, set())
    ignored = list(judged.ignored)
    used = {key(a.email) for _, a in result.signed}
    for approval, approver in by_key:
        if approver in used:
            continue
        used.add(approver)
        if approver in writers:
            reason = "self-approval: the approver wrote or changed this referral (as its worker or in a commit)"
        elif not set(approval.roles) & set(chain):
            held = ", ".join(approval.roles) or "none"
            reason = f"holds no role in the sign-off chain ({', '.join(chain)}); holds: {held}"
        elif config.sign_off.ordered:
            reason = "out of order, or signs a role already signed by someone else"
        else:
            reason = "signs a role already signed by someone else"
        ignored.append(Ignored(approval.name, approval.email, approval.commit, approval.at, reason))
    return SignOffs(result.signed, result.missing, ignored)


def partner_agreements(
    path: str, history: History, config: PanelConfig, partners: tuple[FunderConfig, ...], meeting: dt.date | None
) -> dict[str, Approval | None]:
    """Each partner funder's agreement to its share of the decision at `path`, by id (None: not recorded).

    It is the earliest approval of the decision that counts (or counted before a later change made it stale,
    as for the chair), by a holder of the funder's `agrees` role, given on or after the day of the meeting.
    """
    if not partners:
        return {}
    candidates = _agreements(path, history, config)
    return {partner.id: _first_by(candidates, (partner.agrees,), meeting) for partner in partners}


def role_approval(
    path: str, history: History, config: PanelConfig, roles: tuple[str, ...], meeting: dt.date | None
) -> Approval | None:
    """The earliest approval of the record at `path` that counts (or counted before a later change made it stale)
    by a holder of one of `roles`, given on or after the day of the meeting (an in-principle decision's role)."""
    return _first_by(_agreements(path, history, config), roles, meeting)


def _agreements(path: str, history: History, config: PanelConfig) -> list[Approval]:
    """Every approval of the record at `path` that counts or counted before a later change, oldest first."""
    judged = provable_approvals(path, history, config, frozenset())
    candidates = list(judged.counted)
    for stale in judged.ignored:
        person = config.person_by_email(stale.email)
        if stale.reason.startswith("stale") and person is not None:
            candidates.append(Approval(person.name, person.email.lower(), person.roles, stale.commit, stale.at, (0, 0)))
    candidates.sort(key=lambda a: a.at)
    return candidates


def _first_by(candidates: list[Approval], roles: tuple[str, ...], meeting: dt.date | None) -> Approval | None:
    """The first of `candidates` by a holder of one of `roles`, on or after the meeting's day."""
    return next(
        (
            a
            for a in candidates
            if set(roles) & set(a.roles) and (meeting is None or a.at.astimezone(LONDON).date() >= meeting)
        ),
        None,
    )


def finance_signoff(path: str, history: History, config: PanelConfig, role: str) -> Approval | None:
    """The first counting approval of the expenditure snapshot at `path` by a holder of `role` who did not write it."""
    key = config.email_key
    writers = frozenset(key(a) for a in history.authors(path))
    judged = provable_approvals(path, history, config, writers)
    return next((a for a in judged.counted if role in a.roles and key(a.email) not in writers), None)


def chair_confirmation(path: str, history: History, config: PanelConfig) -> Approval | None:
    """The first approval of the file at `path` (an agenda) that counts and was given by someone who may chair.

    As for any approval, it must be provable and not stale: a change to the file after it needs a new one.
    """
    for approval in provable_approvals(path, history, config, frozenset()).counted:
        person = config.person_by_email(approval.email)
        if person is not None and config.may_chair(person):
            return approval
    return None
