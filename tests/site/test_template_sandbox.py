"""A panel's own templates cannot run code in the publishing job: site and scaffold templates render in
Jinja's sandbox, a repository's pack.lua is never run, and a panel's pack.typ cannot read other files."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document

from generator.cli import main
from panelfixtures.gitrun import git
from panelfixtures.referrals import MEETING
from panelfixtures.repos import COMMIT_DATE, TODAY, make_repo
from tests.pack.pdftext import flat, pages
from tests.records_helpers import make_panel

ENV = {"PANEL_NOW": "2026-12-04T10:00"}
ESCAPES = [
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ config.__class__.__init__.__globals__ }}",
    "{{ cycler.__init__.__globals__.os.popen('touch MARKER').read() }}",
    "{{ lipsum.__globals__['os'].system('touch MARKER') }}",
    "{{ joiner.__init__.__globals__.__builtins__.open('MARKER', 'w') }}",
    "{{ namespace.__init__.__globals__ }}",
    "{{ self._TemplateReference__context }}",
    "{{ now.__reduce_ex__(2) }}",
    "{{ panel.name.format.__self__.__class__ }}",
    "{{ ''.format_map.__call__ }}{{ '{0.__class__}'.format(panel) }}",
    "{% set x = config.people.append(1) %}{% set y = config.people.pop() %}",
    "{{ data.referrals.clear() }}",
]


@pytest.mark.parametrize("escape", ESCAPES)
def test_a_hostile_site_template_fails_safely_with_a_located_error(tmp_path: Path, escape: str) -> None:
    root = make_panel(tmp_path / "panel", ("R-0001",))
    marker = tmp_path / "pwned"
    own = root / "templates" / "site"
    own.mkdir(parents=True)
    (own / "home.md.j2").write_text(f"---\ntitle: Home\n---\n\n# Home\n\n{escape.replace('MARKER', str(marker))}\n")
    result = CliRunner().invoke(main, ["build", "--root", str(root)], env=ENV)
    assert result.exit_code == 1, result.output
    assert "templates/site/home.md.j2:7:1: error[template]" in result.output, result.output
    assert "Traceback" not in result.output
    assert not marker.exists(), "the template ran code"
    assert not (root / "site").exists(), "nothing is published"


def test_the_sandbox_names_what_was_refused(tmp_path: Path) -> None:
    root = make_panel(tmp_path / "panel", ("R-0001",))
    own = root / "templates" / "site"
    own.mkdir(parents=True)
    (own / "accessibility.md.j2").write_text("# A\n\n{{ ''.__class__.__mro__ }}\n")
    result = CliRunner().invoke(main, ["build", "--root", str(root)], env=ENV)
    assert result.exit_code == 1
    assert "templates/site/accessibility.md.j2:3:1: error[template]: template templates/site/accessibility.md.j2 " in (
        result.output
    )
    assert "the sandbox does not allow" in result.output and "__class__" in result.output
    assert "hint: a panel's templates may only print the values they are given" in result.output


def test_a_panel_template_still_customises_the_site(tmp_path: Path) -> None:
    root = make_panel(tmp_path / "panel", ("R-0001",))
    own = root / "templates" / "site"
    own.mkdir(parents=True)
    (own / "accessibility.md.j2").write_text(
        "# Our statement\n\n{{ panel.name }} by {{ config.people[0].name | inline }}: "
        "{% for p in config.people if 'chair' in p.roles %}{{ p.name }}{% endfor %}\n"
    )
    result = CliRunner().invoke(main, ["build", "--root", str(root)], env=ENV)
    assert result.exit_code == 0, result.output
    page = (root / "site" / "accessibility.html").read_text(encoding="utf-8")
    assert "Resource and Care Panel by Dana Whitfield: Dana Whitfield" in page


def test_a_symlinked_site_template_is_not_read(tmp_path: Path) -> None:
    root = make_panel(tmp_path / "panel", ("R-0001",))
    secret = tmp_path / "secret.md.j2"
    secret.write_text("# the secret is 42\n")
    own = root / "templates" / "site"
    own.mkdir(parents=True)
    (own / "home.md.j2").symlink_to(secret)
    result = CliRunner().invoke(main, ["build", "--root", str(root)], env=ENV)
    assert result.exit_code == 1 and "not a regular file" in result.output, result.output
    assert not (root / "site").exists()


def test_a_hostile_referral_template_is_refused_by_panel_new(tmp_path: Path) -> None:
    root = make_panel(tmp_path / "panel", ("R-0001",))
    marker = tmp_path / "pwned"
    (root / "templates").mkdir()
    (root / "templates" / "referral.md.j2").write_text(
        f"id: {{{{ id }}}}\n{{{{ cycler.__init__.__globals__.os.system('touch {marker}') }}}}\n"
    )
    result = CliRunner().invoke(main, ["new", "referral", "--type", "s17-support", "--root", str(root)], env=ENV)
    assert result.exit_code != 0
    assert "templates/referral.md.j2:2:1: error[template]" in result.output, result.output
    assert not marker.exists()
    assert not (root / "submissions" / "R-0002.md").exists()


LUA = """
local f = io.open("{marker}", "w")
f:write("ran")
f:close()
os.execute("touch {marker}.os")
return {{}}
"""


@pytest.fixture
def pack_repo(tmp_path: Path) -> Path:
    return make_repo(tmp_path / "panel", [1, 2], section_words=20)


def test_a_repository_lua_filter_is_never_run(pack_repo: Path, tmp_path: Path) -> None:
    marker = tmp_path / "lua-ran"
    folder = pack_repo / "templates" / "pack"
    folder.mkdir(parents=True)
    (folder / "pack.lua").write_text(LUA.format(marker=marker), encoding="utf-8")
    git(pack_repo, "add", "-A", date=COMMIT_DATE)
    git(pack_repo, "commit", "-qm", "Our own filter", date=COMMIT_DATE)
    result = CliRunner().invoke(main, ["pack", "2026-12-03", "--root", str(pack_repo)])
    assert result.exit_code == 0, result.output
    assert not marker.exists() and not Path(f"{marker}.os").exists(), "the repository's Lua filter ran"
    assert "warning: templates/pack/pack.lua is not run" in result.output
    assert "templates/pack/pack.typ and templates/pack/reference.docx" in result.output
    assert (pack_repo / "build" / "packs" / "2026-12-03" / "pack-v1.pdf").is_file()
    check = CliRunner().invoke(main, ["check", "--root", str(pack_repo)], env=ENV)
    assert "templates/pack/pack.lua:1:1: warning[template-ignored]" in check.output, check.output


def _own_pack_typ(repo: Path, extra: str) -> None:
    from generator.io.packaged import package_templates

    folder = repo / "templates" / "pack"
    folder.mkdir(parents=True, exist_ok=True)
    default = (package_templates() / "pack" / "pack.typ").read_text(encoding="utf-8")
    (folder / "pack.typ").write_text(default + extra, encoding="utf-8")


def test_a_panel_pack_typ_brands_the_pack(pack_repo: Path) -> None:
    _own_pack_typ(pack_repo, "\nBranded by the council own template.\n")
    result = CliRunner().invoke(main, ["pack", "2026-12-03", "--root", str(pack_repo), "--format", "pdf"])
    assert result.exit_code == 0, result.output
    text = flat(" ".join(pages(pack_repo / "build/packs/2026-12-03/pack-v1.pdf")))
    assert "Branded by the council own template." in text


@pytest.mark.parametrize(
    "extra",
    ["${ /etc/host.conf() }", "$../../../../etc/host.conf()$", "$ secret:partial() $", "${ it:x() }"],
)
def test_a_panel_pack_typ_cannot_read_other_files(pack_repo: Path, extra: str) -> None:
    _own_pack_typ(pack_repo, f"\n{extra}\n")
    result = CliRunner().invoke(main, ["pack", "2026-12-03", "--root", str(pack_repo)])
    assert result.exit_code == 1
    assert "templates/pack/pack.typ: the pandoc partial" in result.output and "is not allowed" in result.output
    assert not (pack_repo / "build").exists()


def test_a_panel_pack_typ_cannot_import_packages(pack_repo: Path) -> None:
    _own_pack_typ(pack_repo, '\n#import "@preview/cetz:0.3.0"\n')
    result = CliRunner().invoke(main, ["pack", "2026-12-03", "--root", str(pack_repo)])
    assert result.exit_code == 1 and "Typst packages" in result.output, result.output


def test_a_symlinked_pack_template_is_refused(pack_repo: Path) -> None:
    folder = pack_repo / "templates" / "pack"
    folder.mkdir(parents=True)
    os.symlink("/etc/hostname", folder / "pack.typ")
    result = CliRunner().invoke(main, ["pack", "2026-12-03", "--root", str(pack_repo)])
    assert result.exit_code == 1 and "templates/pack/pack.typ is a symlink" in result.output, result.output


TYPST = '#panic("typst ran") ] [ $x^2$ #read("/etc/passwd") \\ /* // @ref <lbl> *bold* _it_ `raw`'


def test_configuration_and_agenda_values_cannot_inject_into_the_pack(pack_repo: Path) -> None:
    import yaml

    from generator.commands.agenda_files import load_agenda, write_agenda

    config = yaml.safe_load((pack_repo / "panel.yml").read_text(encoding="utf-8"))
    for key in ("name", "council", "venue", "marking"):
        config["panel"][key] = f"{key.upper()} {TYPST}"
    config["people"][0]["name"] = f"CHAIR {TYPST}"
    (pack_repo / "panel.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    agenda = load_agenda(pack_repo, MEETING)
    for index, item in enumerate(agenda.items):
        object.__setattr__(item, "title", f"TITLE{index} {TYPST}")
        object.__setattr__(item, "note", f"NOTE{index} {TYPST}")
    write_agenda(pack_repo, agenda, f"HEADING {TYPST}")
    git(pack_repo, "commit", "-qam", "Hostile values", date=COMMIT_DATE)
    from generator.commands.pack import build_pack

    result = build_pack(pack_repo, MEETING, TODAY)
    text = flat(" ".join(pages(result.documents["pack-v1.pdf"])))
    assert "root:x:0" not in text
    for label in ("NAME", "COUNCIL", "VENUE", "MARKING", "CHAIR", "TITLE1"):
        assert f'{label} #panic("typst ran") ] [ $x^2$ #read("/etc/passwd")' in text, label
    document = Document(io.BytesIO(result.documents["pack-v1.docx"]))
    body = "\n".join(p.text for p in document.paragraphs)
    assert "root:x:0" not in body and 'TITLE1 #panic("typst ran") ] [ $x^2$' in body
    header = "".join(p.text for section in document.sections for p in section.header.paragraphs)
    assert 'MARKING #panic("typst ran")' in header
