"""`panel notify`: decision notices as PDF and email, sent once each, through a real SMTP server on localhost."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from aiosmtpd.smtp import AuthResult, LoginPassword
from click.testing import CliRunner
from pypdf import PdfReader

from generator.cli import main
from tests.notices.notice_helpers import NOTICES, Mailbox, panel, smtp_server, smtp_settings
from tests.records_helpers import DECISION, record_decisions, write

NOW = "2026-12-04T09:00"
LOG = "meetings/2026-12-03/notices.yml"
EVERYONE = {"priya.shah@council.example", "tom.reyes@council.example", "lena.novak@council.example"}


def run(root: Path, *args: str, code: int = 0, env: dict[str, str] | None = None) -> str:
    result = CliRunner().invoke(main, [*args, "--root", str(root)], env={"PANEL_NOW": NOW, **(env or {})})
    assert result.exit_code == code, result.output
    return result.output


def logged(root: Path) -> list[tuple[str, str]]:
    """(referral, address) of each message notices.yml records, read as panel check reads it."""
    from generator.commands.records import read_notice_log

    sent, problems = read_notice_log(root, root / "meetings" / "2026-12-03")
    assert not problems
    return [(s.referral, s.to) for s in sent]


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.mark.slow
def test_without_a_server_each_notice_is_an_eml_file_recorded_once(tmp_path: Path) -> None:
    root = panel(tmp_path / "panel")
    output = run(root, "notify", "2026-12-03")
    assert "6 notice(s) written" in output and "[6/6] R-0002 to Lena Novak" in output
    outbox = root / "build" / "notices" / "2026-12-03"
    emls = sorted(p.name for p in outbox.glob("*.eml"))
    assert len(emls) == 6 and "R-0001-tom-reyes-council-example.eml" in emls
    assert {to for _, to in logged(root)} == EVERYONE and len(logged(root)) == 6
    pdf = (outbox / "R-0001-decision-notice.pdf").read_bytes()
    text = pdf_text(pdf)
    assert text.count("OFFICIAL-SENSITIVE") >= 2  # header and footer of the page
    for words in ("Decision notice: R-0001", "Resource approved", "Refer to autism outreach", "Evenings are the time"):
        assert words in text
    assert b"/StructTreeRoot" in pdf and b"/MarkInfo" in pdf  # tagged
    eml = (outbox / "R-0001-priya-shah-council-example.eml").read_bytes()
    assert b"Subject: OFFICIAL-SENSITIVE: Decision notice: R-0001" in eml and b"application/pdf" in eml
    # The record is a file the checker reads; a second run writes nothing.
    run(root, "check")
    again = run(root, "notify", "2026-12-03")
    assert "0 notice(s) written, 6 already sent before" in again
    assert len(logged(root)) == 6


@pytest.mark.slow
def test_sent_through_a_real_smtp_server_and_never_twice(tmp_path: Path) -> None:
    box = Mailbox()
    with smtp_server(box) as port:
        root = panel(tmp_path / "panel", extra=smtp_settings(port))
        output = run(root, "notify", "2026-12-03")
        assert "6 notice(s) sent" in output and "connecting to 127.0.0.1" in output
        assert sorted(box.recipients) == sorted([*EVERYONE, *EVERYONE])
        _, message = box.messages[0]
        assert message["From"] == "Resource and Care Panel <rcp@council.example>"
        parts = [p.get_content_type() for p in message.walk()]
        assert "application/pdf" in parts and "text/plain" in parts
        assert "0 notice(s) sent, 6 already sent before" in run(root, "notify", "2026-12-03")
        assert len(box.messages) == 6
    assert not list((root / "build" / "notices" / "2026-12-03").glob("*.eml"))


@pytest.mark.slow
def test_a_refused_recipient_is_not_recorded_and_a_rerun_sends_only_to_them(tmp_path: Path) -> None:
    box = Mailbox(refuse={"tom.reyes@council.example"})
    with smtp_server(box) as port:
        root = panel(tmp_path / "panel", extra=smtp_settings(port))
        output = run(root, "notify", "2026-12-03", code=1)
        assert "REFUSED" in output and "not sent to tom.reyes@council.example" in output
        assert "550 5.1.1 No such mailbox here" in output
        assert "tom.reyes@council.example" not in {to for _, to in logged(root)}
        assert len(logged(root)) == 4 and len(box.messages) == 4
        box.refuse.clear()
        assert "2 notice(s) sent, 4 already sent before" in run(root, "notify", "2026-12-03")
    assert sorted(box.recipients) == sorted([*EVERYONE, *EVERYONE])
    assert len(set(logged(root))) == 6


@pytest.mark.slow
def test_a_connection_dropped_mid_send_records_only_what_was_taken(tmp_path: Path) -> None:
    box = Mailbox(drop_at=2)
    with smtp_server(box) as port:
        root = panel(tmp_path / "panel", extra=smtp_settings(port))
        output = run(root, "notify", "2026-12-03", code=1)
        assert "was lost while sending" in output and "run panel notify again" in output
        assert logged(root) == [("R-0001", "priya.shah@council.example"), ("R-0001", "tom.reyes@council.example")]
        box.drop_at = None
        assert "4 notice(s) sent, 2 already sent before" in run(root, "notify", "2026-12-03")
    assert sorted(box.recipients) == sorted([*EVERYONE, *EVERYONE])
    assert len(logged(root)) == len(set(logged(root))) == 6


@pytest.mark.slow
def test_nothing_goes_outside_the_allowed_domains(tmp_path: Path) -> None:
    outside = NOTICES.replace("allowed_domains: [council.example]", "allowed_domains: [elsewhere.example]")
    root = panel(tmp_path / "panel", ("R-0001",), extra=outside)
    output = run(root, "notify", "2026-12-03", code=1)
    assert "outside the domains notices may go to (elsewhere.example)" in output
    assert not (root / LOG).exists()
    assert not list((root / "build" / "notices").glob("**/*.eml"))


def test_starttls_required_but_not_offered_sends_nothing(tmp_path: Path) -> None:
    box = Mailbox()
    with smtp_server(box) as port:
        settings = smtp_settings(port).replace("starttls: false", "starttls: true")
        root = panel(tmp_path / "panel", ("R-0001",), extra=settings)
        output = run(root, "notify", "2026-12-03", code=2)
    assert "does not offer STARTTLS; nothing was sent unencrypted" in output
    assert not box.messages and not (root / LOG).exists()


def _accept_only(user: str, password: str):
    def check(server, session, envelope, mechanism, auth_data):
        if not isinstance(auth_data, LoginPassword):
            return AuthResult(success=False, handled=False)
        given = [v.decode() if isinstance(v, bytes) else v for v in (auth_data.login, auth_data.password)]
        return AuthResult(success=given == [user, password], handled=False)  # handled=False: the server replies 535

    return check


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_credentials_come_from_the_environment_variables_named(tmp_path: Path) -> None:
    box = Mailbox()
    options = {"authenticator": _accept_only("panel", "s3cret"), "auth_required": True, "auth_require_tls": False}
    with smtp_server(box, **options) as port:
        settings = smtp_settings(port, username_env="PANEL_SMTP_USER", password_env="PANEL_SMTP_PASSWORD")
        root = panel(tmp_path / "panel", ("R-0001",), extra=settings)
        missing = run(root, "notify", "2026-12-03", code=2)
        assert "PANEL_SMTP_USER, PANEL_SMTP_PASSWORD" in missing and "never put credentials" in missing
        wrong = run(root, "notify", "2026-12-03", code=2, env={"PANEL_SMTP_USER": "panel", "PANEL_SMTP_PASSWORD": "no"})
        assert "refused the sign-in" in wrong
        right = run(root, "notify", "2026-12-03", env={"PANEL_SMTP_USER": "panel", "PANEL_SMTP_PASSWORD": "s3cret"})
        assert "3 notice(s) sent" in right
    assert len(box.messages) == 3


def test_a_decision_not_yet_final_gets_no_notice(tmp_path: Path) -> None:
    root = panel(tmp_path / "panel", ("R-0001",), final=False)
    output = run(root, "notify", "2026-12-03")
    assert "note: R-0001: not final (awaiting the approval of Dana Whitfield" in output
    assert "0 notice(s) written" in output and not (root / LOG).exists()
    assert "no folder meetings/2026-12-10/" in run(root, "notify", "2026-12-10", code=2)


def test_without_notices_settings_it_says_what_to_add(tmp_path: Path) -> None:
    root = panel(tmp_path / "panel", ("R-0001",), extra="")
    output = run(root, "notify", "2026-12-03", code=2)
    assert "panel.yml has no notices: section" in output and "allowed_domains" in output


@pytest.mark.slow
def test_the_council_replaces_the_notice_templates_and_values_stay_text(tmp_path: Path) -> None:
    root = panel(tmp_path / "panel", ("R-0001",))
    decision = root / "meetings/2026-12-03/decisions/R-0001.md"
    hostile = "rationale: '#set page(fill: red) $x$ <b>bold</b> [link](http://x.example) ]'"
    text = decision.read_text().replace("rationale: Evenings are the time of greatest risk.", hostile)
    decision.write_text(text)
    record_decisions(root, "2026-12-03", when="2026-12-03T19:00:00+00:00")
    write(
        root,
        "templates/notice/notice.md.j2",
        "# Our own notice for {{ decision.referral | text }}\n\n{{ decision.rationale | block }}\n",
    )
    write(root, "templates/notice/email.txt.j2", "Council wording: {{ outcome | line }}\n")
    run(root, "notify", "2026-12-03")
    outbox = root / "build" / "notices" / "2026-12-03"
    text = pdf_text((outbox / "R-0001-decision-notice.pdf").read_bytes())
    assert "Our own notice for R-0001" in text
    assert "#set page(fill: red) $x$ <b>bold</b>" in " ".join(text.split())
    eml = (outbox / "R-0001-priya-shah-council-example.eml").read_text()
    assert "Council wording: Resource approved" in eml


@pytest.mark.slow
def test_a_decision_changed_after_its_notice_gets_an_amended_notice_once(tmp_path: Path) -> None:
    box = Mailbox()
    with smtp_server(box) as port:
        root = panel(tmp_path / "panel", extra=smtp_settings(port))
        assert "6 notice(s) sent" in run(root, "notify", "2026-12-03")
        first = {to: at for _, to, at in _log_times(root)}
        # The chair changes R-0001's decision the next day: a condition added, a review date set.
        changed = DECISION.format(referral="R-0001").replace(
            "review_every_weeks: 12\n",
            "review_date: 2027-01-14\nconditions:\n  - Reviewed if school attendance falls below 80%.\n",
        )
        write(root, "meetings/2026-12-03/decisions/R-0001.md", changed)
        record_decisions(root, "2026-12-03", when="2026-12-04T12:00:00+00:00")
        output = run(root, "notify", "2026-12-03", env={"PANEL_NOW": "2026-12-04T15:00"})
        assert "3 notice(s) sent (3 amended: the decision changed after its notice), 3 already sent before" in output
        assert "R-0001 (amended notice) to Priya Shah" in output and "R-0002" not in output.split("sent (")[0]
        amended = box.messages[6:]
        assert sorted(to for recipients, _ in amended for to in recipients) == sorted(EVERYONE)
        _, message = amended[0]
        assert "OFFICIAL-SENSITIVE: Amended decision notice: R-0001" in " ".join(message["Subject"].split())
        plain = next(p for p in message.walk() if p.get_content_type() == "text/plain")
        payload = plain.get_payload(decode=True)
        assert isinstance(payload, bytes)
        body = " ".join(payload.decode("utf-8").split())
        assert "supersedes that one" in body and "What changed: conditions, review date." in body
        assert "Friday 4 December 2026 at 09:00" in body  # when the notice it supersedes was sent
        attachment = next(p for p in message.walk() if p.get_content_type() == "application/pdf")
        assert attachment.get_filename() == "R-0001-amended-decision-notice.pdf"
        pdf = attachment.get_payload(decode=True)
        assert isinstance(pdf, bytes)
        text = " ".join(pdf_text(pdf).split())
        assert "Amended decision notice: R-0001" in text and "What changed: conditions, review date." in text
        assert "school attendance falls below 80%" in text and "14 January 2027" in text
        # The record keeps both: the first notice and the amended one, which names when the first went.
        entries = _log_times(root)
        assert len(entries) == 9
        for referral, _to, at in entries[6:]:
            assert referral == "R-0001" and at == "2026-12-04T15:00:00+00:00"
        assert [a for _, _, a in _amends(root)] == [first[to] for _, to, _ in entries[6:]]
        run(root, "check")
        # Once is enough: nothing changed since, so a third run sends nothing.
        assert "0 notice(s) sent, 6 already sent before" in run(root, "notify", "2026-12-03")
        assert len(box.messages) == 9


def _log_times(root: Path) -> list[tuple[str, str, str]]:
    from generator.commands.records import read_notice_log

    sent, problems = read_notice_log(root, root / "meetings" / "2026-12-03")
    assert not problems
    return [(s.referral, s.to, s.at.isoformat()) for s in sent]


def _amends(root: Path) -> list[tuple[str, str, str]]:
    from generator.commands.records import read_notice_log

    sent, _ = read_notice_log(root, root / "meetings" / "2026-12-03")
    return [(s.referral, s.to, s.amends.isoformat()) for s in sent if s.amends is not None]
