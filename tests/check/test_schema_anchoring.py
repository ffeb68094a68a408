"""Every schema pattern matches the whole value: a trailing newline never passes (issue 8 item 5)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.commands.config import load_config
from generator.domain.agenda.store import AGENDA_SCHEMA
from generator.domain.config.schema import PANEL_SCHEMA
from generator.domain.decisions.schema import decision_schema, meeting_schema
from generator.domain.notices.log import log_schema
from generator.domain.referrals.schema import referral_schema
from generator.io.schema_validation import strict_validator
from panelfixtures import PANEL_YML
from tests.conftest import WriteReferral


def patterns(node: Any) -> Iterator[str]:
    """Every `pattern` anywhere in a schema."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "pattern" and isinstance(value, str):
                yield value
            else:
                yield from patterns(value)
    elif isinstance(node, list):
        for item in node:
            yield from patterns(item)


def all_patterns() -> list[str]:
    """Every pattern that constrains a whole value (ends in `$`); unanchored ones such as `\\S` test a part."""
    config = load_config(PANEL_YML.parent)
    schemas = [
        PANEL_SCHEMA,
        AGENDA_SCHEMA,
        referral_schema(config),
        decision_schema(config),
        meeting_schema(config),
        log_schema(),
    ]
    return sorted({p for schema in schemas for p in patterns(schema) if p.endswith("$")})


def sample(pattern: str) -> str:
    """A value the pattern accepts (found by trying a few shapes)."""
    candidates = [
        "abc",
        "a-b",
        "R-0001",
        "R-00001",
        "LCS-204117",
        "a@b.example",
        "12:30",
        "2026-27",
        "2026-11",
        "AB",
        "main",
        "octocat",
        "2026-11-26T14:00",
        "2026-11-26",
        "meetings/2026-11-26/decisions/R-0001.md",
        "meetings/outside/2026-11-21-R-0001.md",
        "https://gitlab.example",
        "council.example",
        "2026-12-07T10:00:00+00:00",
        "0" * 64,
        "0" * 16,
        "genogram.pdf",
        "submitted",
        "../legal-gateway",
    ]
    found = next((c for c in candidates if strict_validator({"pattern": pattern}).is_valid(c)), None)
    assert found is not None, f"add a sample for {pattern!r}"
    return found


@pytest.mark.parametrize("pattern", all_patterns())
@pytest.mark.parametrize("tail", ["\n", "\r\n", " ", "\n\n"])
def test_no_pattern_accepts_a_value_with_something_after_it(pattern: str, tail: str) -> None:
    value = sample(pattern)
    assert not strict_validator({"pattern": pattern}).is_valid(value + tail)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("  email: priya.shah@council.example", '  email: "priya.shah@council.example\\n"'),
        ("    case_id: LCS-204117", '    case_id: "LCS-204117\\n"'),
        ("id: R-0001", 'id: "R-0001\\n"'),
    ],
    ids=["worker-email", "case-id", "id"],
)
def test_panel_check_refuses_a_trailing_newline(
    panel_root: Path, write_referral: WriteReferral, old: str, new: str
) -> None:
    write_referral(replace={old: new})
    result = CliRunner().invoke(main, ["check", "--root", str(panel_root)])
    assert result.exit_code == 1, result.output
    assert "does not match" in result.output or "R-0001" in result.output


def test_panel_yml_refuses_a_person_email_with_a_trailing_newline(panel_root: Path) -> None:
    config = (panel_root / "panel.yml").read_text(encoding="utf-8")
    config = config.replace("email: dana.whitfield@council.example", 'email: "dana.whitfield@council.example\\n"')
    (panel_root / "panel.yml").write_text(config, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--root", str(panel_root)])
    assert result.exit_code == 2 and "panel.yml" in result.output


def test_two_people_with_one_address_by_case_or_tag_is_an_error(panel_root: Path) -> None:
    config = (panel_root / "panel.yml").read_text(encoding="utf-8")
    config = config.replace("email: owen.marsh@council.example", "email: Dana.Whitfield+vice@council.example")
    (panel_root / "panel.yml").write_text(config, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--root", str(panel_root)])
    assert result.exit_code == 2 and "two people share the email dana.whitfield@council.example" in result.output
