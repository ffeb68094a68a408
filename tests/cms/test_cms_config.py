"""The browser editor's configuration follows panel.yml, and the site links to it (no browser needed)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from generator.cli import main
from generator.commands.build import build_site
from generator.domain.calendar import LONDON
from generator.rendering.site.admin import vendor_record, vendored_folder
from tests.records_helpers import make_panel


def _cms(root: Path) -> dict[str, Any]:
    result = CliRunner().invoke(main, ["cms", "--root", str(root)], env={"PANEL_NOW": "2026-12-04T10:00"})
    assert result.exit_code == 0, result.output
    loaded: dict[str, Any] = yaml.safe_load((root / "build" / "admin" / "config.yml").read_text(encoding="utf-8"))
    return loaded


def _field(fields: list[dict[str, Any]], *path: str) -> dict[str, Any]:
    found = next(f for f in fields if f["name"] == path[0])
    return _field(found["fields"], *path[1:]) if len(path) > 1 else found


def test_a_change_to_panel_yml_changes_the_form(tmp_path: Path) -> None:
    root = make_panel(tmp_path / "panel", ("R-0001",), decided=False)
    before = _cms(root)
    collection = next(c for c in before["collections"] if c["name"] == "referral-s17-support")
    team = _field(collection["fields"], "worker", "team")
    assert team["widget"] == "select" and {"label": "Children in Need East", "value": "cin-east"} in team["options"]
    assert _field(collection["fields"], "children")["widget"] == "list"
    assert _field(collection["fields"], "children")["min"] == 1
    # A required list must hold an item: Decap leaves an empty list out of the file.
    assert [_field(collection["fields"], f).get("min") for f in ("family", "network", "scaling")] == [1, 1, 1]
    assert _field(collection["fields"], "costs")["required"] is True  # the type's required_fields
    assert _field(collection["fields"], "costs", "weeks")["value_type"] == "int"
    assert _field(collection["fields"], "family_network_meeting", "held")["widget"] == "boolean"
    assert "## Main issues\n<!-- Only the key events" in _field(collection["fields"], "body")["default"]
    decisions = next(c for c in before["collections"] if c["name"] == "decisions")
    (form,) = decisions["files"]  # one per referral on a recent or coming agenda, named exactly by its id
    assert form["name"] == "2026-12-03-R-0001" and form["file"] == "meetings/2026-12-03/decisions/R-0001.md"
    assert _field(form["fields"], "referral") == {
        "name": "referral",
        "label": "Referral",
        "widget": "hidden",
        "default": "R-0001",
    }
    assert _field(form["fields"], "outcome")["widget"] == "select"
    assert before["publish_mode"] == "editorial_workflow"
    assert before["backend"]["auth_type"] == "pkce" and before["backend"]["branch"] == "main"

    text = (root / "panel.yml").read_text(encoding="utf-8")
    text = text.replace(
        "  - {id: cin-east, name: Children in Need East}",
        "  - {id: cin-east, name: Children in Need East}\n  - {id: edge, name: Edge of Care}",
    )
    text = text.replace("repo: childrens-services/resource-panel", "repo: social-care/panel")
    (root / "panel.yml").write_text(text, encoding="utf-8")
    after = _cms(root)
    collection = next(c for c in after["collections"] if c["name"] == "referral-s17-support")
    assert {"label": "Edge of Care", "value": "edge"} in _field(collection["fields"], "worker", "team")["options"]
    assert after["backend"]["repo"] == "social-care/panel"


def test_the_admin_page_is_pinned_and_connects_only_to_the_forge(tmp_path: Path) -> None:
    root = make_panel(tmp_path / "panel", ("R-0001",), decided=False)
    _cms(root)
    page = (root / "build" / "admin" / "index.html").read_text(encoding="utf-8")
    assert "connect-src 'self' https://gitlab.council.test;" in page
    assert "http" not in page.replace("https://gitlab.council.test", "").replace('http-equiv="', "")
    record = vendor_record()
    assert record["package"] == "decap-cms" and record["integrity"].startswith("sha512-")
    shipped = (root / "build" / "admin" / "decap-cms.js").read_bytes()
    assert shipped == (vendored_folder() / "decap-cms.js").read_bytes()


def test_without_a_cms_section_panel_cms_says_how_to_add_one(tmp_path: Path) -> None:
    root = make_panel(tmp_path / "panel", ("R-0001",), decided=False)
    text = (root / "panel.yml").read_text(encoding="utf-8")
    start = text.index("cms:  # assumed")
    end = text.index("\n", text.index("  app_id: ", start)) + 1
    (root / "panel.yml").write_text(text[:start] + text[end:].replace("  - cms\n", ""), encoding="utf-8")
    result = CliRunner().invoke(main, ["cms", "--root", str(root)])
    assert result.exit_code == 2 and "no 'cms' section" in result.output


@pytest.mark.slow
def test_the_site_links_to_the_editor(tmp_path: Path) -> None:
    root = make_panel(tmp_path / "panel", ("R-0001",), decided=False)
    build_site(root, dt.datetime(2026, 12, 2, 10, 0, tzinfo=LONDON))
    site = root / "site"
    assert "Start a new referral" in (site / "index.html").read_text(encoding="utf-8")
    assert "Edit in the browser" in (site / "referrals" / "R-0001.html").read_text(encoding="utf-8")
    meeting = (site / "meetings" / "2026-12-03.html").read_text(encoding="utf-8")
    assert "collections/decisions/entries/2026-12-03-R-0001" in meeting
    assert (site / "admin" / "config.yml").is_file() and (site / "admin" / "decap-cms.js").is_file()
