"""`panel serve`: build, then preview with MkDocs' live-reloading server while the sources are watched."""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

from generator.commands.build import BUILD_DIR, generate, site_not_built
from generator.commands.errors import config_or_fail
from generator.io.buildlock import build_lock
from generator.io.diagnostics import ProblemsFound
from generator.io.faults import Fault, describe
from generator.io.tree import MEETINGS, SUBMISSIONS

WATCHED = ("panel.yml", "mkdocs.yml", SUBMISSIONS, MEETINGS, "templates", "build/packs")


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
    while not stop.wait(1.0):
        current = snapshot(root)
        if current == seen:
            continue
        seen = current
        regenerate(root, now, report)


def serve(root: Path, now: Callable[[], dt.datetime], host: str, port: int, report: Callable[[str], None]) -> None:
    """Generate the pages, then serve them at http://host:port/ until interrupted."""
    from mkdocs.commands.serve import serve as mkdocs_serve

    root = root.resolve()
    with build_lock(root, report):
        generate(root, now())
    stop = threading.Event()
    watcher = threading.Thread(target=watch, args=(root, now, report, stop), daemon=True)
    watcher.start()
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    try:
        mkdocs_serve(str(root / BUILD_DIR / "mkdocs.yml"), dev_addr=f"{host}:{port}", livereload=True)
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
