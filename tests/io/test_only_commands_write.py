"""Rendering and the domain return content; writing files is the commands' (through generator.io.files).

The import-linter contract in pyproject.toml forbids importing generator.io.files there, with two
exceptions that only read; this test checks what those exceptions use, and that no module of
rendering or the domain writes, moves or removes a file by itself (Path.write_bytes, shutil.rmtree …).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import generator

PACKAGE = Path(generator.__file__).parent
LOWER = ("rendering", "domain")

READING = {"entry_mode", "read_regular", "open_regular", "FileRefused", "too_large", "scratch_dir", "recover_scratch"}
"""What of generator.io.files rendering and the domain may use: reading, and the Typst compiler's scratch folder."""

WRITING_METHODS = {"write_bytes", "write_text", "mkdir", "touch", "unlink", "rmdir", "symlink_to", "hardlink_to"}
WRITING_MODULES = {
    "os": {"replace", "rename", "remove", "unlink", "rmdir", "mkdir", "makedirs", "symlink", "link", "open"},
    "shutil": {"rmtree", "copy", "copy2", "copyfile", "copytree", "move"},
}
SCRATCH = {("rendering/pack/typst.py", "shutil.rmtree")}
"""The Typst compiler removes its own empty project folder in the temporary folder: not an output."""


def _modules() -> list[Path]:
    return sorted(p for layer in LOWER for p in (PACKAGE / layer).rglob("*.py"))


def _files_names(tree: ast.Module) -> set[str]:
    """Every name of generator.io.files the module uses: imported from it, or read off it as `files.X`."""
    used: set[str] = set()
    aliases: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "generator.io.files":
            used |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module == "generator.io":
            aliases |= {alias.asname or alias.name for alias in node.names if alias.name == "files"}
        elif isinstance(node, ast.Import):
            aliases |= {alias.asname or alias.name for alias in node.names if alias.name == "generator.io.files"}
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in aliases:
            used.add(node.attr)
    return used


def _writes(tree: ast.Module) -> list[str]:
    """Calls that write, move or remove a file: Path methods, os and shutil functions, open() for writing."""
    found: list[str] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Attribute):
            if isinstance(func.value, ast.Name) and func.attr in WRITING_MODULES.get(func.value.id, ()):
                found.append(f"{func.value.id}.{func.attr}")
            elif func.attr in WRITING_METHODS:
                found.append(f".{func.attr}()")
        elif isinstance(func, ast.Name) and func.id == "open":
            modes = [a for a in node.args[1:2] if isinstance(a, ast.Constant)]
            modes += [k.value for k in node.keywords if k.arg == "mode" and isinstance(k.value, ast.Constant)]
            if any(set(str(m.value)) & set("wax+") for m in modes if isinstance(m, ast.Constant)):
                found.append("open() for writing")
    return found


@pytest.mark.parametrize("path", _modules(), ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_rendering_and_domain_never_write(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    name = path.relative_to(PACKAGE).as_posix()
    assert _files_names(tree) <= READING, f"{name} uses generator.io.files' writing: {_files_names(tree) - READING}"
    writes = [w for w in _writes(tree) if (name, w) not in SCRATCH]
    assert not writes, f"{name} writes files itself ({writes}); return the content and let a command write it"


def test_the_check_sees_writing() -> None:
    """The checks above would catch the old /admin/ writer and a write through io.files."""
    old = ast.parse(
        "import shutil\nfrom generator.io import files\n"
        "def write(folder, data):\n"
        "    shutil.rmtree(folder)\n    folder.mkdir()\n    (folder / 'a').write_bytes(data)\n"
        "    open(folder / 'b', 'w')\n    files.write_atomic(folder / 'c', data)\n"
    )
    assert _writes(old) == ["shutil.rmtree", ".mkdir()", ".write_bytes()", "open() for writing"]
    assert _files_names(old) == {"write_atomic"}
