"""Atomic writes: readers never see half a file, and nothing is overwritten by accident."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.io.files import create_new, write_atomic, write_folder


def test_write_atomic_replaces_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "deep" / "agenda.md"
    write_atomic(target, "one\n")
    write_atomic(target, "two\r\n", newline="")
    assert target.read_bytes() == b"two\r\n"
    assert sorted(p.name for p in target.parent.iterdir()) == ["agenda.md"]


def test_write_atomic_failure_keeps_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "agenda.md"
    write_atomic(target, "old\n")
    with pytest.raises(UnicodeEncodeError):
        write_atomic(target, "bad \udc80\n")
    assert target.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["agenda.md"]


def test_create_new_never_overwrites(tmp_path: Path) -> None:
    target = tmp_path / "R-0001.md"
    create_new(target, "first\n")
    with pytest.raises(FileExistsError):
        create_new(target, "second\n")
    assert target.read_text() == "first\n"
    assert [p.name for p in tmp_path.iterdir()] == ["R-0001.md"]


def test_write_folder_keeps_unchanged_files_and_removes_the_rest(tmp_path: Path) -> None:
    folder = tmp_path / "admin"
    write_folder(folder, {"index.html": b"<p>one</p>", "config.yml": b"a: 1\n"})
    kept = (folder / "index.html").stat().st_ino
    (folder / "stray").mkdir()
    (folder / "old.js").write_text("x")
    (folder / "link").symlink_to(tmp_path)
    write_folder(folder, {"index.html": b"<p>one</p>", "config.yml": b"a: 2\n"})
    assert sorted(p.name for p in folder.iterdir()) == ["config.yml", "index.html"]
    assert (folder / "index.html").stat().st_ino == kept
    assert (folder / "config.yml").read_bytes() == b"a: 2\n"
    assert tmp_path.is_dir()  # the link was removed, not followed
