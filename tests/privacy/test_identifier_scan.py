"""`panel check` finds direct identifiers outside the fields meant for them (issue 15, item 1)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.domain.identifiers import IdentifierRules, nhs_number_valid
from panelfixtures import REPO
from panelfixtures.documents import paper_pdf
from panelfixtures.gitrun import git
from panelfixtures.referrals import referral_text
from tests.conftest import FIXTURES
from tests.records_helpers import make_panel

CORPUS = FIXTURES / "identifiers"
CHILDREN = ("Maisie Thornbury", "Alfie Thornbury", "Jayden Okafor")
PANEL_EMAILS = ("priya.shah@council.example", "sam.okoro@council.example", "dana.whitfield@council.example")
# CI tells the branch's name in these; the tests set the branch themselves.
NO_CI = {"CI_MERGE_REQUEST_SOURCE_BRANCH_NAME": None, "GITHUB_HEAD_REF": None, "CI_COMMIT_BRANCH": None}


def corpus(name: str) -> list[tuple[str, int, str]]:
    """(file:line id, line number, text) of each line of a corpus file, comments left out."""
    lines = (CORPUS / name).read_text(encoding="utf-8").splitlines()
    return [(f"{name}:{n}", n, text) for n, text in enumerate(lines, start=1) if text and not text.startswith("#")]


POSITIVE = corpus("positive.txt")
NEGATIVE = corpus("negative.txt")
RULES = IdentifierRules(PANEL_EMAILS, CHILDREN)


def test_the_corpus_is_large_enough() -> None:
    assert len(POSITIVE) >= 50 and len(NEGATIVE) >= 50
    codes = {text.split("\t")[0] for _, _, text in POSITIVE}
    assert codes == {f"identifier-{c}" for c in ("nhs-number", "ni-number", "phone", "email", "postcode", "child-name")}


@pytest.mark.parametrize(("where", "number", "line"), POSITIVE, ids=[p[0] for p in POSITIVE])
def test_each_positive_line_is_found(where: str, number: int, line: str) -> None:
    code, text = line.split("\t")
    found = [f.code for f in RULES.find_in_message_line(text)]
    assert found == [code], f"{where}: expected {code}, found {found or 'nothing'} in {text!r}"


@pytest.mark.parametrize(("where", "number", "line"), NEGATIVE, ids=[n[0] for n in NEGATIVE])
def test_each_negative_line_is_clean(where: str, number: int, line: str) -> None:
    found = [(f.code, f.column) for f in RULES.find_in_message_line(line)]
    assert found == [], f"{where}: false positive {found} in {line!r}"


def test_nhs_check_digit() -> None:
    assert nhs_number_valid("9434765919")
    assert not nhs_number_valid("9434765918")
    assert not nhs_number_valid("1111111111")  # all one digit: never issued
    assert not nhs_number_valid("943476591")


def test_found_identifiers_are_masked_in_the_report() -> None:
    (found,) = RULES.find("Call 07911 123456 now")
    assert found.shown == "07••• ••••••" and found.column == 6


def panel(root: Path, *args: str, code: int = 0) -> str:
    result = CliRunner().invoke(main, [*args, "--root", str(root)], env={"PANEL_NOW": "2026-11-22T10:00", **NO_CI})
    assert result.exit_code == code, result.output
    return result.output


def identifiers(output: str) -> list[tuple[str, int, str, str]]:
    """(path, line, code, severity) of each identifier diagnostic in `panel check --format json` output."""
    return [
        (d["path"], d["line"], d["code"], d["severity"])
        for d in json.loads(output)["diagnostics"]
        if d["code"].startswith("identifier-")
    ]


def with_body_lines(lines: list[str]) -> tuple[str, int]:
    """The base referral with `lines` added to its first section, and the file line of the first."""
    text = referral_text()
    heading = "## Main issues\n\n"
    assert heading in text
    before, after = text.split(heading, 1)
    first = (before + heading).count("\n") + 1
    return before + heading + "\n".join(lines) + "\n\n" + after, first


def test_check_warns_at_each_line_of_free_text_and_fails_when_strict(panel_root: Path) -> None:
    texts = [(where, line.split("\t")) for where, _, line in POSITIVE]
    body = [(where, code, text) for where, (code, text) in texts if code != "identifier-child-name"]
    referral, first = with_body_lines([text for _, _, text in body])
    (panel_root / "submissions" / "R-0001.md").write_text(referral, encoding="utf-8")

    out = panel(panel_root, "check", "--format", "json")
    found = {(line, code) for path, line, code, severity in identifiers(out) if severity == "warning"}
    for offset, (where, code, _) in enumerate(body):
        assert (first + offset, code) in found, f"{where} not reported at submissions/R-0001.md:{first + offset}"
    assert len(identifiers(out)) == len(body)

    text = panel(panel_root, "check", "--strict", code=1)
    assert f"submissions/R-0001.md:{first}:" in text and "warning[identifier-nhs-number]" in text
    assert "943 476 5919" not in text and "94• •••" in text  # the report does not spread it
    assert "refer to the child by the case id" in text


def test_panel_yml_can_make_them_errors(panel_root: Path) -> None:
    config = panel_root / "panel.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("panel:\n", "panel:\n  identifier_scan: error\n", 1), encoding="utf-8")
    referral, first = with_body_lines(["Mother's mobile is 07911 123456."])
    (panel_root / "submissions" / "R-0001.md").write_text(referral, encoding="utf-8")
    out = panel(panel_root, "check", code=1)
    assert f"submissions/R-0001.md:{first}:20: error[identifier-phone]" in out


def test_no_false_positives_on_the_negative_corpus_or_identifier_fields(panel_root: Path) -> None:
    referral, _ = with_body_lines([line for _, _, line in NEGATIVE])
    # The worker's address is in the field meant for it, even though panel.yml does not list it.
    referral = referral.replace("email: priya.shah@council.example", "email: p.shah.temp@council.example", 1)
    (panel_root / "submissions" / "R-0001.md").write_text(referral, encoding="utf-8")
    assert identifiers(panel(panel_root, "check", "--format", "json")) == []


def test_the_projects_examples_are_clean() -> None:
    out = CliRunner().invoke(
        main,
        ["check", "--root", str(REPO), "--format", "json", "--against", "none"],
        env={"PANEL_NOW": "2026-12-07T10:00", **NO_CI},
    )
    assert identifiers(out.output) == [], out.output


def test_meeting_minutes_and_decisions_are_scanned(tmp_path: Path) -> None:
    root = make_panel(tmp_path / "panel", ("R-0001",), decided=True, final=False)
    minutes = root / "meetings/2026-12-03/meeting.md"
    minutes.write_text(minutes.read_text(encoding="utf-8") + "- Mother can be reached on 020 7946 0958.\n")
    decision = root / "meetings/2026-12-03/decisions/R-0001.md"
    decision.write_text(decision.read_text(encoding="utf-8").replace("greatest risk.", "risk at DA5 1AB.", 1))
    found = identifiers(panel(root, "check", "--format", "json", "--against", "none"))
    line = minutes.read_text(encoding="utf-8").splitlines().index("- Mother can be reached on 020 7946 0958.") + 1
    assert ("meetings/2026-12-03/meeting.md", line, "identifier-phone", "warning") in found
    assert any(p == "meetings/2026-12-03/decisions/R-0001.md" and c == "identifier-postcode" for p, _, c, _ in found)


def test_decision_makers_and_outside_decisions_are_scanned(tmp_path: Path) -> None:
    """The decision maker's file and a decision outside a meeting are records too, scanned (and cached) like the rest."""
    root = make_panel(tmp_path / "panel", ("R-0001",), decided=True, final=False)
    maker = root / "meetings/2026-12-03/decision-maker/R-0001.md"
    outside = root / "meetings/outside/2026-11-21-R-0001.md"
    for path, line in ((maker, "Agreed; mother on 020 7946 0958."), (outside, "Placed at DA5 1AB tonight.")):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"---\nreferral: R-0001\n---\n\n{line}\n", encoding="utf-8")
    env = {"PANEL_NOW": "2026-11-22T10:00", **NO_CI}
    for _ in range(2):  # the second run reads the scan from the check cache
        result = CliRunner().invoke(
            main, ["check", "--root", str(root), "--format", "json", "--against", "none"], env=env
        )
        found = identifiers(result.output)
        assert ("meetings/2026-12-03/decision-maker/R-0001.md", 5, "identifier-phone", "warning") in found, (
            result.output
        )
        assert ("meetings/outside/2026-11-21-R-0001.md", 5, "identifier-postcode", "warning") in found


def test_commit_messages_branch_and_file_names_on_a_merge_request(tmp_path: Path) -> None:
    root = make_panel(tmp_path / "panel", ("R-0001",), decided=False)
    git(root, "checkout", "-q", "-b", "referral/maisie-thornbury")
    (root / "meetings/2026-12-03/Alfie Thornbury school report.pdf").write_bytes(paper_pdf())
    git(root, "add", "-A")
    git(
        root,
        "commit",
        "-q",
        "-m",
        "Report for Alfie Thornbury\n\nGP: 020 7946 0958\nCo-authored-by: Jo Dev <jo@dev.example>",
    )
    sha = git(root, "rev-parse", "HEAD").strip()[:10]
    for args in (("--base", "main"), ()):  # --base in CI; the target branch (main) by default
        found = identifiers(panel(root, "check", "--format", "json", *args))
        assert ("branch referral/maisie-thornbury", 1, "identifier-child-name", "warning") in found
        assert (f"commit {sha}", 1, "identifier-child-name", "warning") in found
        assert (f"commit {sha}", 3, "identifier-phone", "warning") in found
        path = "meetings/2026-12-03/Alfie Thornbury school report.pdf"
        assert (path, 1, "identifier-child-name", "warning") in found
        # A trailer naming a co-author is not a subject's address.
        assert not any(p == f"commit {sha}" and c == "identifier-email" for p, _, c, _ in found)

    git(root, "checkout", "-q", "main")
    git(root, "checkout", "-q", "-b", "referral/R-0002")
    for _, _, line in NEGATIVE:
        git(root, "commit", "-q", "--allow-empty", "-m", line)
    assert identifiers(panel(root, "check", "--format", "json", "--base", "main")) == []
    # In CI the branch's name comes from the forge, when HEAD is a bare commit.
    result = CliRunner().invoke(
        main,
        ["check", "--root", str(root), "--format", "json", "--base", "main"],
        env={"PANEL_NOW": "2026-11-22T10:00", **NO_CI, "GITHUB_HEAD_REF": "alfie-thornbury-placement"},
    )
    assert ("branch alfie-thornbury-placement", 1, "identifier-child-name", "warning") in identifiers(result.output)
