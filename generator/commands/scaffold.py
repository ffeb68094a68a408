"""Starting new files from templates: `panel new referral`."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from generator.domain.calendar import LONDON, Meeting, meetings_to_hear, next_open_meeting, upcoming
from generator.domain.config.model import FieldKind, PanelConfig, ReferralType
from generator.domain.formatting import with_words
from generator.io import yamlsafe
from generator.io.diagnostics import Diagnostic, ProblemsFound
from generator.io.files import create_new
from generator.io.packaged import OVERRIDES, package_templates
from generator.io.sources import split_front_matter
from generator.io.tree import SUBMISSIONS
from generator.rendering.templating import render, sandboxed


def template_environment(root: Path) -> jinja2.Environment:
    """Templates from the panel's own templates/ first, then Panel Papers' defaults, in the sandbox."""
    return sandboxed(root / OVERRIDES, package_templates(), keep_trailing_newline=True, autoescape=False)


def render_template(root: Path, name: str, **values: object) -> str:
    """A panel's (or the default) template rendered in the sandbox; a failing template is a ScaffoldError."""
    try:
        return render(template_environment(root), name, root, **values)
    except ProblemsFound as exc:
        raise ScaffoldError("; ".join(d.format() for d in exc.diagnostics)) from None


def next_referral_id(root: Path, prefix: str, taken: Iterable[str] = ()) -> str:
    """One more than the highest referral number in submissions/ and in `taken` (ids used on the target branch)."""
    pattern = re.compile(rf"{re.escape(prefix)}-([0-9]+)\.md\Z")
    names = [p.name for p in (root / SUBMISSIONS).glob("*.md")] + [f"{t}.md" for t in taken]
    numbers = [int(m.group(1)) for name in names if (m := pattern.match(name))]
    return f"{prefix}-{max(numbers, default=0) + 1:04d}"


@dataclass(frozen=True)
class NewReferral:
    """What `panel new referral` wrote."""

    path: Path
    referral_id: str
    meeting: Meeting
    late: bool = False


class ScaffoldError(Exception):
    """A new file could not be started."""


def _meeting_for(
    config: PanelConfig, kind: ReferralType, now: dt.datetime, started: tuple[dt.date, dt.time | None] | None
) -> tuple[Meeting, bool]:
    """The meeting a new referral asks for, and whether it is later than its rules allow."""
    if started is None:
        meeting = next_open_meeting(config, now)
        if meeting is None and config.calendar.per_case:
            raise ScaffoldError(
                "no meeting is booked: meetings are booked per case; book one with: panel book YYYY-MM-DD"
            )
        if meeting is None:
            raise ScaffoldError("no meeting in the next year has an open deadline; check calendar in panel.yml")
        return meeting, False
    day, time = started
    if not kind.retrospective.allowed:
        raise ScaffoldError(f"a {kind.name} referral cannot be retrospective: leave out --started")
    if dt.datetime.combine(day, time or dt.time.min, tzinfo=LONDON) > now:
        raise ScaffoldError(f"--started {day} is in the future: a retrospective referral is for what has begun")
    # The next panel after it started, if that has not yet begun; else the next one there is.
    allowed = [m for m in meetings_to_hear(config, day, time) if m.start > now]
    if allowed:
        return allowed[0], False
    following = next(iter(upcoming(config, now, count=1)), None)
    if following is None:
        raise ScaffoldError("no meeting in the next year; check calendar in panel.yml")
    return following, kind.retrospective.at_next_meeting


def new_referral(
    root: Path,
    config: PanelConfig,
    kind: ReferralType,
    now: dt.datetime,
    started: tuple[dt.date, dt.time | None] | None = None,
    taken: Iterable[str] = (),
    carried: Mapping[str, Any] | None = None,
    referred_from: str = "",
) -> NewReferral:
    """Write submissions/<next id>.md for the next meeting whose deadline can still be met.

    For a retrospective referral (`started` given), the next meeting after it started instead.
    `taken`: ids the target branch already uses (they are skipped). A referral handed on from a linked panel
    (`panel refer-on`) gets what it `carried` (domain.links.carried) and its `referred_from` block (YAML text).
    """
    meeting, late = _meeting_for(config, kind, now, started)
    # Written for the terms in force on its meeting's day (panel.yml `revisions`), which will judge it.
    dated = config.at(meeting.date)
    renamed_since = (t for t in dated.referral_types if config.current_id("types", t.id) == kind.id)
    kind = dated.referral_type(kind.id) or next(renamed_since, kind)
    config = dated
    referral_id = next_referral_id(root, config.panel.referral_id_prefix, taken)
    text = render_template(
        root,
        "referral.md.j2",
        id=referral_id,
        kind=kind,
        config=config,
        meeting=meeting,
        today=now.date(),
        sections=config.sections_offered(kind.id),
        started=_moment_text(started),
        stages=_stage_lines(config, kind, meeting),
        case_fields=_case_lines(config, kind),
        carried=carried or NOTHING_CARRIED,
        referred_from=referred_from,
    )
    if referred_from and not _writes_referred_from(text):
        raise ScaffoldError(
            f"{root / OVERRIDES / 'referral.md.j2'} does not write the referral's referred_from: add "
            "{{ referred_from }} on a line of its own just before the closing '---' of the front matter"
        )
    target = root / SUBMISSIONS / f"{referral_id}.md"
    try:
        create_new(target, text)  # fails rather than overwrite a referral that appeared meanwhile
    except FileExistsError:
        raise ScaffoldError(f"{target} already exists") from None
    return NewReferral(target, referral_id, meeting, late)


NOTHING_CARRIED: Mapping[str, Any] = {"title": "", "children": "", "family": "", "network": "", "case": {}}
"""What a referral started afresh carries (the template's `carried`): nothing."""


def _writes_referred_from(text: str) -> bool:
    """True when a rendered referral's front matter holds a `referred_from` mapping (a template may leave it out)."""
    split = split_front_matter(text)
    if isinstance(split, Diagnostic):
        return False
    data, _, problems = yamlsafe.load(split[0])
    return not problems and isinstance(data, dict) and isinstance(data.get("referred_from"), dict)


def _stage_lines(config: PanelConfig, kind: ReferralType, meeting: Meeting) -> list[str]:
    """Each deadline of the meeting that this type's sign-off (any band's) meets, as one comment line's text."""
    chain = set(config.chain_for(kind.id)) | {role for band in kind.sign_off_bands for role in band.chain}
    stages = [s for s in meeting.stages if not s.roles or chain & set(s.roles)]
    return [
        " ".join(f"{s.name}: {with_words(f'{s.due.astimezone(LONDON):%A %d %B %Y %H:%M}', s.words)}".split())
        for s in stages
    ]


KIND_WORDS = {
    FieldKind.DATE: "YYYY-MM-DD",
    FieldKind.NUMBER: "a number",
    FieldKind.INTEGER: "a whole number",
    FieldKind.TEXT: "text",
    FieldKind.YES_NO: "true or false",
    FieldKind.CHOICE: "one of",
}


def _case_lines(config: PanelConfig, kind: ReferralType) -> list[tuple[str, str]]:
    """Each case field this type is asked for: its key, and a one-line comment saying what it is."""
    lines = []
    for entry in config.case_fields:
        if not entry.covers(kind.id):
            continue
        what = KIND_WORDS[entry.kind] + (f": {', '.join(entry.choices)}" if entry.choices else "")
        need = "required" if entry.required else "leave out if not known"
        lines.append((entry.id, " ".join(f"{entry.name} ({what}; {need})".split())))
    return lines


def _moment_text(started: tuple[dt.date, dt.time | None] | None) -> str:
    if started is None:
        return ""
    day, time = started
    return f"{day.isoformat()}T{time:%H:%M}" if time else day.isoformat()
