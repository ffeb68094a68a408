"""Issue 12: the site's "Who decides" guide states the panel's own rules, from its panel.yml, never invented."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.commands.build import generate
from generator.domain.calendar import LONDON
from panelfixtures.repos import starter_repo

NOW = dt.datetime(2026, 12, 7, 10, tzinfo=LONDON)


def guide(root: Path, starter: str) -> str:
    """The guide's page as `panel build` hands it to MkDocs, one line per table row or paragraph line."""
    root.mkdir()
    starter_repo(root, starter)
    generate(root, NOW)
    return (root / "build" / "site-src" / "docs" / "guides" / "who-decides.md").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def city(tmp_path_factory: pytest.TempPathFactory) -> str:
    return guide(tmp_path_factory.mktemp("city") / "panel", "city-rap")


@pytest.fixture(scope="module")
def dudley(tmp_path_factory: pytest.TempPathFactory) -> str:
    return guide(tmp_path_factory.mktemp("dudley") / "panel", "dudley")


def test_decide_or_recommend_per_type(city: str, dudley: str) -> None:
    """The city RAP decides entry to care and care proceedings and recommends complex placements to the City
    Manager; Dudley decides every type."""
    assert "| Entry to care (section 20) | the panel **decides** |" in city
    assert "| Care proceedings and EPO/PPP follow-up | the panel **decides** |" in city
    assert "| External or specialist placement | the panel **recommends**; the City Manager decides |" in city
    assert "**recommends**" not in dudley
    assert "panel decide R-NNNN --decision-maker" in city and "--decision-maker" not in dudley


def test_outside_meeting_routes_their_order_and_ratification(city: str, dudley: str) -> None:
    tbc = " (assumed: to be confirmed, as the terms of reference do not say)"
    assert (
        "- **Urgent decision between panels** (Entry to care (section 20); Care proceedings and EPO/PPP follow-up; "
        "Retrospective emergency placement): in office hours "
        f"(09:00–17:00 on working days) Group Manager, then Chair (Assistant City Manager, on a rota){tbc}; out of "
        f"hours Chair (Assistant City Manager, on a rota){tbc}. It stands until the next meeting."
    ) in city
    assert "`escalated_because:`" in city and "**Ratification.**" in city and "`ratifies:`" in city
    assert "This panel has no route for decisions between meetings" in dudley
    assert "escalated_because" not in dudley


def test_quorum_interests_and_the_minute_taker(city: str, dudley: str) -> None:
    # None of the terms sets a number of members: the guide names only the roles each item needs.
    assert "needs Chair (Assistant City Manager, on a rota) present without an interest in it" in city
    assert "at least" not in city.split("## Quorum and interests")[1].split("##")[0]
    assert "`interests.yml`" in city and "not counted towards its quorum" in city
    assert "`panel.yml` names no minute-taker (`panel.minute_taker`)" in city
    # Dudley's terms give the minutes to the panel administrator: a fact, not an assumption.
    assert "The Panel co-ordinator takes the minutes (Beverley Rudge): `panel meeting` writes" in dudley


def test_notices_case_record_and_what_the_chair_agrees(city: str, dudley: str) -> None:
    assert "due\nwithin 2 working days of the decision being final (assumed: to be confirmed" in city
    assert "**amended decision notice**" in city and "`panel notify outside`" in city
    assert "it is due within 2 working days of the decision being final" in dudley
    # Bexley-only rules are not claimed for these panels.
    assert "needs no confirmation by the chair before circulation (`agenda.chair_confirms` is not set)" in city
    assert "may be cancelled without the chair's recorded agreement" in dudley
    assert "## Asking for a decision to be reconsidered" in city and "`panel reconsider R-NNNN`" in city
