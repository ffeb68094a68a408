"""Approval trailers: `Approved-by: Name <email>` and `Reviewed-by: Name <email>`, read from a commit message.

The trailer block is the message's last paragraph (never its first, the subject), and only when
every line of it is a `Key: value` trailer, as git itself reads trailers. Approval lines that are
malformed, share their paragraph with prose, or stand elsewhere in the message are returned as
`Malformed`, so they are reported as not counting rather than vanishing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

APPROVAL_KEYS = ("approved-by", "reviewed-by")
REFERRAL_KEY = "referral"
"""`Referral: R-0001` names the referral an approval commit made on main itself approves."""

_TRAILER = re.compile(r"([A-Za-z0-9][A-Za-z0-9-]*)[ \t]*:(.*)", re.DOTALL)
_EMAIL = re.compile(r"[^<>@\s]+@[^<>@\s]+\Z")
_APPROVAL_LINE = re.compile(r"^[ \t]*(approved-by|reviewed-by)[ \t]*:(.*)$", re.IGNORECASE | re.MULTILINE)
_ADDRESS = re.compile(r"[^\s<>@,;]{1,254}@[^\s<>@,;]{1,254}")
MAX_LINE = 500
"""Approval lines longer than this are malformed (and bound the work of reading a hostile message)."""


@dataclass(frozen=True)
class Signer:
    """One approver named by a well-formed trailer."""

    key: str
    name: str
    email: str


@dataclass(frozen=True)
class Malformed:
    """An approval line that is not a well-formed trailer, and why."""

    line: str
    email: str
    """The first address in the line, lowercased, or '' when it has none."""
    reason: str


@dataclass(frozen=True)
class Trailers:
    """What a commit message says about approvals."""

    signers: tuple[Signer, ...] = ()
    referrals: tuple[str, ...] = ()
    malformed: tuple[Malformed, ...] = ()


def _paragraphs(message: str) -> list[list[str]]:
    paragraphs: list[list[str]] = []
    current: list[str] = []
    for raw in message.replace("\r\n", "\n").split("\n"):
        line = raw.rstrip()
        if line.strip():
            current.append(line)
        elif current:
            paragraphs.append(current)
            current = []
    if current:
        paragraphs.append(current)
    return paragraphs


def _unfold(lines: list[str]) -> list[str]:
    """Join continuation lines (starting with white space) to the trailer before them, as git does."""
    joined: list[str] = []
    for line in lines:
        if line[:1] in (" ", "\t") and joined:
            joined[-1] = f"{joined[-1]} {line.strip()}"
        else:
            joined.append(line.strip())
    return joined


def _first_address(text: str) -> str:
    found = _ADDRESS.search(text[:MAX_LINE])
    return found.group(0).lower() if found else ""


def _short(line: str) -> str:
    return line if len(line) <= 80 else line[:77] + "..."


def _person(key: str, value: str, line: str) -> Signer | Malformed:
    if len(line) > MAX_LINE:
        return Malformed(_short(line), _first_address(value), f"is longer than {MAX_LINE} characters")
    addresses = _ADDRESS.findall(value)
    if len(addresses) > 1:
        return Malformed(line, _first_address(value), "names more than one person: write one line per approver")
    if not addresses:
        return Malformed(line, "", "has no email address: write 'Approved-by: Name <email>'")
    name, bracket, rest = value.rpartition("<")
    email = rest[:-1].strip() if rest.endswith(">") else ""
    if not bracket or "<" in name or ">" in name or not _EMAIL.match(email):
        reason = "is not in the form 'Name <email>' (angle brackets round the email)"
        return Malformed(line, _first_address(value), reason)
    email = email.lower()
    return Signer(key, name.strip() or email, email)


def read_trailers(message: str) -> Trailers:
    """The approvers (one per email, first mention kept), referral ids and malformed approval lines of `message`."""
    paragraphs = _paragraphs(message)
    block = _unfold(paragraphs[-1]) if len(paragraphs) > 1 else []
    shapes = [_TRAILER.match(line) for line in block]
    prose = next((line for line, shape in zip(block, shapes, strict=True) if shape is None), None)
    signers: list[Signer] = []
    referrals: list[str] = []
    malformed: list[Malformed] = []
    seen: set[str] = set()
    for line, shape in zip(block, shapes, strict=True):
        if shape is None:
            continue
        key, value = shape.group(1).lower(), shape.group(2).strip()
        if prose is not None:
            if key in APPROVAL_KEYS:
                reason = (
                    f"its paragraph also holds text that is not a trailer ({_short(prose)!r}), so it is not a "
                    "trailer block: approval lines must stand alone in the message's last paragraph"
                )
                malformed.append(Malformed(line, _first_address(value), reason))
            continue
        if key == REFERRAL_KEY:
            referrals.extend(v for v in re.split(r"[\s,]+", value) if v)
            continue
        if key not in APPROVAL_KEYS:
            continue
        found = _person(key, value, line)
        if isinstance(found, Malformed):
            malformed.append(found)
        elif found.email not in seen:
            seen.add(found.email)
            signers.append(found)
    for paragraph in paragraphs[:-1] if len(paragraphs) > 1 else paragraphs:
        for line in _unfold(paragraph):
            shape = _APPROVAL_LINE.match(line)
            if shape:
                reason = "is not in the message's last paragraph, so it is not a trailer"
                malformed.append(Malformed(line, _first_address(shape.group(2)), reason))
    return Trailers(tuple(signers), tuple(referrals), tuple(malformed))


def approval_lines(message: str) -> list[str]:
    """Every line of `message`, anywhere in it, that starts with an approval key."""
    return [m.group(0).strip() for m in _APPROVAL_LINE.finditer(message)]


def addresses_in_approval_lines(message: str) -> frozenset[str]:
    """The lowercased addresses on every approval line of `message`, wherever it stands."""
    found = (_ADDRESS.findall(m.group(2)[:MAX_LINE]) for m in _APPROVAL_LINE.finditer(message))
    return frozenset(a.lower() for addresses in found for a in addresses)


def format_trailer(name: str, email: str) -> str:
    """The trailer line recording one approval."""
    return f"Approved-by: {name} <{email}>"
