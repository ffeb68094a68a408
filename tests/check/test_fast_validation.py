"""The compiled validator never calls valid what the full validator finds an error in."""

from __future__ import annotations

import copy
import shutil
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.commands.config import load_config
from generator.domain.referrals.schema import referral_schema
from generator.domain.schema_parts import FORMAT_CHECKER
from generator.io import sources
from generator.io.schema_validation import certainly_valid, strict_validator
from panelfixtures import PANEL_YML
from panelfixtures.referrals import referral_text

VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=False),
    st.sampled_from(
        [
            "",
            "2026-02-30",
            "2026-12-03",
            "2026-12-03T10:00",
            "2026-12-03\n",
            "R-0001",
            "R-0001\n",
            "LCS-204117",
            "placement",
            "x@council.example",
            "0.005",
            0.07,
            19.01,
            1e308,
            12.345,
        ]
    ),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.sampled_from(["name", "email", "weekly", "held"]), st.integers(), max_size=2),
)


@pytest.fixture(scope="module")
def checkers(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Any, dict[str, Any]]:
    root = tmp_path_factory.mktemp("panel")
    shutil.copy(PANEL_YML, root / "panel.yml")
    schema = referral_schema(load_config(root))
    parsed, _ = sources.parse_markdown(referral_text().encode(), "submissions/R-0001.md")
    assert parsed is not None
    return certainly_valid(schema, FORMAT_CHECKER), strict_validator(schema, FORMAT_CHECKER), parsed.data


def _paths(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(data, dict):
        for key, value in data.items():
            found += _paths(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += _paths(value, (*path, index))
    return found


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_certainly_valid_implies_valid(checkers: tuple[Any, Any, dict[str, Any]], data: st.DataObject) -> None:
    fast, full, valid = checkers
    assert fast(valid) and not list(full.iter_errors(valid))
    document = copy.deepcopy(valid)
    for _ in range(data.draw(st.integers(1, 3))):
        path = data.draw(st.sampled_from(_paths(document)[1:]))
        parent = document
        for step in path[:-1]:
            parent = parent[step]
        parent[path[-1]] = data.draw(VALUES)
    if fast(document):
        assert list(full.iter_errors(document)) == []
