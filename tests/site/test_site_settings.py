"""The council's root mkdocs.yml: `panel build` takes its name, colours, logo, language, stylesheets and
vetted extensions, and refuses (with file:line and the fix) anything that would weaken the site's protections."""

from __future__ import annotations

import re
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.domain.site_settings import default_mkdocs_yml, read_site_settings
from tests.records_helpers import make_panel, write
from tests.site.site_scan import external_requests

REPO = Path(__file__).resolve().parents[2]
ENV = {"PANEL_NOW": "2026-12-04T10:00"}
pytestmark = pytest.mark.slow


def _png() -> bytes:
    """A 1×1 PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return len(data).to_bytes(4, "big") + body + zlib.crc32(body).to_bytes(4, "big")

    header = (1).to_bytes(4, "big") * 2 + bytes([8, 2, 0, 0, 0])
    pixels = zlib.compress(b"\x00\x00\x80\x80")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


@pytest.fixture(scope="module")
def panel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_panel(tmp_path_factory.mktemp("settings") / "panel", ("R-0001",))


def test_the_projects_and_the_default_mkdocs_yml_read_clean(tmp_path: Path) -> None:
    assert read_site_settings(REPO).problems == []
    assert read_site_settings(REPO).site_name == "Resource and Care Panel"
    started = default_mkdocs_yml('Panel "A" \\ B')
    (tmp_path / "mkdocs.yml").write_text(started, encoding="utf-8")
    assert read_site_settings(tmp_path).site_name is None  # commented out: the header follows panel.yml's name
    (tmp_path / "mkdocs.yml").write_text(started.replace("# site_name:", "site_name:", 1), encoding="utf-8")
    settings = read_site_settings(tmp_path)
    assert settings.problems == [] and settings.site_name == 'Panel "A" \\ B'
    (tmp_path / "mkdocs.yml").write_text(default_mkdocs_yml(), encoding="utf-8")
    assert read_site_settings(tmp_path).problems == []


def test_the_councils_settings_reach_every_page_and_the_protections_stay(panel: Path) -> None:
    (panel / "templates" / "site").mkdir(parents=True, exist_ok=True)
    (panel / "templates" / "site" / "logo.png").write_bytes(_png())
    write(panel, "templates/site/council.css", ".md-header { border-bottom: 4px solid #0b0c0c; }\n")
    write(
        panel,
        "mkdocs.yml",
        "site_name: Bexley Resource Panel\n"
        "theme:\n"
        "  language: cy\n"
        "  font: false\n"
        "  palette: {scheme: default, primary: teal, accent: deep orange}\n"
        "  logo: templates/site/logo.png\n"
        "extra_css: [templates/site/council.css]\n"
        "markdown_extensions: [abbr, toc, footnotes]\n",
    )
    result = CliRunner().invoke(main, ["build", "--root", str(panel)], env=ENV)
    assert result.exit_code == 0, result.output
    site = panel / "site"
    home = (site / "index.html").read_text(encoding="utf-8")
    assert '<html lang="cy"' in home
    assert 'data-md-color-primary="teal"' in home and 'data-md-color-accent="deep-orange"' in home
    assert "Bexley Resource Panel" in home
    assert 'src="assets/council/logo.png"' in home
    assert (site / "assets" / "council" / "logo.png").read_bytes() == _png()
    assert 'href="assets/council/css/0-council.css"' in home
    assert "4px solid #0b0c0c" in (site / "assets" / "council" / "css" / "0-council.css").read_text()
    # What protects the data is still there, on every page.
    for page in (home, (site / "referrals" / "R-0001.html").read_text(encoding="utf-8")):
        assert 'http-equiv="Content-Security-Policy"' in page
        assert 'name="robots" content="noindex, nofollow"' in page
        assert "OFFICIAL-SENSITIVE" in page
        assert "fonts.googleapis" not in page
    assert external_requests(site) == []


def test_weakening_settings_are_refused_each_at_its_line(panel: Path) -> None:
    write(panel, "templates/site/loads.css", "body { color: red; }\n@import url('https://cdn.example/x.css');\n")
    lines = [
        "site_name: Panel",  # 1
        "theme:",  # 2
        "  font: {text: Roboto}",  # 3
        "  custom_dir: my-overrides",  # 4
        "  logo: https://cdn.example/logo.png",  # 5
        "  palette: {primary: tartan}",  # 6
        "extra_javascript: [analytics.js]",  # 7
        "plugins: [search, social]",  # 8
        "copyright: Public",  # 9
        "extra: {analytics: {provider: google, property: G-1}}",  # 10
        "markdown_extensions: [abbr, pymdownx.snippets, attr_list, nonsense]",  # 11
        "extra_css: [templates/site/loads.css]",  # 12
        "favourite_colour: blue",  # 13
    ]
    write(panel, "mkdocs.yml", "\n".join(lines) + "\n")
    check = CliRunner().invoke(main, ["check", "--root", str(panel)], env=ENV)
    assert check.exit_code == 1
    found = {
        (int(m.group(1)), m.group(2))
        for m in re.finditer(r"^mkdocs\.yml:(\d+):\d+: error\[([a-z-]+)\]", check.output, re.M)
    }
    assert found >= {
        (3, "site-setting-refused"),
        (4, "site-setting-refused"),
        (5, "site-setting-refused"),
        (6, "site-setting-value"),
        (7, "site-setting-refused"),
        (8, "site-setting-refused"),
        (9, "site-setting-refused"),
        (10, "site-setting-refused"),
        (11, "site-setting-refused"),
        (11, "site-setting-value"),
        (12, "site-setting-refused"),
        (13, "site-setting-unknown"),
    }, check.output
    assert "Google Fonts" in check.output and "hint: remove the line" in check.output
    assert "loads.css:2" in check.output
    # panel build refuses too, and leaves the site it built before untouched.
    before = (panel / "site" / "index.html").read_bytes() if (panel / "site" / "index.html").exists() else None
    build = CliRunner().invoke(main, ["build", "--root", str(panel)], env=ENV)
    assert build.exit_code == 1 and "mkdocs.yml:3:" in build.output
    after = (panel / "site" / "index.html").read_bytes() if (panel / "site" / "index.html").exists() else None
    assert before == after
