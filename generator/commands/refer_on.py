"""`panel refer-on REFERRAL`: hand a case on to a linked panel, as its decision's outcome (`refers_to`) says.

Run in the panel that decided. It writes the new referral in the linked panel's folder (its next free id, its next
meeting by its own calendar, its own type's sections), carrying the child and the case's path (`referred_from`), and
nothing else: the user reviews it, commits it there and opens the merge request.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from generator.commands.errors import EXIT_PROBLEMS, EXIT_USAGE, PanelError
from generator.commands.history import read_history
from generator.commands.links import handed_on_there, id_there, linked_config, linked_folder
from generator.commands.repository import repository_or_fail
from generator.commands.scaffold import NewReferral, ScaffoldError, new_referral
from generator.domain.config.model import LinkedPanel, ReferralType
from generator.domain.history import HistoryUnavailable
from generator.domain.links import carried, handed_on, referred_from_block


@dataclass(frozen=True)
class ReferredOn:
    """What `panel refer-on` wrote: the new referral, in which panel's folder, of which type."""

    made: NewReferral
    linked: LinkedPanel
    folder: Path
    kind: ReferralType


def refer_on(root: Path, referral_id: str, now: dt.datetime) -> ReferredOn:
    """Write the referral that `referral_id`'s final decision hands on to a linked panel; refuse when there is no
    such decision, the linked panel cannot take it, or that panel already has a referral from it."""
    config, repo = repository_or_fail(root, now.date(), "handing a case on")
    referral = repo.referral(referral_id)
    if referral is None:
        raise PanelError.hinted(
            f"no referral {referral_id} in submissions/", "give the id of a referral of this panel", EXIT_USAGE
        )
    decisions = [d for d in repo.decisions if d.referral == referral_id]
    if not decisions:
        raise PanelError.hinted(
            f"{referral_id} has no decision yet",
            "record the panel's decision (panel decide) with an outcome that refers the case on, and have the chair "
            "approve it on main",
            EXIT_PROBLEMS,
        )
    try:
        history = read_history(root, config)
    except HistoryUnavailable as exc:
        # Only a final decision hands a case on, and only git history can show that it is final.
        raise PanelError.hinted(exc.message, exc.hint, EXIT_USAGE) from exc
    data = repo.panel_data(history)
    standing = {d.path: data.finality(d) for d in decisions}
    final = {path: bool(f and f.final) for path, f in standing.items()}
    decision = handed_on(config, decisions, final).get(referral_id)
    if decision is None:
        latest = max(decisions, key=lambda d: d.meeting)
        judged = standing[latest.path]
        reason = (judged.reason if judged is not None else "") or "not approved"
        outcome = config.outcome(latest.outcome)
        if outcome is not None and outcome.refers_to is not None:
            raise PanelError.hinted(
                f"the decision {latest.path} ({outcome.name}) is not final: {reason}",
                "a case is handed on only once its decision is final: the chair approves it on main",
                EXIT_PROBLEMS,
            )
        name = outcome.name if outcome is not None else latest.outcome
        referring = [o.id for o in config.outcomes if o.refers_to is not None]
        raise PanelError.hinted(
            f"{referral_id}'s decision ({latest.path}) is {name}, which refers the case to no other panel",
            f"outcomes that do (refers_to in panel.yml): {', '.join(referring)}"
            if referring
            else "give an outcome refers_to: {panel: <a linked panel>, type: <its referral type>} in panel.yml",
            EXIT_PROBLEMS,
        )
    outcome = config.outcome(decision.outcome)
    assert outcome is not None and outcome.refers_to is not None
    linked = config.linked_panel(outcome.refers_to.panel)
    assert linked is not None  # panel check: refers_to.panel is one of linked_panels
    folder = linked_folder(root, linked)
    there, why = linked_config(folder)
    if there is None or folder.root is None:
        raise PanelError.hinted(f"cannot write to {linked.name}: {why}", "then run panel refer-on again", 2)
    me = id_there(root, folder, there)
    if me is None:
        raise PanelError.hinted(
            f"{there.panel.name} ({linked.path}) does not list this panel among its linked_panels",
            f"add it there (linked_panels: id, name: {config.panel.name}, path to this folder), then run again",
            EXIT_PROBLEMS,
        )
    kind = there.referral_type(outcome.refers_to.type)
    if kind is None:
        raise PanelError.hinted(
            f"{outcome.refers_to.type} is not a referral type of {there.panel.name}",
            "correct the outcome's refers_to.type in panel.yml (panel check names its types)",
            EXIT_PROBLEMS,
        )
    already = next((h for h in handed_on_there(folder) if h.panel == me and h.referral == referral_id), None)
    if already is not None:
        raise PanelError.hinted(
            f"{there.panel.name} already has a referral from {referral_id}: {linked.path}/submissions/{already.id}.md",
            "nothing was written; a case is handed on once (edit that referral there)",
            EXIT_PROBLEMS,
        )
    block = referred_from_block(me, config.panel.name, referral, decision, outcome.name)
    try:
        made = new_referral(
            folder.root, there, kind, now, carried=carried(referral.data, there, kind), referred_from=block
        )
    except ScaffoldError as exc:
        raise PanelError(f"error: {exc}", exit_code=EXIT_USAGE) from exc
    return ReferredOn(made, linked, folder.root, kind)
