"""`panel new referral`: the next free id (here and on the target branch), written from the panel's template."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from generator.commands.errors import EXIT_USAGE, PanelError, area_or_fail, config_or_fail
from generator.commands.idclash import default_target, ids_on
from generator.commands.scaffold import NewReferral, ScaffoldError, new_referral
from generator.domain.config.model import ReferralType
from generator.domain.schema_parts import parse_moment
from generator.io.schema_errors import did_you_mean


def start_referral(
    root: Path, type_id: str, started: str | None, now: dt.datetime, area_id: str | None = None
) -> tuple[NewReferral, ReferralType]:
    """Write a new referral of `type_id` (retrospective when `started` is given) for the next meeting of its area
    (`area_id`, in a panel with areas); what was made, and its type."""
    config = config_or_fail(root)
    ids = [a.id for a in config.areas]
    if area_id is None and ids:
        raise PanelError.hinted(
            "panel.yml has areas, each with its own meetings: say whose meeting the referral is for",
            f"add --area {ids[0]} (one of: {', '.join(ids)})",
            EXIT_USAGE,
        )
    area = area_or_fail(config, area_id) if area_id is not None else None
    try:
        moment = parse_moment(started.strip()) if started else None
    except ValueError as exc:
        raise PanelError(
            f"error: --started {started!r} is not a real date or date and time; "
            "write YYYY-MM-DD or YYYY-MM-DDTHH:MM (24-hour, UK time)",
            exit_code=EXIT_USAGE,
        ) from exc
    kind = config.referral_type(type_id)
    if kind is None:
        ids = [t.id for t in config.referral_types]
        hint = did_you_mean(type_id, ids) or f"types: {', '.join(ids)}"
        raise PanelError(f"error: unknown referral type '{type_id}'; {hint}", exit_code=EXIT_USAGE)
    try:
        target = default_target(root, config)
        # Ids the target branch has taken since this branch started are skipped too (a fetch keeps it current).
        taken = ids_on(root, target) if target else ()
        made = new_referral(root, config.for_area(area.id) if area else config, kind, now, moment, taken)
    except ScaffoldError as exc:
        raise PanelError(f"error: {exc}", exit_code=EXIT_USAGE) from exc
    return made, kind
