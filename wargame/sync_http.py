"""Django's HTTP requests under daphne, each run whole on one of a few kept threads.

Django's ASGI handler gives every request a thread of its own, then hops between the event loop
and that thread at each middleware that is not async (most of them, and WhiteNoise), and again
for the view; each new thread opens a new database connection. Every request, however small,
paid for a thread, a connection and a dozen hops (docs/benchmarks.md, "Burst").

Here the event loop reads the request's body, then one hop hands the whole request to Django's
WSGI handler on one of ``WARGAME_HTTP_THREADS`` threads kept for the life of the process, each
keeping its connection (``CONN_MAX_AGE``, or the PostgreSQL pool); one hop brings the response
back. Everything else is Django's own request handling, middleware and views, as the test
client runs them. A streaming response (a static file, the log's export) is sent from its
thread in pieces of at least ``FLUSH_BYTES``.

At most ``WARGAME_HTTP_QUEUE`` requests wait for a thread: a server that has fallen that far
behind answers the next one at once with ``503`` and ``Retry-After`` instead of queueing work
(and memory) without bound.
"""

from __future__ import annotations

import json
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor

from asgiref.sync import AsyncToSync, SyncToAsync
from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler

# Request bodies up to this size stay in memory; larger ones (an uploaded log) go to a file.
SPOOL_BYTES = 1 << 20
BUSY_SECONDS = 1
# A streamed response goes out in pieces of at least this many bytes (the last may be less).
FLUSH_BYTES = 256 << 10


class SyncHttp:
    """An ASGI application for ``http`` scopes (wargame/asgi.py)."""

    def __init__(self, threads: int | None = None, queue: int | None = None) -> None:
        self.handler = WSGIHandler()
        self.threads = threads or settings.WARGAME_HTTP_THREADS
        self.queue = settings.WARGAME_HTTP_QUEUE if queue is None else queue
        self.executor = ThreadPoolExecutor(self.threads, thread_name_prefix="wargame-http")
        self.in_flight = 0  # requests handed to the threads and not answered yet

    async def __call__(self, scope: dict, receive, send) -> None:
        if scope["type"] != "http":
            raise ValueError(f"{type(self).__name__} serves http scopes, not {scope['type']}")
        if self.in_flight >= self.threads + self.queue:
            await _busy(scope, send)
            return
        self.in_flight += 1
        try:
            with tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as body:
                while True:
                    message = await receive()
                    if message["type"] == "http.disconnect":
                        return  # the client left before it finished asking
                    body.write(message.get("body", b""))
                    if not message.get("more_body"):
                        break
                length = body.tell()
                body.seek(0)
                respond = SyncToAsync(self._respond, thread_sensitive=False, executor=self.executor)
                await respond(scope, body, length, send)
        finally:
            self.in_flight -= 1

    def _respond(self, scope: dict, body, length: int, send) -> None:
        """On a kept thread: the whole request through Django, then its response sent."""
        started: dict = {}

        def start_response(status: str, headers: list, exc_info=None) -> None:
            started["status"] = int(status.split(" ", 1)[0])
            started["headers"] = [
                (name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in headers
            ]

        response = self.handler(_environ(scope, body, length), start_response)
        send_now = AsyncToSync(send)
        try:
            start = {"type": "http.response.start", **started}
            if not getattr(response, "streaming", False):
                content = b"".join(response)
                send_now(start)
                send_now({"type": "http.response.body", "body": content})
                return
            send_now(start)
            # Pieces gathered up to FLUSH_BYTES, one hop to the event loop each: a static file
            # comes in 8 KiB blocks and an export in a line per event.
            pieces: list[bytes] = []
            gathered = 0
            for chunk in response:
                pieces.append(chunk)
                gathered += len(chunk)
                if gathered >= FLUSH_BYTES:
                    piece = b"".join(pieces)
                    send_now({"type": "http.response.body", "body": piece, "more_body": True})
                    pieces, gathered = [], 0
            send_now({"type": "http.response.body", "body": b"".join(pieces)})
        finally:
            response.close()  # Django's request_finished: the connection is kept or returned


BUSY = "the server is busy: send the request again in a moment"


async def _busy(scope: dict, send) -> None:
    """503 with Retry-After: the API's JSON error under /api/, a line of text elsewhere."""
    if scope["path"].startswith("/api/"):
        body, kind = json.dumps({"error": {"code": "unavailable", "message": BUSY}}), "json"
    else:
        body, kind = f"{BUSY[0].upper()}{BUSY[1:]}.\n", "plain"
    body = body.encode()
    await send(
        {
            "type": "http.response.start",
            "status": 503,
            "headers": [
                (b"content-type", b"application/json" if kind == "json" else b"text/plain"),
                (b"retry-after", str(BUSY_SECONDS).encode()),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


def _environ(scope: dict, body, length: int) -> dict:
    """The WSGI environ of an ASGI http scope (PEP 3333; as asgiref's WsgiToAsgi builds it),
    with the length of the body as read, whatever the client declared."""
    root = scope.get("root_path", "")
    path = scope["path"]
    if root and path.startswith(root):
        path = path[len(root) :]
    server = scope.get("server") or ("localhost", 80)
    environ = {
        "REQUEST_METHOD": scope["method"],
        "SCRIPT_NAME": root.encode("utf-8").decode("latin-1"),
        "PATH_INFO": path.encode("utf-8").decode("latin-1"),
        "QUERY_STRING": scope.get("query_string", b"").decode("latin-1"),
        "SERVER_PROTOCOL": f"HTTP/{scope.get('http_version', '1.1')}",
        "SERVER_NAME": server[0],
        "SERVER_PORT": str(server[1] if server[1] is not None else 80),
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": scope.get("scheme", "http"),
        "wsgi.input": body,
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": True,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    if scope.get("client"):
        environ["REMOTE_ADDR"] = scope["client"][0]
    for raw_name, raw_value in scope.get("headers", []):
        name = raw_name.decode("latin-1").upper().replace("-", "_")
        value = raw_value.decode("latin-1")
        key = name if name in ("CONTENT_LENGTH", "CONTENT_TYPE") else f"HTTP_{name}"
        # Repeated headers are joined as HTTP joins lists (RFC 9110, 5.3); cookies with "; ".
        joiner = "; " if key == "HTTP_COOKIE" else ","
        environ[key] = f"{environ[key]}{joiner}{value}" if key in environ else value
    environ["CONTENT_LENGTH"] = str(length)
    return environ
