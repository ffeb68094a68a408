"""The pack laid out as pandoc markdown: cover, contents, agenda, declarations, items, decision sheets."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from dataclasses import dataclass

from generator.domain.agenda import AgendaItem
from generator.domain.config.model import TO_BE_CONFIRMED, ItemKind, Person
from generator.domain.decisions import Decision
from generator.domain.decisions.quorum import attendance
from generator.domain.formatting import long_date, money, short_date
from generator.domain.links import path_text
from generator.domain.referrals import Referral
from generator.domain.referrals.due import case_facts
from generator.domain.referrals.model import CostLine, age_on
from generator.rendering.pack import documents
from generator.rendering.pack import markup as md
from generator.rendering.pack.model import Change, Circulated, EarlierDecision, PackItem, PackSources, Provenance

SOS_GRID = ("worries", "working-well", "next-steps")
"""Signs of Safety sections printed side by side as the three-column grid."""
BLANK = None


@dataclass(frozen=True)
class NamedCopy:
    """One member's copy of the pack: numbered, and without the items they have an interest in."""

    name: str
    number: int
    of: int
    withheld: tuple[str, ...] = ()
    """Referral ids whose papers this copy leaves out."""

    @property
    def mark(self) -> str:
        """'Copy for Dana Whitfield — 1 of 6', on every page."""
        return f"Copy for {self.name} \u2014 {self.number} of {self.of}"


@dataclass(frozen=True)
class Edition:
    """Which pack this is: version 1, or a numbered supplement listing what changed since the last one."""

    version: int
    provenance: Provenance
    changes: tuple[Change, ...] = ()
    supplements: Circulated | None = None
    """The circulated pack this one supplements."""

    @property
    def label(self) -> str:
        """'Version 1' or 'Supplementary pack, version 2'."""
        return f"Supplementary pack, version {self.version}" if self.supplements else f"Version {self.version}"


def title(sources: PackSources, edition: Edition | None) -> str:
    """The document's title."""
    panel = sources.config.panel
    what = "Supplementary papers" if edition and edition.supplements else "Papers"
    return f"{panel.name}: {what} for {long_date(sources.agenda.meeting)}"


def cover(sources: PackSources, edition: Edition) -> str:
    """The cover page."""
    panel, agenda = sources.config.panel, sources.agenda
    chair = sources.chair
    when = edition.provenance.committed.strftime("%d %B %Y at %H:%M")
    contains = f"{edition.provenance.short}, committed {when}"
    if edition.provenance.dirty:
        contains += f" — plus uncommitted changes to {len(edition.provenance.dirty)} file(s): not for circulation"
    rows = [
        ("Meeting", long_date(agenda.meeting)),
        ("Time", _cover_time(sources)),
        ("Venue", sources.config.venue_text() or "—"),
        ("Chair", chair.name if chair else TO_BE_CONFIRMED),
        ("Protective marking", panel.marking),
        ("Pack", edition.label + (f", supplementing {edition.supplements.words}" if edition.supplements else "")),
        ("Contains changes up to commit", contains),
    ]
    body = md.join(
        f"**{md.text(panel.council)}**",
        f"**{md.text(panel.name)}**" + (f" ({md.text(panel.short_name)})" if panel.short_name else ""),
        f"**{md.text('Supplementary papers' if edition.supplements else 'Meeting papers')}**",
        md.table(["", ""], rows),
        md.text(f"{panel.marking}: do not forward, print only what you need and destroy after the meeting."),
    )
    return md.div("cover", body)


def _cover_time(sources: PackSources) -> str:
    config, agenda = sources.config, sources.agenda
    return TO_BE_CONFIRMED if config.is_assumed("calendar.start") else config.hours(agenda.start, agenda.end)


def _left_out(referral: str | None, withheld: tuple[str, ...], declared: tuple[str, ...]) -> str:
    if referral not in withheld:
        return ""
    return (
        " (not in this copy: your declared interest)"
        if referral in declared
        else " (not in this copy: your registered interest)"
    )


def agenda_section(sources: PackSources, withheld: tuple[str, ...] = (), declared: tuple[str, ...] = ()) -> str:
    """The agenda with time slots, and late referrals apart; items a named copy leaves out say so (and why:
    the register of interests, or an interest `declared` in the meeting's record)."""
    agenda = sources.agenda
    # Slot times count from the start: while the start is assumed they are not printed.
    timed = not sources.config.is_assumed("calendar.start")
    rows = [
        (
            item.number,
            f"{item.start:%H:%M}" if timed else "—",
            f"{item.minutes} min",
            item.title + _left_out(item.referral, withheld, declared),
            item.referral or "",
            ", ".join(item.case_ids),
        )
        for item in agenda.items
    ]
    parts = [
        md.heading(1, "Agenda", "agenda"),
        md.text(f"{long_date(agenda.meeting)}, {sources.config.hours(agenda.start, agenda.end)}."),
        md.table(["Item", "Time", "Slot", "Business", "Referral", "Case ids"], rows, "rrl"),
    ]
    if agenda.late:
        late = [(i.referral or "", i.title, ", ".join(i.case_ids)) for i in agenda.late]
        parts += [
            md.heading(2, "Late referrals for the chair to accept or defer", "late"),
            md.table(["Referral", "Business", "Case ids"], late),
        ]
    return md.join(*parts)


def _member_roles(sources: PackSources, person: Person) -> str:
    """A member's roles as the declarations sheet lists them, with their organisation and whether they vote."""
    config = sources.config
    roles = ", ".join(config.role_name(r) for r in person.roles)
    organisation = config.organisation_of(person)
    notes = [config.organisation_name(organisation)] if organisation else []
    notes += [] if config.votes(person) else ["non-voting"]
    return f"{roles} ({'; '.join(notes)})" if notes else roles


def declarations(sources: PackSources) -> str:
    """The declarations-of-interest sheet listing members."""
    rows = [(p.name, _member_roles(sources, p), BLANK, BLANK) for p in sources.members]
    parts = [
        md.heading(1, "Declarations of interest", "declarations"),
        md.text(
            "Members declare any involvement with a case on this agenda before it is heard and take no part "
            "in that item. Record each declaration here."
        ),
    ]
    if sources.expected:
        numbers = {i.item.referral: i.item.number for i in sources.items if i.item.referral}
        due = [(e.member, f"{numbers.get(e.referral, '')} ({e.referral})", e.words, BLANK) for e in sources.expected]
        parts += [
            md.heading(2, "Expected from the register of interests", ""),
            md.text(
                "The register of interests records these interests in an organisation or person an item names. "
                "Each member present declares it in the meeting record (panel check requires the declaration)."
            ),
            md.table(["Member", "Item", "Registered interest", "Declared (tick)"], due, widths=(22, 14, 50, 14)),
        ]
    parts.append(md.table(["Member", "Role", "Item(s)", "Interest declared"], rows, widths=(22, 28, 12, 38)))
    return md.join(*parts)


def previous_minutes(sources: PackSources) -> str:
    """The previous meeting's attendance, declarations and minutes (agenda.previous_minutes)."""
    record = sources.previous
    if record is None:
        return md.join(
            md.heading(1, "Minutes of the previous meeting", "previous-minutes"),
            md.text("No earlier meeting has a record (meetings/<date>/meeting.md) yet."),
        )
    declared = "; ".join(f"{d.member}, {d.item}: {d.nature}" for d in record.declarations) or "None"
    present = ", ".join(f"{name} ({notes})" if notes else name for name, notes in attendance(sources.config, record))
    rows = [
        ("Meeting", long_date(record.date)),
        ("Chair", record.chair),
        ("Present", present),
        ("Apologies", ", ".join(record.apologies) or "None"),
        ("Declarations of interest", declared),
    ]
    if record.minutes_by:
        rows.append(("Minutes taken by", record.minutes_by))
    return md.join(
        md.heading(1, f"Minutes of the previous meeting, {long_date(record.date)}", "previous-minutes"),
        md.table(["", ""], rows),
        md.user_text(record.minutes) if record.minutes else md.text("No minutes were recorded."),
    )


def actions_section(item: AgendaItem, sources: PackSources) -> str:
    """The open actions an agenda item carries from earlier meetings, as a table."""
    meeting = sources.agenda.meeting
    rows = []
    for action in item.actions:
        person = sources.config.person_by_email(action.owner)
        late = (meeting - action.due).days
        rows.append(
            (
                action.referral,
                action.action,
                person.name if person else action.owner,
                short_date(action.due),
                f"Yes, {late} day{'s' * (late != 1)}" if late > 0 else "No",
                short_date(action.meeting),
            )
        )
    parts = [md.heading(1, item_heading(item), f"item-{item.number}"), item_mark(item)]
    if rows:
        parts += [
            md.text(
                f"Actions set at earlier meetings and not recorded as done when the agenda was written. "
                f"Overdue means due before this meeting ({long_date(meeting)})."
            ),
            md.table(["Referral", "Action", "Owner", "Due", "Overdue", "Set on"], rows),
        ]
    elif item.note:
        parts.append(md.text(item.note))
    return md.join(*parts)


def _children(referral: Referral, sources: PackSources) -> str:
    day = sources.agenda.meeting
    legal = {s.id: s.name for s in sources.config.legal_statuses}
    # Gender is optional on the form: the column is printed when any child on the referral has one.
    gender = any(child.gender.strip() for child in referral.children)
    rows = []
    for child in referral.children:
        age = child.age_on(day)
        born = short_date(child.date_of_birth) or f"due {short_date(child.expected_delivery)}"
        status = legal.get(child.legal_status, child.legal_status)
        row: list[object] = [child.name, child.case_id, born, "" if age is None else age]
        row += [child.gender] if gender else []
        rows.append((*row, child.ethnicity, child.disability, status))
    headers = ["Child", "Case id", "Born", "Age", *(["Gender"] if gender else []), "Ethnicity", "Disability"]
    headers.append("Legal status")
    return md.join(md.heading(2, "Children", ""), md.table(headers, rows, "lllr"))


def _family(referral: Referral, day: dt.date) -> str:
    parts = []
    if referral.family:
        rows = [
            (
                f.name,
                f.relationship,
                short_date(f.date_of_birth),
                "" if f.date_of_birth is None else age_on(f.date_of_birth, day),
            )
            for f in referral.family
        ]
        parts += ["**Family**", md.table(["Name", "Relationship", "Born", "Age"], rows, "lllr")]
    if referral.network:
        parts += [
            "**Support network**",
            md.table(["Name", "Role"], [(n.name, n.role) for n in referral.network]),
        ]
    meeting = referral.data.get("family_network_meeting") or {}
    plan = referral.data.get("safety_plan") or {}
    facts = [
        (
            "Family network meeting held",
            _yes_no(meeting.get("held"), meeting.get("date") or meeting.get("explanation")),
        ),
        ("Safety plan in place", _yes_no(plan.get("in_place"), plan.get("explanation"))),
    ]
    parts.append(md.table(["", ""], facts))
    return md.join(md.heading(2, "Family and network", ""), *parts)


def _yes_no(value: object, detail: object) -> str:
    """'Yes: on Friday 30 October 2026' for a date, 'No: <the explanation>' for words."""
    answer = "Yes" if value else "No"
    if isinstance(detail, str):
        with contextlib.suppress(ValueError):
            detail = dt.date.fromisoformat(detail)
    if isinstance(detail, dt.date):
        return f"{answer}, on {long_date(detail)}"
    return f"{answer}: {detail}" if detail else answer


def _costs(referral: Referral, sources: PackSources) -> str:
    costs = referral.costs
    kind = sources.config.referral_type(referral.type)
    if costs is None:
        if kind is not None and kind.no_cost:
            return md.join(md.heading(2, "Projected costs", ""), md.text(f"No cost is requested ({kind.name})."))
        return ""
    lines = {b.id: b.name for b in sources.config.budget_lines}
    rows: list[tuple[str, str]] = [
        ("Weekly cost", money(costs.weekly)),
        ("Weeks", str(costs.weeks)),
        ("Period", f"{short_date(costs.start)} to {short_date(costs.end)}"),
    ]
    if costs.one_off:
        rows.append(("One-off costs", money(costs.one_off)))
    rows.append(("Total for the period", money(costs.total)))
    if costs.budget_line:
        rows.append(("Budget line", lines.get(costs.budget_line, costs.budget_line)))
    if costs.provider:
        rows.append(("Provider", costs.provider))
    for source, share in costs.funding:
        rows.append((f"Funded by {sources.config.funder_name(source)}", f"{share:g}%"))
    parts = [md.heading(2, "Projected costs", ""), md.table(["Cost", "Amount"], rows, "lr")]
    if costs.lines:
        parts.append(
            md.table(
                ["Cost line", "What", "Weekly", "One-off"], [_cost_line(line, sources) for line in costs.lines], "llrr"
            )
        )
    return md.join(*parts)


def _cost_line(line: CostLine, sources: PackSources) -> tuple[str, str, str, str]:
    what = line.description
    rate = sources.config.allowance_rate(line.rate) if line.rate else None
    if rate is not None:
        what += f" (rate: {rate.name}, {money(rate.weekly)} a week)"
    if line.explanation:
        what += f"; above the rate because: {line.explanation}"
    return (
        line.kind.capitalize(),
        what,
        money(line.weekly) if line.weekly else "",
        money(line.one_off) if line.one_off else "",
    )


def _sections(referral: Referral, sources: PackSources) -> str:
    parts: list[str] = []
    grid_done = False
    for section in sources.config.sections:
        if section.id in SOS_GRID:
            if not grid_done:
                grid_done = True
                parts.append(_grid(referral, sources))
            continue
        found = referral.sections.get(section.id)
        if found and found.text.strip():
            parts += [md.heading(2, section.name, ""), md.user_text(found.text)]
    if referral.scaling:
        rows = [(s.person, s.role, s.score, s.reason) for s in referral.scaling]
        parts += [
            md.heading(2, "Scaling", ""),
            md.text("0 = must act to remove; 10 = safe enough to close."),
            md.table(["Person", "Role", "Score", "Reason"], rows, "llr"),
        ]
    return md.join(*parts)


def _grid(referral: Referral, sources: PackSources) -> str:
    names = {s.id: s.name for s in sources.config.sections}
    columns = []
    for section_id in SOS_GRID:
        found = referral.sections.get(section_id)
        columns.append(
            md.div("column", md.user_text(found.text if found else ""), heading=names.get(section_id, section_id))
        )
    return md.join(md.heading(2, "Signs of Safety summary", ""), md.div("grid", "\n\n".join(columns)))


def _revisiting(item: AgendaItem | None, decision: Decision) -> tuple[str, str]:
    """The heading and first words of the earlier-decision block, from why the item brings the decision back (the
    label `panel agenda` starts its title with: Review, Deferred, Reconsideration, Confirmation, Returned from)."""
    label = item.title.partition(":")[0] if item and ":" in item.title else "Review"
    day, case = long_date(decision.meeting), decision.referral
    if label == "Reconsideration":
        return "The decision to reconsider", f"This item reconsiders the panel's decision of {day} on {case}."
    if label == "Confirmation":
        return (
            "A provisional decision, for confirmation",
            f"The panel decided on {case} without a quorum on {day}; this meeting confirms it (or varies it).",
        )
    if label == "Deferred":
        return "The deferred decision", f"The panel deferred its decision on {case} on {day}; this item resumes it."
    if label.startswith("Returned from "):
        forum = label.removeprefix("Returned from ")
        return f"Returned from {forum}", f"The panel referred {case} to {forum} on {day}; this item hears its answer."
    return "Review of an earlier decision", f"This item reviews the panel's decision of {day} on {case}."


def _earlier(earlier: EarlierDecision, sources: PackSources, kind: str = "", item: AgendaItem | None = None) -> str:
    """The earlier decision an item revisits; `kind` is the referral's type (what the panel only recommends)."""
    decision = earlier.decision
    approved = decision.approved
    recommended = not decision.outside and sources.config.decision_maker_for(
        kind, approved.weekly if approved else 0.0, approved.total if approved else 0.0
    )
    outcome = sources.config.outcome(decision.outcome)
    rows: list[tuple[str, str]] = [
        ("Decided", long_date(decision.meeting)),
        ("Outcome", outcome.name if outcome else decision.outcome),
    ]
    if decision.outside:
        route = sources.config.outside_route(decision.route)
        at = f" at {decision.decided_at:%H:%M}" if decision.decided_at else ""
        rows[0] = ("Decided", f"{long_date(decision.meeting)}{at}, outside a meeting, by {decision.chair}")
        if route:
            rows.append(("Route", route.name))
    if decision.agreed:
        label = (
            "What was decided"
            if decision.outside
            else "What the panel recommended"
            if recommended
            else "What the panel agreed"
        )
        rows.append((label, " ".join(f"({n}) {a}" for n, a in enumerate(decision.agreed, 1))))
    if approved:
        rows.append(
            (
                "Recommended" if recommended else "Approved",
                f"{approved.resource}: {money(approved.weekly)} a week from {short_date(approved.start)} "
                f"to {short_date(approved.end)}, {money(approved.total)} in all",
            )
        )
    if decision.conditions:
        rows.append(("Conditions", " ".join(f"({n}) {c}" for n, c in enumerate(decision.conditions, 1))))
    if decision.review_date:
        rows.append(("Review by", long_date(decision.review_date)))
    elif decision.review_every_weeks:
        weeks = decision.review_every_weeks
        rows.append(("Review", "every week" if weeks == 1 else f"every {weeks} weeks"))
    if decision.deferral_date:
        rows.append(("Deferred to", f"{long_date(decision.deferral_date)}: {decision.deferral_reason}".rstrip(": ")))
    if decision.return_date:
        rows.append(("Return by", long_date(decision.return_date)))
    for label, value in (("Alternative", decision.alternative), ("Referred to", decision.referred_to)):
        if value:
            rows.append((label, value))
    if decision.rationale:
        rows.append(("Rationale", decision.rationale))
    if decision.outside:
        heading = "Decision made outside a meeting, for ratification"
        words = (
            f"{decision.chair} decided on {decision.referral} on {long_date(decision.meeting)}, outside a meeting; "
            "this meeting ratifies the decision (or varies or ends it)."
        )
    else:
        heading, words = _revisiting(item, decision)
    return md.join(md.heading(2, heading, ""), md.text(words), md.table(["", ""], rows), _history(earlier, sources))


def _approved_words(decision: Decision) -> str:
    approved = decision.approved
    if approved is None:
        return ""
    return f"{approved.resource}: {money(approved.weekly)} a week to {short_date(approved.end)}"


def _history(earlier: EarlierDecision, sources: PackSources) -> str:
    """Every decision recorded on the case so far, oldest first: not only the latest."""
    if len(earlier.history) < 2:
        return ""
    rows = []
    for decision in earlier.history:
        outcome = sources.config.outcome(decision.outcome)
        weeks = decision.review_every_weeks
        review = (
            short_date(decision.review_date)
            if decision.review_date
            else ("every week" if weeks == 1 else f"every {weeks} weeks")
            if weeks
            else ""
        )
        rows.append(
            (
                short_date(decision.meeting),
                decision.referral,
                outcome.name if outcome else decision.outcome,
                _approved_words(decision),
                review,
            )
        )
    return md.join(
        md.heading(3, "Decisions on this case so far", ""),
        md.table(["Meeting", "Referral", "Outcome", "Approved", "Review"], rows),
    )


def reviews_due(sources: PackSources) -> str:
    """The reviews and returning cases on this agenda, in one list: what comes back, from when, and why."""
    rows = []
    for entry in sources.items:
        item, earlier = entry.item, entry.earlier
        if earlier is None:
            continue
        outcome = sources.config.outcome(earlier.decision.outcome)
        rows.append(
            (
                item.number,
                item.referral or "",
                short_date(earlier.meeting),
                outcome.name if outcome else earlier.decision.outcome,
                _approved_words(earlier.decision),
                item.note or "due",
            )
        )
    if not rows:
        return ""
    return md.join(
        md.heading(1, "Reviews due", "reviews-due"),
        md.text("Cases coming back to this meeting for review, on return or after deferral."),
        md.table(["Item", "Referral", "Decided", "Outcome", "Approved", "Status"], rows, "r"),
    )


def item_heading(item: AgendaItem) -> str:
    """Item 3: title (R-0001) — the words the contents list shows; the id once, where the title has it already."""
    named = bool(item.referral) and re.search(rf"(?<![\w-]){re.escape(item.referral or '')}(?![\w-])", item.title)
    return f"Item {item.number}: {item.title}" + (f" ({item.referral})" if item.referral and not named else "")


def item_mark(item: AgendaItem) -> str:
    """Where an item starts: each page it continues onto names it in the header, so a loose page can be put back."""
    return md.div("itemstart", "", number=str(item.number), referral=item.referral or "")


def _slot(sources: PackSources, item: AgendaItem) -> str:
    """'14:25, 20 minutes'; only the length while the meeting's start time is assumed."""
    if sources.config.is_assumed("calendar.start"):
        return f"{item.minutes} minutes"
    return f"{item.start:%H:%M}, {item.minutes} minutes"


def referral_section(entry: PackItem, sources: PackSources, level: int = 1) -> str:
    """One referral laid out for reading."""
    item, referral = entry.item, entry.referral
    assert referral is not None
    kind = sources.config.referral_type(referral.type)
    teams = {t.id: t.name for t in sources.config.teams}
    facts = [
        ("Referral", referral.id),
        ("Type", kind.name if kind else referral.type),
        ("Slot", _slot(sources, item)),
        ("Worker", f"{referral.worker_name}, {teams.get(referral.worker_team, referral.worker_team)}"),
        ("Case ids", ", ".join(referral.case_ids)),
        ("Submitted", short_date(referral.submitted)),
        *case_facts(sources.config, referral.type, referral.data),
    ]
    if referral.referred_from is not None:
        facts.append(("Path", path_text(referral)))
    if referral.retrospective_started:
        at = referral.retrospective_started_time
        when = short_date(referral.retrospective_started) + (f" at {at:%H:%M}" if at else "")
        facts.append(("Retrospective", f"started {when}: {referral.retrospective_reason}"))
    if item.note:
        facts.append(("Note", item.note))
    if item.chair_accepted:
        chair = sources.config.person_by_email(item.chair_accepted.by)
        who = chair.name if chair else item.chair_accepted.by
        facts.append(("Accepted by the chair", f"{who}: {item.chair_accepted.reason}"))
    return md.join(
        md.heading(level, item_heading(item), f"item-{item.number}"),
        item_mark(item),
        md.table(["", ""], facts),
        _earlier(entry.earlier, sources, referral.type, item) if entry.earlier else "",
        _children(referral, sources),
        _family(referral, sources.agenda.meeting),
        _costs(referral, sources),
        _sections(referral, sources),
        _documents(referral.id, sources),
    )


def _documents(referral_id: str, sources: PackSources) -> str:
    """Each attached document after the referral: a heading (a bookmark), then each page on a page of its own."""
    parts = []
    for index, document in enumerate(sources.documents.get(referral_id, ()), start=1):
        title = document.attachment.title
        pages = "1 page" if document.pages == 1 else f"{document.pages} pages"
        dated = f", dated {short_date(document.attachment.dated)}" if document.attachment.dated else ""
        parts += [
            PAGEBREAK,
            md.heading(2, f"Attached: {title}", ""),
            md.text(f"{title} ({document.attachment.file}, {document.format}, {pages}{dated})."),
        ]
        for number, picture in enumerate(documents.pictures(referral_id, index, document)):
            first = "yes" if number == 0 else "no"
            parts.append(
                md.div("attachmentpage", md.text(picture.alt), file=picture.name, alt=picture.alt, first=first)
            )
    return md.join(*parts)


def decision_sheet(entry: PackItem, sources: PackSources) -> str:
    """Part B, blank, for the chair."""
    item = entry.item
    outcomes = "\n".join(
        f"| \u2610 {md.text(o.name)}" + (f" — {md.text(o.description)}" if o.description else "")
        for o in sources.config.outcomes
    )
    reviewed = ""
    if entry.earlier and entry.earlier.decision.outside:
        reviewed = md.text(
            f"Ratifies the decision on {entry.earlier.referral} made outside a meeting on "
            f"{long_date(entry.earlier.decision.meeting)} by {entry.earlier.decision.chair}."
        )
    elif entry.earlier:
        reviewed = md.text(
            f"Reviews the decision on {entry.earlier.referral}"
            + (f" of {long_date(entry.earlier.meeting)}." if entry.earlier.meeting else ".")
        )
    referral = entry.referral
    costs = referral.costs if referral is not None else None
    role = sources.config.decision_maker_for(
        referral.type if referral is not None else item.type or "",
        costs.weekly if costs else 0.0,
        costs.total if costs else 0.0,
    )
    heading = f"Decision sheet (Part B): item {item.number}, {item.referral}"
    recommends = ""
    if role:
        name = sources.config.role_name(role)
        heading = f"Recommendation to the {name} (Part B): item {item.number}, {item.referral}"
        recommends = md.text(
            f"Recommendation to the {name}: the panel recommends, and the {name} decides (agree, vary or refuse). "
            "It is not a decision until they record theirs."
        )
    return md.join(
        md.heading(2, heading, f"decision-{item.number}"),
        md.text(f"Completed by the chair. {item.title}. Case ids: {', '.join(item.case_ids)}."),
        f"**{recommends}**" if recommends else "",
        reviewed,
        "**What the panel recommended** (numbered)" if role else "**What the panel agreed** (numbered)",
        md.div("writing", "", lines="6"),
        "**Outcome** (tick one)",
        outcomes,
        "**Review date, deferral date or alternative approved**",
        md.div("writing", "", lines="2"),
        "**Rationale**",
        md.div("writing", "", lines="6"),
        md.table(["", ""], [("Chair's name", BLANK), ("Signature", BLANK), ("Date", BLANK)], widths=(25, 75)),
    )


PAGEBREAK = md.div("pagebreak", "")


def _copy_note(sources: PackSources, copy: NamedCopy) -> str:
    """What a named copy leaves out, and why, on its cover."""
    numbers = {i.item.referral: i.item.number for i in sources.items if i.item.referral}
    if not copy.withheld:
        return md.text(f"{copy.mark}. This copy holds every item.")
    declared = set(sources.declared_by(copy.name))
    registered = [r for r in copy.withheld if r not in declared]
    notes = []
    if registered:
        left = ", ".join(f"item {numbers.get(r, '?')} ({r})" for r in registered)
        notes.append(
            f"This copy leaves out {left}: the register of interests records your interest in what the item names."
        )
    if declared:
        left = ", ".join(f"item {numbers.get(r, '?')} ({r})" for r in copy.withheld if r in declared)
        notes.append(f"This copy leaves out {left}: the meeting's record notes your declared interest in it.")
    return md.text(
        f"{copy.mark}. {' '.join(notes)} Declare it at the start of the meeting and take no part in the item."
    )


def pack_document(sources: PackSources, edition: Edition, items: list[PackItem], copy: NamedCopy | None = None) -> str:
    """The whole pack (or supplement) as pandoc markdown; a named copy leaves out the items it withholds."""
    if copy is not None:
        items = [i for i in items if i.item.referral not in copy.withheld]
    parts = [cover(sources, edition), PAGEBREAK, md.div("toc", ""), PAGEBREAK]
    if copy is not None:
        parts[1:1] = [_copy_note(sources, copy)]
    if edition.supplements:
        parts += [
            md.heading(1, f"Changes since {edition.supplements.words}", "changes"),
            "\n".join(
                f"- {md.text(change.text)}" + "".join(f"\n    - {md.text(d)}" for d in change.details)
                for change in edition.changes
            ),
            PAGEBREAK,
        ]
    withheld, declared = (copy.withheld, sources.declared_by(copy.name)) if copy else ((), ())
    parts += [agenda_section(sources, withheld, declared), PAGEBREAK]
    due = reviews_due(sources)
    if due and not edition.supplements:
        parts += [due, PAGEBREAK]
    if not edition.supplements:
        parts += [declarations(sources)]
        if sources.config.agenda.previous_minutes:
            parts += [PAGEBREAK, previous_minutes(sources)]
        for entry in sources.items:
            if entry.item.kind == ItemKind.ACTIONS:
                parts += [PAGEBREAK, actions_section(entry.item, sources)]
    for entry in items:
        if entry.referral is None:
            continue
        parts += [PAGEBREAK, referral_section(entry, sources), PAGEBREAK, decision_sheet(entry, sources)]
    return md.join(*parts) + "\n"


def item_document(entry: PackItem, sources: PackSources, edition: Edition) -> str:
    """One referral alone, with a short header saying where it is heard."""
    panel = sources.config.panel
    intro = md.text(
        f"{panel.council}, {panel.name}: meeting of {long_date(sources.agenda.meeting)}, item {entry.item.number}. "
        f"Built from commit {edition.provenance.short}."
    )
    return md.join(intro, referral_section(entry, sources)) + "\n"
