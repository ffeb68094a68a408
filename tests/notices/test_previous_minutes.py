"""agenda.previous_minutes: the previous meeting's minutes are printed in the next meeting's pack."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from panelfixtures.gitrun import git
from panelfixtures.repos import make_repo
from tests.pack.pdftext import flat, pages
from tests.records_helpers import write

MINUTES = """\
---
meeting: 2026-11-26
chair: Owen Marsh
present: [Owen Marsh, Grace Adeyemi]
apologies: [Dana Whitfield]
declarations:
  - {member: Grace Adeyemi, item: R-0009, nature: manages the allocated worker}
---

- The panel agreed to ask the fostering team for a sufficiency update <b>next month</b>.
"""


def run(root: Path, *args: str, code: int = 0) -> str:
    result = CliRunner().invoke(main, [*args, "--root", str(root)], env={"PANEL_NOW": "2026-11-30T12:00"})
    assert result.exit_code == code, result.output
    return result.output


def with_minutes(root: Path, minutes: str = MINUTES) -> Path:
    root = make_repo(root, [1])
    config = root / "panel.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("\nagenda:\n", "\nagenda:\n  previous_minutes: true\n")
    )
    write(root, "meetings/2026-11-26/meeting.md", minutes)
    git(root, "add", "-A")
    git(root, "commit", "-qm", "Minutes of 26 November; they go into the next pack")
    return root


@pytest.mark.slow
def test_the_previous_meetings_minutes_are_in_the_next_pack(tmp_path: Path) -> None:
    root = with_minutes(tmp_path / "panel")
    run(root, "pack", "2026-12-03", "--format", "pdf")
    text = flat(" ".join(pages((root / "build/packs/2026-12-03/pack-v1.pdf").read_bytes())))
    assert "Minutes of the previous meeting, Thursday 26 November 2026" in text
    assert "Apologies Dana Whitfield" in text
    assert "Grace Adeyemi, R-0009: manages the allocated worker" in text
    assert "a sufficiency update <b>next month</b>" in text  # the minutes' own text, never markup


def test_a_broken_previous_record_stops_the_pack_with_its_location(tmp_path: Path) -> None:
    root = with_minutes(tmp_path / "panel", MINUTES.replace("chair: Owen Marsh", "chair: Nobody Known"))
    output = run(root, "pack", "2026-12-03", code=1)
    assert "meetings/2026-11-26/meeting.md" in output and "previous-minutes" in output
