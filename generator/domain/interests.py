"""The standing register of interests (interests.yml), and the declarations it makes due at a meeting.

A member's interest in an organisation (e.g. a provider) or a person stands from `from` to `to`
(open while `to` is left out). When a referral heard at a meeting names that organisation as its
provider, or that person (the worker, a child, a family or network member, someone scaling), the
member is expected to declare an interest in the item: the pack's declarations sheet lists it, and
the meeting record must address it with a declaration (or the member was not there).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from generator.domain.config.model import PanelConfig
from generator.domain.decisions.model import Decision, MeetingRecord
from generator.domain.referrals import Referral
from generator.domain.schema_parts import date, text
from generator.domain.shapes import Shape, at
from generator.io import schema_errors, textbounds, yamlsafe
from generator.io.diagnostics import Diagnostic
from generator.io.schema_validation import strict_validator
from generator.io.yamlsafe import SourceMap

REGISTER = "interests.yml"
MAX_INTERESTS = 2000
"""A panel of a dozen members keeps a few dozen entries; a bound keeps a hostile file small to check."""


@dataclass(frozen=True)
class Interest:
    """One entry of the register: a member's interest in an organisation or a person, and when it stands."""

    member: str
    organisation: str
    person: str
    nature: str
    from_: dt.date = field(metadata=at("from"))
    to: dt.date | None
    index: int = field(default=0, compare=False)
    """Its position in the register, for pointing at it."""

    @property
    def party(self) -> str:
        """'organisation Brightwater Fostering' or 'person Ben Carter'."""
        return f"organisation {self.organisation}" if self.organisation else f"person {self.person}"

    def stands_on(self, day: dt.date) -> bool:
        """True when the interest is registered on `day`."""
        return self.from_ <= day and (self.to is None or day <= self.to)


@dataclass(frozen=True)
class Expected:
    """A declaration the register makes due: `member` on the item hearing `referral`."""

    member: str
    referral: str
    interest: Interest
    named_as: str
    """How the referral names the party, e.g. 'its provider' or 'the worker'."""

    @property
    def words(self) -> str:
        """'organisation Brightwater Fostering (its provider): his partner is a director'."""
        return f"{self.interest.party} ({self.named_as}): {self.interest.nature}"


def register_schema(config: PanelConfig) -> dict[str, Any]:
    """The schema of interests.yml."""
    names = [p.name for p in config.people]
    member = {"type": "string", "enum": names, "description": "The member, by name as in panel.yml people."}
    entry = {
        "type": "object",
        "additionalProperties": False,
        "description": "One interest: give either organisation or person, not both.",
        "required": ["member", "nature", "from"],
        "properties": {
            "member": member if names else text("The member."),
            "organisation": text("The organisation, as referrals name it as provider, e.g. Brightwater Fostering."),
            "person": text("The person, as referrals name them (worker, child, family or network member)."),
            "nature": text("The nature of the interest, e.g. 'her partner is a director'."),
            "from": date("When the interest began"),
            "to": date("When it ended; leave out while it stands"),
        },
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"Register of interests of {config.panel.name}",
        "type": "object",
        "additionalProperties": False,
        "required": ["interests"],
        "properties": {
            "interests": {
                "type": "array",
                "maxItems": MAX_INTERESTS,
                "items": entry,
                "description": "Every member's standing interests.",
            }
        },
    }


@dataclass(frozen=True)
class Register:
    """The parsed register, and every problem found in it."""

    interests: tuple[Interest, ...] = ()
    problems: tuple[Diagnostic, ...] = ()
    source: SourceMap = field(default_factory=SourceMap, repr=False)


def parse_register(text_: str, config: PanelConfig, display: str = REGISTER) -> Register:
    """The register in `text_`: entries only when the whole file is valid (so no interest is half-read)."""
    try:
        data, source, yaml_problems = yamlsafe.load(text_)
    except yamlsafe.YamlError as exc:
        p = exc.problem
        return Register(problems=(Diagnostic(display, p.line, p.column, p.code, p.message, hint=p.hint),))
    problems = [Diagnostic(display, p.line, p.column, p.code, p.message, hint=p.hint) for p in yaml_problems]
    budget = textbounds.TextBudget()
    textbounds.value_problems(source, budget)
    problems += [Diagnostic(display, b.line, b.column, b.code, b.message, hint=b.hint) for b in budget.problems]
    if problems:
        return Register(problems=tuple(problems))
    schema = register_schema(config)
    problems += schema_errors.to_diagnostics(strict_validator(schema).iter_errors(data), source, display)
    problems += _parties(data, source, display)
    if problems:
        return Register(problems=tuple(problems), source=source)
    shape = Shape(Interest, schema["properties"]["interests"]["items"])
    interests = tuple(shape.build(entry, index=i) for i, entry in enumerate(data["interests"]))
    for interest in interests:
        if interest.to is not None and interest.to < interest.from_:
            mark = source.mark(("interests", interest.index, "to"))
            problems.append(
                Diagnostic(
                    display,
                    mark.line,
                    mark.column,
                    "date-order",
                    f"interests: {interest.member}'s interest in {interest.party} ends ({interest.to}) before it "
                    f"begins ({interest.from_})",
                    hint="correct from: or to:",
                )
            )
    return Register(interests if not problems else (), tuple(problems), source)


def _parties(data: object, source: SourceMap, display: str) -> Iterator[Diagnostic]:
    """Each entry must name an organisation or a person: exactly one of them."""
    entries = data.get("interests") if isinstance(data, dict) else None
    for index, entry in enumerate(entries if isinstance(entries, list) else []):
        if not isinstance(entry, dict) or ("organisation" in entry) != ("person" in entry):
            continue
        mark = source.mark(("interests", index))
        given = "both organisation and person" if "person" in entry else "neither organisation nor person"
        yield Diagnostic(
            display,
            mark.line,
            mark.column,
            "interest-party",
            f"interests[{index}]: the interest gives {given}",
            hint="give either organisation: (e.g. a provider) or person:, one per entry",
        )


def _key(name: str) -> str:
    """Names compared as people write them: case and runs of spaces or punctuation do not matter."""
    return " ".join(re.sub(r"[^\w]+", " ", name.casefold()).split())


def _named(referral: Referral) -> Iterator[tuple[str, str, str]]:
    """(kind, name, how the referral names them) for every organisation and person the referral names."""
    if referral.costs is not None and referral.costs.provider:
        yield "organisation", referral.costs.provider, "its provider"
    yield "person", referral.worker_name, "the worker"
    for child in referral.children:
        yield "person", child.name, "a child"
    for member in referral.family:
        yield "person", member.name, "a family member"
    for person in referral.network:
        yield "person", person.name, "the support network"
    for score in referral.scaling:
        yield "person", score.person, "the scaling"


def expected(interests: Iterable[Interest], referrals: Iterable[Referral], day: dt.date) -> list[Expected]:
    """The declarations due at the meeting on `day` for these referrals, in referral then member order."""
    standing = [i for i in interests if i.stands_on(day)]
    found: dict[tuple[str, str], Expected] = {}
    for referral in referrals:
        names = {(kind, _key(name)): how for kind, name, how in reversed(list(_named(referral))) if name}
        for interest in standing:
            kind = "organisation" if interest.organisation else "person"
            how = names.get((kind, _key(interest.organisation or interest.person)))
            if how is not None:
                found.setdefault((referral.id, interest.member), Expected(interest.member, referral.id, interest, how))
    return sorted(found.values(), key=lambda e: (e.referral, e.member))


def unaddressed(
    interests: Sequence[Interest],
    meetings: Sequence[MeetingRecord],
    decisions: Sequence[Decision],
    referrals: Sequence[Referral],
) -> Iterator[Diagnostic]:
    """A registered interest in an item a meeting decided, held by a member there (or its minute-taker), with no
    declaration for it."""
    by_id = {r.id: r for r in referrals}
    for meeting in meetings:
        heard = [by_id[d.referral] for d in decisions if d.meeting == meeting.date and d.referral in by_id]
        there = {*meeting.attending, *([meeting.minutes_by] if meeting.minutes_by else [])}
        declared = {(d.member, d.item) for d in meeting.declarations}
        for due in expected(interests, heard, meeting.date):
            if due.member not in there or (due.member, due.referral) in declared:
                continue
            mark = meeting.source.mark(("declarations",))
            yield Diagnostic(
                meeting.path,
                mark.line,
                mark.column,
                "interest-undeclared",
                f"{due.member} was present and the register of interests ({REGISTER}) records an interest in "
                f"{due.words}, which {due.referral} names; this record has no declaration for it",
                hint=f"add to declarations: - {{member: {due.member}, item: {due.referral}, nature: ...}} "
                "(the member then takes no part in the item)",
            )
