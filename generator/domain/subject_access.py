"""Subject access: whose records are whose, and what of other children must be hidden from a shared record.

Pure rules. A child is found by case id; any other person by email or name. A record about several children
(a sibling group) is shared: in a child's bundle the other children's names, first names and case ids are
replaced; in anyone else's bundle every child's are (a request for a child is made with `--child CASE-ID`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from generator.domain.config.model import PanelConfig, email_key
from generator.domain.decisions import Decision, MeetingRecord
from generator.domain.referrals import Referral
from generator.domain.referrals.model import Child

OTHER_CHILD = "[another child]"
OTHER_CASE = "[case id withheld]"
A_CHILD = "[a child]"


class SubjectNotFound(Exception):
    """Nothing in the repository names the person asked about; the message says what was searched."""


@dataclass(frozen=True)
class Subject:
    """Whom the request is about: a child (by case id) or a person (by email or name)."""

    kind: str
    """'child' or 'person'."""
    key: str
    """The case id, email or name as asked."""
    name: str
    names: frozenset[str] = frozenset()
    """Every name the subject goes by in the records, case-folded."""
    emails: frozenset[str] = frozenset()
    """The subject's addresses, as approvals compare them."""

    @property
    def is_child(self) -> bool:
        """True for a request made for a child (by case id)."""
        return self.kind == "child"


def find_child(referrals: Sequence[Referral], case_id: str) -> Subject:
    """The child with this case id; raises SubjectNotFound."""
    for referral in referrals:
        for child in referral.children:
            if child.case_id.casefold() == case_id.strip().casefold():
                return Subject("child", child.case_id, child.name, frozenset({child.name.casefold()}))
    raise SubjectNotFound(f"no referral names a child with case id {case_id!r} (children[].case_id)")


def find_person(config: PanelConfig, referrals: Sequence[Referral], key: str) -> Subject:
    """The person with this email or name, as panel.yml or any referral names them; raises SubjectNotFound."""
    wanted = key.strip()
    plus = config.panel.email_plus_addressing
    if "@" in wanted:
        email = email_key(wanted, plus)
        names = {p.name for p in config.people if email_key(p.email, plus) == email}
        names |= {r.worker_name for r in referrals if email_key(r.worker_email, plus) == email}
        if not names:
            raise SubjectNotFound(f"no one in panel.yml or in any referral (worker.email) has the address {wanted!r}")
        name = sorted(names)[0]
        return Subject("person", wanted, name, frozenset(n.casefold() for n in names), frozenset({email}))
    folded = wanted.casefold()
    for referral in referrals:
        for child in referral.children:
            if child.name.casefold() == folded:
                raise SubjectNotFound(
                    f"{wanted} is a child in {referral.path}: ask with --child {child.case_id} (the case id)"
                )
    known = {p.name.casefold(): p for p in config.people}
    emails = frozenset({email_key(known[folded].email, plus)}) if folded in known else frozenset()
    named = any(folded in _people_named(r) for r in referrals)
    if folded not in known and not named:
        raise SubjectNotFound(
            f"no one named {wanted!r} in panel.yml or in any referral (worker, family, network, scaling)"
        )
    return Subject("person", wanted, wanted, frozenset({folded}), emails)


def _people_named(referral: Referral) -> set[str]:
    names = {referral.worker_name, *(f.name for f in referral.family), *(n.name for n in referral.network)}
    names |= {s.person for s in referral.scaling}
    return {n.casefold() for n in names}


def about(subject: Subject, referral: Referral, config: PanelConfig) -> bool:
    """True when the referral is about the subject, or names them (worker, family, network, scaling)."""
    if subject.is_child:
        return any(c.case_id == subject.key for c in referral.children)
    if subject.emails and email_key(referral.worker_email, config.panel.email_plus_addressing) in subject.emails:
        return True
    return bool(subject.names & _people_named(referral))


def decision_about(subject: Subject, decision: Decision, referral_ids: set[str]) -> bool:
    """True when the decision is on one of the subject's referrals, or (a person) gives them an action."""
    if decision.referral in referral_ids:
        return True
    return not subject.is_child and any(a.owner.casefold() in subject.names for a in decision.actions)


def meeting_mentions(subject: Subject, meeting: MeetingRecord, words: Iterable[str]) -> list[str]:
    """The lines of the minutes that mention the subject (their referral ids, case id or names)."""
    pattern = _words(words)
    if pattern is None:
        return []
    return [line for line in meeting.minutes.splitlines() if pattern.search(line)]


def meeting_attended(subject: Subject, meeting: MeetingRecord) -> bool:
    """True when a person was in the meeting (chair, present, apologies, in attendance, a declaration)."""
    if subject.is_child:
        return False
    people = [meeting.chair, *meeting.present, *meeting.apologies, *meeting.in_attendance]
    people += [s.name for s in meeting.substitutes]
    people += [d.member for d in meeting.declarations]
    pattern = _words(subject.names)
    return pattern is not None and any(pattern.search(p) for p in people)


def _words(words: Iterable[str]) -> re.Pattern[str] | None:
    wanted = sorted({w for w in words if w.strip()}, key=len, reverse=True)
    if not wanted:
        return None
    return re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(w) for w in wanted) + r")(?![\w-])", re.I)


@dataclass
class Redactor:
    """Replaces other children's names, first names and case ids in text, counting what it replaced."""

    replacements: list[tuple[re.Pattern[str], str]] = field(default_factory=list)
    count: int = 0

    @classmethod
    def for_subject(cls, subject: Subject, everyone: Sequence[Referral], shared: Sequence[Referral]) -> Redactor:
        """Every other child's full name and case id; the first names of the other children in `shared` records."""
        others = [c for r in everyone for c in r.children if not (subject.is_child and c.case_id == subject.key)]
        full = {c.name for c in others if c.name.strip()}
        own_first = {n.split()[0].casefold() for n in subject.names if n.split()} if subject.is_child else set()
        first = {
            c.name.split()[0]
            for r in shared
            for c in r.children
            if c in others and c.name.split() and c.name.split()[0].casefold() not in own_first
        }
        label = OTHER_CHILD if subject.is_child else A_CHILD
        found = cls()
        for words, shown in ((full, label), ({c.case_id for c in others}, OTHER_CASE), (first - full, label)):
            pattern = _words(words)
            if pattern is not None:
                found.replacements.append((pattern, shown))
        return found

    def text(self, value: str) -> str:
        """`value` with every other child's identifiers replaced."""
        for pattern, shown in self.replacements:
            value, count = pattern.subn(shown, value)
            self.count += count
        return value

    def children(self, subject: Subject, children: Sequence[Child]) -> tuple[list[Child], int]:
        """The children a bundle may show (the subject alone, for a child) and how many were left out."""
        kept = [c for c in children if subject.is_child and c.case_id == subject.key]
        return kept, len(children) - len(kept)
