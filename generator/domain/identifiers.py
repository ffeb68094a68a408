"""Direct identifiers in free text: NHS and National Insurance numbers, UK phone numbers, emails, postcodes, names.

Pure rules: `IdentifierRules` says where in a line each identifier is; the caller decides which text is free
(body sections, notes, minutes, commit messages) and which fields are meant for identifiers. The scan is cheap
by design: one simple precompiled pattern flags the few lines that might hold one, a second finds the candidates
in those lines, and only a candidate is checked further (the NHS number's
check digit, the `phonenumbers` parser, the panel's own addresses).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import phonenumbers

from generator.domain.config.model import email_key

NHS_CODE = "identifier-nhs-number"
NI_CODE = "identifier-ni-number"
PHONE_CODE = "identifier-phone"
EMAIL_CODE = "identifier-email"
POSTCODE_CODE = "identifier-postcode"
CHILD_NAME_CODE = "identifier-child-name"

WHAT = {
    NHS_CODE: "an NHS number",
    NI_CODE: "a National Insurance number",
    PHONE_CODE: "a UK phone number",
    EMAIL_CODE: "an email address not in panel.yml",
    POSTCODE_CODE: "a full postcode",
    CHILD_NAME_CODE: "a child's full name",
}

_NHS = r"(?P<nhs>(?<![\w-])\d{3}[ -]?\d{3}[ -]?\d{4}(?![\w-]))"
# Prefixes D, F, I, Q, U, V never start one; O never second; BG, GB, NK, KN, TN, NT, ZZ are never issued.
_NI = (
    r"(?P<ni>(?<![\w-])(?:[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D]"
    r"|(?i:[a-ceghj-pr-tw-z][a-ceghj-npr-tw-z]\d{6}[a-d]))(?![\w-]))"
)
_PHONE = r"(?P<phone>(?<![\w+])(?:\+44[ -]?(?:\(0\)[ -]?)?|\(?0)\d[\d ()-]{7,14}\d(?![\w-]))"
_EMAIL = r"(?P<email>[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)"
_POSTAL = r"(?P<postcode>(?<![\w-])(?:[A-Z]{1,2}[0-9][A-Z0-9]?|GIR) ?[0-9][ABD-HJLNP-UW-Z]{2}(?![\w-]))"
CANDIDATES = re.compile("|".join((_EMAIL, _NHS, _NI, _PHONE, _POSTAL)))
"""Every candidate identifier: an NHS number must then pass its check digit, a phone number the parser."""
# One character class first, so the engine skips ahead fast; factored by hand for the same reason.
_PREFILTER = re.compile(r"[0-9@](?:(?<=@)|[0-9]{4}|[0-9] [0-9]{2}|[0-9]{2}-[0-9]{3}|[ABD-HJLNP-UW-Z]{2})")
"""What every identifier holds (five digits, digits in spaced or hyphenated groups, a postcode's inward code, an
@) and dates, times and sums do not: a fast first pass over a file."""
_NOT_NI = {"BG", "GB", "NK", "KN", "TN", "NT", "ZZ"}
_TRAILER = re.compile(r"^[A-Za-z][A-Za-z-]*: [^<>]*<[^<>@\s]+@[^<>\s]+>\s*$")
"""A git trailer naming a person (Approved-by: Name <address>): who committed or approved, not a subject."""
_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class Found:
    """One identifier: which kind, where (1-based: the column in a line, or the offset + 1 in a text) and how shown."""

    code: str
    column: int
    shown: str


def nhs_number_valid(digits: str) -> bool:
    """True when the ten digits carry a valid modulus 11 check digit (NHS Data Dictionary)."""
    if len(digits) != 10 or not digits.isdigit() or len(set(digits)) == 1:
        return False
    remainder = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True)) % 11
    check = 11 - remainder
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def _phone_valid(text: str) -> bool:
    try:
        number = phonenumbers.parse(text, "GB")
    except phonenumbers.NumberParseException:
        return False
    return number.country_code == 44 and phonenumbers.is_valid_number(number)


def _valid_prefix(text: str) -> str:
    """The longest valid phone number `text` starts with, cutting at spaces (a number followed by other digits)."""
    while True:
        if _phone_valid(text):
            return text
        cut = max(text.rfind(" "), text.rfind("-"))
        if cut < 9:
            return ""
        text = text[:cut].rstrip(" -(")


def masked(text: str) -> str:
    """The identifier with all but its first two characters hidden, so the report does not spread it."""
    kept = 0
    out = []
    for char in text:
        if char.isalnum():
            out.append(char if kept < 2 else "•")
            kept += 1
        else:
            out.append(char)
    return "".join(out)


class IdentifierRules:
    """What counts as an identifier for one panel: its own addresses are allowed, its children's names are not."""

    def __init__(
        self, allowed_emails: Iterable[str], child_names: Iterable[str] = (), *, plus_addressing: bool = True
    ) -> None:
        self.plus = plus_addressing
        self.allowed = {email_key(e, plus_addressing) for e in allowed_emails}
        self._names: dict[str, list[tuple[str, ...]]] = {}
        for name in child_names:
            words = tuple(w.casefold() for w in _WORD.findall(name))
            if len(words) >= 2:
                self._names.setdefault(words[0], []).append(words)

    def find_in_text(self, text: str) -> Iterator[Found]:
        """Each identifier in a whole text, `column` being its offset + 1; only lines the first pass flags are read."""
        position = 0
        while (hit := _PREFILTER.search(text, position)) is not None:
            start = text.rfind("\n", 0, hit.start()) + 1
            end = text.find("\n", hit.end())
            end = len(text) if end < 0 else end
            for found in self.find(text[start:end]):
                yield Found(found.code, start + found.column, found.shown)
            position = end + 1

    def find(self, line: str, *, email_allowed: bool = False) -> Iterator[Found]:
        """Each identifier in `line` (or a whole text: none spans lines); `email_allowed` skips the address check."""
        for match in CANDIDATES.finditer(line):
            kind = match.lastgroup
            text = match.group()
            code: str | None = None
            if kind == "email":
                address = text.rstrip(".")
                if not email_allowed and email_key(address, self.plus) not in self.allowed:
                    code = EMAIL_CODE
                    text = address
            elif kind == "nhs":
                digits = re.sub(r"[ -]", "", text)
                if nhs_number_valid(digits):
                    code = NHS_CODE
                elif text.startswith("0") and _phone_valid(text):
                    code = PHONE_CODE
            elif kind == "ni":
                if text[:2].upper() not in _NOT_NI:
                    code = NI_CODE
            elif kind == "phone":
                text = _valid_prefix(text.rstrip(" -("))
                if text:
                    code = PHONE_CODE
            elif kind == "postcode":
                code = POSTCODE_CODE
            if code is not None:
                yield Found(code, match.start() + 1, masked(text))

    def find_in_message_line(self, line: str) -> Iterator[Found]:
        """Identifiers and children's full names in a line of a commit message (a person's trailer may name them)."""
        yield from self.find(line, email_allowed=_TRAILER.match(line) is not None)
        yield from self.find_names(line)

    def find_names(self, text: str) -> Iterator[Found]:
        """Each child's full name in `text`, however separated (maisie-thornbury, Maisie_Thornbury)."""
        if not self._names:
            return
        words = [(m.group().casefold(), m.start()) for m in _WORD.finditer(text)]
        for index, (word, start) in enumerate(words):
            for name in self._names.get(word, ()):
                if tuple(w for w, _ in words[index : index + len(name)]) == name:
                    end = words[index + len(name) - 1][1] + len(name[-1])
                    yield Found(CHILD_NAME_CODE, start + 1, masked(text[start:end]))
                    break
