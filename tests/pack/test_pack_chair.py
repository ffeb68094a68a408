"""The pack's cover names the chair of THAT meeting, as `panel meeting` recorded them (issue 9, item 9)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from panelfixtures.repos import make_repo
from tests.pack.pdftext import pages

pytestmark = pytest.mark.slow
NOW = "2026-11-30T10:00"


def panel(root: Path, *args: str) -> str:
    result = CliRunner().invoke(main, [*args, "--root", str(root)], env={"PANEL_NOW": NOW})
    assert result.exit_code == 0, result.output
    return result.output


def cover(root: Path) -> str:
    panel(root, "pack", "2026-12-03", "--format", "pdf")
    return pages((root / "build/packs/2026-12-03/pack-v1.pdf").read_bytes())[0]


def test_the_cover_names_the_chair_the_meeting_record_names(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "panel", [1])
    config = (root / "panel.yml").read_text(encoding="utf-8")
    # A rota: two people hold the chair role, and the vice chair may chair too.
    config = config.replace("roles: [head-of-service, member]", "roles: [chair, head-of-service, member]")
    (root / "panel.yml").write_text(config, encoding="utf-8")
    text = cover(root)
    assert "to be confirmed" in text and "Dana Whitfield" not in text
    panel(root, "meeting", "2026-12-03", "--chair", "Owen Marsh")
    text = cover(root)
    assert "Owen Marsh" in text and "Dana Whitfield" not in text and "Grace Adeyemi" not in text
