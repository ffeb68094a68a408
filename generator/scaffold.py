"""Starting new files from templates: `panel new referral`."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import jinja2

from .calendar import Meeting, next_open_meeting
from .check import SUBMISSIONS
from .config.model import PanelConfig, ReferralType
from .files import create_new

PACKAGE_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def template_environment(root: Path) -> jinja2.Environment:
    """Templates from the panel's own templates/ first, then Panel Papers' defaults."""
    folders = [str(root / "templates"), str(PACKAGE_TEMPLATES)]
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(folders),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,
    )


def next_referral_id(root: Path, prefix: str) -> str:
    """One more than the highest referral number in submissions/."""
    pattern = re.compile(rf"{re.escape(prefix)}-([0-9]+)\.md\Z")
    numbers = [int(m.group(1)) for p in (root / SUBMISSIONS).glob("*.md") if (m := pattern.match(p.name))]
    return f"{prefix}-{max(numbers, default=0) + 1:04d}"


@dataclass(frozen=True)
class NewReferral:
    """What `panel new referral` wrote."""

    path: Path
    referral_id: str
    meeting: Meeting


class ScaffoldError(Exception):
    """A new file could not be started."""


def new_referral(root: Path, config: PanelConfig, kind: ReferralType, now: dt.datetime) -> NewReferral:
    """Write submissions/<next id>.md for the next meeting whose deadline can still be met."""
    meeting = next_open_meeting(config, now)
    if meeting is None:
        raise ScaffoldError("no meeting in the next year has an open deadline; check calendar in panel.yml")
    referral_id = next_referral_id(root, config.panel.referral_id_prefix)
    text = (
        template_environment(root)
        .get_template("referral.md.j2")
        .render(
            id=referral_id,
            kind=kind,
            config=config,
            meeting=meeting,
            today=now.date(),
            sections=config.sections_for(kind.id),
        )
    )
    target = root / SUBMISSIONS / f"{referral_id}.md"
    try:
        create_new(target, text)  # fails rather than overwrite a referral that appeared meanwhile
    except FileExistsError:
        raise ScaffoldError(f"{target} already exists") from None
    return NewReferral(target, referral_id, meeting)
