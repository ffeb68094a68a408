"""The site's pages as plain markdown, rendered from the Jinja2 templates in site/ (see packaged.py)."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import io
import os
import pickle
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import jinja2

from generator.domain import calendar
from generator.domain.agenda import Agenda
from generator.domain.areas import meeting_area_name
from generator.domain.config.model import PanelConfig
from generator.domain.decisions import Decision, MeetingRecord
from generator.domain.decisions.outside import stands_until
from generator.domain.decisions.quorum import attendance
from generator.domain.formatting import long_date, money
from generator.domain.links import Onward, handed_on, onward_text, path_text
from generator.domain.meetingday import meeting_day
from generator.domain.monitoring import monitored
from generator.domain.referrals import Referral
from generator.domain.referrals.due import case_facts, due_dates
from generator.domain.referrals.model import AttachedDocument
from generator.domain.registers import BUILDERS, PanelData, Register
from generator.domain.registers.action_log import ActionStatus, open_actions
from generator.domain.registers.children import ChildHistory, histories
from generator.domain.registers.expenditure import spend_by_month
from generator.domain.registers.export import write_csv
from generator.domain.registers.finance_log import FinanceLog
from generator.domain.registers.follow_up import Step, steps_of
from generator.domain.registers.ratification import ratified_by, unratified
from generator.domain.registers.reviews import overdue
from generator.domain.registers.timeliness import timings
from generator.domain.registers.unheard import not_heard
from generator.io import attachments
from generator.io.packaged import OVERRIDES, package_templates
from generator.io.tree import MEETINGS
from generator.rendering.ics import render_ics
from generator.rendering.site import charts, escape
from generator.rendering.site.packfiles import MeetingPacks, PackFile, SourceFile
from generator.rendering.site.signoffs import SignoffSource
from generator.rendering.site.style import PANEL_CSS, PANEL_JS, SCRIPT, STYLESHEET
from generator.rendering.site.tables import SITE_COLUMNS, Linker, column_name, markdown_table, table_markdown
from generator.rendering.templating import render, sandboxed

ROBOTS_TXT = "User-agent: *\nDisallow: /\n"
"""The site's robots.txt: nothing may be indexed (every page also carries a robots meta tag)."""

GUIDES = {
    "submitting": "Submitting a referral",
    "signing-off": "Signing off a referral",
    "preparing-a-meeting": "Preparing a meeting",
    "recording-decisions": "Recording decisions",
    "who-decides": "Who decides",
    "data-protection": "Data protection",
}


class Kept:
    """A page whose inputs equal those its file in the build folder was rendered from: that file is kept as it is."""


KEPT = Kept()
Content = str | bytes | SourceFile | Kept


def countdown(now: dt.datetime, then: dt.datetime) -> str:
    """'3 days 4 hours to go', or 'passed'."""
    seconds = int((then - now).total_seconds())
    if seconds <= 0:
        return "passed"
    days, rest = divmod(seconds, 86400)
    hours = rest // 3600
    parts = ([f"{days} day{'s' * (days != 1)}"] if days else []) + [f"{hours} hour{'s' * (hours != 1)}"]
    return " ".join(parts) + " to go"


_ENVIRONMENTS: dict[tuple[str, tuple[tuple[str, int, int, int], ...]], jinja2.Environment] = {}
"""The last environment made, by repository and the state of its own site templates (see `environment`)."""


def _own_templates(folder: Path) -> tuple[tuple[str, int, int, int], ...]:
    """Each entry under the panel's templates/site/ with its size, modification time and inode (none: no folder)."""
    found = []
    for current, folders, names in os.walk(folder):
        folders.sort()
        for name in sorted([*folders, *names]):
            path = os.path.join(current, name)
            try:
                info = os.lstat(path)
            except OSError:
                continue
            found.append((os.path.relpath(path, folder), info.st_size, info.st_mtime_ns, info.st_ino))
    return tuple(found)


def environment(root: Path) -> jinja2.Environment:
    """Site templates from the panel's templates/site/ first, then Panel Papers' own.

    Sandboxed, because a panel's own templates are repository files like any other; every printed value
    is escaped by `escape.plain` unless a filter already made it `Markup`. The environment, with the templates it
    has compiled, is kept for the next build in the same process (`panel serve`'s rebuilds) while the panel's own
    templates are the same files; a template file changed since it was compiled is compiled again (auto_reload).
    """
    key = (str(root), _own_templates(root / OVERRIDES / "site"))
    env = _ENVIRONMENTS.get(key)
    if env is None:
        _ENVIRONMENTS.clear()
        env = _ENVIRONMENTS[key] = _new_environment(root)
    return env


def _new_environment(root: Path) -> jinja2.Environment:
    env = sandboxed(
        root / OVERRIDES / "site",
        package_templates() / "site",
        keep_trailing_newline=True,
        autoescape=False,
        finalize=escape.plain,
        auto_reload=True,
        # trim_blocks eats the newline after a tag that ends a line: a list item ending in {% endif %} ends in {{ "" }}
        # so that the next item starts a line of its own.
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        text=escape.text,
        inline=escape.inline,
        cell=escape.cell,
        block=escape.block,
        url=escape.url,
        title=escape.title,
        money=money,
        long_date=long_date,
        column_name=column_name,
    )
    return env


@dataclass
class Site:
    """Everything the pages are made from."""

    root: Path
    data: PanelData
    signoffs: SignoffSource
    now: dt.datetime
    agendas: dict[dt.date, Agenda] = field(default_factory=dict)
    packs: dict[dt.date, list[str]] = field(default_factory=dict)
    pack_files: dict[dt.date, MeetingPacks] = field(default_factory=dict)
    finance: FinanceLog | None = None
    """The finance lead's sign-offs of the expenditure log (None: not read)."""
    documents: dict[str, tuple[AttachedDocument, ...]] = field(default_factory=dict)
    """Referral id → its attached documents that passed panel check's checks (published beside its page)."""
    onward: dict[str, tuple[Onward, ...]] = field(default_factory=dict)
    """Referral id → its referrals in the linked panels' folders present at build time (where the case went)."""

    @cached_property
    def registers(self) -> dict[str, Register]:
        """Every register by id."""
        return {key: build(self.data) for key, build in BUILDERS.items()}

    @cached_property
    def children(self) -> dict[str, ChildHistory]:
        """Each child's history by case id."""
        return histories(self.data)

    @cached_property
    def meeting_records(self) -> dict[dt.date, MeetingRecord]:
        """Meeting records by date."""
        return {m.date: m for m in self.data.meetings}

    @cached_property
    def meeting_dates(self) -> list[dt.date]:
        """Every meeting with a page: with records, decisions, an agenda or referrals; newest first."""
        days = set(self.meeting_records) | set(self.agendas)
        days |= {d.meeting for d in self.data.decisions if not d.outside}
        days |= {r.meeting for r in self.data.referrals}
        return sorted(days, reverse=True)

    @cached_property
    def referrals_by_meeting(self) -> dict[dt.date, list[Referral]]:
        """Referrals asking for each meeting."""
        found: dict[dt.date, list[Referral]] = defaultdict(list)
        for referral in sorted(self.data.referrals, key=lambda r: r.id):
            found[referral.meeting].append(referral)
        return found

    @cached_property
    def decisions_by_meeting(self) -> dict[dt.date, list[Decision]]:
        """Decisions made at each meeting."""
        found: dict[dt.date, list[Decision]] = defaultdict(list)
        for decision in sorted(self.data.decisions, key=lambda d: d.referral):
            if not decision.outside:
                found[decision.meeting].append(decision)
        return found

    @cached_property
    def item_papers(self) -> dict[str, list[tuple[dt.date, PackFile]]]:
        """Each referral's own papers from build/packs/<date>/items/, newest meeting first."""
        found: dict[str, list[tuple[dt.date, PackFile]]] = defaultdict(list)
        for day in sorted(self.pack_files, reverse=True):
            for referral_id, item in (self.pack_files[day].items or {}).items():
                found[referral_id].append((day, item))
        return found

    def stored_packs(self, day: dt.date) -> list[str]:
        """Files kept in meetings/<date>/ that a pack built by `panel pack` does not replace."""
        built = {f.name for f in self.pack_files[day].versions} if day in self.pack_files else set()
        return [name for name in self.packs.get(day, []) if name not in built]

    def links(self, up: str) -> dict[str, Linker]:
        """Column → link maker, relative to a page `up` levels below the top."""
        meetings = set(self.meeting_dates)
        referrals = self.data.referral_by_id
        children = self.children

        def meeting(token: str) -> str | None:
            day = meeting_day(token)
            return f"{up}meetings/{token}.md" if day is not None and day in meetings else None

        def referral(token: str) -> str | None:
            return f"{up}referrals/{token}.md" if token in referrals else None

        def child(token: str) -> str | None:
            return f"{up}children/{token}.md" if token in children else None

        return {"meeting": meeting, "decided": meeting, "referral": referral, "case_id": child, "case_ids": child}


@dataclass
class Reuse:
    """Which pages need not be rendered again: each page's inputs digest, as last rendered and as now.

    Only pages whose inputs are known are judged: a referral's, a meeting's, a child's and a register's pages, from
    Panel Papers' own templates (`scope` is None when the panel has its own site templates, which may read anything:
    every page is rendered). `scope` digests what every page may read (the code, panel.yml, the day, the templates,
    which meetings, referrals and children have pages); `before` holds the digests the kept files were rendered from.
    """

    scope: str | None
    before: Mapping[str, str] = field(default_factory=dict)
    now: dict[str, str] = field(default_factory=dict)
    kept: int = 0

    def unchanged(self, path: str, inputs: object) -> bool:
        """True when `path` was last rendered from these inputs (its kept file stands); records them either way."""
        if self.scope is None:
            return False
        try:
            blob = pickle.dumps(inputs, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:  # inputs that cannot be digested: the page is rendered, as one never seen
            return False
        digest = hashlib.sha256(self.scope.encode() + blob).hexdigest()
        self.now[path] = digest
        if self.before.get(path) == digest:
            self.kept += 1
            return True
        return False


def each_pickled(values: Sequence[object]) -> tuple[bytes, ...]:
    """Each value pickled on its own: the same bytes whichever objects the values share with each other.

    (Records read from their files share strings and dates that the same records from the check cache do not; pickled
    together, the memo would record that sharing, and a page of many records would be rendered again for nothing.)
    """
    return tuple(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL) for value in values)


def site_scope(site: Site, base: str) -> str:
    """`base` (code, panel.yml, day, templates) with what every page's links read: the pages there are."""
    linked = (
        sorted(site.meeting_dates),
        sorted(site.data.referral_by_id),
        sorted(site.children),
        site.signoffs.available,
    )
    return hashlib.sha256(base.encode() + pickle.dumps(linked, protocol=pickle.HIGHEST_PROTOCOL)).hexdigest()


REFERRAL_PAGE_READS = frozenset(
    {
        # The functions the referral page's templates are given, and what they read of `data` (PanelData);
        # tests/site/test_build_incremental.py fails when the templates use one not in this list.
        "ratified_by",
        "stands_until",
        "area_name",  # the meeting's area's name: from panel.yml (in the scope) and the referral's meeting
        "follow_up",
        "data.answer_stands",
        "data.budget_line_name",
        "data.config",
        "data.decision_maker",
        "data.forum_answer",
        "data.heard_after",
        "data.legal_status_name",
        "data.notices",
        "data.outcome_name",
        "data.reconsiderations_of",
        "data.referral_by_id",
        "data.response",
        "data.returned_from",
        "data.today",
        "data.type_name",
        "data.unmet_need_name",
    }
)
"""What `_referral_inputs` digests (names, config lookups and the day are in the scope; the rest below)."""


def _onward(site: Site, referral: Referral, decisions: list[Decision]) -> str:
    """Where the referral's final decision handed the case on, in words ('' when it did not)."""
    final = {d.path: bool((f := site.data.finality(d)) is not None and f.final) for d in decisions}
    decision = handed_on(site.data.config, decisions, final).get(referral.id)
    return onward_text(site.data.config, decision, site.onward.get(referral.id, ())) if decision else ""


def _referral_inputs(site: Site, referral: Referral, decisions: list[Decision]) -> object:
    """Everything referral.md.j2 and _decision.md.j2 read for this referral (REFERRAL_PAGE_READS)."""
    data, config = site.data, site.data.config
    per_decision = []
    for d in decisions:
        answer = data.forum_answer(d)
        returned = data.returned_from(d)
        maker = data.decision_maker(d)
        per_decision.append(
            (
                d,
                data.finality(d),
                (ratified_by(data, d), stands_until(config, d)) if d.outside else None,
                data.reconsiderations_of(d),
                data.notices.get(d.path),
                maker,
                data.response(d) if maker else None,
                answer,
                (data.heard_after(answer), data.answer_stands(answer)) if answer else None,
                returned,
                data.referral_by_id.get(d.referral),
                _follow_up(site, d),
            )
        )
    return (
        referral,
        per_decision,
        site.signoffs.trail(referral),
        site.item_papers.get(referral.id, []),
        site.documents.get(referral.id, ()),
        data.today,
        _onward(site, referral, decisions),
    )


MEETING_PAGE_READS = frozenset(
    {
        # What meeting.md.j2 reads beyond the values `_meeting_inputs` digests: the day, the templates' own
        # functions and panel.yml (all in the scope); tests/site/test_build_reuse.py fails on any other.
        "area_name",
        "markdown_table",
        "data.outcome_name",
        "referral.id",
        "referral.title",
    }
)
"""What a meeting page reads of its referrals (their id and title) and of `data` (names from panel.yml)."""


def _meeting_inputs(values: dict[str, object]) -> object:
    """Everything meeting.md.j2 reads for one meeting (MEETING_PAGE_READS): its referrals by id and title only."""
    referrals = values["referrals"]
    decisions = values["decisions"]
    assert isinstance(referrals, list) and isinstance(decisions, list)
    return (
        values["day"],
        values["meeting"],
        values["record"],
        values["attendance"],
        values["agenda"],
        values["packs"],
        values["pack_files"],
        [(r.id, r.title) for r in referrals],
        each_pickled([(d, r.title if r else None, f) for d, r, f in decisions]),
        values["carried"],
        values["steps"],
    )


def render_pages(site: Site, reuse: Reuse | None = None) -> dict[str, Content]:
    """Every page and file of the site, by path under docs/; with `reuse`, unchanged pages are KEPT, not rendered."""
    reuse = reuse or Reuse(None)
    env = environment(site.root)
    config = site.data.config
    common = {
        "config": config,
        "panel": config.panel,
        "marking": config.panel.marking,
        "now": site.now,
        "area_name": functools.partial(meeting_area_name, config),
    }
    pages: dict[str, Content] = {}

    def page(path: str, template: str, **values: object) -> None:
        up = "../" * path.count("/")
        pages[path] = render(env, template, site.root, **common, up=up, links=site.links(up), **values)

    page("index.md", "home.md.j2", **_home(site))
    for day in site.meeting_dates:
        path, values = f"meetings/{day}.md", _meeting(site, day)
        if reuse.unchanged(path, _meeting_inputs(values)):
            pages[path] = KEPT
        else:
            page(path, "meeting.md.j2", **values)
        for name in site.stored_packs(day):
            pages[f"meetings/{day}/{name}"] = attachments.read_attachment(
                site.root / MEETINGS / day.isoformat() / name, site.root, config.attachments.inspector()
            )
        for pack in site.pack_files[day].files() if day in site.pack_files else ():
            pages[f"meetings/{day}/{pack.name}"] = pack.source
    # Drafts too, each marked: the registers count only the final ones.
    recorded: dict[str, list[Decision]] = defaultdict(list)
    for decision in sorted(site.data.decisions, key=lambda d: d.meeting):
        recorded[decision.referral].append(decision)
    for referral in site.data.referrals:
        decisions = recorded.get(referral.id, [])
        for document in site.documents.get(referral.id, ()):
            pages[f"referrals/{referral.id}/{document.attachment.file}"] = document.data
        path = f"referrals/{referral.id}.md"
        if reuse.unchanged(path, _referral_inputs(site, referral, decisions)):
            pages[path] = KEPT
            continue
        page(
            f"referrals/{referral.id}.md",
            "referral.md.j2",
            referral=referral,
            kind=config.referral_type(referral.type),
            decisions=[(d, site.data.finality(d)) for d in decisions],
            ratified_by=lambda d: ratified_by(site.data, d),
            stands_until=lambda d: stands_until(config, d),
            follow_up=lambda d: _follow_up(site, d),
            trail=site.signoffs.trail(referral),
            signoffs_available=site.signoffs.available,
            sections=[referral.sections[s.id] for s in config.sections_for(referral.type) if s.id in referral.sections],
            data=site.data,
            papers=site.item_papers.get(referral.id, []),
            documents=site.documents.get(referral.id, ()),
            facts=case_facts(config, referral.type, referral.data),
            due=list(due_dates(config, referral.type, referral.data, referral.meeting)),
            case_path=path_text(referral),
            onward=_onward(site, referral, decisions),
        )
    for case_id, history in site.children.items():
        path = f"children/{case_id}.md"
        if reuse.unchanged(path, (history, site.data.today)):
            pages[path] = KEPT
            continue
        page(path, "child.md.j2", history=history, data=site.data)
    for key, register in site.registers.items():
        shown = [c for c in register.table.columns if c in SITE_COLUMNS.get(key, register.table.columns)]
        hidden = [c for c in register.table.columns if c not in shown]
        role_name = config.role_name(site.finance.role) if site.finance else ""
        path = f"registers/{key}.md"
        if reuse.unchanged(path, (register, shown, hidden, site.finance, role_name)):
            pages[path] = KEPT
        else:
            page(
                path,
                "register.md.j2",
                register=register,
                table_markdown=table_markdown,
                shown=shown,
                hidden=hidden,
                finance=site.finance,
                role_name=role_name,
            )
        path = f"registers/all/{key}.md"
        if reuse.unchanged(path, register):
            pages[path] = KEPT
        else:
            page(path, "register-columns.md.j2", register=register, table_markdown=table_markdown)
        pages[f"registers/{key}.csv"] = register_csv(register)
    pages.update(_statistics(site, env, common))
    upcoming = calendar.upcoming(config, site.now, count=26 * len(calendar.by_area(config)))
    page("calendar.md", "calendar.md.j2", meetings=upcoming, areas=calendar.by_area(config) if config.areas else ())
    # The same feed as `panel calendar --ics`, so Outlook sees one calendar whichever it subscribes to.
    cancelled = calendar.cancelled_between(config, site.now.date(), upcoming[-1].date) if upcoming else []
    pages["panel.ics"] = render_ics(config, upcoming, cancelled, site.now)
    for key, title in GUIDES.items():
        page(f"guides/{key}.md", f"guide-{key}.md.j2", title=title, revisions=config.revisions)
    page("accessibility.md", "accessibility.md.j2")
    pages[STYLESHEET] = PANEL_CSS
    pages["robots.txt"] = ROBOTS_TXT
    pages[SCRIPT] = PANEL_JS
    return pages


def register_csv(register: Register) -> str:
    """The register as `panel export` writes it: every column, cells a spreadsheet would run as formulas quoted."""
    out = io.StringIO()
    write_csv(register, out)
    return out.getvalue()


def _next_meeting(site: Site, terms: PanelConfig) -> dict[str, object]:
    """The next meeting (of one area, in a panel with areas) and its referrals, for the home page."""
    following = calendar.upcoming(terms, site.now, count=1)
    meeting = following[0] if following else None
    referrals = site.referrals_by_meeting.get(meeting.date, []) if meeting else []
    deadline = meeting.deadline.date() if meeting and meeting.deadline else None
    states: Counter[str] = Counter()
    late = []
    for referral in referrals:
        trail = site.signoffs.trail(referral)
        states[trail.state if trail else "unknown"] += 1
        if (trail and trail.state == "late") or (referral.submitted and deadline and referral.submitted > deadline):
            late.append(referral)
    return {
        "meeting": meeting,
        "terms": terms,
        "area": terms.area.name if terms.area else "",
        "meeting_page": bool(meeting and meeting.date in site.meeting_dates),
        "countdown": countdown(site.now, meeting.deadline) if meeting and meeting.deadline else "",
        "referrals": referrals,
        "ready": states["ready"],
        "awaiting": states["awaiting"] + states["draft"],
        "late": late,
    }


def _home(site: Site) -> dict[str, object]:
    config = site.data.config
    pending = [(d, site.data.finality(d)) for d in sorted(site.data.pending, key=lambda d: (d.meeting, d.referral))]
    return {
        "nexts": [_next_meeting(site, terms) for terms in calendar.by_area(config)],
        "signoffs_available": site.signoffs.available,
        "recent": site.meeting_dates[:6],
        "overdue_reviews": sorted(overdue(site.data), key=lambda r: (r.due, r.decision.referral)),
        "overdue_actions": [
            (t, _person(site, t.action.owner))
            for t in open_actions(site.data, dt.date.max)
            if t.status == ActionStatus.OVERDUE
        ],
        "not_heard": _not_heard(site),
        "data": site.data,
        "reconsiderations": site.data.open_reconsiderations,
        "notices_overdue": [n for n in site.data.notices.values() if n.notice_overdue(site.now)],
        "case_records_overdue": [n for n in site.data.notices.values() if n.case_record_overdue(site.now)],
        "awaiting_ratification": [(d, f) for d, f in pending if f is None or not (f.provisional or f.awaiting_role)],
        "provisional": [(d, f) for d, f in pending if f is not None and f.provisional and f.confirmed_at is None],
        "unratified": [(u, u.overdue(site.data.today)) for u in unratified(site.data)],
        "awaiting_decision_maker": [
            (d, config.role_name(f.awaiting_role)) for d, f in pending if f is not None and f.awaiting_role
        ],
    }


def _person(site: Site, email: str) -> str:
    """A person's name from panel.yml, else the address as written."""
    person = site.data.config.person_by_email(email)
    return person.name if person else email


def _not_heard(site: Site) -> list[tuple[Referral, str]]:
    """Referrals whose meeting passed with no decision on them, and whether they are signed off."""
    found = []
    for referral in not_heard(site.data):
        trail = site.signoffs.trail(referral)
        if trail is None:
            found.append((referral, "sign-off not known in this build"))
        elif trail.state in ("ready", "late"):
            found.append((referral, "signed off; carried to the next agenda"))
        else:
            found.append((referral, f"not signed off ({trail.state})"))
    return found


def _follow_up(site: Site, decision: Decision) -> list[tuple[Step, str]]:
    """A final decision's follow-up steps, each with its status in words (none for a draft: nothing is due yet)."""
    finality = site.data.finality(decision)
    if finality is not None and not finality.final:
        return []
    today = site.data.today
    return [
        (s, f"done {s.done.isoformat()}" if s.done else "overdue" if s.overdue(today) else "open")
        for s in steps_of(site.data, decision)
    ]


def _meeting(site: Site, day: dt.date) -> dict[str, object]:
    decisions = site.decisions_by_meeting.get(day, [])
    carried = [
        (t.action.due.isoformat(), t.action.action, t.action.owner, t.decision.referral, t.status)
        for t in (open_actions(site.data, day) if day >= site.data.today else [])
    ]
    return {
        "day": day,
        "terms": site.data.config.for_meeting(day),
        "meeting": calendar.meeting_on(site.data.config, day),
        "record": site.meeting_records.get(day),
        "attendance": attendance(site.data.config, record) if (record := site.meeting_records.get(day)) else [],
        "agenda": site.agendas.get(day),
        "packs": site.stored_packs(day),
        "pack_files": site.pack_files[day].versions if day in site.pack_files else (),
        "referrals": site.referrals_by_meeting.get(day, []),
        "decisions": [(d, site.data.referral_by_id.get(d.referral), site.data.finality(d)) for d in decisions],
        "recorded": frozenset(d.referral for d in decisions),
        "carried": carried,
        "steps": [(d.referral, step, status) for d in decisions for step, status in _follow_up(site, d)],
        "data": site.data,
        "markdown_table": markdown_table,
    }


def _statistics(site: Site, env: jinja2.Environment, common: dict[str, object]) -> dict[str, Content]:
    data = site.data
    outcomes = Counter(data.outcome_name(d.outcome) for d in data.final)
    months = spend_by_month(data)
    monthly = [(m, sum(v.values())) for m, v in months.items()]
    by_type: dict[str, float] = defaultdict(float)
    for per_type in months.values():
        for type_id, amount in per_type.items():
            by_type[data.type_name(type_id)] += amount
    buckets = [("0–7 days", 0, 7), ("8–14 days", 8, 14), ("15–28 days", 15, 28), ("29–56 days", 29, 56)]
    days = [t.days for t in timings(data) if t.days is not None]
    spread = [(label, float(sum(1 for d in days if lo <= d <= hi))) for label, lo, hi in buckets]
    spread.append(("over 56 days", float(sum(1 for d in days if d > 56))))
    charts_data: dict[str, tuple[str, list[tuple[str, float]], bool]] = {
        "outcomes": ("Decisions by outcome", [(k, float(v)) for k, v in outcomes.most_common()], False),
        "spend-by-month": ("Committed spend by month", monthly, True),
        "spend-by-type": ("Committed spend by referral type", sorted(by_type.items(), key=lambda kv: -kv[1]), True),
        "timeliness": ("Days from referral to decision", spread, False),
    }
    pages: dict[str, Content] = {}
    shown = []
    for key, (title, rows, is_money) in charts_data.items():
        values = rows
        describe = "; ".join(f"{k}: {money(v) if is_money else int(v)}" for k, v in values[:40]) or "no data yet"
        draw = charts.column_chart if key == "spend-by-month" else charts.bar_chart
        pages[f"statistics/{key}.svg"] = draw(title, describe, values, money=is_money)
        figures: list[tuple[str, str | int]] = [(k, money(v) if is_money else int(v)) for k, v in values]
        table = markdown_table(("item", "value"), figures)
        shown.append({"key": key, "title": title, "description": describe, "table": table})
    late = sum(1 for t in timings(data) if t.late)
    measured = site.registers["case-outcomes"].summaries[0]
    pages["statistics.md"] = render(
        env,
        "statistics.md.j2",
        site.root,
        **common,
        up="",
        charts=shown,
        late=late,
        decided=len(days),
        measures=markdown_table(measured.columns, measured.rows) if measured.rows else "",
        monitored=[
            (m.characteristic, markdown_table((m.characteristic, "children"), m.rows), m.children)
            for m in monitored(list(data.referrals), data.config.protected_characteristics)
        ],
    )
    return pages
