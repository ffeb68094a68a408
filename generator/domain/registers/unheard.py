"""Referrals whose meeting has passed with no decision recorded on them: never heard, so never lost.

`panel check` warns about each, `panel status` and the site's home page flag the signed-off ones,
and `panel agenda` carries those to the next meeting.
"""

from __future__ import annotations

from generator.domain.formatting import long_date
from generator.domain.referrals import Referral
from generator.domain.registers.base import PanelData
from generator.io.diagnostics import Diagnostic, Severity


def not_heard(data: PanelData) -> list[Referral]:
    """Referrals for a meeting before today, not withdrawn, with no decision recorded on them; by meeting, id.

    Any decision file counts as heard, final or still a draft awaiting the chair's approval.
    """
    decided = {d.referral for d in data.decisions}
    found = [r for r in data.referrals if r.meeting < data.today and not r.withdrawn and r.id not in decided]
    return sorted(found, key=lambda r: (r.meeting, r.id))


def not_heard_warnings(data: PanelData) -> list[Diagnostic]:
    """One `panel check` warning per referral whose meeting passed without a decision on it."""
    found = []
    for referral in not_heard(data):
        mark = referral.source.mark(("meeting",))
        found.append(
            Diagnostic(
                referral.path,
                mark.line,
                mark.column,
                "not-heard",
                f"{referral.id} was for the meeting on {long_date(referral.meeting)}, which has passed, "
                "and no decision on it is recorded",
                Severity.WARNING,
                f"if it was heard, record the decision (panel decide {referral.id} --meeting "
                f"{referral.meeting.isoformat()}); if not, `panel agenda` carries it to the next meeting once it "
                "is signed off (panel status shows whether it is)",
            )
        )
    return found
