"""Where panel.yml requires signatures, an approval counts only in a commit signed by the approver's own key."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from generator.commands.config import load_config
from generator.commands.history import read_history
from generator.domain.signoff.approval import Judged, provable_approvals
from panelfixtures.panelgit import PanelGit
from panelfixtures.people import FORGE, SM, TM, Who

PATH = "submissions/R-0001.md"


def public_key(private: Path) -> Path:
    """The public half of an SSH key."""
    return private.with_name(private.name + ".pub")


def make_key(folder: Path, who: Who) -> tuple[Path, str]:
    """A fresh SSH ed25519 key pair; returns the private key path and the public key line."""
    key = folder / who[1].split("@")[0].replace(".", "-")
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", who[1], "-f", str(key)], check=True)
    return key, public_key(key).read_text(encoding="utf-8").strip()


@pytest.fixture
def keys(tmp_path: Path) -> dict[str, Path]:
    """Private keys for Tom, Lena and the forge."""
    folder = tmp_path / "keys"
    folder.mkdir()
    return {who[1]: make_key(folder, who)[0] for who in (TM, SM, FORGE)}


@pytest.fixture
def signed_panel(panel_git: PanelGit, keys: dict[str, Path]) -> PanelGit:
    """The panel with require_signatures on and Tom's and Lena's public keys listed."""
    config = (panel_git.root / "panel.yml").read_text(encoding="utf-8")
    config = config.replace("require_signatures: false", "require_signatures: true")
    for who in (TM, SM):
        public = public_key(keys[who[1]]).read_text(encoding="utf-8").strip()
        old = f"email: {who[1]}, roles:"
        assert old in config
        config = config.replace(old, f'email: {who[1]}, signing_keys: ["{public}"], roles:')
    panel_git.commit({"panel.yml": config}, "Require signed approvals", "2026-11-17 09:00", author=FORGE)
    panel_git.merge(panel_git.submit("R-0001", "2026-11-20 10:00"), "2026-11-24 15:30")
    return panel_git


def judged(panel: PanelGit, path: str = PATH) -> Judged:
    """What counts for `path` and what does not, from the repository's history."""
    return provable_approvals(path, read_history(panel.root), load_config(panel.root), frozenset())


def test_signed_approvals_by_the_listed_keys_count(signed_panel: PanelGit, keys: dict[str, Path]) -> None:
    signed_panel.approve_on_main("R-0001", TM, "2026-11-25 09:00", sign=keys[TM[1]])
    signed_panel.approve_on_main("R-0001", SM, "2026-11-25 10:00", sign=keys[SM[1]])
    assert [a.email for a in judged(signed_panel).counted] == [TM[1], SM[1]]


def test_unsigned_approval_does_not_count(signed_panel: PanelGit, keys: dict[str, Path]) -> None:
    signed_panel.approve_on_main("R-0001", TM, "2026-11-25 09:00")
    assert judged(signed_panel).counted == []
    assert "no signature" in judged(signed_panel).ignored[0].reason


def test_approval_signed_with_someone_elses_key_does_not_count(signed_panel: PanelGit, keys: dict[str, Path]) -> None:
    # Lena signs a commit that claims Tom approved.
    signed_panel.approve_on_main("R-0001", TM, "2026-11-25 09:00", sign=keys[SM[1]])
    assert judged(signed_panel).counted == []
    assert "Tom Reyes" in judged(signed_panel).ignored[0].reason


def test_merge_signed_by_an_unlisted_key_does_not_count(signed_panel: PanelGit, keys: dict[str, Path]) -> None:
    branch = signed_panel.submit("R-0002", "2026-11-20 11:00")
    signed_panel.merge(branch, "2026-11-25 15:30", [TM, SM], sign=keys[FORGE[1]])
    assert judged(signed_panel, "submissions/R-0002.md").counted == []
    assert len(judged(signed_panel, "submissions/R-0002.md").ignored) == 2
