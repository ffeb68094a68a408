"""Linked panels (panel.yml `linked_panels`): an outcome hands a case on to another panel, which hears it as its own
referral, carrying where it came from (`referred_from`); each panel's pages show the case's path.

Pure rules: what a handed-on referral carries, the path in words, and the check of a referral's `referred_from`.
Reading the other panel's folder is the application's (generator/commands/links.py).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from generator.domain.config.model import PanelConfig, ReferralType
from generator.domain.decisions.model import Decision
from generator.domain.formatting import short_date
from generator.domain.referrals.model import PathStep, Referral
from generator.domain.referrals.schema import MAX_PATH_STEPS
from generator.io.diagnostics import Diagnostic, Severity
from generator.io.schema_errors import did_you_mean

CHILD_FIELDS = ("name", "case_id", "date_of_birth", "expected_delivery", "gender", "ethnicity", "disability")
"""A child's fields every panel's referral has alike (legal_status is carried only where the target defines it)."""


@dataclass(frozen=True)
class Onward:
    """Where a case went from this panel: the linked panel's referral that a decision here started."""

    panel: str
    """The linked panel's name."""
    referral: str
    meeting: dt.date | None
    """The meeting it asks to be heard at there (None when its file does not say a real date)."""


def step_text(step: PathStep) -> str:
    """One hearing in words: 'Resource Panel R-0012, 10 Dec 2026, Referred to the Legal Gateway'."""
    return f"{step.name} {step.referral}, {short_date(step.meeting)}, {step.outcome}"


def path_text(referral: Referral) -> str:
    """The case's path to this referral in words ('' when it was referred here first)."""
    came = referral.referred_from
    if came is None:
        return ""
    return " → ".join([*(step_text(s) for s in came.steps), "this referral"])


def onward_text(config: PanelConfig, decision: Decision, found: Sequence[Onward]) -> str:
    """Where a decision handed the case on, in words ('' when its outcome hands nothing on)."""
    outcome = config.outcome(decision.outcome)
    refers = outcome.refers_to if outcome is not None else None
    if refers is None:
        return ""
    linked = config.linked_panel(refers.panel)
    name = linked.name if linked is not None else refers.panel
    if not found:
        return f"referred to {name}"
    where = "; ".join(
        f"{o.referral}" + (f", for its meeting of {short_date(o.meeting)}" if o.meeting else "") for o in found
    )
    return f"referred to {name}: {where}"


def _scalar(value: Any) -> str:
    """A value as a YAML scalar that reads back as exactly that value (JSON is YAML; strings fully escaped)."""
    return json.dumps(value, ensure_ascii=True)


def _items(entries: Any, keys: Iterable[str]) -> str:
    """A YAML list of mappings, each with those of `keys` the entry gives (scalars only), two spaces in."""
    lines: list[str] = []
    wanted = tuple(keys)
    for entry in entries if isinstance(entries, list) else ():
        if not isinstance(entry, dict):
            continue
        kept = [(k, entry[k]) for k in wanted if isinstance(entry.get(k), str | int | float | bool)]
        for n, (key, value) in enumerate(kept):
            lines.append(f"  {'- ' if n == 0 else '  '}{key}: {_scalar(value)}")
    return "\n".join(lines)


def carried(source: Mapping[str, Any], target: PanelConfig, kind: ReferralType) -> dict[str, Any]:
    """What a handed-on referral carries from the source referral's front matter `source`: its title, children,
    family, network and the case facts both panels ask for (same id and kind), each written as YAML text."""
    statuses = {s.id for s in target.legal_statuses}
    children = [
        {**child, "legal_status": child.get("legal_status") if child.get("legal_status") in statuses else None}
        for child in source.get("children", [])
        if isinstance(child, dict)
    ]
    case = source.get("case") if isinstance(source.get("case"), dict) else {}
    assert isinstance(case, dict)
    facts = {
        entry.id: _scalar(case[entry.id])
        for entry in target.case_fields
        if entry.covers(kind.id) and isinstance(case.get(entry.id), str | int | float | bool)
    }
    title = source.get("title")
    return {
        "title": _scalar(title) if isinstance(title, str) and title else "",
        "children": _items(children, (*CHILD_FIELDS, "legal_status")),
        "family": _items(source.get("family"), ("name", "relationship", "date_of_birth")),
        "network": _items(source.get("network"), ("name", "role")),
        "case": facts,
    }


def referred_from_block(panel_id: str, name: str, referral: Referral, decision: Decision, outcome_name: str) -> str:
    """The `referred_from:` front matter block of the referral a decision hands on (YAML text, newline-ended)."""
    came = referral.referred_from
    earlier = list(came.steps) if came is not None else []
    lines = [
        "referred_from:   # written by panel refer-on: the case's path; leave it as it is",
        f"  panel: {_scalar(panel_id)}",
        f"  name: {_scalar(name)}",
        f"  referral: {_scalar(referral.id)}",
        f"  meeting: {decision.meeting.isoformat()}",
        f"  outcome: {_scalar(outcome_name)}",
    ]
    if decision.rationale.strip():
        lines.append(f"  summary: {_scalar(decision.rationale.strip()[:5000])}")
    if earlier:
        lines.append("  earlier:")
        for step in earlier[-MAX_PATH_STEPS:]:
            lines += [
                f"    - name: {_scalar(step.name)}",
                f"      referral: {_scalar(step.referral)}",
                f"      meeting: {step.meeting.isoformat()}",
                f"      outcome: {_scalar(step.outcome)}",
            ]
    return "\n".join(lines) + "\n"


def referred_from_problems(config: PanelConfig, referrals: Iterable[Referral]) -> list[Diagnostic]:
    """A referral's `referred_from.panel` is one of this panel's linked_panels."""
    found = []
    known = [p.id for p in config.linked_panels]
    for referral in referrals:
        came = referral.referred_from
        if came is None or came.panel in known:
            continue
        mark = referral.source.mark(("referred_from", "panel"))
        hint = did_you_mean(came.panel, known) or (
            f"linked panels: {', '.join(known)}"
            if known
            else f"add {came.name} to panel.yml linked_panels (id: {came.panel}, name and path)"
        )
        found.append(
            Diagnostic(
                referral.path,
                mark.line,
                mark.column,
                "referred-from",
                f"referred_from.panel '{came.panel}' is not one of this panel's linked_panels",
                Severity.ERROR,
                hint,
            )
        )
    return found


def handed_on(config: PanelConfig, decisions: Iterable[Decision], final: Mapping[str, bool]) -> dict[str, Decision]:
    """Each referral's latest final decision whose outcome hands the case on (refers_to), by referral id."""
    found: dict[str, Decision] = {}
    for decision in sorted(decisions, key=lambda d: d.meeting):
        outcome = config.outcome(decision.outcome)
        if final.get(decision.path) and outcome is not None and outcome.refers_to is not None:
            found[decision.referral] = decision
    return found
