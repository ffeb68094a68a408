"""`panel build` renders again only the pages whose inputs changed, and ends byte for byte as a full build would."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.commands import build as site_build
from generator.commands.build import build_site
from generator.domain.calendar import LONDON
from generator.io.packaged import package_templates
from generator.rendering.site.pages import REFERRAL_PAGE_READS
from tests.killer import run_panel
from tests.records_helpers import MEETING_DAY, make_panel
from tests.site.test_build_recovery import files_of

pytestmark = pytest.mark.slow
KEPT = re.compile(r"(\d+) unchanged and not rendered again")


def panel_build(root: Path, now: str, *options: str) -> str:
    """`panel build` at `now`, run in this process (the same command without a Python start each time: what is carried
    from one build to the next is on disk, in the site and the build's record); its output."""
    done = CliRunner().invoke(main, ["build", "--root", str(root), *options], env={"PANEL_NOW": now})
    assert done.exit_code == 0, done.output + done.stderr
    return done.stdout


def built_with(root: Path, now: str) -> int:
    """`panel build` at `now`; how many pages it kept unrendered."""
    output = panel_build(root, now)
    found = KEPT.search(output)
    assert found, output
    return int(found.group(1))


def full_build_of(root: Path, scratch: Path, now: str) -> Path:
    """The same repository copied (sources and history only) and built with `panel build --full`."""
    copy = scratch / "copy"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns("build", "site"), symlinks=True)
    assert "0 unchanged" in panel_build(copy, now, "--full")
    return copy / "site"


@pytest.fixture(scope="module")
def panel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository built once by `panel build` in a process of its own: the builds after it start from the disk."""
    root = make_panel(tmp_path_factory.mktemp("incremental") / "panel", ("R-0001", "R-0002"))
    done = run_panel("build", "--root", str(root), env={"PANEL_NOW": "2026-12-04T10:00"})
    assert done.returncode == 0 and KEPT.search(done.stdout), done.stdout + done.stderr
    return root


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, path
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_incremental_builds_equal_full_builds(panel: Path, tmp_path: Path) -> None:
    """A referral, a decision, panel.yml and the clock change in turn: each build equals a full one of the same files."""
    site = panel / "site"
    edit(panel / "submissions/R-0001.md", "Kerry is the sole carer", "Kerry is the only carer")
    kept = built_with(panel, "2026-12-04T10:00")
    assert kept > 0  # R-0002's page, the children's pages, registers
    assert "Kerry is the only carer" in (site / "referrals/R-0001.html").read_text()
    assert files_of(site) == files_of(full_build_of(panel, tmp_path, "2026-12-04T10:00"))

    edit(panel / f"meetings/{MEETING_DAY}/decisions/R-0002.md", "Evenings are", "Weekends are")
    assert built_with(panel, "2026-12-04T10:00") > 0
    assert "Weekends are the time of greatest risk" in (site / "referrals/R-0002.html").read_text()
    assert "Weekends are" not in (site / "referrals/R-0001.html").read_text()
    assert files_of(site) == files_of(full_build_of(panel, tmp_path, "2026-12-04T10:00"))

    edit(panel / "panel.yml", "name: Resource and Care Panel", "name: Resources and Care Panel")
    assert built_with(panel, "2026-12-04T10:00") == 0  # panel.yml is read by every page
    assert "Resources and Care Panel" in (site / "referrals/R-0002.html").read_text()
    assert files_of(site) == files_of(full_build_of(panel, tmp_path, "2026-12-04T10:00"))

    assert built_with(panel, "2027-03-20T10:00") == 0  # another day: reviews, actions and deadlines fall due
    assert files_of(site) == files_of(full_build_of(panel, tmp_path, "2027-03-20T10:00"))
    assert built_with(panel, "2027-03-20T11:00") > 0  # the same day again


def test_a_failed_build_leaves_the_published_site_as_it_was(panel: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The new site is staged as hard links to the published one: nothing may be written through them."""
    now = dt.datetime(2027, 3, 20, 12, 0, tzinfo=LONDON)
    build_site(panel, now)
    before = files_of(panel / "site")
    edit(panel / "submissions/R-0002.md", "Kerry is the sole carer", "Kerrie is the sole carer")

    def refused(staged: Path, target: Path) -> None:
        raise RuntimeError("the swap failed")

    with monkeypatch.context() as patch:
        patch.setattr(site_build, "swap_in", refused)
        with pytest.raises(RuntimeError):
            build_site(panel, now)
    assert files_of(panel / "site") == before
    assert [p.name for p in panel.iterdir() if p.name.startswith(".site.")] == []
    result = build_site(panel, now)  # not dirty: the failed build had retired the published site's record
    assert result.kept > 0
    assert "Kerrie is the sole carer" in (panel / "site/referrals/R-0002.html").read_text()


def test_the_referral_page_digest_covers_what_its_templates_read() -> None:
    """A page kept unrendered must not miss an input: every function and `data.` lookup the templates use is digested."""
    folder = package_templates() / "site"
    text = "".join((folder / name).read_text() for name in ("referral.md.j2", "_decision.md.j2", "child.md.j2"))
    called = set(re.findall(r"(?<![.\w])(\w+)\(", text)) - {"default", "format", "join", "map", "selectattr"}
    looked_up = {f"data.{name}" for name in re.findall(r"\bdata\.(\w+)", text)}
    assert called | looked_up <= REFERRAL_PAGE_READS
