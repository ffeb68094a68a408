"""`read_history`: the whole history of `main` from one `git log` and one `git diff-tree` call."""

from __future__ import annotations

from pathlib import Path

from generator.domain.config import PanelConfig, load_config
from generator.domain.history.gitlog import read_log
from generator.domain.history.gitrepo import repo_info, shallow_error
from generator.domain.history.model import History
from generator.domain.history.signatures import signers_file


def read_history(root: Path, config: PanelConfig | None = None, *, allow_shallow: bool = False) -> History:
    """The history of the panel repository at `root`; raises HistoryUnavailable (with a fix hint).

    A shallow clone raises unless `allow_shallow`; then `History.is_shallow` is True and asking
    it for approvals raises, so nothing is ever reported unapproved because history is missing.
    """
    config = config or load_config(root)
    info = repo_info(root, config.sign_off.branch)
    if info.shallow and not allow_shallow:
        raise shallow_error(info.ref)
    if config.sign_off.require_signatures:
        with signers_file(config) as signers:
            commits = read_log(root, info.ref, info.prefix, signers_file=signers)
    else:
        commits = read_log(root, info.ref, info.prefix)
    return History.build(info.ref, info.shallow, commits, config)
