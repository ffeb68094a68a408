"""`panel serve`: build the site as `panel build` does (only what changed), serve it, rebuild on every saved change.

The preview is the built site in build/preview/, swapped in whole by each build, served by MkDocs' live-reloading
server (browsers reload when a build finishes). While the last build failed, every page is the error page with
the problems: never a page's old text as if it were current. Fixing the files rebuilds and shows the site again.
"""

from __future__ import annotations

import datetime as dt
import html
import logging
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from generator.commands.build import build_site, site_not_built
from generator.commands.errors import config_or_fail
from generator.io.buildlock import build_lock
from generator.io.diagnostics import ProblemsFound
from generator.io.faults import Fault, describe
from generator.io.packaged import OVERRIDES
from generator.io.tree import MEETINGS, SUBMISSIONS

PREVIEW = Path("build") / "preview"
WATCHED = (SUBMISSIONS, MEETINGS, OVERRIDES, "build/packs")
"""Folders watched (with everything in them); the files at the top of the repository (panel.yml...) are too."""
MAX_SHOWN = 10
"""Problems printed, and shown on the error page, after a failed build."""


class Preview:
    """The state of the preview: the problems of the last build (None when it succeeded)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.problems: list[str] | None = None

    def failed(self, problems: list[str]) -> None:
        """The last build failed with these problems."""
        with self.lock:
            self.problems = problems

    def built(self) -> None:
        """The last build succeeded."""
        with self.lock:
            self.problems = None

    def error_page(self) -> bytes | None:
        """The page every page is while the last build failed (None: it succeeded)."""
        with self.lock:
            problems = self.problems
        if problems is None:
            return None
        items = "".join(f"<li><code>{html.escape(p)}</code></li>" for p in problems)
        return (
            '<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="robots" content="noindex">'
            "<title>The preview is not up to date</title></head><body><main>"
            "<h1>The preview is not up to date</h1>"
            "<p>The site could not be rebuilt after the last change, so no page is shown until it can be: "
            "fix the problems below and save (the preview rebuilds and reloads by itself).</p>"
            f"<ul>{items}</ul></main></body></html>"
        ).encode()


def rebuild(
    root: Path, now: Callable[[], dt.datetime], report: Callable[[str], None], preview: Preview | None = None
) -> bool:
    """Build the preview once; whatever goes wrong is reported (and shown), never raised, so serving carries on."""
    shown: list[str] = []

    def problem(text: str) -> None:
        shown.append(text)
        report(text)

    try:
        with build_lock(root, report):
            result = build_site(root, now(), output=root / PREVIEW)
    except ProblemsFound as exc:
        for d in exc.diagnostics.sorted()[:MAX_SHOWN]:
            problem(d.format())
    except Fault as exc:
        problem(f"error: {exc}")
    except OSError as exc:
        problem(f"error: {describe(exc)}")
    except Exception as exc:  # a long-running preview must outlive any one bad state of the files
        problem(f"error: {type(exc).__name__}: {exc}")
    else:
        if preview is not None:
            preview.built()
        report(f"regenerated {result.written} page(s)")
        return True
    if preview is not None:
        preview.failed(shown)
    report("not regenerated: fix the problems above (still watching; saving a file tries again)")
    return False


def _server(root: Path, host: str, port: int, builder: Callable[[], None], preview: Preview) -> Any:
    """MkDocs' live-reloading server over the built preview, showing the error page while a build has failed."""
    from mkdocs.livereload import LiveReloadServer

    class PreviewServer(LiveReloadServer):
        def _serve_request(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes] | None:
            page = preview.error_page()
            path = str(environ.get("PATH_INFO", ""))
            if page is None or path.startswith("/livereload/") or not (path.endswith((".html", "/"))):
                return super()._serve_request(environ, start_response)
            with self._epoch_cond:
                epoch = self._visible_epoch
            content: bytes = self._inject_js_into_html(page, epoch)  # type: ignore[no-untyped-call]
            start_response(
                "500 Internal Server Error",
                [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(content)))],
            )
            return [content]

    server = PreviewServer(builder, host, port, str(root / PREVIEW))
    server.observer = _changes_observer()
    server.watch(str(root), recursive=False)
    for name in WATCHED:
        if (root / name).is_dir():
            server.watch(str(root / name))
    return server


def _changes_observer() -> Any:
    """The system's own file watcher (inotify on Linux), told only of changes, not of files opened or read.

    MkDocs' server polls instead: every half second it lists and stats every watched file (4,000 and more in a large
    panel), taking the processor from the build it is waiting for and seeing a saved change up to half a second late.
    Only changes may start a build: every build reads the watched files, which must not start another.
    """
    from watchdog import events
    from watchdog.observers import Observer

    changes: list[type[events.FileSystemEvent]] = [
        events.FileCreatedEvent,
        events.FileModifiedEvent,
        events.FileClosedEvent,
        events.FileDeletedEvent,
        events.FileMovedEvent,
    ]

    class Changes(Observer):  # type: ignore[misc,valid-type]
        def schedule(self, handler: Any, path: Any, *, recursive: bool = False, **options: Any) -> Any:
            return super().schedule(handler, path, recursive=recursive, event_filter=changes)

    return Changes()


def serve(root: Path, now: Callable[[], dt.datetime], host: str, port: int, report: Callable[[str], None]) -> None:
    """Build the site, then serve it at http://host:port/ until interrupted, rebuilding on every change."""
    root = root.resolve()
    with build_lock(root, report):
        build_site(root, now(), output=root / PREVIEW)
    preview = Preview()
    logging.getLogger("mkdocs").setLevel(logging.WARNING)

    def builder() -> None:
        rebuild(root, now, report, preview)

    server = _server(root, host, port, builder, preview)
    try:
        server.serve()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()


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
