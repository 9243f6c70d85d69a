"""Origin checks for websockets.

A browser always sends ``Origin``; a page from anywhere else, another site or only another
port of the same host, must not open a socket that rides on the facilitator's session cookie.
So a present Origin must be exactly the origin the socket was served at (scheme, host and
port, the host one of ALLOWED_HOSTS) or the origin of ``WARGAME_PUBLIC_URL``. Scripts and
notebooks send no Origin and carry no ambient credentials, only their token: they pass.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from channels.security.websocket import WebsocketDenier
from django.conf import settings
from django.http.request import split_domain_port, validate_host

DEFAULT_PORTS = {"http": 80, "https": 443}


def origin_of(url: str) -> tuple[str, str, int] | None:
    """``(scheme, host, port)`` of an http(s) URL or Origin header, or None."""
    try:
        parts = urlsplit(url.strip())
        scheme, host, port = parts.scheme.lower(), (parts.hostname or "").lower(), parts.port
    except ValueError:
        return None
    if scheme not in DEFAULT_PORTS or not host:
        return None
    return scheme, host, port or DEFAULT_PORTS[scheme]


def served_origin(scope: dict, headers: dict[bytes, bytes]) -> tuple[str, str, int] | None:
    """The origin a page that opened this socket legitimately has: the socket's own scheme
    (behind a TLS proxy, the one SECURE_PROXY_SSL_HEADER names), its Host and port."""
    scheme = "https" if scope.get("scheme") in ("wss", "https") else "http"
    proxy = settings.SECURE_PROXY_SSL_HEADER
    if proxy:
        name = proxy[0].removeprefix("HTTP_").replace("_", "-").lower().encode("latin-1")
        if headers.get(name, b"").decode("latin-1").split(",")[0].strip() == proxy[1]:
            scheme = "https"
    host = headers.get(b"host", b"").decode("latin-1")
    if not host and scope.get("server"):
        server_host, server_port = scope["server"][0], scope["server"][1]
        host = f"{server_host}:{server_port}" if server_port else server_host
    domain, _ = split_domain_port(host)
    if not domain or not validate_host(domain, settings.ALLOWED_HOSTS):
        return None
    return origin_of(f"{scheme}://{host}")


def allowed_origin(scope: dict) -> bool:
    headers = {name.lower(): value for name, value in scope.get("headers", [])}
    origin = headers.get(b"origin")
    if origin is None:
        return True
    sent = origin_of(origin.decode("latin-1"))
    if sent is None:  # "null" (a sandboxed page, a file) or no web origin at all
        return False
    public = origin_of(settings.WARGAME_PUBLIC_URL) if settings.WARGAME_PUBLIC_URL else None
    return sent == served_origin(scope, headers) or (public is not None and sent == public)


class SameOriginValidator:
    """Refuses (HTTP 403 at the handshake) a websocket whose Origin is not the served one."""

    def __init__(self, application) -> None:
        self.application = application

    async def __call__(self, scope, receive, send):
        if scope["type"] == "websocket" and not allowed_origin(scope):
            return await WebsocketDenier()(scope, receive, send)
        return await self.application(scope, receive, send)


def validate_origins(application):
    return SameOriginValidator(application)
