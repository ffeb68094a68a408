"""`panel serve`: build, then preview with MkDocs' live-reloading server while the sources are watched."""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable
from pathlib import Path

from ..diagnostics import ProblemsFound
from .build import BUILD_DIR, generate

WATCHED = ("panel.yml", "submissions", "meetings", "templates", "build/packs")


def snapshot(root: Path) -> dict[str, float]:
    """Modification time of every watched source file."""
    found: dict[str, float] = {}
    for name in WATCHED:
        path = root / name
        paths = [path] if path.is_file() else (p for p in path.rglob("*") if p.is_file()) if path.is_dir() else []
        for item in paths:
            found[item.as_posix()] = item.stat().st_mtime
    return found


def watch(root: Path, now: Callable[[], dt.datetime], report: Callable[[str], None], stop: threading.Event) -> None:
    """Regenerate the markdown pages whenever a source changes; MkDocs' server picks up the new pages."""
    seen = snapshot(root)
    while not stop.wait(1.0):
        current = snapshot(root)
        if current == seen:
            continue
        seen = current
        try:
            made = generate(root, now())
            report(f"regenerated {len(made.written)} page(s)")
        except ProblemsFound as exc:
            for d in exc.diagnostics.sorted()[:10]:
                report(d.format())
            report("not regenerated: fix the problems above")


def serve(root: Path, now: Callable[[], dt.datetime], host: str, port: int, report: Callable[[str], None]) -> None:
    """Generate the pages, then serve them at http://host:port/ until interrupted."""
    from mkdocs.commands.serve import serve as mkdocs_serve

    root = root.resolve()
    generate(root, now())
    stop = threading.Event()
    watcher = threading.Thread(target=watch, args=(root, now, report, stop), daemon=True)
    watcher.start()
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    try:
        mkdocs_serve(str(root / BUILD_DIR / "mkdocs.yml"), dev_addr=f"{host}:{port}", livereload=True)
    finally:
        stop.set()
