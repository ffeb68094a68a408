"""What a rebuild reuses: meeting pages kept while what they show is unchanged, digests that do not depend on where
the records were read from, the site templates compiled once in a process, each sign-off trail worked out once."""

from __future__ import annotations

import datetime as dt
import pickle
import re
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import jinja2
import pytest

from generator.commands import site_signoffs
from generator.commands.build import build_site
from generator.domain.calendar import LONDON
from generator.io.packaged import package_templates
from generator.rendering.site import pages
from generator.rendering.site.pages import MEETING_PAGE_READS, each_pickled
from tests.records_helpers import MEETING_DAY, make_panel
from tests.site.test_build_incremental import edit, full_build_of
from tests.site.test_build_recovery import files_of

pytestmark = pytest.mark.slow
NOW = dt.datetime(2026, 12, 4, 10, 0, tzinfo=LONDON)
NOW_TEXT = "2026-12-04T10:00"


@pytest.fixture(scope="module")
def panel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_panel(tmp_path_factory.mktemp("reuse") / "panel", ("R-0001", "R-0002"))
    build_site(root, NOW)  # the records read from their files
    build_site(root, NOW)  # and from the check cache
    return root


def rendered(root: Path, monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """Build the site in this process; how many times each page template was rendered."""
    counted: Counter[str] = Counter()
    real = pages.render  # type: ignore[attr-defined]

    def spy(env: jinja2.Environment, name: str, root: Path, **values: Any) -> str:
        counted[name] += 1
        return real(env, name, root, **values)

    with monkeypatch.context() as patch:
        patch.setattr(pages, "render", spy)
        build_site(root, NOW)
    return counted


def test_a_meeting_page_is_rendered_only_when_what_it_shows_changed(
    panel: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    meeting = panel / "site" / "meetings" / f"{MEETING_DAY}.html"
    edit(panel / "submissions/R-0001.md", "Kerry is the sole carer", "Kerry is the only carer")
    counted = rendered(panel, monkeypatch)
    assert counted["referral.md.j2"] == 1 and counted["meeting.md.j2"] == 0, counted

    edit(panel / "submissions/R-0002.md", "title: ", "title: Renamed ")  # the meeting's decisions table shows it
    assert rendered(panel, monkeypatch)["meeting.md.j2"] == 1
    assert "Renamed " in meeting.read_text(encoding="utf-8")

    edit(panel / f"meetings/{MEETING_DAY}/meeting.md", "The panel was quorate.", "The panel was quorate all along.")
    assert rendered(panel, monkeypatch)["meeting.md.j2"] == 1
    assert "quorate all along" in meeting.read_text(encoding="utf-8")
    assert files_of(panel / "site") == files_of(full_build_of(panel, tmp_path, NOW_TEXT))


def test_a_meeting_page_is_kept_whether_its_records_came_from_their_files_or_the_check_cache(
    panel: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.rmtree(panel / "build" / "check-cache", ignore_errors=True)
    (panel / "build" / "check-cache").unlink(missing_ok=True)
    rendered(panel, monkeypatch)  # every record read from its file
    counted = rendered(panel, monkeypatch)  # the same records, from the cache
    assert counted["meeting.md.j2"] == 0, counted


def test_records_pickled_each_on_its_own_are_the_same_whichever_objects_they_share() -> None:
    text = "".join(["Kerry ", "is"])
    shared, separate = [text, text], ["Kerry is", "".join(["Kerry ", "is"])]
    assert pickle.dumps(shared) != pickle.dumps(separate)  # the memo records the sharing
    assert each_pickled(shared) == each_pickled(separate)
    assert each_pickled(["Kerry is"]) != each_pickled(["Kerry was"])


def test_a_rebuild_in_the_same_process_compiles_no_template_again_and_follows_the_panels_own(
    panel: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    compiled: list[str | None] = []
    real = jinja2.Environment.compile

    def spy(self: jinja2.Environment, source: Any, name: str | None = None, *args: Any, **kwargs: Any) -> Any:
        if name and name.endswith(".j2"):  # the site's page templates (MkDocs' theme has its own environment)
            compiled.append(name)
        return real(self, source, name, *args, **kwargs)

    page = panel / "site" / "accessibility.html"
    monkeypatch.setattr(jinja2.Environment, "compile", spy)
    pages._ENVIRONMENTS.clear()  # as in a new process
    edit(panel / "submissions/R-0001.md", "Kerry is", "Kerri is")
    build_site(panel, NOW)
    assert "referral.md.j2" in compiled
    compiled.clear()
    edit(panel / "submissions/R-0001.md", "Kerri is", "Kerrie is")
    build_site(panel, NOW)
    assert compiled == []  # what `panel serve` rebuilds after a saved change

    own = panel / "templates" / "site" / "accessibility.md.j2"
    own.parent.mkdir(parents=True)
    own.write_text("# Accessibility\n\nOur own statement.\n", encoding="utf-8")
    build_site(panel, NOW)
    assert "Our own statement." in page.read_text(encoding="utf-8")
    own.write_text("# Accessibility\n\nOur second statement.\n", encoding="utf-8")
    build_site(panel, NOW)
    assert "Our second statement." in page.read_text(encoding="utf-8")
    shutil.rmtree(panel / "templates")
    build_site(panel, NOW)
    assert "Our second statement." not in page.read_text(encoding="utf-8")


def test_each_referrals_sign_off_trail_is_worked_out_once_a_build(panel: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    asked: Counter[str] = Counter()
    real = site_signoffs.referral_status  # type: ignore[attr-defined]

    def spy(referral: Any, *args: Any, **kwargs: Any) -> Any:
        asked[referral.id] += 1
        return real(referral, *args, **kwargs)

    monkeypatch.setattr(site_signoffs, "referral_status", spy)
    referral = panel / "submissions/R-0001.md"
    referral.write_text(referral.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    build_site(panel, NOW)  # R-0001's page rendered: its trail digested, then shown
    assert asked == {"R-0001": 1, "R-0002": 1}


def test_the_meeting_page_digest_covers_what_its_template_reads() -> None:
    """A meeting page kept unrendered must not miss an input: its template calls, `data.`, `referral.` and `now.`
    lookups are those `_meeting_inputs` digests or the scope holds (everything else it reads is digested whole)."""
    text = (package_templates() / "site" / "meeting.md.j2").read_text()
    called = set(re.findall(r"(?<![.\w])(\w+)\(", text)) - {"join", "selectattr", "rejectattr", "list"}
    looked_up = {f"{name}.{field}" for name, field in re.findall(r"\b(data|referral)\.(\w+)", text)}
    assert called | looked_up <= MEETING_PAGE_READS
    assert set(re.findall(r"\bnow\.(\w+)", text)) == {"date"}  # the day: in the scope (not the time of day)
