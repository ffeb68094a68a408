"""calendar.cancellation_needs_chair: every cancelled meeting was agreed by the chair, as git proves.

Each date in `calendar.cancelled` is traced to the first-parent commit of main from which panel.yml has listed it
(panel.yml is read at each commit that changed it); that commit must carry an approval of panel.yml that counts
(`signoff/approval.py`) by someone who may chair. Dates already in the first panel.yml are the terms of reference
as adopted and need none. With `revisions`, each day is judged under the terms in force on it (its list, its
`cancellation_needs_chair` and who may chair then), and a date counts as listed from the commit where any of
panel.yml's lists first named it. Without a git history there is nothing to prove, and nothing is reported.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from generator.commands.history import read_history
from generator.domain.config import CONFIG_NAME
from generator.domain.config.model import PanelConfig
from generator.domain.history import History, HistoryUnavailable
from generator.domain.signoff.approval import provable_approvals
from generator.io import git, yamlsafe
from generator.io.diagnostics import Diagnostic, Severity

MAX_CONFIG_BYTES = 1_000_000


def _cancelled_at(root: Path, commit: str) -> set[dt.date]:
    """The dates panel.yml cancelled at `commit` (none when it cannot be read there)."""
    try:
        raw = git.show_bytes(root, commit, f"./{CONFIG_NAME}")
    except git.GitMissing:
        return set()
    if raw is None or len(raw) > MAX_CONFIG_BYTES:
        return set()
    data, _, problems = yamlsafe.load(raw.decode("utf-8", "replace"))
    if not isinstance(data, dict) or problems:
        return set()
    revisions = data.get("revisions")
    sections = [data, *(r for r in (revisions if isinstance(revisions, list) else []) if isinstance(r, dict))]
    found = set()
    for section in sections:  # the terms as adopted and each revision's own list
        calendar = section.get("calendar")
        listed = calendar.get("cancelled") if isinstance(calendar, dict) else None
        for value in listed if isinstance(listed, list) else []:
            try:
                found.add(dt.date.fromisoformat(str(value)))
            except ValueError:
                continue
    return found


def _approvers(history: History, config: PanelConfig) -> set[tuple[str, str]]:
    """(email, commit) of each approval of panel.yml that counted, or did when it was given."""
    judged = provable_approvals(CONFIG_NAME, history, config, frozenset())
    found = {(a.email, a.commit) for a in judged.counted}
    return found | {(i.email, i.commit) for i in judged.ignored if i.reason.startswith("stale")}


def _chair_agreed(approvers: set[tuple[str, str]], commit: str, terms: PanelConfig) -> bool:
    """True when someone who may chair under `terms` approved `commit`."""
    for email, approved in approvers:
        person = terms.person_by_email(email) if approved == commit else None
        if person is not None and terms.may_chair(person):
            return True
    return False


def unagreed_cancellations(root: Path, config: PanelConfig) -> list[Diagnostic]:
    """An error for each cancelled date whose adding the chair did not approve."""
    # Each cancelled day is judged under the terms in force on it (panel.yml `revisions`).
    cancelled = {
        day: terms for terms in config.every_term for day in terms.calendar.cancelled if config.at(day) is terms
    }
    if not any(terms.calendar.cancellation_needs_chair for terms in cancelled.values()):
        return []
    try:
        history = read_history(root, config)
    except HistoryUnavailable:
        return []
    changes = history.changes(CONFIG_NAME)
    if not changes:
        return []
    listed: Sequence[set[dt.date]] = [_cancelled_at(root, change.commit) for change in changes]
    approvers = _approvers(history, config)
    problems = []
    for day, terms in sorted(cancelled.items()):
        if not terms.calendar.cancellation_needs_chair:
            continue
        # The change from which panel.yml has listed the date without a break up to now.
        start = len(changes) - 1
        while start > 0 and day in listed[start - 1]:
            start -= 1
        if start == 0 and day in listed[0]:
            continue  # in the terms as first adopted
        if _chair_agreed(approvers, changes[start].commit, terms):
            continue
        mark = terms.source.mark(("calendar", "cancelled", _index_of(terms, day)))
        roles = ", ".join(terms.role_name(r) for r in terms.panel.chair_roles) or "none defined"
        problems.append(
            Diagnostic(
                CONFIG_NAME,
                mark.line,
                mark.column,
                "cancellation-unagreed",
                f"the meeting of {day.isoformat()} was cancelled in commit {changes[start].commit[:10]} without the "
                f"chair's agreement: calendar.cancellation_needs_chair needs the approval of someone who may chair "
                f"({roles}) on the merge that cancels a meeting",
                Severity.ERROR,
                "ask the chair to agree: remove the date, then add it again in a merge request the chair approves",
            )
        )
    return problems


def _index_of(config: PanelConfig, day: dt.date) -> int:
    """The position of `day` in panel.yml's cancelled list as written (past the end, i.e. the list, if not found)."""
    index = 0
    while ("calendar", "cancelled", index) in config.source.values:
        if config.source.raw.get(("calendar", "cancelled", index), "").strip("'\"") == day.isoformat():
            return index
        index += 1
    return index
