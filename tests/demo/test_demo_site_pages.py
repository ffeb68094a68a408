"""What the demo site's pages say, for the people who read them: registers with their CSV, the home page's
cases needing attention, referral pages that lead with what a panel member needs first, a named search dialog."""

from __future__ import annotations

import csv
import io
import re
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.rendering.site.tables import SITE_COLUMNS
from tests.demo.demo_build import DEMO_NOW, built_demo

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return built_demo(tmp_path_factory)


def _text(html: str) -> str:
    """The words of the page's article (not its navigation), tags as spaces."""
    article = html[html.index("<article") : html.index("</article>")]
    return " ".join(re.sub(r"<[^>]+>", " ", article).split())


def test_each_register_links_its_csv_which_is_panel_export(demo: Path) -> None:
    for register, shown in SITE_COLUMNS.items():
        page = (demo / "site" / "registers" / f"{register}.html").read_text(encoding="utf-8")
        assert f'href="{register}.csv"' in page and "panel export" not in page
        # `panel export` run in this process (the same command, without a Python start for each register); its
        # bytes as written, line endings and all.
        exported = CliRunner().invoke(main, ["export", register, "--root", str(demo)], env={"PANEL_NOW": DEMO_NOW})
        assert exported.exit_code == 0, exported.output + exported.stderr
        published_bytes = (demo / "site" / "registers" / f"{register}.csv").read_bytes()
        assert published_bytes == exported.stdout_bytes
        published = published_bytes.decode("utf-8")
        header = next(csv.reader(io.StringIO(published)))
        hidden = [c for c in header if c not in shown]
        if hidden:  # the columns not shown are named, and on the page with every column
            assert 'href="all/' + register + '.html"' in page
            every = (demo / "site" / "registers" / "all" / f"{register}.html").read_text(encoding="utf-8")
            assert all(f">{c.replace('_', ' ').capitalize()}<" in every for c in header)


def test_home_names_each_case_needing_attention(demo: Path) -> None:
    home = (demo / "site" / "index.html").read_text(encoding="utf-8")
    text = _text(home)
    assert (
        "Overdue actions (1): Arrange the evening visits: Owen Marsh, due Thursday 3 December 2026 ( R-0007 )" in text
    )
    assert 'href="referrals/R-0007.html"' in home
    # Search is promised only where it works.
    assert "search box at the top of every page, when the site is opened through a web server" in text
    assert "panel serve" in text


def test_a_referral_page_leads_with_request_cost_status_and_decision(demo: Path) -> None:
    text = _text((demo / "site" / "referrals" / "R-0001.html").read_text(encoding="utf-8"))
    lead = text[text.index("At a glance") : text.index("Details")]
    assert "Request After-school support package for two siblings" in lead
    assert "Cost £180 a week for 26 weeks from Monday 7 December 2026: £4,680 in total" in lead
    assert "Status decided" in lead
    assert "Decision Resource approved , Thursday 3 December 2026 : £180 a week, £4,680 in total" in lead
    assert text.index("At a glance") < text.index("Sign-off trail") < text.index("The referral")


def test_sign_off_by_amount_says_who_signs_and_why(demo: Path) -> None:
    text = _text((demo / "site" / "referrals" / "R-0011.html").read_text(encoding="utf-8"))
    assert "Who signs off: costs.weekly is £1,450: above £1,000, so it needs a Service Manager." in text


def test_the_search_dialog_has_a_name_on_every_page(demo: Path) -> None:
    for page in (demo / "site").rglob("*.html"):
        if page.relative_to(demo / "site").parts[0] == "admin":
            continue  # the vendored browser CMS, not a page of the site
        assert '<div class="md-search" data-md-component="search" role="dialog" aria-label="Search">' in page.read_text(
            encoding="utf-8"
        ), page


def test_staged_deadline_phased_review_and_case_outcomes(demo: Path) -> None:
    """The demo's staged deadline, R-0013's first placement review, R-0002's history and the outcome measures."""
    r6 = _text((demo / "site" / "referrals" / "R-0006.html").read_text(encoding="utf-8"))
    assert (
        "Signed off after the deadline: Team manager's authorisation (Team Manager) due Fri 04 Dec 15:00, "
        "signed Mon 07 Dec 15:00" in r6
    )
    calendar = _text((demo / "site" / "calendar.html").read_text(encoding="utf-8"))
    assert "Team manager's authorisation" in calendar and "Friday before, by 15:00" in calendar
    assert "Fri 04 Dec 2026 15:00; Sign-off (Service Manager): Mon 07 Dec 2026 17:00" in calendar  # a list, spaced
    agenda = (demo / "meetings" / "2026-12-10" / "agenda.md").read_text(encoding="utf-8")
    assert "review_of: meetings/2026-09-03/decisions/R-0013.md" in agenda  # 3 months after 7 September
    pack = subprocess.run(
        ["pdftotext", "-layout", str(demo / "build" / "packs" / "2026-12-10" / "pack-v1.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "Reviews due" in pack and "Decisions on this case so far" in pack
    # R-0003, jointly funded with health: the chair has approved it; health's agreement to its share is awaited.
    r3 = _text((demo / "site" / "referrals" / "R-0003.html").read_text(encoding="utf-8"))
    assert "draft: the chair has approved it; awaiting Health" in r3 and "agreement to its share" in r3, r3[:1200]
    statistics = _text((demo / "site" / "statistics.html").read_text(encoding="utf-8"))
    assert "Did it work? Case outcomes" in statistics
    assert "Entry to care (section 20) 2026-27 Entered care fewer 1" in statistics
    assert "By ethnicity" in statistics and "&lt;5" in statistics


def test_r0004s_recommendation_says_awaiting_once_and_what_the_panel_recommended(demo: Path) -> None:
    """Issue 12: the recommendation awaiting its decision maker reads as a recommendation, each fact once."""
    text = _text((demo / "site" / "referrals" / "R-0004.html").read_text(encoding="utf-8"))
    section = text[text.index("Decision: 2026-12-03", text.index("Decisions")) : text.index("The referral Main issues")]
    assert section.count("awaiting Head of Service") == 1 and section.count("nor committed spend") == 1
    assert "Decision maker" not in section
    assert "What the panel recommended" in section and "What the panel agreed" not in section


def test_the_meeting_record_names_its_minute_taker(demo: Path) -> None:
    """Issue 12 §3: the demo's records name the configured minute-taker (panel.minute_taker), shown with the record."""
    page = (demo / "site" / "meetings" / "2026-12-03.html").read_text(encoding="utf-8")
    assert "Minutes taken by Sam Okoro" in _text(page)
    # The staged deadlines are a list, not one run-on line of dashes.
    assert re.search(r"<li>Team manager(&#39;|&rsquo;|’|')s authorisation: Friday 27 November 2026", page)


def test_the_demo_shows_who_decides(demo: Path) -> None:
    """Issue 12's demo: an emergency decision made outside a meeting and ratified at the next one, an inquorate
    (provisional) item confirmed later, and decision notices sent to the SMTP server on this machine."""
    text = _text((demo / "site" / "referrals" / "R-0009.html").read_text(encoding="utf-8"))
    outside = text[text.index("Decision outside a meeting: 2026-11-21") : text.index("Decision: 2026-11-26")]
    assert "Ratified at the meeting of Thursday 26 November 2026" in outside
    assert "What was decided" in outside and "What the panel agreed" not in outside  # no panel made it
    assert (
        "provisional: decided without a quorum" in text
        and "confirmed at the meeting of Thursday 3 December 2026" in text
    )
    ratifying = text[text.index("Decision: 2026-11-26") :]
    assert "Ratifies the decision made outside a meeting on Saturday 21 November 2026" in ratifying
    from generator.commands.records import read_notice_log

    for folder, count in (("2026-12-03", 15), ("outside", 3)):
        sent, problems = read_notice_log(demo, demo / "meetings" / folder)
        assert not problems and len(sent) == count and {s.via for s in sent} == {"smtp"}, folder
        assert all(s.content for s in sent)  # what each notice said is kept, so a later change is noticed


def test_record_the_decision_is_offered_only_for_items_not_yet_decided(demo: Path) -> None:
    """A held meeting whose decisions are recorded offers no "Record the decision"; the next one offers each item."""
    for day in ("2026-11-26", "2026-12-03"):
        assert "Record the decision" not in (demo / "site" / "meetings" / f"{day}.html").read_text(encoding="utf-8")
    upcoming = (demo / "site" / "meetings" / "2026-12-10.html").read_text(encoding="utf-8")
    offered = re.findall(r"Record the decision on (R-\d{4})", upcoming)
    assert offered == ["R-0013", "R-0002", "R-0010", "R-0012", "R-0005", "R-0006", "R-0011"]  # its agenda's items


def test_list_items_that_end_in_a_condition_stay_on_lines_of_their_own(demo: Path) -> None:
    """The 26 November meeting's two staged deadlines are two items, not one line ('15:00- Sign-off')."""
    page = (demo / "site" / "meetings" / "2026-11-26.html").read_text(encoding="utf-8")
    assert re.search(r"<li>Team manager.s authorisation: Friday 20 November 2026, 15:00</li>\s*<li>Sign-off", page)
    home = _text((demo / "site" / "index.html").read_text(encoding="utf-8"))
    assert not re.search(r"\)- \[?R-\d{4}|\d- R-\d{4}", home)
