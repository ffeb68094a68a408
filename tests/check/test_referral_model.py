"""The referral content object: derived values."""

from __future__ import annotations

import datetime as dt

from generator.commands.repository import read_repository
from generator.domain.referrals.model import age_on
from tests.conftest import TODAY, WriteReferral


def test_age_is_derived_in_whole_years() -> None:
    """The day before a birthday the child is still the younger age; 29 February counts from 1 March."""
    assert age_on(dt.date(2016, 3, 14), dt.date(2026, 3, 13)) == 9
    assert age_on(dt.date(2016, 3, 14), dt.date(2026, 3, 14)) == 10
    assert age_on(dt.date(2008, 2, 29), dt.date(2026, 2, 28)) == 17
    assert age_on(dt.date(2008, 2, 29), dt.date(2026, 3, 1)) == 18


def test_referral_exposes_typed_values(panel_root: object, write_referral: WriteReferral) -> None:
    """Ages at the meeting, cost end date, sections with their lines."""
    write_referral()
    [referral] = read_repository(panel_root, TODAY).referrals  # type: ignore[arg-type]
    assert [c.age_on(referral.meeting) for c in referral.children] == [10, 8]
    assert referral.costs is not None and referral.costs.end == dt.date(2027, 6, 6)
    assert referral.case_ids == ("LCS-204117", "LCS-204118")
    assert referral.sections["danger-statement"].line == 93
    assert referral.sections["main-issues"].text.startswith("Kerry is the sole carer")


def test_care_leaver_must_be_heard_before_eighteenth_birthday(
    panel_root: object, write_referral: WriteReferral
) -> None:
    """requested_before_birthday: 18 uses the age on the meeting day."""
    write_referral(
        replace={
            "type: s17-support": "type: care-leaver-accommodation",
            "date_of_birth: 2016-03-14": "date_of_birth: 2008-12-01",
        }
    )
    found = [(d.code, d.line) for d in read_repository(panel_root, TODAY).diagnostics.sorted()]  # type: ignore[arg-type]
    assert found == [("age-limit", 14)]
