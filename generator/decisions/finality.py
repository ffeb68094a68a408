"""Whether a decision is final: merged with the chair's Approved-by trailer, and any change made after."""

from __future__ import annotations

from dataclasses import dataclass

from ..config.model import PanelConfig
from ..history import History
from ..signoff.counting import provable_approvals

CHAIR_ROLE = "chair"


@dataclass(frozen=True)
class Amendment:
    """A change to a decision made after the chair signed it off."""

    commit: str
    at: str
    author: str
    subject: str


@dataclass(frozen=True)
class Finality:
    """Whether a decision is final, who made it so, and any change since."""

    final: bool
    approved_by: str = ""
    approved_at: str = ""
    amendments: tuple[Amendment, ...] = ()


def finality(path: str, history: History, config: PanelConfig) -> Finality:
    """The finality of the decision file at `path` (relative to the panel root) on main."""
    judged = provable_approvals(path, history, config, frozenset())
    counted, ignored = judged.counted, judged.ignored
    chair_signoffs = [(a.name, a.commit, a.at) for a in counted if CHAIR_ROLE in a.roles]
    for stale in ignored:
        # An approval made stale by a later change still made the decision final when it was given.
        person = config.person_by_email(stale.email)
        if person and CHAIR_ROLE in person.roles and stale.reason.startswith("stale"):
            chair_signoffs.append((person.name, stale.commit, stale.at))
    if not chair_signoffs:
        return Finality(False)
    name, commit, at = min(chair_signoffs, key=lambda s: s[2])
    changes = history.changes(path)
    position = next((i for i, c in enumerate(changes) if c.commit == commit), None)
    later = changes[position + 1 :] if position is not None else [c for c in changes if c.at > at]
    amendments = tuple(Amendment(c.commit, c.at.strftime("%d %b %Y %H:%M"), c.author_email, c.subject) for c in later)
    return Finality(True, name, at.strftime("%d %b %Y %H:%M"), amendments)
