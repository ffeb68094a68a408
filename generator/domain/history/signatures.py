"""Signed approvals: git's allowed-signers file built from the people's signing keys in panel.yml."""

from __future__ import annotations

from generator.domain.config.model import PanelConfig, Person

GOOD = frozenset({"G", "U"})
"""%G? codes for a good signature ('U': good, with a key of unknown trust — the key list decides)."""


def allowed_signers(config: PanelConfig) -> str:
    """The allowed-signers file text: one line per SSH key, the person's email as principal."""
    lines = []
    for person in config.people:
        for key in person.signing_keys:
            if key.startswith(("ssh-", "ecdsa-", "sk-")):
                lines.append(f'{person.email.lower()} namespaces="git" {key.strip()}')
    return "\n".join(lines) + "\n"


def _fingerprint(value: str) -> str:
    return "".join(value.split()).upper()


def signed_by(person: Person, signature: tuple[str, str, str]) -> bool:
    """True when the commit signature is good and made with one of `person`'s listed keys."""
    status, signer, fingerprint = signature
    if status not in GOOD:
        return False
    if signer.strip().lower() == person.email.lower():
        # SSH: git found the key in the allowed-signers file under this person's email.
        return status == "G"
    wanted = {_fingerprint(k) for k in person.signing_keys if not k.startswith(("ssh-", "ecdsa-", "sk-"))}
    return bool(fingerprint) and _fingerprint(fingerprint) in wanted


def describe(signature: tuple[str, str, str]) -> str:
    """Plain words for a %G? status."""
    return {
        "G": "a good signature",
        "U": "a good signature of unknown validity",
        "B": "a bad signature",
        "X": "an expired signature",
        "Y": "a signature by an expired key",
        "R": "a signature by a revoked key",
        "E": "a signature that cannot be checked (missing key)",
        "N": "no signature",
    }.get(signature[0], "an unrecognised signature")
