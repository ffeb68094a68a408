"""The plain-body shortcut finds exactly the headings the markdown parser finds, whenever it answers."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.domain.referrals.body import _parsed_headings, _plain_headings

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
    plain = _plain_headings(body, body.split("\n"))
    if plain is not None:
        assert plain == _parsed_headings(body, 1)


def test_a_plain_referral_takes_the_shortcut() -> None:
    body = "## Needs\n\nThe family.\n\n- a list\n- of points\n\n## Risks #\n\nNone known.\n"
    assert _plain_headings(body, body.split("\n")) == ([(0, 2, "Needs"), (7, 2, "Risks")], [])
