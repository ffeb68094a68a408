"""Reading many files of one folder through it, opened once, refuses and reads exactly what read_regular does."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.io.files import FileRefused, Folder, read_regular

LIMIT = 100


def outcome(read: object) -> tuple[str, object]:
    try:
        return "read", read()  # type: ignore[operator]
    except FileRefused as refused:
        return "refused", (refused.code, refused.message, refused.hint)


def test_each_entry_is_read_or_refused_as_read_regular_reads_or_refuses_it(tmp_path: Path) -> None:
    folder = tmp_path / "submissions"
    folder.mkdir()
    (folder / "plain.md").write_bytes(b"---\nid: R-0001\n---\n")
    (folder / "empty.md").write_bytes(b"")
    (folder / "large.md").write_bytes(b"x" * (LIMIT + 1))
    (folder / "link.md").symlink_to(folder / "plain.md")
    (folder / "outside.md").symlink_to(tmp_path / "secret")
    (tmp_path / "secret").write_bytes(b"secret")
    (folder / "folder.md").mkdir()
    os.mkfifo(folder / "fifo.md")
    names = ["plain.md", "empty.md", "large.md", "link.md", "outside.md", "folder.md", "fifo.md", "missing.md"]
    with Folder(tmp_path, "submissions") as opened:
        found = {name: outcome(lambda name=name: opened.read(name, limit=LIMIT)) for name in names}
    expected = {
        name: outcome(lambda name=name: read_regular(folder / name, limit=LIMIT, root=tmp_path)) for name in names
    }
    assert found == expected
    assert found["plain.md"][0] == "read" and found["link.md"][1][0] == "file-symlink"  # type: ignore[index]


@pytest.mark.parametrize("kind", ["link", "file", "missing"])
def test_a_folder_that_is_not_a_real_folder_is_refused(tmp_path: Path, kind: str) -> None:
    """A link to a folder (even inside the repository), a file or nothing in the folder's place is refused, as
    read_regular refuses a file under it."""
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "R-0001.md").write_bytes(b"text")
    place = tmp_path / "submissions"
    if kind == "link":
        place.symlink_to(tmp_path / "elsewhere")
    elif kind == "file":
        place.write_bytes(b"")
    with pytest.raises(FileRefused) as refused:
        Folder(tmp_path, "submissions")
    with pytest.raises(FileRefused) as expected:
        read_regular(place / "R-0001.md", limit=LIMIT, root=tmp_path)
    assert refused.value.code == expected.value.code
