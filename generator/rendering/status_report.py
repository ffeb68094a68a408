"""Statuses of many referrals, as a table for people or JSON for programs."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from generator.domain.calendar import LONDON
from generator.domain.config.model import PanelConfig
from generator.domain.formatting import long_date
from generator.domain.registers.follow_up import Step
from generator.domain.signoff.status import ReferralLike, ReferralStatus


def _when(moment: dt.datetime | None) -> str:
    return moment.astimezone(LONDON).strftime("%d %b %H:%M") if moment else ""


def render_steps(steps: list[Step], config: PanelConfig) -> str:
    """The follow-up steps overdue, one line each ('' when none)."""
    if not steps:
        return ""
    lines = ["Follow-up steps overdue (panel.yml outcomes[].follow_up; record them done in the decision's follow_up):"]
    for step in steps:
        follow_up = step.follow_up
        lines.append(
            f"  {step.decision.referral}: {follow_up.step} ({config.role_name(follow_up.by)}), due "
            f"{long_date(step.due)}, {follow_up.describe()}: {step.decision.path}"
        )
    return "\n".join(lines)


def render_text(rows: list[tuple[ReferralLike, ReferralStatus]]) -> str:
    """A plain table, then the approvals that did not count and why."""
    if not rows:
        return "no referrals"
    table = [("Referral", "Meeting", "Type", "Status", "Approved by", "Still needed")]
    notes: list[str] = []
    bands: list[str] = []
    drafts: list[str] = []
    due: list[str] = []
    for referral, status in rows:
        approved = "; ".join(
            f"{a.name} as {role} {_when(a.at)}" for role, a in zip(status.roles, status.approvals, strict=True)
        )
        table.append(
            (
                referral.id,
                referral.meeting.isoformat(),
                referral.type,
                status.label,
                approved or ("-" if status.chain else "no sign-off needed"),
                ", ".join(status.missing_roles) or "-",
            )
        )
        notes += [f"  {referral.id}: {i.who} in {i.commit[:10]} does not count: {i.reason}" for i in status.ignored]
        if status.sign_off_because:
            bands.append(f"  {referral.id}: {status.sign_off_because}")
        drafts += [f"  {referral.id}: {path} is not final: {why}" for path, why in status.draft_decisions]
        due += [f"  {referral.id}: {step.describe()}" for step in status.due_steps if step.due]
    widths = [max(len(row[c]) for row in table) for c in range(len(table[0]))]
    lines = ["  ".join(cell.ljust(widths[c]) for c, cell in enumerate(row)).rstrip() for row in table]
    lines.insert(1, "  ".join("-" * w for w in widths))
    if bands:
        lines += ["", "Who signs off, by the scheme of delegation (panel.yml sign_off_bands):", *bands]
    if notes:
        lines += ["", "Approvals that do not count:", *notes]
    unheard = [
        f"  {r.id}: for the meeting on {long_date(r.meeting)}; no decision recorded" for r, s in rows if s.not_heard
    ]
    if unheard:
        lines += ["", "Signed off but never heard (panel agenda carries them to the next meeting):", *unheard]
    if drafts:
        lines += ["", "Decisions that are not final (they do not count until whoever chaired approves them):", *drafts]
    if due:
        lines += ["", "Deadlines counted from events (panel.yml calendar.due_after):", *due]
    return "\n".join(lines)


def as_data(referral: ReferralLike, status: ReferralStatus) -> dict[str, Any]:
    """One referral's status as JSON-ready data."""
    return {
        "referral": referral.id,
        "path": referral.path,
        "type": referral.type,
        "meeting": referral.meeting.isoformat(),
        "state": status.state,
        "label": status.label,
        "awaiting_role": status.awaiting_role,
        "deadline": status.deadline.isoformat() if status.deadline else None,
        "signed_off_at": status.signed_off_at.isoformat() if status.signed_off_at else None,
        "late_stages": [
            {
                "stage": late.stage.id,
                "name": late.stage.name,
                "role": late.role,
                "due": late.stage.due.isoformat(),
                "signed_at": late.signed_at.isoformat(),
            }
            for late in status.late_stages
        ],
        "approvals": [
            {"role": role, "name": a.name, "email": a.email, "commit": a.commit, "at": a.at.isoformat()}
            for role, a in zip(status.roles, status.approvals, strict=True)
        ],
        "missing_roles": status.missing_roles,
        "sign_off_chain": list(status.chain),
        "sign_off_needed": bool(status.chain),
        "sign_off_because": status.sign_off_because or None,
        "not_counted": [
            {
                "name": i.name,
                "email": i.email,
                "line": i.line or None,
                "commit": i.commit,
                "at": i.at.isoformat(),
                "reason": i.reason,
            }
            for i in status.ignored
        ],
        "decision": status.decision,
        "draft_decisions": [{"path": path, "reason": why} for path, why in status.draft_decisions],
        "not_heard": status.not_heard,
        "submitted_at": status.submitted_at.isoformat() if status.submitted_at else None,
        "due_after": [
            {
                "id": step.rule.id,
                "what": step.rule.what,
                "after": step.rule.after,
                "by": step.rule.by,
                "started": step.started.isoformat() if step.started else None,
                "due": step.due.isoformat() if step.due else None,
                "done": step.done.isoformat() if step.done else None,
                "state": step.state.value,
            }
            for step in status.due_steps
        ],
    }


def render_json(rows: list[tuple[ReferralLike, ReferralStatus]]) -> str:
    """The statuses as a JSON list, one referral a line."""
    # json's C encoder does not indent; one object a line keeps it (and diffs and grep) usable.
    lines = [json.dumps(as_data(r, s), ensure_ascii=False) for r, s in rows]
    return "[\n" + ",\n".join(f"  {line}" for line in lines) + "\n]" if lines else "[]"
