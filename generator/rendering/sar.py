"""A subject access bundle laid out as pandoc markdown (for the pack's PDF machinery) and its index."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from generator.domain.agenda import AgendaItem
from generator.domain.config.model import PanelConfig
from generator.domain.decisions import Decision, MeetingRecord
from generator.domain.formatting import long_date, short_date
from generator.domain.referrals import Referral
from generator.domain.referrals.model import AttachedDocument
from generator.domain.registers.base import Cell
from generator.domain.subject_access import Redactor, Subject
from generator.rendering.pack import markup as md

REVIEW = (
    "DRAFT FOR REVIEW: gathered by `panel sar`, not yet checked. Before release, a reviewer reads every page, "
    "confirms each redaction and redacts anything else that identifies a third party."
)


@dataclass(frozen=True)
class CirculatedPack:
    """A circulated pack that included the subject: its tag, when and by whom, to whom, and its files."""

    tag: str
    meeting: dt.date
    at: str
    by: str
    recipients: tuple[str, ...]
    files: tuple[str, ...]


@dataclass(frozen=True)
class Change:
    """A commit that touched one of the subject's records."""

    commit: str
    date: str
    author: str
    subject: str


@dataclass
class Bundle:
    """Everything gathered about one subject, before layout; every text is redacted as it is laid out."""

    subject: Subject
    config: PanelConfig
    generated: dt.datetime
    commit: str
    redactor: Redactor
    referrals: list[Referral] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    meetings: list[tuple[MeetingRecord, list[str]]] = field(default_factory=list)
    agenda_items: list[tuple[dt.date, AgendaItem]] = field(default_factory=list)
    registers: list[tuple[str, Sequence[str], list[Sequence[Cell]]]] = field(default_factory=list)
    packs: list[CirculatedPack] = field(default_factory=list)
    history: list[Change] = field(default_factory=list)
    documents: list[tuple[str, AttachedDocument]] = field(default_factory=list)
    """(referral id, document) for each document attached to the child's referrals that passed every check."""
    notes: list[str] = field(default_factory=list)
    left_out: int = 0
    """Children left out of shared records' tables."""

    def r(self, value: object) -> str:
        """A value as redacted text."""
        return self.redactor.text("" if value is None else str(value))

    @property
    def title(self) -> str:
        """The bundle's title (no name in it: the index and the folder travel by case id)."""
        who = f"case {self.subject.key}" if self.subject.is_child else "a named person"
        return f"Subject access request: {who}"


def _referral(bundle: Bundle, referral: Referral) -> str:
    r = bundle.r
    teams = {t.id: t.name for t in bundle.config.teams}
    kind = bundle.config.referral_type(referral.type)
    facts = [
        ("Referral", referral.id),
        ("Title", r(referral.title)),
        ("Type", kind.name if kind else referral.type),
        ("Meeting asked for", short_date(referral.meeting)),
        ("Submitted", short_date(referral.submitted)),
        ("Worker", f"{referral.worker_name}, {teams.get(referral.worker_team, referral.worker_team)}"),
        ("Source", referral.path),
    ]
    children, left_out = bundle.redactor.children(bundle.subject, referral.children)
    bundle.left_out += left_out
    rows = [(c.name, c.case_id, short_date(c.date_of_birth), c.ethnicity, c.disability) for c in children]
    parts = [
        md.heading(2, f"{referral.id}: {r(referral.title)}", f"ref-{referral.id.lower()}"),
        md.table(["", ""], facts, widths=(30, 70)),
    ]
    if rows:
        parts.append(
            md.table(["Child", "Case id", "Born", "Ethnicity", "Disability"], rows, widths=(25, 18, 15, 20, 22))
        )
    if left_out:
        parts.append(md.text(f"{left_out} other child(ren) in this shared record: withheld."))
    family = [(r(f.name), f.relationship, short_date(f.date_of_birth)) for f in referral.family]
    family += [(r(n.name), n.role, "") for n in referral.network]
    if family:
        parts.append(md.table(["Family and network", "Relationship or role", "Born"], family, widths=(40, 40, 20)))
    if referral.costs:
        c = referral.costs
        parts.append(
            md.table(
                ["Cost", "Amount"],
                [
                    ("Weekly", md.money(c.weekly)),
                    ("Weeks", c.weeks),
                    ("Total", md.money(c.total)),
                    ("Provider", r(c.provider)),
                ],
                "lr",
                (40, 60),
            )
        )
    for section in referral.sections.values():
        if section.text.strip():
            parts += [md.heading(3, section.heading, ""), md.user_text(r(section.text))]
    if referral.scaling:
        rows2 = [(r(s.person), s.role, s.score, r(s.reason)) for s in referral.scaling]
        parts.append(md.table(["Scaling: person", "Role", "Score", "Reason"], rows2, "llr", (20, 18, 8, 54)))
    return md.join(*parts)


def _decision(bundle: Bundle, decision: Decision) -> str:
    r = bundle.r
    facts = [
        ("Referral", decision.referral),
        ("Meeting", long_date(decision.meeting)),
        ("Outcome", decision.outcome),
        ("Source", decision.path),
    ]
    if decision.approved:
        a = decision.approved
        facts += [("Approved", r(a.resource)), ("Weekly", md.money(a.weekly)), ("Total", md.money(a.total))]
        facts.append(("Period", f"{short_date(a.start)} to {short_date(a.end)}"))
    for label, values in (("Agreed", decision.agreed), ("Conditions", decision.conditions)):
        facts += [(label, r(v)) for v in values]
    if decision.rationale:
        facts.append(("Rationale", r(decision.rationale)))
    parts = [
        md.heading(2, f"Decision on {decision.referral}, {long_date(decision.meeting)}", ""),
        md.table(["", ""], facts, widths=(25, 75)),
    ]
    if decision.actions:
        rows = [(r(a.action), r(a.owner), short_date(a.due), short_date(a.done)) for a in decision.actions]
        parts.append(md.table(["Action", "Owner", "Due", "Done"], rows, widths=(50, 20, 15, 15)))
    if decision.notes.strip():
        parts.append(md.user_text(r(decision.notes)))
    return md.join(*parts)


def _meeting(bundle: Bundle, meeting: MeetingRecord, lines: list[str]) -> str:
    r = bundle.r
    facts = [("Meeting", long_date(meeting.date)), ("Chair", meeting.chair), ("Present", ", ".join(meeting.present))]
    if meeting.in_attendance:
        facts.append(("In attendance", r(", ".join(meeting.in_attendance))))
    facts.append(("Source", meeting.path))
    return md.join(
        md.heading(2, f"Meeting of {long_date(meeting.date)}", ""),
        md.table(["", ""], facts, widths=(25, 75)),
        md.text("Lines of the minutes that mention the subject (the rest concern others and are not included):"),
        md.user_text("\n".join(r(line) for line in lines)) if lines else md.text("None."),
    )


def document_path(referral_id: str, attached: AttachedDocument) -> str:
    """Where a referral's document is copied in the bundle's folder: documents/<referral id>/<file>."""
    return f"documents/{referral_id}/{attached.attachment.file}"


def document(bundle: Bundle) -> str:
    """The whole bundle as pandoc markdown; every value is escaped, and redacted where it could name another."""
    config, subject = bundle.config, bundle.subject
    cover_rows = [
        ("Council", config.panel.council),
        ("Panel", config.panel.name),
        ("Subject", f"{subject.name} ({'case ' + subject.key if subject.is_child else subject.key})"),
        ("Gathered", bundle.generated.strftime("%d %B %Y at %H:%M")),
        ("Repository at commit", bundle.commit or "not a git repository"),
        ("Protective marking", config.panel.marking),
    ]
    sections = [
        md.div(
            "cover",
            md.join(
                f"**{md.text(config.panel.council)}**",
                f"**{md.text(bundle.title)}**",
                md.table(["", ""], cover_rows, widths=(30, 70)),
                md.text(REVIEW),
                md.text(f"{config.panel.marking}: personal data. Do not forward."),
            ),
        ),
        md.heading(1, "Referrals", "referrals"),
        *([_referral(bundle, x) for x in bundle.referrals] or [md.text("None.")]),
        md.heading(1, "Documents attached to the referrals", "documents"),
        md.table(
            ["Referral", "Document", "Format", "Pages", "File in this folder"],
            [
                (rid, bundle.r(d.attachment.title), d.format, d.pages, document_path(rid, d))
                for rid, d in bundle.documents
            ],
            widths=(14, 40, 10, 8, 28),
        )
        if bundle.documents
        else md.text("None."),
        md.heading(1, "Agenda items", "agenda"),
        md.table(
            ["Meeting", "Item", "Title", "Referral"],
            [(short_date(day), i.number, bundle.r(i.title), i.referral or "") for day, i in bundle.agenda_items],
            widths=(18, 8, 56, 18),
        )
        if bundle.agenda_items
        else md.text("None."),
        md.heading(1, "Decisions", "decisions"),
        *([_decision(bundle, d) for d in bundle.decisions] or [md.text("None.")]),
        md.heading(1, "Meeting minutes", "minutes"),
        *([_meeting(bundle, m, lines) for m, lines in bundle.meetings] or [md.text("None.")]),
        md.heading(1, "Registers", "registers"),
        *(
            [
                md.join(md.heading(2, title, ""), md.table(list(columns), [[bundle.r(c) for c in row] for row in rows]))
                for title, columns, rows in bundle.registers
            ]
            or [md.text("No register rows.")]
        ),
        md.heading(1, "Packs that included the subject, and who received them", "packs"),
        md.table(
            ["Pack", "Meeting", "Circulated", "By", "Sent to"],
            [(p.tag, short_date(p.meeting), p.at, p.by, ", ".join(p.recipients)) for p in bundle.packs],
            widths=(20, 12, 18, 18, 32),
        )
        if bundle.packs
        else md.text("No circulated pack included the subject."),
        md.heading(1, "Changes to these records (git history)", "history"),
        md.table(
            ["Commit", "Date", "Author", "Message"],
            [(c.commit, c.date, c.author, bundle.r(c.subject)) for c in bundle.history],
            widths=(14, 22, 22, 42),
        )
        if bundle.history
        else md.text("No history (not a git repository)."),
    ]
    if bundle.notes:
        sections += [md.heading(1, "Notes for the reviewer", "notes"), *[md.text(n) for n in bundle.notes]]
    return md.join(*sections)


def index(bundle: Bundle, files: Sequence[str]) -> str:
    """The folder's index (markdown): what was gathered, from where, what was redacted, and what to do next."""
    subject = bundle.subject
    marking = bundle.config.panel.marking
    lines = [
        f"**{marking}** — personal data gathered for a subject access request. Do not forward.",
        "",
        f"# {bundle.title}",
        "",
        REVIEW,
        "",
        f"- Subject: {subject.name} ({'child, case id ' + subject.key if subject.is_child else subject.key})",
        f"- Gathered: {bundle.generated.isoformat(timespec='minutes')}, repository at commit {bundle.commit or 'none'}",
        f"- Redactions: {bundle.redactor.count} mention(s) of other children replaced; "
        f"{bundle.left_out} other child(ren) left out of shared records' tables",
        "",
        "## Files",
        "",
        *[f"- `{name}`" for name in files],
        "",
        "## Records gathered",
        "",
        *[f"- referral `{x.path}`" for x in bundle.referrals],
        *[f"- agenda item {i.number} of {day.isoformat()}" for day, i in bundle.agenda_items],
        *[
            f"- document `{document_path(rid, d)}` ({d.format}, {d.pages} page(s)), attached to `{rid}`"
            for rid, d in bundle.documents
        ],
        *[f"- decision `{d.path}`" for d in bundle.decisions],
        *[f"- minutes `{m.path}` ({len(lines_)} line(s))" for m, lines_ in bundle.meetings],
        *[f"- register: {title} ({len(rows)} row(s))" for title, _, rows in bundle.registers],
        *[f"- circulated pack `{p.tag}` (sent to {len(p.recipients)} member(s) by {p.by})" for p in bundle.packs],
        f"- {len(bundle.history)} commit(s) that changed these records",
        "",
        "## Before release",
        "",
        "1. Read every page of `bundle.pdf`; check each `[another child]`, `[a child]` and `[case id withheld]`.",
        "2. Read every document in `documents/`: each is copied as it was attached, not redacted.",
        "3. Redact any other third party (family members, other professionals) the law requires you to.",
        "4. Record the release (date, to whom, what) in the council's SAR log; this folder is not a record.",
        "5. Delete this folder once the request is closed: it is build output and is never committed.",
        "",
        *[f"- note: {n}" for n in bundle.notes],
        "",
        f"**{marking}**",
        "",
    ]
    return "\n".join(lines)
