"""`panel build`: pages, navigation, marking, privacy, escaping, incremental rebuilds and the atomic swap."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from generator.cli import main
from generator.commands.build import build_site
from generator.domain.calendar import LONDON
from panelfixtures.documents import paper_pdf
from panelfixtures.referrals import referral_text
from tests.records_helpers import DECISION, make_panel, write
from tests.site.site_scan import external_requests

NOW = dt.datetime(2026, 12, 4, 10, 0, tzinfo=LONDON)
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_panel(tmp_path_factory.mktemp("site") / "panel", ("R-0001", "R-0002"))
    hostile = referral_text(
        "R-0002",
        title="'<img src=x onerror=alert(1)> [click](javascript:alert(2)) "
        "![t](http://tracker.example/p.png) <!-- x -->'",
    )
    write(root, "submissions/R-0002.md", hostile)
    text = DECISION.format(referral="R-0002").replace(
        "rationale: Evenings are the time of greatest risk.",
        "rationale: '<script>alert(3)</script> & <b>bold</b> {: onclick=alert(4) }'",
    )
    write(root, "meetings/2026-12-03/decisions/R-0002.md", text)
    (root / "meetings/2026-12-03/pack.pdf").write_bytes(paper_pdf("fictional pack"))
    result = CliRunner().invoke(main, ["build", "--root", str(root)], env={"PANEL_NOW": "2026-12-04T10:00"})
    assert result.exit_code == 0, result.output
    return root


def html_pages(site: Path) -> list[Path]:
    """The site's MkDocs pages (admin/, the browser editor, is Decap's own page: tests/test_cms_*.py)."""
    return sorted(p for p in site.rglob("*.html") if p.relative_to(site).parts[0] != "admin")


def test_every_kind_of_page_is_built(built: Path) -> None:
    site = built / "site"
    for page in (
        "index.html",
        "meetings/2026-12-03.html",
        "referrals/R-0001.html",
        "children/LCS-204117.html",
        "registers/decisions.html",
        "registers/expenditure.html",
        "registers/timeliness.html",
        "statistics.html",
        "calendar.html",
        "guides/submitting.html",
        "guides/recording-decisions.html",
        "guides/who-decides.html",
        "accessibility.html",
        "panel.ics",
        "statistics/outcomes.svg",
        "meetings/2026-12-03/pack.pdf",
    ):
        assert (site / page).is_file(), page
    assert not list(built.glob(".site.*")), "staging folders are cleaned up"
    meeting = (site / "meetings/2026-12-03.html").read_text()
    assert "Resource approved" in meeting and "pack.pdf" in meeting and "Dana Whitfield" in meeting
    feed = (site / "panel.ics").read_text()
    # The site serves the same feed as `panel calendar --ics`: London time zone, links to meeting pages.
    assert "BEGIN:VEVENT" in feed and "BEGIN:VTIMEZONE" in feed and "TZID:Europe/London" in feed
    svg = (site / "statistics/outcomes.svg").read_text()
    assert "<script" not in svg and 'role="img"' in svg and "Resource approved: 2" in svg


def test_home_dashboard_counts(built: Path) -> None:
    home = (built / "build/site-src/docs/index.md").read_text()
    assert "Thursday 10 December 2026" in home  # the next meeting after 4 December
    assert "(3 days 7 hours to go)" in home  # deadline Monday 7 December 17:00


def test_protective_marking_on_every_page(built: Path) -> None:
    pages = html_pages(built / "site")
    assert len(pages) > 15
    for page in pages:
        assert re.search(r'class="panel-marking"><strong>OFFICIAL-SENSITIVE</strong>', page.read_text()), page


def test_no_external_requests(built: Path) -> None:
    assert external_requests(built / "site") == []
    assert "fonts.googleapis" not in (built / "site/index.html").read_text()


def test_scan_would_catch_an_external_font(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text('<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">')
    (tmp_path / "b.css").write_text("body { background: url('//cdn.example/x.png') }")
    assert len(external_requests(tmp_path)) == 3


def test_referral_text_cannot_inject_markup(built: Path) -> None:
    for page in ("referrals/R-0002.html", "meetings/2026-12-03.html", "registers/decisions.html"):
        html = (built / "site" / page).read_text()
        assert "<img src=x" not in html and "onerror=alert" not in html.replace("onerror=alert(1)&gt;", "")
        assert 'href="javascript:' not in html and 'tracker.example/p.png"' not in html
        assert "<script>alert" not in html and "<b>bold</b>" not in html
    referral = (built / "site/referrals/R-0002.html").read_text()
    assert "&lt;script&gt;alert(3)&lt;/script&gt;" in referral
    assert "&lt;img src=x onerror=alert(1)&gt;" in referral
    assert "<!-- x -->" not in referral


def test_navigation_lists_meetings_by_year_and_registers_not_referrals(built: Path) -> None:
    nav = yaml.safe_load((built / "build/site-src/mkdocs.yml").read_text())["nav"]
    assert nav[1] == {"Meetings": [{"2026": [{"3 December": "meetings/2026-12-03.md"}]}]}
    assert {"Expenditure log": "registers/expenditure.md"} in nav[2]["Registers"]
    assert "referrals/" not in json.dumps(nav) and "children/" not in json.dumps(nav)
    html = (built / "site/index.html").read_text()
    assert "referrals/R-0001.html" not in html.split('class="md-content"')[0]


def test_rebuild_after_one_change_regenerates_only_what_changed(built: Path) -> None:
    site = built / "site"
    before = {p: p.stat().st_mtime_ns for p in html_pages(site)}
    text = (built / "submissions/R-0001.md").read_text().replace("Kerry is the sole carer", "Kerry is the only carer")
    (built / "submissions/R-0001.md").write_text(text)
    result = build_site(built, dt.datetime(2026, 12, 4, 10, 0, tzinfo=LONDON))
    assert result.dirty and result.written == 1
    assert "Kerry is the only carer" in (site / "referrals/R-0001.html").read_text()
    after = {p: p.stat().st_mtime_ns for p in html_pages(site)}
    changed = sorted(p.relative_to(site).as_posix() for p in after if after[p] != before.get(p))
    assert changed == ["404.html", "referrals/R-0001.html"]  # MkDocs always renders its 404 page
    index = json.loads((site / "search/search_index.json").read_text())
    locations = {d["location"].split("#")[0] for d in index["docs"]}
    assert {"referrals/R-0001.html", "referrals/R-0002.html", "children/LCS-204117.html"} <= locations
    mine = [d["text"] for d in index["docs"] if d["location"].startswith("referrals/R-0001.html")]
    assert any("only carer" in text for text in mine) and not any("sole carer" in text for text in mine)


def test_build_refuses_when_records_have_errors(built: Path, tmp_path: Path) -> None:
    root = make_panel(tmp_path / "broken")
    write(root, "meetings/2026-12-03/decisions/R-0001.md", DECISION.format(referral="R-0001").replace("approve", "?"))
    result = CliRunner().invoke(main, ["build", "--root", str(root)])
    assert result.exit_code == 1 and "the site was not built" in result.output
    assert not (root / "site").exists()
