"""Packs that leave the panel: AES-256 encrypted PDF copies, opened with a password sent separately."""

from __future__ import annotations

import io
import secrets
from collections.abc import Mapping

import pikepdf

PASSWORD_VARIABLE = "PANEL_PACK_PASSWORD"
"""The environment variable a co-ordinator may set to choose the password (never a file in the repository)."""
MIN_PASSWORD = 12
OUTSIDE = "outside"
"""The folder under build/packs/<date>/ for the encrypted copies: what may be emailed outside the panel."""


class PasswordError(ValueError):
    """A password from the environment that is too weak to protect children's data."""


def pack_password(environ: Mapping[str, str]) -> tuple[str, bool]:
    """The password from PANEL_PACK_PASSWORD, or a new random one; True when it was generated."""
    given = environ.get(PASSWORD_VARIABLE)
    if given is None or given == "":
        # 20 characters from a 64-letter alphabet: 120 bits, readable over the phone in groups.
        return secrets.token_urlsafe(15), True
    if len(given) < MIN_PASSWORD or given.isspace():
        raise PasswordError(
            f"{PASSWORD_VARIABLE} is {len(given)} characters; use at least {MIN_PASSWORD} "
            f"(or unset it and a random password is made and printed once)"
        )
    return given, False


def encrypt_pdf(data: bytes, password: str) -> bytes:
    """The PDF encrypted with AES-256 (PDF 2.0 security handler, revision 6), opened with `password`.

    The owner password is random and thrown away, so no one can lift the protection; printing and copying for
    assistive technology stay allowed (the pack is tagged PDF/UA and must stay readable by screen readers).
    """
    out = io.BytesIO()
    with pikepdf.open(io.BytesIO(data)) as pdf:
        pdf.save(
            out,
            encryption=pikepdf.Encryption(owner=secrets.token_urlsafe(32), user=password, R=6, aes=True),
            deterministic_id=False,
        )
    return out.getvalue()


def encrypted_copies(documents: Mapping[str, bytes], password: str) -> dict[str, bytes]:
    """outside/<name>.pdf for each PDF among `documents` (Word files cannot be protected this way and stay inside)."""
    return {
        f"{OUTSIDE}/{name.rsplit('/', 1)[-1]}": encrypt_pdf(data, password)
        for name, data in documents.items()
        if name.endswith(".pdf")
    }
