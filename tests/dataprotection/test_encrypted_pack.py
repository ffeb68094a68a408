"""`panel pack --encrypt`: AES-256 copies of the PDFs for outside the panel, the password never stored."""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner

from generator.cli import main
from panelfixtures.repos import make_repo

pytestmark = pytest.mark.slow


def run(root: Path, *args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["pack", "2026-12-03", "--root", str(root), *args], env=env)
    return result.exit_code, result.stdout, result.stderr


def text_of(pdf: pikepdf.Pdf) -> bytes:
    """Every content stream of the PDF, decoded (to see that it opened and is the pack)."""
    return b"".join(page.Contents.read_bytes() for page in pdf.pages if "/Contents" in page)


def test_encrypted_copies_open_only_with_the_printed_password(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "panel", [1])
    code, out, err = run(root, "--encrypt", "--format", "pdf", "--circulate", env={"PANEL_PACK_PASSWORD": ""})
    assert code == 0, err
    found = re.search(r"^password for the encrypted copies in outside/: (\S+)$", out, re.M)
    assert found, out
    password = found.group(1)
    assert len(password) >= 20 and out.count(password) == 1
    folder = root / "build/packs/2026-12-03"
    assert f"wrote {folder / 'outside/pack-v1.pdf'}" in out
    plain = (folder / "pack-v1.pdf").read_bytes()
    sealed = (folder / "outside/pack-v1.pdf").read_bytes()
    with pytest.raises(pikepdf.PasswordError):
        pikepdf.open(io.BytesIO(sealed))
    with pikepdf.open(io.BytesIO(sealed), password=password) as pdf:
        assert pdf.is_encrypted and pdf.encryption.R == 6 and pdf.encryption.bits == 256
        assert pdf.encryption.stream_method.name == "aesv3"
        with pikepdf.open(io.BytesIO(plain)) as original:
            assert len(pdf.pages) == len(original.pages) and text_of(pdf) == text_of(original)
    # The circulation record hashes the plain pack only; the password is stored nowhere in the repository.
    tag = subprocess.run(
        ["git", "tag", "-l", "--format=%(contents)", "pack/2026-12-03/v1"], cwd=root, capture_output=True, text=True
    ).stdout
    assert "pack-v1.pdf" in tag and "outside" not in tag
    objects = subprocess.run(
        ["git", "cat-file", "--batch-all-objects", "--batch"], cwd=root, capture_output=True, check=True
    ).stdout
    assert password.encode() not in objects
    for path in root.rglob("*"):
        if path.is_file():
            assert password.encode() not in path.read_bytes(), path


def test_password_from_the_environment_and_a_weak_one_refused(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "panel", [1])
    code, out, err = run(root, "--encrypt", "--item", "R-0001", env={"PANEL_PACK_PASSWORD": "short"})
    assert code == 2 and "PANEL_PACK_PASSWORD is 5 characters; use at least 12" in err
    assert not (root / "build").exists()
    chosen = "blue-kettle-harbour-9"
    code, out, err = run(root, "--encrypt", "--item", "R-0001", env={"PANEL_PACK_PASSWORD": chosen})
    assert code == 0, err
    assert chosen not in out and "open with the password in PANEL_PACK_PASSWORD" in out
    sealed = root / "build/packs/2026-12-03/outside/R-0001.pdf"
    with pikepdf.open(sealed, password=chosen) as pdf:
        assert pdf.encryption.bits == 256
    assert not (root / "build/packs/2026-12-03/outside/R-0001.docx").exists()
    code, _, err = run(root, "--encrypt", "--format", "docx")
    assert code == 2 and "--encrypt protects PDFs" in err
