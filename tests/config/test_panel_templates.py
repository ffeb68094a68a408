"""The starter configurations in generator/starters/panels/ load and express their panels' distinctive rules."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path

import pytest

from generator.commands.repository import Repository, read_repository
from generator.domain import calendar
from generator.domain.calendar import LONDON
from generator.io.diagnostics import Severity
from panelfixtures import STARTERS
from panelfixtures.referrals import costs, write_referral
from panelfixtures.repos import starter_repo

TODAY = dt.date(2026, 11, 22)
PANELS = ["bexley", "city-rap", "rochdale", "dudley", "south-gloucestershire", "legal-gateway", "complex-care"]


def at(day: dt.date, hhmm: str) -> dt.datetime:
    """A Europe/London wall-clock time on `day`."""
    return dt.datetime.combine(day, dt.time.fromisoformat(hhmm), tzinfo=LONDON)


def codes(repo: Repository, path: Path) -> list[str]:
    """The diagnostic codes reported for one referral file."""
    name = path.relative_to(repo.root).as_posix()
    return [d.code for d in repo.diagnostics if d.path == name]


def errors(repo: Repository) -> list[str]:
    """Every error, formatted for an assertion message."""
    return [f"{d.path}:{d.line}: {d.code}: {d.message}" for d in repo.diagnostics if d.severity is Severity.ERROR]


@pytest.mark.parametrize("template", PANELS)
def test_template_loads_with_fictional_people(tmp_path: Path, template: str) -> None:
    """Every starter loads as panel.yml, has a meeting in the next month, and only example addresses."""
    config = starter_repo(tmp_path, template)
    assert calendar.meetings_between(config, TODAY, TODAY + dt.timedelta(days=31))
    assert config.people_with_role("chair")
    assert all(p.email.endswith(".example") for p in config.people)
    for kind in config.referral_types:
        for role in config.chain_for(kind.id):
            assert config.people_with_role(role), f"{template}: nobody holds {role}"
    assert "fictional" in (STARTERS / f"{template}.yml").read_text(encoding="utf-8").lower()


def test_bexley_deadline_skips_christmas_bank_holidays(tmp_path: Path) -> None:
    """Bexley: 3 working days before, so the extra meeting on 29 December is due on 22 December."""
    config = starter_repo(tmp_path, "bexley")
    assert calendar.deadline_for(config, dt.date(2026, 12, 29)) == at(dt.date(2026, 12, 22), "17:00")
    assert calendar.deadline_for(config, dt.date(2026, 12, 10)) == at(dt.date(2026, 12, 7), "17:00")
    assert calendar.meeting_on(config, dt.date(2026, 12, 24)) is None
    threshold = next(t for t in config.thresholds if t.applies_to("s17-support") and t.action == "panel-required")
    assert threshold.amount == 1000
    section_20 = config.referral_type("section-20")
    assert section_20 and section_20.review and section_20.review.until_chair_satisfied


def test_city_rap_deadline_rota_and_decisions(tmp_path: Path) -> None:
    """City RAP: Wednesday 13:30, GM authorises by Monday 12:00, Monday papers, chairs on a rota, it decides."""
    config = starter_repo(tmp_path, "city-rap")
    meeting = calendar.meeting_on(config, dt.date(2026, 12, 2))
    assert meeting is not None
    assert meeting.start == at(dt.date(2026, 12, 2), "13:30") and meeting.end == at(dt.date(2026, 12, 2), "17:00")
    assert meeting.deadline == at(dt.date(2026, 11, 30), "12:00")
    assert meeting.papers_out == at(dt.date(2026, 11, 30), "14:00")
    assert config.chain_for("placement") == ("team-manager", "group-manager")
    stage = meeting.stage_for("team-manager")
    assert stage is not None and stage.due == at(dt.date(2026, 11, 27), "15:00")
    assert len(config.people_with_role("chair")) >= 3
    assert config.panel.decides is True and not config.panel.decision_maker


def test_city_rap_assessment_within_two_months_unless_emergency(tmp_path: Path) -> None:
    """City RAP: an assessment more than 61 days old is stale, unless the referral is an emergency."""
    config = starter_repo(tmp_path, "city-rap")
    meeting = dt.date(2026, 12, 9)
    fresh, stale, emergency = (
        write_referral(
            tmp_path,
            config,
            number=number,
            type_id="placement",
            meeting=meeting,
            assessment={"completed": completed, "genogram_on_file": True},
            **({"emergency": True} if urgent else {}),
        )
        for number, completed, urgent in ((1, "2026-10-20", False), (2, "2026-09-30", False), (3, "2026-09-30", True))
    )
    repo = read_repository(tmp_path, TODAY)
    assert codes(repo, fresh) == []
    assert codes(repo, stale) == ["assessment-stale"]
    assert codes(repo, emergency) == []


def test_rochdale_deadline_on_the_day_and_section_20_rules(tmp_path: Path) -> None:
    """Rochdale: due 11:00 on the day; S20 heard at the next panel; S20 without LGW at most 12 weeks."""
    config = starter_repo(tmp_path, "rochdale")
    wednesday = dt.date(2026, 12, 9)
    assert calendar.deadline_for(config, wednesday) == at(wednesday, "11:00")
    assert calendar.meeting_on(config, wednesday) is not None
    assert config.outcome("refer-back") is not None
    assert config.chain_for("section-20") == ("manager",)
    chair = config.people_with_role("chair")[0]
    assert "head-of-service" in chair.roles
    late = write_referral(
        tmp_path,
        config,
        number=1,
        type_id="section-20",
        meeting=wednesday,
        retrospective={"started": "2026-11-27", "reason": "Mother admitted to hospital overnight."},
    )
    on_time = write_referral(
        tmp_path,
        config,
        number=2,
        type_id="section-20",
        meeting=dt.date(2026, 12, 2),
        retrospective={"started": "2026-11-27", "reason": "Mother admitted to hospital overnight."},
    )
    too_long = write_referral(
        tmp_path, config, number=3, type_id="section-20-rehabilitation", meeting=wednesday, weekly=900, weeks=16
    )
    short = write_referral(
        tmp_path, config, number=4, type_id="section-20-rehabilitation", meeting=wednesday, weekly=900, weeks=12
    )
    repo = read_repository(tmp_path, TODAY)
    assert codes(repo, late) == ["retrospective-window"]
    assert codes(repo, on_time) == []
    assert codes(repo, too_long) == ["max-weeks"]
    assert codes(repo, short) == []
    rehab = config.referral_type("section-20-rehabilitation")
    assert rehab and rehab.review and rehab.review.every_weeks == 12


def test_dudley_thresholds_reviews_and_tripartite_group(tmp_path: Path) -> None:
    """Dudley: s17 over £500 and PLO assessments over £1,000 need panel; joint funding goes to Tripartite."""
    config = starter_repo(tmp_path, "dudley")
    tuesday = dt.date(2026, 12, 8)
    assert calendar.meeting_on(config, tuesday) is not None
    assert config.chain_for("s17-support") == ("team-manager", "service-manager")
    assert config.agenda.declarations_first is True
    nrpf = config.referral_type("nrpf-review")
    assert nrpf and nrpf.review and nrpf.review.every_weeks == 12
    small = write_referral(tmp_path, config, number=1, type_id="s17-support", meeting=tuesday, weekly=40, weeks=10)
    over = write_referral(tmp_path, config, number=2, type_id="s17-support", meeting=tuesday, weekly=60, weeks=10)
    cheap_assessment = write_referral(
        tmp_path, config, number=3, type_id="specialist-assessment", meeting=tuesday, weekly=900, weeks=1
    )
    assessment = write_referral(
        tmp_path, config, number=4, type_id="specialist-assessment", meeting=tuesday, weekly=1200, weeks=1
    )
    joint = write_referral(
        tmp_path,
        config,
        number=5,
        type_id="placement",
        meeting=tuesday,
        costs={
            **costs(3000, 12, tuesday + dt.timedelta(days=7)),
            "funding": [{"source": "social-care", "share": 50}, {"source": "health", "share": 50}],
        },
    )
    repo = read_repository(tmp_path, TODAY)
    assert errors(repo) == []
    assert codes(repo, small) == ["below-threshold"]
    assert codes(repo, over) == []
    assert codes(repo, cheap_assessment) == ["below-threshold"]
    assert codes(repo, assessment) == []
    assert codes(repo, joint) == ["joint-funding"]
    assert any("Tripartite group" in d.message for d in repo.diagnostics if d.code == "joint-funding")


def test_south_gloucestershire_fortnightly_and_homeless_window(tmp_path: Path) -> None:
    """South Glos: Tuesdays 14 days apart; homeless young people at most 10 days retrospective; MARP."""
    config = starter_repo(tmp_path, "south-gloucestershire")
    meetings = calendar.meetings_between(config, TODAY, TODAY + dt.timedelta(days=70))
    assert len(meetings) >= 4
    assert all(m.date.weekday() == 1 and m.start.strftime("%H:%M") == "12:30" for m in meetings)
    assert {(b.date - a.date).days for a, b in itertools.pairwise(meetings)} == {14}
    meeting = meetings[1]
    friday = meeting.date - dt.timedelta(days=4)
    assert meeting.deadline == at(friday, "13:00")
    assert meeting.papers_out == at(meeting.date - dt.timedelta(days=1), "14:00")
    refer = config.outcome("refer-to-marp")
    assert refer and "referred_to" in refer.requires
    assert config.unmet_need_categories
    reason = "Presented at the civic centre after being asked to leave home."
    twelve_days = write_referral(
        tmp_path,
        config,
        number=1,
        type_id="homeless-young-person",
        meeting=meeting.date,
        retrospective={"started": (meeting.date - dt.timedelta(days=12)).isoformat(), "reason": reason},
    )
    eight_days = write_referral(
        tmp_path,
        config,
        number=2,
        type_id="homeless-young-person",
        meeting=meeting.date,
        retrospective={"started": (meeting.date - dt.timedelta(days=8)).isoformat(), "reason": reason},
    )
    missed_panel = write_referral(
        tmp_path,
        config,
        number=3,
        type_id="retrospective",
        meeting=meetings[2].date,
        retrospective={"started": (meeting.date - dt.timedelta(days=3)).isoformat(), "reason": reason},
    )
    repo = read_repository(tmp_path, TODAY)
    assert codes(repo, twelve_days) == ["retrospective-window"]
    assert codes(repo, eight_days) == []
    assert codes(repo, missed_panel) == ["retrospective-window"]
