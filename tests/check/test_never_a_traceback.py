"""Whatever a referral file holds, reading it gives diagnostics that point into the file, never a traceback."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.domain.configcheck import parse_config
from generator.domain.referrals import ReferralReader
from panelfixtures import PANEL_YML
from panelfixtures.referrals import referral_text
from tests.conftest import TODAY

CONFIG = parse_config(PANEL_YML.read_text(encoding="utf-8"))
READER = ReferralReader(CONFIG, TODAY)
"""One reader for every example, as `panel check` reads every referral with one (it keeps nothing between reads)."""
LINES = referral_text().split("\n")
NASTY = [
    "",
    "---",
    ":",
    "- ",
    "  ",
    "{",
    "[",
    "&a x",
    "*a",
    "!!binary x",
    "\t",
    "yes",
    "2026-02-30",
    "<b>",
    "#",
    "'",
    '"',
]


@st.composite
def mangled(draw: st.DrawFn) -> bytes:
    """The base referral with lines deleted, duplicated, cut or replaced, and odd bytes."""
    lines = list(LINES)
    for _ in range(draw(st.integers(1, 6))):
        index = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["delete", "duplicate", "cut", "replace", "insert"]))
        if action == "delete" and len(lines) > 1:
            del lines[index]
        elif action == "duplicate":
            lines.insert(index, lines[index])
        elif action == "cut":
            lines[index] = lines[index][: draw(st.integers(0, max(0, len(lines[index]))))]
        elif action == "replace":
            lines[index] = draw(st.sampled_from(NASTY)) + lines[index][draw(st.integers(0, 3)) :]
        else:
            lines.insert(index, draw(st.text(max_size=20)))
    data = "\n".join(lines).encode("utf-8", "surrogatepass")
    if draw(st.booleans()):
        cut = draw(st.integers(0, len(data)))
        data = data[:cut] + draw(st.binary(max_size=4)) + data[cut:]
    return data


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=mangled())
def test_reading_any_mangled_referral_gives_located_diagnostics(tmp_path: Path, data: bytes) -> None:
    """No exception; every problem has a file, a line inside the file and a code."""
    path = tmp_path / "R-0001.md"
    path.write_bytes(data)
    referral, problems = READER.read(path, "submissions/R-0001.md")
    line_count = data.count(b"\n") + 1
    for problem in problems:
        assert problem.path == "submissions/R-0001.md"
        assert 1 <= problem.line <= line_count + 1, problem
        assert problem.code and problem.message
    if referral is not None:
        assert isinstance(referral.meeting, dt.date)
