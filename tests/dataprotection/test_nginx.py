"""Real nginx over the demo site with the configuration `panel nginx` writes: sign-in first, the site's headers."""

from __future__ import annotations

import base64
import hashlib
import html
import http.server
import os
import pwd
import re
import shutil
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from generator.cli import main
from generator.rendering.site.mkdocs_config import content_security_policy

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("nginx") is None and not Path("/usr/sbin/nginx").exists(), reason="needs nginx"),
]
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
REPO = Path(__file__).resolve().parents[2]
READER, PASSWORD = "sam.okoro", "fictional-reader-password"


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo panel's site, built by `panel build` from this repository's example records."""
    root = tmp_path_factory.mktemp("demo") / "panel"
    root.mkdir()
    shutil.copy(REPO / "panel.yml", root / "panel.yml")
    for folder in ("submissions", "meetings"):
        shutil.copytree(REPO / folder, root / folder)
    result = CliRunner().invoke(main, ["build", "--root", str(root)], env={"PANEL_NOW": "2026-12-07T10:00"})
    assert result.exit_code == 0, result.output
    return root


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_nginx(prefix: Path, server: str, *, mime_types: bool = True) -> Iterator[None]:
    """nginx in the foreground as this user, everything under `prefix`; stopped afterwards.

    Without `mime_types`, the http block includes no /etc/nginx/mime.types (nginx's built-in types only).
    """
    for folder in ("tmp", "logs"):
        (prefix / folder).mkdir(parents=True, exist_ok=True)
    (prefix / "panel.conf").write_text(server, encoding="utf-8")
    temps = "\n".join(
        f"    {kind}_temp_path {prefix}/tmp/{kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    # As root (CI), nginx would hand requests to 'nobody', who cannot read pytest's private folders.
    user = f"user {pwd.getpwuid(os.geteuid()).pw_name};\n" if os.geteuid() == 0 else ""
    (prefix / "nginx.conf").write_text(
        f"{user}daemon off;\nworker_processes 1;\npid {prefix}/nginx.pid;\nerror_log {prefix}/logs/error.log;\n"
        "events { worker_connections 64; }\n"
        f"http {{\n    {'include /etc/nginx/mime.types;' if mime_types else ''}\n    access_log off;\n{temps}\n    include {prefix}/panel.conf;\n}}\n",
        encoding="utf-8",
    )
    args = [NGINX, "-p", str(prefix), "-c", str(prefix / "nginx.conf"), "-e", str(prefix / "logs/error.log")]
    tested = subprocess.run([*args, "-t"], capture_output=True, text=True)
    assert tested.returncode == 0, tested.stderr
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    port = int(re.search(r"listen 127\.0\.0\.1:(\d+);", server).group(1))  # type: ignore[union-attr]
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            assert process.poll() is None, process.stderr.read() if process.stderr else ""
            time.sleep(0.05)
    try:
        yield
    finally:
        process.terminate()
        process.wait(timeout=10)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any) -> None:
        return None


def get(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], str]:
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(urllib.request.Request(url, headers=headers or {}), timeout=10) as answer:
            return answer.status, dict(answer.headers.items()), answer.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as refused:
        return refused.code, dict(refused.headers.items()), refused.read().decode("utf-8", "replace")


def basic(user: str, password: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()}


def assert_site_headers(headers: dict[str, str]) -> None:
    assert headers["Content-Security-Policy"] == content_security_policy()
    assert headers["Referrer-Policy"] == "no-referrer"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Cache-Control"] == "no-store"
    assert headers["X-Robots-Tag"] == "noindex, nofollow"
    assert "ETag" not in headers


def panel_nginx(demo_site: Path, port: int, *options: str) -> Result:
    """`panel nginx` for the demo's site, listening on `port`, with `options`; it must succeed."""
    result = CliRunner().invoke(
        main,
        [
            "nginx",
            "--root",
            str(demo_site),
            "--site",
            str(demo_site / "site"),
            "--listen",
            f"127.0.0.1:{port}",
            *options,
        ],
    )
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture(scope="module")
def basic_server(demo_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    prefix = tmp_path_factory.mktemp("nginx-basic")
    salt = os.urandom(8)
    digest = base64.b64encode(hashlib.sha1(PASSWORD.encode() + salt).digest() + salt).decode()
    (prefix / "htpasswd").write_text(f"{READER}:{{SSHA}}{digest}\n", encoding="utf-8")
    port = free_port()
    panel_nginx(
        demo_site,
        port,
        "--auth",
        "basic",
        "--htpasswd",
        str(prefix / "htpasswd"),
        "--output",
        str(prefix / "written.conf"),
    )
    yield from (f"http://127.0.0.1:{port}" for _ in start_nginx(prefix, (prefix / "written.conf").read_text()))


def test_unauthenticated_refused_with_the_headers(basic_server: str) -> None:
    for path in ("/", "/index.html", "/referrals/R-0003.html", "/search/search_index.json", "/panel.ics"):
        status, headers, body = get(basic_server + path)
        assert status == 401, path
        assert "Tiana" not in body and "LCS-" not in body
        assert_site_headers(headers)
    status, _, _ = get(basic_server + "/", basic(READER, "wrong password"))
    assert status == 401


def test_authenticated_reader_is_served_the_site_with_its_headers(basic_server: str, demo_site: Path) -> None:
    status, headers, page = get(basic_server + "/index.html", basic(READER, PASSWORD))
    assert status == 200 and "OFFICIAL-SENSITIVE" in page
    assert_site_headers(headers)
    meta = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', page)
    assert meta and html.unescape(meta.group(1)) == headers["Content-Security-Policy"]
    assert '<meta name="robots" content="noindex, nofollow">' in page
    status, headers, page = get(basic_server + "/referrals/R-0003.html", basic(READER, PASSWORD))
    assert status == 200 and "R-0003" in page and headers["Cache-Control"] == "no-store"
    status, _, _ = get(basic_server + "/../panel.yml", basic(READER, PASSWORD))
    assert status in (400, 404)


def get_bytes(url: str, headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
    with urllib.request.build_opener(NoRedirect).open(urllib.request.Request(url, headers=headers), timeout=10) as got:
        return got.status, dict(got.headers.items()), got.read()


DOCUMENTS = {"referrals/R-0005/genogram.pdf": "application/pdf", "referrals/R-0005/family-home.png": "image/png"}
"""The demo's R-0005 documents as the site publishes them, and the type each must be served as."""


def assert_documents_served_as_their_type(server: str, demo_site: Path) -> None:
    for path, kind in DOCUMENTS.items():
        status, headers, data = get_bytes(f"{server}/{path}", basic(READER, PASSWORD))
        assert status == 200 and data == (demo_site / "site" / path).read_bytes(), path
        assert headers["Content-Type"] == kind, (path, headers["Content-Type"])
        assert_site_headers(headers)
        status, headers, _ = get(f"{server}/{path}")
        assert status == 401 and headers["X-Content-Type-Options"] == "nosniff"


def test_attached_documents_are_served_as_their_type_with_nosniff(basic_server: str, demo_site: Path) -> None:
    assert_documents_served_as_their_type(basic_server, demo_site)


def test_documents_keep_their_type_without_the_http_blocks_mime_types(demo_site: Path, tmp_path: Path) -> None:
    """`panel nginx` names the documents' types itself: an http block without mime.types serves them the same."""
    (tmp_path / "htpasswd").write_text(f"{READER}:{{PLAIN}}{PASSWORD}\n", encoding="utf-8")
    port = free_port()
    result = panel_nginx(demo_site, port, "--auth", "basic", "--htpasswd", str(tmp_path / "htpasswd"))
    for _ in start_nginx(tmp_path, result.stdout, mime_types=False):
        assert_documents_served_as_their_type(f"http://127.0.0.1:{port}", demo_site)


def test_robots_txt_is_public_and_forbids_everything(basic_server: str, demo_site: Path) -> None:
    status, headers, text = get(basic_server + "/robots.txt")
    assert status == 200 and text == "User-agent: *\nDisallow: /\n"
    assert headers["X-Robots-Tag"] == "noindex, nofollow"
    pages = list((demo_site / "site").rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        assert '<meta name="robots" content="noindex, nofollow">' in page.read_text(encoding="utf-8"), page


def test_the_sites_data_protection_page_gives_the_configured_schedule(basic_server: str) -> None:
    status, _, page = get(basic_server + "/guides/data-protection.html", basic(READER, PASSWORD))
    assert status == 200
    text = " ".join(re.sub(r"<[^>]+>", " ", page).split())
    assert "Referrals are kept for 25 years from the child's date of birth." in text
    assert "Decisions are kept for 25 years from the child's date of birth." in text
    assert "keep their copies for 7 days at most" in text
    assert "encrypted PDF files" in text


class StandInProxy(http.server.BaseHTTPRequestHandler):
    """Answers nginx's auth_request as oauth2-proxy does: 202 with its session cookie, else 401."""

    def do_GET(self) -> None:
        signed_in = "_oauth2_proxy=fictional-session" in (self.headers.get("Cookie") or "")
        if self.path.startswith("/oauth2/auth"):
            self.send_response(202 if signed_in else 401)
        else:
            self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        """No request log."""


def test_oidc_mode_asks_the_proxy_and_sends_strangers_to_sign_in(demo_site: Path, tmp_path: Path) -> None:
    proxy = http.server.ThreadingHTTPServer(("127.0.0.1", 0), StandInProxy)
    threading.Thread(target=proxy.serve_forever, daemon=True).start()
    port = free_port()
    result = panel_nginx(demo_site, port, "--proxy", f"http://127.0.0.1:{proxy.server_address[1]}")
    try:
        for _ in start_nginx(tmp_path, result.stdout):
            status, headers, body = get(f"http://127.0.0.1:{port}/referrals/R-0003.html")
            assert status == 302 and headers["Location"].endswith("/oauth2/sign_in?rd=/referrals/R-0003.html")
            assert "R-0003" not in body
            assert_site_headers(headers)
            status, headers, page = get(
                f"http://127.0.0.1:{port}/referrals/R-0003.html", {"Cookie": "_oauth2_proxy=fictional-session"}
            )
            assert status == 200 and "R-0003" in page
            assert_site_headers(headers)
    finally:
        proxy.shutdown()
        proxy.server_close()


def test_values_that_would_break_the_configuration_are_refused(demo_site: Path) -> None:
    for option, value in (
        ("--site", '/srv/x"; include /etc/passwd; #'),
        ("--listen", "8080; ssl"),
        ("--proxy", "file:///etc"),
    ):
        result = CliRunner().invoke(main, ["nginx", "--root", str(demo_site), option, value])
        assert result.exit_code == 2 and "cannot be written into nginx's configuration" in result.stderr, option
