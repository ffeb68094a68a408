"""The browser editor for real: Decap CMS (as vendored) in Debian's Chromium against decap-server (pinned, in
tests/vendor/decap-server) on a real git repository, with the editorial workflow: a draft is a branch."""

from __future__ import annotations

import functools
import http.server
import json
import os
import re
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from click.testing import CliRunner

from generator.cli import main
from panelfixtures import REPO
from panelfixtures.browser import CHROMIUM, chromium
from panelfixtures.gitrun import git
from tests.records_helpers import CHAIR_TRAILER, DECISION, MEETING, make_panel, record_decisions, write
from tests.site.test_site_browser import TAGS, serious_violations

NPM_FOLDER = Path("tests", "vendor", "decap-server")
SERVER = REPO / NPM_FOLDER / "node_modules" / "decap-server" / "dist"
NOW = "2026-12-04T10:00"
NEXT_MEETING = "2026-12-10"
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not (Path(CHROMIUM).exists() and (SERVER / "index.js").exists() and shutil.which("node"))
        and not os.environ.get("CI"),
        reason="needs chromium, node and decap-server (npm ci in tests/vendor/decap-server; .ci/run does it)",
    ),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """No request log."""


@pytest.fixture(scope="module")
def editor(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """A panel repository served by decap-server, and the admin page `panel cms` wrote, served over HTTP."""
    if not (SERVER / "index.js").is_file():  # with CI set the module is not skipped: say so at once, not by timeouts
        pytest.fail(f"decap-server is not installed ({SERVER / 'index.js'} is missing): run npm ci in {NPM_FOLDER}")
    base = tmp_path_factory.mktemp("cms")
    # R-0001 and R-0002 were on the agenda of 3 December; only R-0001's decision is recorded.
    root = make_panel(base / "panel", ("R-0001", "R-0002"), decided=False)
    write(root, "meetings/2026-12-03/meeting.md", MEETING)
    write(root, "meetings/2026-12-03/decisions/R-0001.md", DECISION.format(referral="R-0001"))
    record_decisions(root, "2026-12-03")
    git(root, "config", "user.name", "Priya Shah")
    git(root, "config", "user.email", "priya.shah@council.example")
    backend_port = _free_port()
    backend = f"http://127.0.0.1:{backend_port}/api/v1"
    site = base / "served"
    result = CliRunner().invoke(
        main,
        ["cms", "--root", str(root), "--output", str(site / "admin"), "--local-backend", backend],
        env={"PANEL_NOW": NOW},
    )
    assert result.exit_code == 0, result.output
    env = {
        **os.environ,
        "MODE": "git",
        "GIT_REPO_DIRECTORY": str(root),
        "PORT": str(backend_port),
        "BIND_HOST": "127.0.0.1",
        "LOG_LEVEL": "warn",
    }
    log = (base / "decap-server.log").open("w")
    server = subprocess.Popen(["node", str(SERVER / "index.js")], env=env, stdout=log, stderr=subprocess.STDOUT)
    handler = functools.partial(_Quiet, directory=str(site))
    http_server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=http_server.serve_forever, daemon=True).start()
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", backend_port), timeout=1).close()
                break
            except OSError:
                if server.poll() is not None:  # it stopped: every test would only time out waiting for it
                    log.flush()
                    log_text = (base / "decap-server.log").read_text(encoding="utf-8", errors="replace")
                    pytest.fail(
                        f"decap-server exited with {server.returncode} (run npm ci in {NPM_FOLDER}?):\n{log_text}"
                    )
                time.sleep(0.2)
        else:
            pytest.fail(f"decap-server did not listen on port {backend_port} within 60 s")
        yield {
            "root": root,
            "url": f"http://127.0.0.1:{http_server.server_address[1]}/admin/index.html",
            "backend": backend,
        }
    finally:
        http_server.shutdown()
        http_server.server_close()
        server.terminate()
        server.wait(10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    # "A local backup was recovered for this entry, use it?": no, each test starts its form afresh.
    with chromium(logs=("browser", "performance"), on_every_page="window.confirm = () => false;") as driver:
        yield driver


def _requested(browser: Any) -> set[str]:
    """Every URL the page asked for since the last call (the performance log of the DevTools protocol)."""
    urls = set()
    for entry in browser.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.add(message["params"]["request"]["url"])
    return urls


def _wait(browser: Any, condition: Any, seconds: float = 30) -> Any:
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(browser, seconds).until(condition)


def _open_new_referral(browser: Any, url: str, collection: str) -> None:
    _open(browser, url, f"collections/{collection}/new")


def _open(browser: Any, url: str, route: str) -> None:
    """Sign in to the editor (the local backend needs no password) and open one of its pages."""
    from selenium.webdriver.common.by import By

    browser.get(url)
    _wait(
        browser,
        lambda d: d.find_elements(By.XPATH, "//button[normalize-space()='Login']") or "/collections" in d.current_url,
    )
    for login in browser.find_elements(By.XPATH, "//button[normalize-space()='Login']"):
        login.click()  # the first time only: the session is kept in the browser's storage
    _wait(browser, lambda d: "/collections" in d.current_url or "/workflow" in d.current_url)
    browser.get("about:blank")  # leave any form: Decap asks before leaving unsaved changes
    browser.get(f"{url}#/{route}")
    _wait(browser, lambda d: d.find_elements(By.XPATH, "//button[normalize-space()='Save']"))


SET_VALUE = """
const [el, value] = arguments;
const proto = el.tagName === 'TEXTAREA' ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
Object.getOwnPropertyDescriptor(proto, 'value').set.call(el, value);
el.dispatchEvent(new Event('input', {bubbles: true}));
el.dispatchEvent(new Event('change', {bubbles: true}));
"""


def _input(browser: Any, field: str, nth: int = 0) -> Any:
    from selenium.webdriver.common.by import By

    labels = browser.find_elements(By.CSS_SELECTOR, f"label[for^='{field}-field-']")
    return browser.find_element(By.ID, labels[nth].get_attribute("for"))


def _type(browser: Any, field: str, value: str, nth: int = 0) -> None:
    element = _input(browser, field, nth)
    if element.get_attribute("type") == "date":
        browser.execute_script(SET_VALUE, element, value)
    else:
        element.send_keys(value)


def _choose(browser: Any, field: str, option: str, nth: int = 0) -> None:
    from selenium.webdriver.common.keys import Keys

    element = _input(browser, field, nth)
    element.send_keys(option)
    element.send_keys(Keys.ENTER)


def _add(browser: Any, what: str) -> None:
    from selenium.webdriver.common.by import By

    browser.find_element(By.XPATH, f"//button[normalize-space()='Add {what}']").click()


def _body(root: Path) -> str:
    """Text under every section heading a referral needs (from panel.yml, as the form's default has them)."""
    from generator.commands.config import load_config

    config = load_config(root)
    return "".join(f"## {s.name}\nTyped here.\n" for s in config.sections_for("s17-support"))


def _fill_referral(browser: Any, body: str) -> None:
    """Every field a referral of type s17-support needs, as a practitioner would give them."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    _type(browser, "title", "After-school support for two brothers")
    _type(browser, "name", "Priya Shah")
    _choose(browser, "team", "Children in Need East")
    _type(browser, "email", "priya.shah@council.example")
    _add(browser, "children")
    _type(browser, "name", "Jayden Cole", 1)
    _type(browser, "case_id", "LCS-300001")
    _type(browser, "date_of_birth", "2016-05-04")
    _type(browser, "ethnicity", "White British")
    _type(browser, "disability", "none known")
    _choose(browser, "legal_status", "Child in Need")
    _add(browser, "family")
    _type(browser, "name", "Leanne Cole", 2)
    _type(browser, "relationship", "mother")
    _add(browser, "network")
    _type(browser, "name", "Maureen Cole", 3)
    _type(browser, "role", "grandmother")
    _add(browser, "scaling")
    _type(browser, "person", "Priya Shah")
    _type(browser, "role", "social worker", 1)
    _type(browser, "score", "4")
    _type(browser, "reason", "Support from the grandmother is reliable but after-school hours are unsafe", 1)
    _type(browser, "submitted", "2026-11-23")
    _input(browser, "held").click()
    _type(browser, "date", "2026-11-20")
    _input(browser, "in_place").click()
    _type(browser, "weekly", "180")
    _type(browser, "weeks", "26")
    _type(browser, "total", "4680")
    _type(browser, "start", "2026-12-14")
    box = browser.find_element(By.CSS_SELECTOR, "[data-slate-editor]")
    assert "Main issues" in box.text and "<!-- Only the key events" in box.text  # headings and guidance
    box.click()
    box.send_keys(Keys.CONTROL, "a")
    box.send_keys(Keys.DELETE)
    for line in body.splitlines():
        box.send_keys(line)
        box.send_keys(Keys.ENTER)


def _save(browser: Any) -> None:
    from selenium.webdriver.common.by import By

    browser.find_element(By.XPATH, "//button[normalize-space()='Save']").click()


def _saved_draft(browser: Any, root: Path, before: set[str]) -> str:
    """Save the form; the one new draft branch, once decap-server has committed on it and checked main out again."""
    _save(browser)
    _wait(browser, lambda d: [b for b in set(_drafts(root)) - before if git(root, "rev-list", f"main..{b}")])
    _wait(browser, lambda d: git(root, "branch", "--show-current").strip() == "main")
    (branch,) = set(_drafts(root)) - before
    return branch


def _clone_on(root: Path, branch: str, clone: Path, local: str) -> Path:
    """A clone of the editor's repository on a local branch `local` holding the draft (as a merge request has it)."""
    git(clone.parent, "clone", "-q", str(root), str(clone))
    git(clone, "checkout", "-q", "-b", local, f"origin/{branch}")
    return clone


def _drafts(root: Path) -> list[str]:
    return [b.strip(" *") for b in git(root, "branch", "--list", "cms/*").splitlines()]


def _panel(root: Path, *args: str) -> Any:
    return CliRunner().invoke(main, [*args, "--root", str(root)], env={"PANEL_NOW": NOW})


def test_a_referral_started_in_the_browser_is_a_draft_branch_that_passes_the_check(
    browser: Any, editor: dict[str, Any], tmp_path: Path
) -> None:
    from selenium.webdriver.common.by import By

    root = editor["root"]
    _open_new_referral(browser, editor["url"], "referral-s17-support")
    meeting = _input(browser, "meeting")
    assert meeting.get_attribute("value") == NEXT_MEETING  # the next meeting whose deadline can be met
    _fill_referral(browser, _body(root))
    before = set(_drafts(root))
    branch = _saved_draft(browser, root, before)
    collection, referral_id = branch.removeprefix("cms/").split("/")
    assert collection == "referral-s17-support"
    assert re.fullmatch(r"r-20[0-9]{6}-[a-z0-9]{6}", referral_id)
    assert referral_id not in git(root, "ls-tree", "-r", "--name-only", "main")  # main is untouched
    draft = tmp_path / "draft"
    git(root, "worktree", "add", "-q", "--detach", str(draft), branch)
    text = (draft / "submissions" / f"{referral_id}.md").read_text(encoding="utf-8")
    assert f"id: {referral_id}\n" in text and "meeting: 2026-12-10" in text and "## Main issues" in text
    checked = _panel(draft, "check", "--against", "main")
    assert checked.exit_code == 0, checked.output
    status = _panel(draft, "status", "--format", "json")
    assert status.exit_code == 0, status.output
    mine = [r for r in json.loads(status.output) if r["referral"] == referral_id]
    assert mine and mine[0]["state"] == "draft", status.output
    assert browser.find_elements(By.XPATH, "//*[contains(., 'Entry saved') or contains(., 'saved')]")


def test_a_required_field_left_empty_is_refused_by_the_form(browser: Any, editor: dict[str, Any]) -> None:
    from selenium.webdriver.common.by import By

    root = editor["root"]
    before = _drafts(root)
    _open_new_referral(browser, editor["url"], "referral-placement")
    _type(browser, "title", "Nothing else given")
    _save(browser)
    _wait(browser, lambda d: d.find_elements(By.XPATH, "//*[contains(text(), 'missed a required field')]"))
    assert browser.find_elements(By.XPATH, "//*[contains(text(), 'is required')]")
    time.sleep(1)
    assert _drafts(root) == before


def test_two_referrals_started_at_once_get_different_ids(browser: Any, editor: dict[str, Any]) -> None:
    browser.get(editor["url"])
    _wait(browser, lambda d: d.execute_script("return typeof window.panelNewReferralId") == "function")
    ids = browser.execute_script(
        "const t = new Date(); return Array.from({length: 2000}, () => panelNewReferralId(t));"
    )
    assert len(set(ids)) == len(ids)
    assert all(re.fullmatch(r"r-20[0-9]{6}-[a-z0-9]{6}", i) for i in ids)


def test_the_editor_asks_nothing_of_any_host_but_the_site_and_the_backend(browser: Any, editor: dict[str, Any]) -> None:
    _requested(browser)
    _open_new_referral(browser, editor["url"], "referral-placement")
    time.sleep(2)
    allowed = {_origin(editor["url"]), _origin(editor["backend"])}
    urls = _requested(browser)
    assert any(u.startswith(_origin(editor["backend"])) for u in urls)
    assert [u for u in urls if _origin(u) not in allowed and not u.startswith(("data:", "blob:"))] == []


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def test_the_editor_form_has_no_serious_accessibility_violations(browser: Any, editor: dict[str, Any]) -> None:
    _open_new_referral(browser, editor["url"], "referral-placement")
    serious = serious_violations(browser, TAGS)  # the WCAG 2.2 AA rules only
    assert serious == [], "\n".join(serious)


def _pick(browser: Any, field: str, option: str) -> None:
    """Choose the option whose label is exactly `option` in a select (typing may match several)."""
    from selenium.webdriver.common.by import By

    _input(browser, field).send_keys(option)
    choice = _wait(
        browser,
        lambda d: d.find_elements(By.XPATH, f"//*[contains(@class, 'option') and normalize-space()='{option}']"),
    )
    choice[0].click()


def test_a_decision_recorded_in_the_browser_passes_the_check_and_reaches_the_registers(
    browser: Any, editor: dict[str, Any], tmp_path: Path
) -> None:
    """The chair's route: the meeting page's "Record the decision" opens the form of one agenda item."""
    root = editor["root"]
    before = set(_drafts(root))
    _open(browser, editor["url"], "collections/decisions/entries/2026-12-03-R-0002")
    _pick(browser, "outcome", "Declined")
    _pick(browser, "chair", "Dana Whitfield")
    _add(browser, "agreed")
    _type(browser, "item", "Support is declined; the family is signposted to early help.")
    _type(browser, "rationale", "The needs are met by the universal offer.")
    branch = _saved_draft(browser, root, before)
    assert branch.startswith("cms/decisions/")
    # The chair's branch, as the forge's merge request holds it.
    clone = _clone_on(root, branch, tmp_path / "clone", "decision")
    text = (clone / "meetings" / "2026-12-03" / "decisions" / "R-0002.md").read_text(encoding="utf-8")
    assert "referral: R-0002" in text and "outcome: decline" in text, text
    checked = _panel(clone, "check")
    assert checked.exit_code == 0, checked.output
    assert "R-0002" not in checked.output  # no longer "not heard"
    assert "R-0002" in _panel(clone, "status").output  # undecided on main until the merge
    # Merged the next morning with the chair's approval, as the forge's merge would: final, and registered.
    git(clone, "checkout", "-q", "main")
    message = f"Merge branch '{branch}'\n\n{CHAIR_TRAILER}"
    git(clone, "merge", "-q", "--no-ff", "decision", "-m", message, date="2026-12-04T09:00:00+00:00")
    status = _panel(clone, "status")
    assert status.exit_code == 0 and "R-0002" not in status.output, status.output
    register = _panel(clone, "export", "decisions")
    assert register.exit_code == 0, register.output
    (row,) = [line for line in register.output.splitlines() if ",R-0002," in line]
    assert row.startswith("2026-12-03,R-0002,") and ",Declined," in row and row.endswith(",Dana Whitfield")


def test_every_starter_s_editor_loads_in_the_browser_after_panel_init(
    browser: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`panel init --from STARTER` then `panel build`: Decap accepts the generated configuration (it shows its
    sign-in page, not "Error loading the CMS configuration") for every starter, as the council first sees it."""
    from selenium.webdriver.common.by import By

    from generator.io.packaged import starter_names

    for name, value in {"GIT_AUTHOR_NAME": "Sam Okoro", "GIT_AUTHOR_EMAIL": "sam.okoro@council.example"}.items():
        monkeypatch.setenv(name, value)
        monkeypatch.setenv(name.replace("AUTHOR", "COMMITTER"), value)
    runner = CliRunner()
    for starter in starter_names():
        root = tmp_path / starter
        made = runner.invoke(main, ["init", str(root), "--from", starter])
        assert made.exit_code == 0, made.output
        written = runner.invoke(main, ["cms", "--root", str(root), "--output", str(root / "served" / "admin")])
        assert written.exit_code == 0, written.output
        handler = functools.partial(_Quiet, directory=str(root / "served"))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            browser.get(f"http://127.0.0.1:{server.server_address[1]}/admin/index.html")
            found = _wait(
                browser,
                lambda d: (
                    d.find_elements(By.XPATH, "//button[contains(., 'Login with GitLab')]")
                    or d.find_elements(By.XPATH, "//*[contains(., 'Error loading the CMS configuration')]")
                ),
            )
            assert "Login with GitLab" in found[0].text, f"{starter}: {browser.find_element(By.TAG_NAME, 'body').text}"
        finally:
            server.shutdown()
            server.server_close()


def test_a_meeting_record_written_in_the_browser_passes_the_check(
    browser: Any, editor: dict[str, Any], tmp_path: Path
) -> None:
    root = editor["root"]
    before = set(_drafts(root))
    _open(browser, editor["url"], "collections/meetings/new")
    _type(browser, "meeting", "2026-11-26")
    _pick(browser, "chair", "Dana Whitfield")
    _add(browser, "present")
    _pick(browser, "item", "Dana Whitfield")
    branch = _saved_draft(browser, root, before)
    clone = _clone_on(root, branch, tmp_path / "clone", "record")
    text = (clone / "meetings" / "2026-11-26" / "meeting.md").read_text(encoding="utf-8")
    assert "meeting: 2026-11-26" in text and "chair: Dana Whitfield" in text, text
    checked = _panel(clone, "check")
    assert checked.exit_code == 0 and "meetings/2026-11-26" not in checked.output, checked.output
