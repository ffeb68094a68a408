"""`panel nginx`: write the web server's configuration for the built site."""

from __future__ import annotations

from pathlib import Path

from generator.commands.errors import EXIT_USAGE, PanelError, config_or_fail
from generator.io.files import write_atomic
from generator.rendering.site.nginx import NginxSettingError, NginxSettings, nginx_server, server_name_of


def nginx_config(root: Path, settings: NginxSettings, output: Path | None) -> str:
    """The server block for the panel at `root` (server name from panel.site_url unless given); written to `output`."""
    config = config_or_fail(root)
    if settings.server_name == "_":
        settings = NginxSettings(**{**settings.__dict__, "server_name": server_name_of(config.panel.site_url)})
    try:
        text = nginx_server(settings, config.panel.marking)
    except NginxSettingError as exc:
        raise PanelError(f"error: {exc}", exit_code=EXIT_USAGE) from exc
    if output is not None:
        write_atomic(output, text)
    return text
