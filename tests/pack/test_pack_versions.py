"""Circulation tags, numbered supplements, rebuilding a circulated pack, single-referral builds, atomic output."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.commands.agenda_files import write_agenda
from generator.commands.pack import build_items, build_pack
from generator.commands.pack_git import tag_date
from generator.commands.pack_versions import NothingChanged
from generator.io.packaged import package_templates
from generator.rendering.pack import PackBuildError
from panelfixtures.gitrun import git
from panelfixtures.referrals import MEETING, case_ids, synthetic_referral, title
from panelfixtures.repos import COMMIT_DATE, TODAY, agenda_for, submit
from tests.pack.pdftext import contents, flat, pages

pytestmark = pytest.mark.slow
LATER = "2026-11-30T11:15:00+00:00"


def test_circulate_tags_v1_and_rebuild_matches_the_record(pack_repo: Path) -> None:
    first = build_pack(pack_repo, MEETING, TODAY, circulate=True)
    assert first.tag == "pack/2026-12-03/v1"
    message = git(pack_repo, "tag", "-l", "--format=%(contents)", "pack/2026-12-03/v1")
    digest = hashlib.sha256(first.documents["pack-v1.pdf"]).hexdigest()
    assert f"sha256 {digest}  pack-v1.pdf" in message
    assert git(pack_repo, "rev-parse", "pack/2026-12-03/v1^{commit}") == git(pack_repo, "rev-parse", "HEAD")
    again = build_pack(pack_repo, MEETING, TODAY, rebuild=1)
    assert again.documents == first.documents
    with pytest.raises(NothingChanged, match=r"nothing has changed since the pack circulated on .* \(version 1\)"):
        build_pack(pack_repo, MEETING, TODAY)


def test_later_build_is_a_supplement_with_only_changed_and_added_items(pack_repo: Path) -> None:
    build_pack(pack_repo, MEETING, TODAY, circulate=True)
    circulated = tag_date(pack_repo, "pack/2026-12-03/v1")
    old = (pack_repo / "submissions" / "R-0002.md").read_text(encoding="utf-8")
    new = old.replace("weekly: 152", "weekly: 160").replace(f"total: {152 * 26}", f"total: {160 * 26}")
    new = new.replace("## Services tried\n\n", "## Services tried\n\nA second provider was tried in November.\n\n")
    submit(
        pack_repo,
        {"submissions/R-0002.md": new, "submissions/R-0004.md": synthetic_referral(4)},
        "R-0002 costs corrected; R-0004 added",
        date=LATER,
    )
    write_agenda(pack_repo, agenda_for([1, 2, 4]), "Agenda")
    git(pack_repo, "add", "-A", date=COMMIT_DATE)
    git(pack_repo, "commit", "-qm", "Agenda: R-0004 added; R-0003 withdrawn", date=LATER)

    result = build_pack(pack_repo, MEETING, TODAY, circulate=True)
    assert result.supplements is not None
    assert (result.version, result.supplements.tag, result.tag) == (2, "pack/2026-12-03/v1", "pack/2026-12-03/v2")
    when = f"{circulated.day} {circulated:%B}"
    since = f"since the pack circulated on {when} (version 1)"
    folder = pack_repo / "build" / "packs" / "2026-12-03"
    assert sorted(p.name for p in folder.iterdir()) == [
        "pack-v1.docx",
        "pack-v1.pdf",
        "supplement-v2.docx",
        "supplement-v2.pdf",
    ]
    texts = pages(result.documents["supplement-v2.pdf"])
    text = flat(" ".join(texts))
    assert f"Supplementary pack, version 2, supplementing the pack circulated on {when} (version 1)" in text
    assert f"Changes {since}" in text
    assert "pack/2026-12-03" not in text, "readers never see tag names"
    assert "30 November 2026 at 11:15" in text
    assert f"Changed: item 3, {title(2)} (R-0002):" in text
    assert "costs › weekly: 152 → 160" in text and f"costs › total: {152 * 26} → {160 * 26}" in text
    assert "sections rewritten: Services tried" in text
    assert "the referral was updated" not in text
    assert f"Added: item 4, {title(4)} (R-0004)." in text
    assert f"Removed: R-0003 ({title(3)}) is no longer on the agenda" in text
    items = [entry for entry in contents(texts) if entry.startswith("Item")]
    assert items == [f"Item 3: {title(2)} (R-0002)", f"Item 4: {title(4)} (R-0004)"]
    assert "Weekly cost £160" in text and case_ids(4)[0] in text
    assert "Declarations of interest" not in [line.strip() for line in texts[1].splitlines()]
    with pytest.raises(NothingChanged, match=r"since the supplementary pack circulated on .* \(version 2\)"):
        build_pack(pack_repo, MEETING, TODAY)


def test_circulating_uncommitted_changes_is_refused(pack_repo: Path) -> None:
    path = pack_repo / "submissions" / "R-0001.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nOne more line.\n", "utf-8")
    with pytest.raises(PackBuildError, match=r"uncommitted changes to: submissions/R-0001\.md"):
        build_pack(pack_repo, MEETING, TODAY, circulate=True)
    assert git(pack_repo, "tag", "--list") == ""
    preview = build_pack(pack_repo, MEETING, TODAY)
    assert "not for circulation" in flat(pages(preview.documents["pack-v1.pdf"])[0])


def test_single_referrals_build_alone(pack_repo: Path) -> None:
    result = build_items(pack_repo, MEETING, TODAY, ["R-0003", "R-0001"])
    assert sorted(p.relative_to(pack_repo).as_posix() for p in result.files) == sorted(
        f"build/packs/2026-12-03/items/R-000{n}.{ext}" for n in (3, 1) for ext in ("pdf", "docx")
    )
    texts = pages(result.documents["items/R-0003.pdf"])
    text = flat(" ".join(texts))
    assert f"Item 4: {title(3)} (R-0003)" in text and case_ids(3)[0] in text
    assert case_ids(1)[0] not in text and "Decision sheet" not in text
    assert all(t.count("OFFICIAL-SENSITIVE") >= 2 for t in texts)
    assert f"Page {len(texts)} of {len(texts)}" in texts[-1]
    with pytest.raises(PackBuildError, match="R-0009 is not on the agenda of 2026-12-03"):
        build_items(pack_repo, MEETING, TODAY, ["R-0009"])


def test_failed_build_writes_nothing_and_keeps_earlier_files(pack_repo: Path) -> None:
    build_pack(pack_repo, MEETING, TODAY)
    folder = pack_repo / "build" / "packs" / "2026-12-03"
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    shutil.copytree(package_templates() / "pack", pack_repo / "templates" / "pack")
    template = pack_repo / "templates" / "pack" / "pack.typ"
    template.write_text(template.read_text(encoding="utf-8") + "\n#no-such-function()\n", "utf-8")
    with pytest.raises(PackBuildError, match="typst could not compile the 2026-12-03 pack-v1"):
        build_pack(pack_repo, MEETING, TODAY)
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    assert [p.name for p in folder.parent.iterdir()] == ["2026-12-03"]


def test_cli_builds_circulates_and_reports(pack_repo: Path) -> None:
    runner = CliRunner()
    built = runner.invoke(main, ["pack", "2026-12-03", "--root", str(pack_repo), "--circulate"])
    assert built.exit_code == 0, built.output
    assert "pack-v1.pdf" in built.output and "tagged pack/2026-12-03/v1" in built.output
    again = runner.invoke(main, ["pack", "2026-12-03", "--root", str(pack_repo)])
    assert again.exit_code == 0 and "nothing has changed since the pack circulated on" in again.output
    item = runner.invoke(main, ["pack", "2026-12-03", "--root", str(pack_repo), "--item", "R-0002", "--format", "pdf"])
    assert item.exit_code == 0 and "items/R-0002.pdf" in item.output and "R-0002.docx" not in item.output
    assert runner.invoke(main, ["pack", "3 Dec", "--root", str(pack_repo)]).exit_code == 2
    missing = runner.invoke(main, ["pack", "2026-12-10", "--root", str(pack_repo)])
    assert missing.exit_code == 1 and "agenda-missing" in missing.output
    assert "run: panel agenda 2026-12-10" in missing.output
