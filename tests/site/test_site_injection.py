"""Stored cross-site scripting: a site built from a repository in which every string field (panel.yml,
referrals, decisions, meeting records, agendas) and file name holds an injection payload carries no
event handler, no `javascript:` URL and no script that a clean build's theme did not ship."""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path
from urllib.parse import unquote

import pytest
from click.testing import CliRunner

from generator.cli import main
from tests.records_helpers import make_panel
from tests.site.hostile_site import FILE_NAMES, MARK, Found, make_hostile_panel, scan_site

pytestmark = pytest.mark.slow
ENV = {"PANEL_NOW": "2026-12-04T10:00"}


def _build(root: Path) -> Path:
    result = CliRunner().invoke(main, ["build", "--root", str(root)], env=ENV)
    assert result.exit_code == 0, result.output
    return root / "site"


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Found]:
    """The scripts a build of ordinary records has: the theme's own, the allow-list."""
    return scan_site(_build(make_panel(tmp_path_factory.mktemp("clean") / "panel", ("R-0001", "R-0002"))))


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_hostile_panel(tmp_path_factory.mktemp("hostile") / "panel")
    check = CliRunner().invoke(main, ["check", "--root", str(root)], env=ENV)
    assert check.exit_code == 0, check.output  # every payload is a value the check accepts
    return _build(root)


def test_no_page_carries_a_handler_a_script_url_or_a_foreign_script(clean: dict[str, Found], hostile: Path) -> None:
    allowed_srcs = set().union(*(f.script_srcs for f in clean.values()))
    allowed_inline = set().union(*(f.inline_hashes for f in clean.values()))
    assert allowed_srcs and allowed_inline  # the allow-list is real: the theme ships scripts
    pages = scan_site(hostile)
    assert len(pages) >= 20
    problems = [p for found in pages.values() for p in found.problems]
    assert problems == []
    for page, found in pages.items():
        assert found.script_srcs <= allowed_srcs, (page, found.script_srcs - allowed_srcs)
        assert found.inline_hashes <= allowed_inline, (page, found.inline_hashes - allowed_inline)


def _visible(page: Path) -> str:
    found = scan_site(page.parent)  # parsing as the browser would: entities decoded, tags gone
    return " ".join(found[page.name].text)


@pytest.mark.parametrize(
    "page",
    [
        "index.html",
        "meetings/2026-12-03.html",
        "referrals/R-0001.html",
        "children/LCS-204117.html",
        "registers/decisions.html",
        "registers/actions.html",
        "statistics.html",
        "accessibility.html",
        "guides/submitting.html",
    ],
)
def test_payloads_are_shown_as_text(hostile: Path, page: str) -> None:
    text = " ".join(_visible(hostile / page).split())
    assert MARK in text
    for payload in ("<script>alert('s1')</script>", "<img src=x onerror=alert('i1')>", "javascript:alert('m1')"):
        assert payload in text, (page, payload)


def test_every_panel_value_in_the_theme_is_text(hostile: Path) -> None:
    index = (hostile / "index.html").read_text(encoding="utf-8")
    title = re.search(r"<title>(.*?)</title>", index, re.S)
    assert title and "<script>alert('s1')</script>" in html.unescape(title.group(1))
    assert "<strong>PAYLOAD OFFICIAL-SENSITIVE &lt;script&gt;" in index  # the marking in the banner
    footer = index.split('class="md-copyright__highlight"', 1)[1][:400]
    assert "&lt;script&gt;alert" in footer and "<script>alert" not in footer
    for meta in re.findall(r"<meta [^>]*>", index):
        assert "onerror" not in meta.replace("onerror=alert(&#39;", "")


def test_file_names_are_escaped_and_links_percent_encoded(hostile: Path) -> None:
    page = hostile / "meetings" / "2026-12-03.html"
    text = page.read_text(encoding="utf-8")
    links = re.findall(r'<a href="(2026-12-03/[^"]*)">', text)
    assert len(links) == len(FILE_NAMES)
    for link in links:
        assert not set(link.split("/", 1)[1]) & set("<>\"' ()[]&#")  # only percent-escapes
        assert (page.parent / unquote(link)).is_file()
    shown = _visible(page)
    for name in FILE_NAMES:
        assert name in shown


def test_an_html_file_in_a_meeting_folder_is_never_published(hostile: Path, tmp_path: Path) -> None:
    """An .html file is not an allowed attachment: the check reports it and the build refuses to publish."""
    copy = tmp_path / "panel"
    shutil.copytree(hostile.parent, copy, symlinks=True)
    (copy / "meetings/2026-12-03/minutes.html").write_text("<script>alert('h1')</script>", encoding="utf-8")
    check = CliRunner().invoke(main, ["check", "--root", str(copy)], env=ENV)
    assert check.exit_code == 1 and "meetings/2026-12-03/minutes.html:1:1: error[unexpected-file]" in check.output
    build = CliRunner().invoke(main, ["build", "--root", str(copy)], env=ENV)
    assert build.exit_code != 0
    assert [p.relative_to(copy).as_posix() for p in copy.rglob("minutes.html")] == ["meetings/2026-12-03/minutes.html"]
    assert "minutes.html" not in (copy / "site" / "meetings" / "2026-12-03.html").read_text(encoding="utf-8")


def test_search_index_holds_no_markup_from_values(hostile: Path) -> None:
    index = json.loads((hostile / "search" / "search_index.json").read_text(encoding="utf-8"))
    for doc in index["docs"]:
        for key in ("title", "text"):
            assert not re.search(r"<(script|img|svg|a\s|iframe)", doc[key] or ""), (doc["location"], key)
    assert any(MARK in doc["text"] for doc in index["docs"])


def _policy(page: Path) -> str:
    match = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)"', page.read_text("utf-8"))
    assert match, page
    return html.unescape(match.group(1))


def test_csp_allows_exactly_the_theme_inline_scripts(clean: dict[str, Found], hostile: Path) -> None:
    for page, found in scan_site(hostile).items():
        policy = _policy(hostile / page)
        scripts = next(d for d in policy.split(";") if d.strip().startswith("script-src"))
        assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts and "*" not in scripts
        for digest in found.inline_hashes - {"json"}:
            assert f"'{digest}'" in scripts, (page, digest)
    # The policy comes before anything the panel's files contribute (the title holds panel.name).
    text = (hostile / "index.html").read_text(encoding="utf-8")
    assert text.index("Content-Security-Policy") < text.index("<title>")


def test_hostile_template_front_matter_cannot_reach_the_theme(tmp_path: Path) -> None:
    root = make_panel(tmp_path / "panel", ("R-0001",))
    own = root / "templates" / "site"
    own.mkdir(parents=True)
    (own / "child.md.j2").write_text(
        "---\ntitle: \"</title><script>alert('t1')</script>\"\ndescription: '\"><script>alert(2)</script>'\n"
        "template: ../../../etc/passwd\n---\n\n# {{ history.case_id }}\n",
        encoding="utf-8",
    )
    site = _build(root)
    page = (site / "children" / "LCS-204117.html").read_text(encoding="utf-8")
    assert "<script>alert" not in page and 'name="description"' not in page
    assert "<title>/title script alert( t1 ) /script - Resource and Care Panel</title>" in page
    assert scan_site(site)["children/LCS-204117.html"].problems == []
