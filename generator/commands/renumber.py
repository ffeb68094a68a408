"""`panel renumber`: move a referral to an id free here and on the target branch."""

from __future__ import annotations

from pathlib import Path

from generator.commands.errors import EXIT_USAGE, PanelError, config_or_fail
from generator.commands.idclash import Renumbered, default_target, renumber
from generator.commands.scaffold import ScaffoldError


def renumber_referral(root: Path, referral_id: str, new_id: str | None, against: str | None) -> Renumbered:
    """Rename REFERRAL's file and `id:` to `new_id` (default: the next id free here and on `against`)."""
    config = config_or_fail(root)
    target = against or default_target(root, config)
    try:
        return renumber(root, config, referral_id, new_id, target)
    except ScaffoldError as exc:
        raise PanelError(f"error: {exc}", exit_code=EXIT_USAGE) from exc
