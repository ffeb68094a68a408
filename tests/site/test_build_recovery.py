"""A build after any failure (an exception, a kill anywhere) ends exactly as a full build would."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.commands import build as site_build
from generator.commands.build import build_site
from generator.domain.calendar import LONDON
from panelfixtures.referrals import referral_text
from tests.killer import killed_panel
from tests.records_helpers import make_panel, write

NOW = dt.datetime(2026, 12, 4, 10, 0, tzinfo=LONDON)
ENV = {"PANEL_NOW": "2026-12-04T10:00"}
pytestmark = pytest.mark.slow


def files_of(site: Path) -> dict[str, object]:
    """Every file's content; the search index as a set of entries (a dirty build merges it in another order)."""
    found: dict[str, object] = {}
    for path in sorted(site.rglob("*")):
        if path.is_file():
            name = path.relative_to(site).as_posix()
            if name == "search/search_index.json":
                index = json.loads(path.read_text(encoding="utf-8"))
                found[name] = (index["config"], sorted(json.dumps(d, sort_keys=True) for d in index["docs"]))
            else:
                found[name] = path.read_bytes()
    return found


def panel_build(root: Path) -> None:
    """`panel build`, run in this process (the same command, without a Python start): a killed build's remains are on
    disk, where this one finds them."""
    done = CliRunner().invoke(main, ["build", "--root", str(root)], env=ENV)
    assert done.exit_code == 0, done.output + done.stderr


def panel_with_extra_referral(tmp_path: Path) -> Path:
    root = make_panel(tmp_path / "panel", ("R-0001",))
    write(root, "submissions/R-0003.md", referral_text("R-0003"))
    panel_build(root)
    assert (root / "site/referrals/R-0003.html").is_file()
    return root


def change_sources(root: Path) -> None:
    """Delete a referral and change another: the next build must drop the one page and rebuild the other."""
    (root / "submissions/R-0003.md").unlink()
    path = root / "submissions/R-0001.md"
    path.write_text(path.read_text().replace("Kerry is the sole carer", "Kerry is the only carer"))


def assert_same_as_full_build(root: Path) -> None:
    site = root / "site"
    assert not (site / "referrals/R-0003.html").exists()
    assert "Kerry is the only carer" in (site / "referrals/R-0001.html").read_text()
    full = build_site(root, NOW, output=root.parent / "full", full=True)
    assert files_of(site) == files_of(full.site)
    leftovers = [p.name for p in root.iterdir() if p.name.startswith(".site.")]
    assert leftovers == []


@pytest.mark.parametrize("moment", ["mkdocs", "swap"])
def test_build_after_a_killed_build_equals_a_full_build(tmp_path: Path, moment: str) -> None:
    root = panel_with_extra_referral(tmp_path)
    change_sources(root)
    killed_panel(moment, "build", "--root", str(root), env=ENV)
    if moment == "swap":
        assert not (root / "site").exists()  # killed between the two renames
    panel_build(root)
    assert_same_as_full_build(root)


def test_build_after_a_failed_build_equals_a_full_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = panel_with_extra_referral(tmp_path)
    change_sources(root)

    def broken(*args: object, **kwargs: object) -> list[str]:
        raise RuntimeError("MkDocs failed")

    with monkeypatch.context() as patch:
        patch.setattr(site_build, "_run_mkdocs", broken)
        with pytest.raises(RuntimeError):
            build_site(root, NOW)
    assert (root / "site/referrals/R-0003.html").is_file()  # the old site stands after the failure
    result = build_site(root, NOW)
    assert_same_as_full_build(root)
    assert result.removed == 1


def test_build_after_a_config_change_that_failed_is_a_full_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Navigation written by a failed build must not let the next build run dirty over the old navigation."""
    root = panel_with_extra_referral(tmp_path)
    config = root / "panel.yml"
    text = config.read_text()
    assert "name: " in text
    config.write_text(text.replace("name: ", "name: Renamed ", 1))
    with monkeypatch.context() as patch:
        patch.setattr(site_build, "_run_mkdocs", lambda *a, **k: (_ for _ in ()).throw(RuntimeError("MkDocs failed")))
        with pytest.raises(RuntimeError):
            build_site(root, NOW)
    result = build_site(root, NOW)
    assert not result.dirty
    full = build_site(root, NOW, output=root.parent / "full", full=True)
    assert files_of(root / "site") == files_of(full.site)
