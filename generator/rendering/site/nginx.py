"""An nginx server block that serves the built site only to signed-in readers, with the headers the site needs."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from generator.rendering.site.mkdocs_config import content_security_policy

_NAME = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9.-]{0,250}[A-Za-z0-9])?")
_LISTEN = re.compile(r"(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):\d{1,5}|\d{1,5}")
_PATH = re.compile(r"/[A-Za-z0-9._/@+-]*")
_URL = re.compile(r"https?://[A-Za-z0-9.\[\]:-]+(?:/[A-Za-z0-9._/~-]*)?")


class NginxSettingError(ValueError):
    """A value that cannot go into nginx's configuration safely."""


@dataclass(frozen=True)
class NginxSettings:
    """Where the site is, where nginx listens, and who lets readers in."""

    site: str
    """The built site folder on the server (absolute)."""
    listen: str = "127.0.0.1:8080"
    server_name: str = "_"
    auth: str = "oidc"
    """'oidc': ask an OpenID Connect proxy (oauth2-proxy) with auth_request; 'basic': a password file."""
    proxy: str = "http://127.0.0.1:4180"
    """oauth2-proxy's address (auth: oidc)."""
    htpasswd: str = "/etc/nginx/panel-papers.htpasswd"
    """The password file (auth: basic)."""


def server_name_of(site_url: str) -> str:
    """The host of panel.site_url, or '_' (any name) when none is set."""
    host = urlsplit(site_url).hostname or ""
    return host if _NAME.fullmatch(host) else "_"


def _checked(value: str, pattern: re.Pattern[str], what: str, example: str) -> str:
    if not pattern.fullmatch(value) or ".." in value.split("/"):
        raise NginxSettingError(f"{what} {value!r} cannot be written into nginx's configuration (e.g. {example})")
    return value


def nginx_server(settings: NginxSettings, marking: str) -> str:
    """The `server { ... }` block: nothing without a signed-in reader, no caching, no indexing, the site's CSP."""
    site = _checked(settings.site, _PATH, "--site", "/srv/panel-papers/site")
    listen = _checked(settings.listen, _LISTEN, "--listen", "127.0.0.1:8080")
    name = (
        settings.server_name
        if settings.server_name == "_"
        else _checked(settings.server_name, _NAME, "the server name", "panel.intranet.example")
    )
    if settings.auth == "oidc":
        proxy = _checked(settings.proxy, _URL, "--proxy", "http://127.0.0.1:4180").rstrip("/")
        auth = _OIDC.format(proxy=proxy)
    elif settings.auth == "basic":
        auth = _BASIC.format(htpasswd=_checked(settings.htpasswd, _PATH, "--htpasswd", "/etc/nginx/panel.htpasswd"))
    else:
        raise NginxSettingError(f"--auth must be oidc or basic, not {settings.auth!r}")
    safe_marking = re.sub(r"[^A-Za-z0-9 -]", "", marking)[:60] or "OFFICIAL-SENSITIVE"
    return _SERVER.format(
        marking=safe_marking,
        listen=listen,
        name=name,
        site=site,
        auth=auth,
        csp=content_security_policy(),
    )


_SERVER = """\
# Panel Papers: the panel's internal site ({marking}), written by `panel nginx`.
# Every page is served only to a signed-in reader; nothing is cached, indexed or sent to another site.
# The Content-Security-Policy is the site's own (the same as the <meta> tag in each page); write this
# file again with `panel nginx` after upgrading Panel Papers, as the theme's script hashes may change.
# Serve it over HTTPS: put this server behind the council's TLS proxy, or add `listen 443 ssl;` with
# ssl_certificate and ssl_certificate_key here.
server {{
    listen {listen};
    server_name {name};
    root "{site}";
    index index.html;
    charset utf-8;
    server_tokens off;
    autoindex off;
    disable_symlinks on;

    # These apply to every answer, refusals included (no add_header below, so none is lost).
    add_header Content-Security-Policy "{csp}" always;
    add_header Referrer-Policy "no-referrer" always;
    add_header X-Content-Type-Options "nosniff" always;
    add_header X-Frame-Options "DENY" always;
    add_header X-Robots-Tag "noindex, nofollow" always;
    add_header Cache-Control "no-store" always;
    etag off;
    if_modified_since off;
{auth}
    # Crawlers may read that there is nothing to index; everything else needs a signed-in reader.
    location = /robots.txt {{
        auth_basic off;
        auth_request off;
    }}

    location / {{
        try_files $uri $uri/index.html =404;
    }}

    # Documents attached to referrals and meetings' papers: each served as its own type whatever types the
    # enclosing http block knows (and, with nosniff above, never read as a page or a script).
    location ~* \\.pdf$ {{
        types {{ }}
        default_type application/pdf;
        try_files $uri =404;
    }}
    location ~* \\.png$ {{
        types {{ }}
        default_type image/png;
        try_files $uri =404;
    }}
    location ~* \\.jpe?g$ {{
        types {{ }}
        default_type image/jpeg;
        try_files $uri =404;
    }}
    location ~* \\.docx$ {{
        types {{ }}
        default_type application/vnd.openxmlformats-officedocument.wordprocessingml.document;
        try_files $uri =404;
    }}
    location ~* \\.odt$ {{
        types {{ }}
        default_type application/vnd.oasis.opendocument.text;
        try_files $uri =404;
    }}
}}
"""

_OIDC = """
    # Who is signed in is oauth2-proxy's answer (OpenID Connect with Microsoft Entra ID or GitLab):
    # 2xx lets the request through, 401 sends the reader to sign in.
    auth_request /oauth2/auth;
    error_page 401 = @sign_in;
    auth_basic off;

    location @sign_in {{
        return 302 /oauth2/sign_in?rd=$request_uri;
    }}

    location /oauth2/ {{
        auth_request off;
        proxy_pass {proxy};
        proxy_set_header Host $host;
        proxy_set_header X-Real-IP $remote_addr;
        proxy_set_header X-Forwarded-Proto $scheme;
        proxy_set_header X-Auth-Request-Redirect $request_uri;
    }}

    location = /oauth2/auth {{
        internal;
        auth_request off;
        proxy_pass {proxy};
        proxy_set_header Host $host;
        proxy_set_header X-Forwarded-Proto $scheme;
        proxy_set_header Content-Length "";
        proxy_pass_request_body off;
    }}
"""

_BASIC = """
    # A password file (the stand-in when no identity provider is in front): each reader a line made by
    # `htpasswd -B {htpasswd} NAME` (apache2-utils). Put the council's identity provider in front for real use.
    auth_basic "Panel Papers";
    auth_basic_user_file "{htpasswd}";
"""
