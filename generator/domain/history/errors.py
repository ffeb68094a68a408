"""The error raised when git history cannot prove approvals."""

from __future__ import annotations


class HistoryUnavailable(Exception):
    """The repository's history cannot be read in full; `hint` says exactly how to fix it."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message}\nhint: {self.hint}"


SHALLOW_HINT = (
    "fetch the full history, then run the command again:\n"
    "    git fetch --unshallow origin    (or: git fetch --depth=2147483647 origin)\n"
    "  in GitHub Actions: actions/checkout with 'fetch-depth: 0';\n"
    "  in GitLab CI: set 'GIT_DEPTH: 0' in the job's variables"
)


def shallow_error(ref: str) -> HistoryUnavailable:
    """The error for a shallow clone: its history cannot prove who approved what."""
    return HistoryUnavailable(
        f"this is a shallow clone: the history of {ref} is cut short, so approvals cannot be proved "
        "(no referral is reported unapproved because of it)",
        SHALLOW_HINT,
    )
