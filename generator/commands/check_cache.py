"""The check cache: what reading each referral found, kept under build/, reused while nothing it depends on changed.

An entry is reused only for the same file content (its SHA-256; the file's size, times and inode only spare
re-reading a file untouched since well before the cache was written), under the same panel.yml, the same
Panel Papers code and the same day (deadline rules read the clock). The cache is safe to delete.

The cache file is as hostile as any other file in the repository: it is read only when it is a regular file
within its size bound and carries a valid HMAC-SHA256 made with a key kept outside the repository (in the
user's cache folder), so a crafted or corrupt cache is ignored and rebuilt, never unpickled.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import hmac
import os
import pickle
import secrets
import stat
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import generator
from generator.domain.config import CONFIG_NAME
from generator.domain.referrals import Referral
from generator.io import files
from generator.io.diagnostics import Diagnostic

CACHE_FOLDER = Path("build") / "check-cache"
CACHE_PATH = CACHE_FOLDER / "cache"
IGNORE_ALL = "# Written by panel check: a cache, never committed (git ignores this folder).\n*\n"
"""The folder ignores itself, as pytest's cache does, even in a repository whose .gitignore misses build/."""
MAX_CACHE_BYTES = 1_000_000_000
"""A 10,000-referral repository makes a cache of a few tens of megabytes."""
MAX_CONFIG_BYTES = 5_000_000
FORMAT = b"panel-check-cache 2"
RACY_SECONDS = 2.0
"""A file changed this close to the moment the cache was written may have kept its size and times: re-hash it."""
KEY_NAME = "check-cache.key"

Entry = tuple[Referral | None, list[Diagnostic]]
Stamp = tuple[int, int, int, int]
"""(size, modification time, change time, inode), times in nanoseconds: unchanged, the content very likely is too."""


def _key_folder() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "panel-papers"


def _secret() -> bytes | None:
    """This user's HMAC key (made on first use); None when it cannot be kept (then there is no cache)."""
    path = _key_folder() / KEY_NAME
    for attempt in range(2):
        try:
            key = files.read_regular(path, limit=64)
            if len(key) == 32:
                return key
        except (OSError, files.FileRefused):
            pass
        if attempt:
            break
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            files.write_atomic(path, secrets.token_bytes(32))
            os.chmod(path, 0o600)
        except OSError:
            break
    return None


def _code_digest() -> str:
    """Panel Papers' version and its code as installed (so an edited checkout is a new version too)."""
    digest = hashlib.sha256(generator.__version__.encode())
    package = Path(generator.__file__).parent
    for folder, _, names in sorted(os.walk(package)):
        for name in sorted(names):
            if name.endswith(".py"):
                info = os.stat(os.path.join(folder, name))
                digest.update(f"{folder}/{name}:{info.st_size}:{info.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def content_digest(path: Path, root: Path) -> bytes | None:
    """The SHA-256 of a regular file's content, as entries are kept under; None when it cannot be read."""
    try:
        info = os.lstat(path)
        if not stat.S_ISREG(info.st_mode):
            return None
        return hashlib.sha256(files.read_regular(path, limit=MAX_CACHE_BYTES, root=root)).digest()
    except (OSError, files.FileRefused):
        return None


def stamp_of(info: os.stat_result) -> Stamp:
    """What the cache compares before trusting a file unread."""
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)


Key = tuple[str, str]
Kept = tuple[Stamp, bytes, bytes, bytes]
"""An entry: the file's stamp, its content's digest, the entry's scope and what was found, pickled."""


@dataclass
class CheckCache:
    """Entries by (table, the file's path from the root): (stamp, content digest, scope, pickled entry).

    Table "read" holds what reading a referral found; "scan" what the identifier scan found in a record file,
    whose scope adds the children's names it looks for; "document" what inspecting an attached document found.

    On disk the cache is two files, each one blob with one HMAC: `cache`, every entry as it was when it was last
    written whole, and `changes`, the entries changed or gone since (bound to that very `cache` by its HMAC), so
    that a check after one file changed writes a few kilobytes, not every entry again.
    """

    path: Path
    scope: bytes
    secret: bytes
    written_ns: int = 0
    """When `cache` was written: a file changed less than RACY_SECONDS before may have kept its stamp."""
    entries: dict[Key, Kept] = field(default_factory=dict)
    changed: bool = False
    base: bytes | None = None
    """The HMAC of the `cache` file the entries were loaded from (None: there is none to add changes to)."""
    recent: dict[Key, Kept | None] = field(default_factory=dict)
    """Entries changed (None: gone) since `cache` was written: what `changes` holds."""
    recent_ns: int = 0
    """When `changes` was last written (the racy moment of the entries in it)."""

    def lookup(
        self, path: Path, display: str, root: Path, table: str = "read", scope: bytes = b""
    ) -> tuple[Any, bytes | None]:
        """The cached entry for this file, or None and (when it could be read) the digest to store it under."""
        key = (table, display)
        kept = self.entries.get(key)
        if kept is not None and kept[2] != scope:
            kept = None
        try:
            info = os.lstat(path)
        except OSError:
            return None, None
        if not stat.S_ISREG(info.st_mode):
            return None, None
        current = stamp_of(info)
        written = self.recent_ns if key in self.recent else self.written_ns
        racy = info.st_mtime_ns >= written - int(RACY_SECONDS * 1e9)
        digest = None
        if kept is None or kept[0] != current or racy:
            digest = content_digest(path, root)
            if digest is None:
                return None, None
            if kept is None or kept[1] != digest:
                return None, digest
            if kept[0] != current:
                self._keep(key, (current, digest, scope, kept[3]))
        try:
            return pickle.loads(kept[3]), digest  # authenticated by the HMAC before anything is unpickled
        except Exception:  # an entry this code cannot read is simply not used
            return None, digest

    def holds(self, display: str, table: str = "read") -> bool:
        """Whether an entry is kept for this file (when not, `lookup` has nothing to compare: only a digest)."""
        return (table, display) in self.entries

    def store(
        self,
        path: Path,
        display: str,
        digest: bytes,
        entry: Any,
        table: str = "read",
        scope: bytes = b"",
        *,
        blob: bytes | None = None,
    ) -> None:
        """Keep `entry` for the file whose content has `digest`, found under `scope` (`blob`: it, pickled)."""
        try:
            current = stamp_of(os.lstat(path))
        except OSError:
            return
        blob = blob if blob is not None else pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL)
        self._keep((table, display), (current, digest, scope, blob))

    def _keep(self, key: Key, kept: Kept | None) -> None:
        if kept is None:
            self.entries.pop(key, None)
        else:
            self.entries[key] = kept
        self.recent[key] = kept
        self.changed = True

    def keep_only(self, table: str, displays: set[str]) -> None:
        """Forget the files of `table` that are gone."""
        for key in [key for key in self.entries if key[0] == table and key[1] not in displays]:
            self._keep(key, None)

    def save(self) -> None:
        """Write what changed atomically: only `changes` while it stays small, else the whole `cache` (a failure to
        write costs only the next run's time)."""
        if not self.changed:
            return
        now = time.time_ns()
        whole = self.base is None or len(self.recent) > max(MERGE_FROM, len(self.entries) // MERGE_FRACTION)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            ignore = self.path.parent / ".gitignore"
            if files.entry_mode(ignore) is None:
                files.write_atomic(ignore, IGNORE_ALL)
            if whole:
                payload = pickle.dumps((self.scope, now, self.entries), protocol=pickle.HIGHEST_PROTOCOL)
                signature = _sign(self.secret, payload)
                files.write_atomic(self.path, FORMAT + b"\n" + signature + payload)
                self.base, self.written_ns, self.recent = signature, now, {}
                _remove(self.path.with_name(CHANGES_NAME))  # bound to the old `cache`: ignored even if it stayed
            else:
                assert self.base is not None
                payload = pickle.dumps((self.base, now, self.recent), protocol=pickle.HIGHEST_PROTOCOL)
                signature = _sign(self.secret, CHANGES_NAME.encode() + self.base + payload)
                files.write_atomic(self.path.with_name(CHANGES_NAME), FORMAT + b"\n" + signature + payload)
                self.recent_ns = now
            self.changed = False
        except OSError:
            pass


CHANGES_NAME = "changes"
MERGE_FROM = 256
MERGE_FRACTION = 8
"""`changes` is folded into `cache` once it holds more than MERGE_FROM entries and an eighth of all of them."""


def _sign(secret: bytes, payload: bytes) -> bytes:
    return hmac.new(secret, FORMAT + payload, hashlib.sha256).digest()


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)


def open_cache(root: Path, today: dt.date) -> CheckCache | None:
    """The repository's cache, empty when missing, stale, corrupt or forged; None when none can be kept."""
    secret = _secret()
    if secret is None:
        return None
    try:
        config = files.read_regular(root / CONFIG_NAME, limit=MAX_CONFIG_BYTES, root=root)
    except (OSError, files.FileRefused):
        return None
    scope = hashlib.sha256(
        b"\0".join([FORMAT, _code_digest().encode(), hashlib.sha256(config).digest(), today.isoformat().encode()])
    ).digest()
    cache = CheckCache(root / CACHE_PATH, scope, secret)
    loaded = _load(root, cache.path, secret)
    if loaded is None:
        cache.changed = True
        return cache
    signature, payload = loaded
    try:
        kept_scope, written, entries = pickle.loads(payload)  # authenticated by the HMAC just checked
    except Exception:
        kept_scope = None
    if kept_scope != scope or not isinstance(written, int) or not isinstance(entries, dict):
        cache.changed = True
        return cache
    cache.written_ns, cache.entries, cache.base = written, entries, signature
    changes = _load(root, cache.path.with_name(CHANGES_NAME), secret, CHANGES_NAME.encode() + signature)
    if changes is not None:
        try:
            base, recent_ns, recent = pickle.loads(changes[1])
        except Exception:
            base = None
        if base == signature and isinstance(recent_ns, int) and isinstance(recent, dict):
            for key, kept in recent.items():
                cache._keep(key, kept)
            cache.recent_ns, cache.changed = recent_ns, False
    return cache


def _load(root: Path, path: Path, secret: bytes, bound: bytes = b"") -> tuple[bytes, bytes] | None:
    """The HMAC and payload of one of the cache's files, when it is a regular file that carries a valid HMAC over
    `bound` and its payload (else None: never unpickled)."""
    try:
        raw = files.read_regular(path, limit=MAX_CACHE_BYTES, root=root)
    except (OSError, files.FileRefused):
        return None
    head = FORMAT + b"\n"
    if not raw.startswith(head) or len(raw) < len(head) + 32:
        return None
    signature, payload = raw[len(head) : len(head) + 32], raw[len(head) + 32 :]
    if not hmac.compare_digest(signature, _sign(secret, bound + payload)):
        return None
    return signature, payload
