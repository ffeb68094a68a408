"""`panel status` and `panel approve` end to end, on real repositories."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from panelfixtures.panelgit import PanelGit
from panelfixtures.people import FINANCE, SM, TM, WORKER, Who
from panelfixtures.referrals import referral_text


def run(panel: PanelGit, *args: str) -> tuple[int, str, str]:
    """Run the CLI at the panel's root; returns exit code, stdout, stderr."""
    result = CliRunner().invoke(main, [*args, "--root", str(panel.root)])
    return result.exit_code, result.stdout, result.stderr


def as_user(panel: PanelGit, who: Who) -> None:
    """Set the local git identity."""
    with panel.repo.config_writer() as config:
        config.set_value("user", "name", who[0])
        config.set_value("user", "email", who[1])


def test_status_table_and_json(panel_git: PanelGit) -> None:
    panel_git.merge(panel_git.submit("R-0001", "2026-11-20 10:00"), "2026-11-25 15:30", [TM, FINANCE])
    code, out, _ = run(panel_git, "status")
    assert code == 0
    assert "R-0001" in out and "awaiting service-manager" in out and "Tom Reyes as team-manager 25 Nov 15:30" in out
    assert "Ruth Bell" in out and "holds no role" in out
    code, out, _ = run(panel_git, "status", "2026-12-03", "--format", "json")
    data = json.loads(out)
    assert data[0]["state"] == "awaiting" and data[0]["missing_roles"] == ["service-manager"]
    assert data[0]["approvals"][0]["role"] == "team-manager" and data[0]["approvals"][0]["email"] == TM[1]
    assert data[0]["deadline"] == "2026-11-30T17:00:00+00:00"
    code, out, _ = run(panel_git, "status", "2026-12-10", "--format", "json")
    assert json.loads(out) == []


def test_status_in_a_shallow_clone_says_how_to_fetch(panel_git: PanelGit, tmp_path: Path) -> None:
    panel_git.merge(panel_git.submit("R-0001", "2026-11-20 10:00"), "2026-11-25 15:30", [TM, SM])
    panel_git.commit({"notes.md": "x\n"}, "Later work", "2026-11-26 10:00")
    clone = tmp_path / "clone"
    panel_git.git("clone", "-q", "--depth=1", f"file://{panel_git.root}", str(clone))
    result = CliRunner().invoke(main, ["status", "--root", str(clone)])
    assert result.exit_code == 2
    assert "shallow clone" in result.stderr and "git fetch --unshallow origin" in result.stderr
    assert "awaiting" not in result.stdout


def test_approve_records_a_commit_on_main(panel_git: PanelGit) -> None:
    panel_git.merge(panel_git.submit("R-0001", "2026-11-20 10:00"), "2026-11-25 15:30", [TM])
    as_user(panel_git, SM)
    code, out, err = run(panel_git, "approve", "R-0001", "--as", "service-manager")
    assert code == 0, err
    assert "R-0001 is now ready" in out
    head = panel_git.repo.head.commit
    assert (
        panel_git.git("log", "-1", "--format=%B")
        .strip()
        .endswith("Referral: R-0001\nApproved-by: Lena Novak <lena.novak@council.example>")
    )
    assert head.author.email == SM[1] and len(head.parents) == 1
    assert not panel_git.repo.is_dirty()
    # Approving again is refused.
    code, _, err = run(panel_git, "approve", "R-0001", "--as", "service-manager")
    assert code == 1 and "already approved" in err


def test_approve_refuses_a_role_the_identity_does_not_hold(panel_git: PanelGit) -> None:
    panel_git.merge(panel_git.submit("R-0001", "2026-11-20 10:00"), "2026-11-25 15:30")
    as_user(panel_git, FINANCE)
    before = panel_git.repo.head.commit.hexsha
    code, _, err = run(panel_git, "approve", "R-0001", "--as", "team-manager")
    assert code == 1 and "does not hold the role 'team-manager'" in err
    assert panel_git.repo.head.commit.hexsha == before


def test_approve_refuses_out_of_order_self_and_unknown(panel_git: PanelGit) -> None:
    panel_git.merge(panel_git.submit("R-0001", "2026-11-20 10:00"), "2026-11-25 15:30")
    as_user(panel_git, SM)
    code, _, err = run(panel_git, "approve", "R-0001", "--as", "service-manager")
    assert code == 1 and "awaiting team-manager first" in err
    as_user(panel_git, WORKER)
    code, _, err = run(panel_git, "approve", "R-0001", "--as", "social-worker")
    assert code == 1 and "not in the sign-off chain" in err
    as_user(panel_git, ("Mallory", "mallory@elsewhere.example"))
    code, _, err = run(panel_git, "approve", "R-0001", "--as", "team-manager")
    assert code == 1 and "not one of the people in panel.yml" in err


def test_approve_refuses_a_referral_that_fails_check(panel_git: PanelGit) -> None:
    broken = referral_text(replace={"total: 4680": "total: 9999"})
    panel_git.merge(panel_git.submit("R-0001", "2026-11-20 10:00", broken), "2026-11-25 15:30")
    as_user(panel_git, TM)
    code, _, err = run(panel_git, "approve", "R-0001", "--as", "team-manager")
    assert code == 1 and "fails panel check" in err


def test_approve_refuses_off_main(panel_git: PanelGit) -> None:
    panel_git.merge(panel_git.submit("R-0001", "2026-11-20 10:00"), "2026-11-25 15:30")
    panel_git.branch("elsewhere")
    as_user(panel_git, TM)
    code, _, err = run(panel_git, "approve", "R-0001", "--as", "team-manager")
    assert code == 1 and "git switch main" in err


def test_status_reads_referrals_as_check_does_and_names_unreadable_files(panel_git: PanelGit) -> None:
    withdrawn = referral_text("R-0002").replace(
        "costs:\n", "withdrawn:\n  date: 2026-11-23\n  reason: Moved.\ncosts:\n", 1
    )
    panel_git.write({"submissions/R-0001.md": referral_text(), "submissions/R-0002.md": withdrawn})
    panel_git.write({"submissions/R-0003.md": "---\nid: R-0003\ntype: [not, a, type]\n---\n"})
    code, out, err = run(panel_git, "status", "--format", "json")
    assert code == 0 and "submissions/R-0003.md: cannot be read as a referral; run: panel check" in err
    shown = {row["referral"] for row in json.loads(out)}
    assert shown == {"R-0001"}  # R-0002 is withdrawn: closed
    # The same again from the check cache.
    assert run(panel_git, "status", "--format", "json") == (code, out, err)


def test_status_reads_the_history_while_worker_processes_read_the_referrals(
    panel_git: PanelGit, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The history is read once, in this process, while the worker processes read the referrals (forked before it
    starts); the rows are those of a run in one process, cold or from the check cache."""
    import multiprocessing

    from generator.commands import history, repository, status

    for n in (1, 2, 3):
        panel_git.merge(panel_git.submit(f"R-000{n}", f"2026-11-2{n} 10:00"), f"2026-11-2{n} 15:30", [TM, SM])
    expected = run(panel_git, "status", "--format", "json")
    assert expected[0] == 0 and json.loads(expected[1])
    workers_alive: list[int] = []

    def read_history(*args: object, **kwargs: object) -> object:
        workers_alive.append(len(multiprocessing.active_children()))
        return history.read_history(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(status, "read_history", read_history)
    monkeypatch.setattr(repository, "PARALLEL_FROM", 2)
    shutil.rmtree(panel_git.root / "build" / "check-cache")
    assert run(panel_git, "status", "--format", "json") == expected  # cold: worker processes read
    assert len(workers_alive) == 1 and workers_alive[0] > 0
    assert run(panel_git, "status", "--format", "json") == expected  # from the cache: no worker needed
    assert len(workers_alive) == 2


def test_approve_by_another_spelling_of_an_address_counts_and_self_approval_is_refused(panel_git: PanelGit) -> None:
    # Tom wrote a commit of the referral on the branch; his +tag spelling cannot approve it.
    branch = panel_git.submit("R-0001", "2026-11-20 10:00")
    panel_git.checkout(branch)
    panel_git.commit(
        {"submissions/R-0001.md": referral_text(replace={"weeks: 26": "weeks: 26 "})},
        "Tidy",
        "2026-11-21 10:00",
        author=TM,
    )
    panel_git.merge(branch, "2026-11-25 15:30")
    as_user(panel_git, ("Tom Reyes", "TOM.Reyes+approvals@council.example"))
    code, _, err = run(panel_git, "approve", "R-0001", "--as", "team-manager")
    assert code == 1 and "you wrote or changed R-0001" in err
    # Hannah approves under a +tag spelling: the approval commit is hers and counts.
    as_user(panel_git, ("Hannah Cole", "Hannah.Cole+panel@council.example"))
    code, out, err = run(panel_git, "approve", "R-0001", "--as", "team-manager")
    assert code == 0, err
    code, out, _ = run(panel_git, "status", "--format", "json")
    assert json.loads(out)[0]["approvals"][0]["email"] == "hannah.cole@council.example"


def test_approve_checks_the_identity_git_will_record(panel_git: PanelGit, monkeypatch: pytest.MonkeyPatch) -> None:
    """GIT_AUTHOR_EMAIL outranks user.email in git: the person checked is the person the commit names."""
    panel_git.merge(panel_git.submit("R-0001", "2026-11-20 10:00"), "2026-11-25 15:30", [TM])
    as_user(panel_git, SM)
    monkeypatch.setenv("GIT_AUTHOR_EMAIL", "someone.else@council.example")
    before = panel_git.repo.head.commit.hexsha
    code, _, err = run(panel_git, "approve", "R-0001", "--as", "service-manager")
    assert code == 1 and "your git email someone.else@council.example is not one of the people" in err
    assert panel_git.repo.head.commit.hexsha == before
