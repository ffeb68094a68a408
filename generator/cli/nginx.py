"""`panel nginx`."""

from __future__ import annotations

from pathlib import Path

import click

from generator.cli.common import root_option
from generator.commands.nginx import nginx_config
from generator.rendering.site.nginx import NginxSettings


@click.command()
@root_option
@click.option(
    "--site", default="/srv/panel-papers/site", show_default=True, help="Where the built site is on the server."
)
@click.option("--listen", default="127.0.0.1:8080", show_default=True, help="Address and port nginx listens on.")
@click.option("--server-name", default="_", help="The site's host name (default: the host of panel.site_url).")
@click.option(
    "--auth",
    type=click.Choice(["oidc", "basic"]),
    default="oidc",
    show_default=True,
    help="oidc: ask an OpenID Connect proxy (oauth2-proxy) for every request; basic: a password file.",
)
@click.option("--proxy", default="http://127.0.0.1:4180", show_default=True, help="oauth2-proxy's address (oidc).")
@click.option(
    "--htpasswd", default="/etc/nginx/panel-papers.htpasswd", show_default=True, help="The password file (basic)."
)
@click.option(
    "--output", type=click.Path(dir_okay=False, path_type=Path), default=None, help="Write to FILE, not stdout."
)
def nginx(
    root: Path,
    site: str,
    listen: str,
    server_name: str,
    auth: str,
    proxy: str,
    htpasswd: str,
    output: Path | None,
) -> None:
    """Print an nginx server block that serves the built site only to signed-in readers.

    Every answer carries the site's Content-Security-Policy, Referrer-Policy: no-referrer,
    X-Content-Type-Options: nosniff and Cache-Control: no-store; robots.txt forbids indexing.
    """
    settings = NginxSettings(site, listen, server_name, auth, proxy, htpasswd)
    text = nginx_config(root, settings, output)
    if output is None:
        click.echo(text, nl=False)
    else:
        click.echo(f"wrote {output}")
