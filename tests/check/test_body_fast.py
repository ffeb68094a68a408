"""The plain-body shortcut finds exactly the headings the markdown parser finds, whenever it answers."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.domain.config.model import Section as SectionConfig
from generator.domain.referrals import body as body_module
from generator.domain.referrals.body import _parsed_headings, _plain_headings, normalise_heading, parse_body

LINES = (
    "# Needs",
    "## Risks ##",
    "### Plan #",
    "#",
    "#not a heading",
    "####### seven",
    "## a \\#",
    "   # indented",
    "    # code",
    "\t# tab",
    "- item",
    "- # in a list",
    "- - # nested",
    "1. # numbered",
    "> # quoted",
    "> text",
    "```",
    "~~~",
    "===",
    "---",
    "-",
    "Some text.",
    "Text with # inside",
    "",
    "<div>",
    "<!-- guidance -->",
    "[ref]: /url 'title",
    "  continued",
    "***",
)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(LINES), max_size=12))
def test_the_shortcut_agrees_with_the_parser(lines: list[str]) -> None:
    body = "\n".join(lines)
    plain = _plain_headings(body)
    if plain is not None:
        assert (plain, []) == _parsed_headings(body, 1)


def test_a_plain_referral_takes_the_shortcut() -> None:
    body = "## Needs\n\nThe family.\n\n- a list\n- of points\n\n## Risks #\n\nNone known.\n"
    assert _plain_headings(body) == [(0, 2, "Needs"), (7, 2, "Risks")]


SECTION_LINES = (*LINES, "## Main issues", "## Safety goals ##", "# Danger statement", "### main ISSUES", "Text.")
SECTIONS = (
    SectionConfig("main_issues", "Main issues", 2, ""),
    SectionConfig("safety_goals", "Safety goals", 2, ""),
    SectionConfig("danger", "Danger statement", 1, ""),
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=st.lists(st.sampled_from(SECTION_LINES), max_size=14))
def test_sections_found_by_the_shortcut_are_those_the_parser_finds(
    lines: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every section (heading, line, text) and empty section of a body is the same, shortcut or parser."""
    body = "\n".join(lines)
    fast = parse_body(body, 7, SECTIONS)
    with monkeypatch.context() as patched:
        patched.setattr(body_module, "_plain_headings", lambda body: None)
        parsed = parse_body(body, 7, SECTIONS)
    assert fast == parsed


def test_each_heading_is_normalised_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Headings repeat file after file: each distinct one is normalised once, with the same result."""
    calls: list[str] = []

    def counted(text: str) -> str:
        calls.append(text)
        return normalise_heading(text)

    monkeypatch.setattr(body_module, "_NORMALISED", {})
    monkeypatch.setattr(body_module, "normalise_heading", counted)
    body = "## Main issues\n\nText.\n\n## Safety goals\n\nMore.\n\n## Something else\n"
    first = parse_body(body, 1, SECTIONS)
    assert "Main issues" in calls and "Something else" in calls
    calls.clear()
    again = parse_body(body.replace("More.", "Other."), 1, SECTIONS)
    assert calls == [] and set(again.sections) == set(first.sections) == {"main_issues", "safety_goals"}
