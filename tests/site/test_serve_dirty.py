"""`panel serve`'s MkDocs builds after the first: only changed pages, the rest of the site and its search kept."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from mkdocs.config import load_config

from generator.commands.build import BUILD_DIR, SEARCH_INDEX, generate
from generator.commands.serve import DirtyBuilder
from generator.domain.calendar import LONDON
from panelfixtures.referrals import referral_text
from tests.records_helpers import make_panel

NOW = dt.datetime(2026, 12, 4, 10, 0, tzinfo=LONDON)
URL = "http://127.0.0.1:8000/"


def build(builder: DirtyBuilder, config_file: Path, site: Path) -> None:
    builder(load_config(config_file=str(config_file), site_dir=str(site)), URL)


def locations(site: Path) -> dict[str, str]:
    """Each page in the search index, with all its entries' text."""
    found: dict[str, str] = {}
    for doc in json.loads((site / SEARCH_INDEX).read_text(encoding="utf-8"))["docs"]:
        page = doc["location"].split("#")[0]
        found[page] = found.get(page, "") + " " + doc["text"]
    return found


def test_a_change_rebuilds_its_pages_a_removal_removes_one_and_search_keeps_the_rest(tmp_path: Path) -> None:
    root = make_panel(tmp_path / "panel", ("R-0001", "R-0002"))
    extra = root / "submissions" / "R-0003.md"
    extra.write_text(referral_text("R-0003", meeting="2026-12-10"), encoding="utf-8")
    generate(root, NOW)
    config_file, site = root / BUILD_DIR / "mkdocs.yml", tmp_path / "site"
    builder = DirtyBuilder(config_file, site)
    build(builder, config_file, site)
    first = locations(site)
    assert "referrals/R-0003.html" in first and "referrals/R-0002.html" in first
    other = site / "referrals" / "R-0002.html"
    untouched = other.stat().st_mtime_ns

    path = root / "submissions" / "R-0001.md"
    path.write_text(path.read_text(encoding="utf-8").replace("sole carer", "only carer"), encoding="utf-8")
    generate(root, NOW)
    build(builder, config_file, site)
    assert "only carer" in (site / "referrals" / "R-0001.html").read_text(encoding="utf-8")
    assert other.stat().st_mtime_ns == untouched  # a dirty build: the unchanged page was not written again
    second = locations(site)
    assert set(second) == set(first)
    assert "only carer" in second["referrals/R-0001.html"]

    extra.unlink()
    generate(root, NOW)
    build(builder, config_file, site)
    assert not (site / "referrals" / "R-0003.html").exists()
    assert "referrals/R-0003.html" not in locations(site)
    assert "referrals/R-0002.html" in locations(site)


def test_a_changed_navigation_rebuilds_every_page(tmp_path: Path) -> None:
    root = make_panel(tmp_path / "panel")
    generate(root, NOW)
    config_file, site = root / BUILD_DIR / "mkdocs.yml", tmp_path / "site"
    builder = DirtyBuilder(config_file, site)
    build(builder, config_file, site)
    page = site / "referrals" / "R-0001.html"
    before = page.stat().st_mtime_ns
    config_file.write_text(config_file.read_text(encoding="utf-8") + "# the navigation changed\n", encoding="utf-8")
    build(builder, config_file, site)
    assert page.stat().st_mtime_ns != before
