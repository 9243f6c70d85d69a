"""The floor for bench/bench_live.py: the game server's fan-out path without the game.

The same daphne, the same Channels consumer class and the same channel layer (in-memory, or
Redis configured exactly as wargame/settings.py configures it), but no Django views, database,
state or views:

- ``POST /trigger/{group}/{seq}/`` does one ``group_send`` of ``{"type": "bench.advanced",
  "seq": seq}`` to the group ``bench-{group}`` and answers 201 ``{"seq": seq}``: the stand-in
  for a command whose commit announces "game G is at seq N";
- ``/ws/{group}/`` joins the group, sends ``{"type": "state", "seq": 0, "view": {...}}`` on
  connect, and on each ``bench.advanced`` sends ``{"type": "state", "seq": N, "view": {...}}``
  (the game socket's message shape, so the client parses both alike);
- ``/ws/games/{room}/``, bench/bench_burst.py's floor (``RoomConsumer``): a command frame is
  the stand-in for a command sent over a game socket; the room's next seq goes straight to each
  of its sockets, then an ``ack`` to the sender: daphne's sockets and frames with no layer,
  thread, database or game.

The view is ``{"pad": "xxx…"}`` of ``ECHO_PAYLOAD_BYTES`` characters (default 16: a small
message); the message string is built once per process, as the game server builds each role's
message once per seq.

Run: ``PYTHONPATH=. daphne bench.echo_asgi:application`` (``ECHO_REDIS_URL`` for the Redis
layer shared by several processes; unset: the in-memory layer).
"""

from __future__ import annotations

import json
import os
import re

import django
from django.conf import settings

if not settings.configured:
    from wargame.settings import channel_layer_from_url

    settings.configure(
        INSTALLED_APPS=["channels"],
        CHANNEL_LAYERS={"default": channel_layer_from_url(os.environ.get("ECHO_REDIS_URL"))},
        USE_TZ=True,
    )
    django.setup()

from channels.generic.websocket import AsyncWebsocketConsumer  # noqa: E402
from channels.layers import get_channel_layer  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from django.urls import path  # noqa: E402

PAD = "x" * int(os.environ.get("ECHO_PAYLOAD_BYTES", "16"))
_PREFIX = '{"type": "state", "seq": '
_SUFFIX = ', "view": ' + json.dumps({"pad": PAD}) + "}"
TRIGGER = re.compile(r"^/trigger/([A-Za-z0-9_-]{1,60})/(\d{1,12})/$")


def state_message(seq: int) -> str:
    return f"{_PREFIX}{seq}{_SUFFIX}"


class EchoConsumer(AsyncWebsocketConsumer):
    async def connect(self) -> None:
        await self.accept()
        self.group = "bench-" + self.scope["url_route"]["kwargs"]["group"]
        self.sent_seq = 0
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.send(text_data=state_message(0))

    async def disconnect(self, code: int) -> None:
        if getattr(self, "group", None):
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def receive(self, text_data=None, bytes_data=None) -> None:
        if text_data and '"ping"' in text_data:
            await self.send(text_data='{"type":"pong"}')

    async def bench_advanced(self, message: dict) -> None:
        seq = message.get("seq", 0)
        if seq <= self.sent_seq:
            return
        self.sent_seq = seq
        await self.send(text_data=state_message(seq))


class RoomConsumer(AsyncWebsocketConsumer):
    """bench/bench_burst.py's floor: daphne's sockets and frames alone. A command frame
    ``{"type": "command", "id": ...}`` takes its room to the next seq, sent straight to each
    socket of the room in this process (no channel layer, no thread), then the ``ack``."""

    rooms: dict[str, set[RoomConsumer]] = {}
    seqs: dict[str, int] = {}

    async def dispatch(self, message: dict) -> None:  # without Channels' hop to a thread
        await getattr(self, message["type"].replace(".", "_"))(message)

    async def connect(self) -> None:
        await self.accept()
        self.room = self.scope["url_route"]["kwargs"]["room"]
        self.rooms.setdefault(self.room, set()).add(self)
        # A room begins at seq 1, as a created game's log does.
        await self.send(text_data=state_message(self.seqs.setdefault(self.room, 1)))

    async def disconnect(self, code: int) -> None:
        self.rooms.get(getattr(self, "room", ""), set()).discard(self)

    async def receive(self, text_data=None, bytes_data=None) -> None:
        frame = json.loads(text_data or "{}")
        if frame.get("type") != "command":
            return
        seq = self.seqs[self.room] = self.seqs[self.room] + 1
        message = state_message(seq)
        for socket in list(self.rooms[self.room]):
            await socket.send(text_data=message)
        await self.send(text_data=json.dumps({"type": "ack", "id": frame.get("id"), "seq": seq}))


async def _read_body(receive) -> None:
    while True:
        event = await receive()
        if event["type"] != "http.request" or not event.get("more_body"):
            return


async def _respond(send, status: int, body: bytes) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


async def trigger_app(scope, receive, send) -> None:
    """``POST /trigger/{group}/{seq}/``: one group_send; anything else is a 404."""
    await _read_body(receive)
    match = TRIGGER.match(scope["path"])
    if scope["method"] != "POST" or match is None:
        await _respond(send, 404, b'{"error": "not found"}')
        return
    group, seq = match.group(1), int(match.group(2))
    await get_channel_layer().group_send("bench-" + group, {"type": "bench.advanced", "seq": seq})
    await _respond(send, 201, json.dumps({"seq": seq}).encode())


application = ProtocolTypeRouter(
    {
        "http": trigger_app,
        "websocket": URLRouter(
            [
                path("ws/<str:group>/", EchoConsumer.as_asgi()),
                # bench_burst.py's game sockets, on the same paths as the game server's
                path("ws/games/<str:room>/", RoomConsumer.as_asgi()),
            ]
        ),
    }
)
