"""`panel serve`: build, then preview with MkDocs' live-reloading server while the sources are watched.

After the first build MkDocs rebuilds only the pages whose markdown changed (a dirty build, as `panel build` does),
so a saved referral shows in about the time its own pages take; a changed mkdocs.yml (the navigation) rebuilds
every page, a removed page's HTML is removed, and the search index keeps the entries of the pages not rebuilt.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import logging
import os
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from generator.commands.build import BUILD_DIR, SEARCH_INDEX, generate, html_path, merge_search_index, site_not_built
from generator.commands.errors import config_or_fail
from generator.io.buildlock import build_lock
from generator.io.diagnostics import ProblemsFound
from generator.io.faults import Fault, describe
from generator.io.tree import MEETINGS, SUBMISSIONS

WATCHED = ("panel.yml", "mkdocs.yml", SUBMISSIONS, MEETINGS, "templates", "build/packs")
POLL_SECONDS = 0.5
"""How often the sources are looked at: a saved change waits a quarter of a second on average to be seen."""


def _files(path: Path) -> Iterator[Path]:
    """`path` if it is a file, else the files under it; a file that vanishes while we look is skipped."""
    if path.is_file():
        yield path
    elif path.is_dir():
        with contextlib.suppress(OSError):
            for item in path.rglob("*"):
                if item.is_file():
                    yield item


def snapshot(root: Path) -> dict[str, float]:
    """Modification time of every watched source file (editors create and delete files as we look)."""
    found: dict[str, float] = {}
    for name in WATCHED:
        for item in _files(root / name):
            with contextlib.suppress(OSError):
                found[item.as_posix()] = item.stat().st_mtime
    return found


def regenerate(root: Path, now: Callable[[], dt.datetime], report: Callable[[str], None]) -> bool:
    """Regenerate the pages once; whatever goes wrong is reported, never raised, so the watcher carries on."""
    try:
        with build_lock(root, report):
            made = generate(root, now())
    except ProblemsFound as exc:
        for d in exc.diagnostics.sorted()[:10]:
            report(d.format())
    except Fault as exc:
        report(f"error: {exc}")
    except OSError as exc:
        report(f"error: {describe(exc)}")
    except Exception as exc:  # a long-running preview must outlive any one bad state of the files
        report(f"error: {type(exc).__name__}: {exc}")
    else:
        report(f"regenerated {len(made.written)} page(s)")
        return True
    report("not regenerated: fix the problems above (still watching; saving a file tries again)")
    return False


def watch(root: Path, now: Callable[[], dt.datetime], report: Callable[[str], None], stop: threading.Event) -> None:
    """Regenerate the markdown pages whenever a source changes; MkDocs' server picks up the new pages."""
    seen = snapshot(root)
    while not stop.wait(POLL_SECONDS):
        current = snapshot(root)
        if current == seen:
            continue
        seen = current
        regenerate(root, now, report)


class DirtyBuilder:
    """MkDocs builds of the preview: in full the first time and whenever mkdocs.yml changed, else only changed pages."""

    def __init__(self, config_file: Path, site_dir: Path) -> None:
        self.config_file = config_file
        self.docs = config_file.parent / "docs"
        self.site_dir = site_dir
        self.built_config: bytes | None = None
        self.built_pages: set[str] = set()

    def _pages(self) -> set[str]:
        found: set[str] = set()
        for folder, _, names in os.walk(self.docs):
            relative = Path(folder).relative_to(self.docs).as_posix()
            found.update(name if relative == "." else f"{relative}/{name}" for name in names)
        return found

    def __call__(self, config: Any, serve_url: str) -> None:
        """Build the site for MkDocs' server (its builder), from `config` as MkDocs loaded it."""
        from mkdocs.commands.build import build

        digest = hashlib.sha256(self.config_file.read_bytes()).digest()
        pages = self._pages()
        index = self.site_dir / SEARCH_INDEX
        if digest != self.built_config or not index.is_file():
            build(config, serve_url=serve_url, dirty=False)  # cleans the folder first
        else:
            removed = sorted(self.built_pages - pages)
            for path in removed:
                (self.site_dir / html_path(path)).unlink(missing_ok=True)
            old = index.read_text(encoding="utf-8")
            build(config, serve_url=serve_url, dirty=True)
            merge_search_index(old, index, removed)
        self.built_config, self.built_pages = digest, pages


def _preview(config_file: Path, host: str, port: int) -> None:
    """MkDocs' live-reloading server, as `mkdocs serve` runs it, over the preview's folder, built by DirtyBuilder."""
    from mkdocs.config import load_config
    from mkdocs.livereload import LiveReloadServer, _serve_url

    site_dir = Path(tempfile.mkdtemp(prefix="panel-serve-"))
    dirty = DirtyBuilder(config_file, site_dir)

    def get_config() -> Any:
        return load_config(config_file=str(config_file), site_dir=str(site_dir), dev_addr=f"{host}:{port}")

    config = get_config()
    config.plugins.on_startup(command="serve", dirty=True)
    mount_path = urlsplit(config.site_url or "/").path
    serve_url = _serve_url(host, port, mount_path)

    def builder(loaded: Any = None) -> None:
        loaded = loaded if loaded is not None else get_config()
        loaded.site_url = serve_url
        dirty(loaded, serve_url)

    server = LiveReloadServer(builder=builder, host=host, port=port, root=str(site_dir), mount_path=mount_path)

    def error_page(code: int) -> bytes | None:
        page = site_dir / f"{code}.html"
        return page.read_bytes() if code in (404, 500) and page.is_file() else None

    server.error_handler = error_page
    try:
        builder(config)
        server.watch(config.docs_dir)
        server.watch(str(config_file))
        server = config.plugins.on_serve(server, config=config, builder=builder)
        try:
            server.serve()
        except KeyboardInterrupt:
            pass
        finally:
            server.shutdown()
    finally:
        config.plugins.on_shutdown()
        shutil.rmtree(site_dir, ignore_errors=True)


def serve(root: Path, now: Callable[[], dt.datetime], host: str, port: int, report: Callable[[str], None]) -> None:
    """Generate the pages, then serve them at http://host:port/ until interrupted."""
    root = root.resolve()
    with build_lock(root, report):
        generate(root, now())
    stop = threading.Event()
    watcher = threading.Thread(target=watch, args=(root, now, report, stop), daemon=True)
    watcher.start()
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    try:
        _preview(root / BUILD_DIR / "mkdocs.yml", host, port)
    finally:
        stop.set()


def serve_panel(
    root: Path,
    now: Callable[[], dt.datetime],
    host: str,
    port: int,
    announce: Callable[[str], None],
    report: Callable[[str], None],
) -> None:
    """`panel serve`: check panel.yml, `announce` the address, then serve until stopped (PanelError on problems)."""
    config_or_fail(root)
    announce(f"serving the panel's site at http://{host}:{port}/ (Ctrl+C to stop)")
    try:
        serve(root, now, host, port, report)
    except ProblemsFound as exc:
        raise site_not_built(exc) from exc
