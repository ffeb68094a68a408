"""Approval trailers: `Approved-by: Name <email>` and `Reviewed-by: Name <email>`."""

from __future__ import annotations

import re
from dataclasses import dataclass

APPROVAL_KEYS = ("approved-by", "reviewed-by")
REFERRAL_KEY = "referral"
"""`Referral: R-0001` names the referral an approval commit made on main itself approves."""

_TRAILER = re.compile(r"^\s*([A-Za-z][A-Za-z0-9-]*)\s*:\s*(.*?)\s*$")
_PERSON = re.compile(r"^(?P<name>[^<>]*?)\s*<(?P<email>[^<>@\s]+@[^<>\s]+)>$")


@dataclass(frozen=True)
class Signer:
    """One approver named by a trailer."""

    key: str
    name: str
    email: str


def parse_trailers(block: str) -> tuple[list[Signer], list[str]]:
    """The approvers (de-duplicated by email, first mention kept) and referral ids in a trailer block."""
    signers: list[Signer] = []
    seen: set[str] = set()
    referrals: list[str] = []
    for line in block.split("\x1e"):
        match = _TRAILER.match(line)
        if not match:
            continue
        key, value = match.group(1).lower(), match.group(2)
        if key == REFERRAL_KEY:
            referrals.extend(v for v in re.split(r"[\s,]+", value) if v)
            continue
        if key not in APPROVAL_KEYS:
            continue
        person = _PERSON.match(value)
        if not person:
            continue
        email = person.group("email").lower()
        if email in seen:
            continue
        seen.add(email)
        signers.append(Signer(key, person.group("name").strip() or email, email))
    return signers, referrals


def format_trailer(name: str, email: str) -> str:
    """The trailer line recording one approval."""
    return f"Approved-by: {name} <{email}>"
