"""The game socket: each connection gets its role's complete view on connect, then for each new
seq what changed in that view (docs/protocol.md).

Through the channel layer comes only "game G is at seq N". The consumer then takes the role's
view of the newest state its process holds, straight from the process's caches when that state
is at N or later (the process that appended it always is); otherwise one read of the log per
(game, seq) serves every socket of the game. A socket several seqs behind sends the changes
between (each encoded once per game, seq and role), or the whole view when this process cannot
bridge the gap; a lost hint is made good by the next one or by the client's resume.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from types import SimpleNamespace
from urllib.parse import parse_qs

from autobahn.exception import Disconnected, PayloadExceededError
from channels.consumer import get_handler_name
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.conf import settings
from rest_framework.exceptions import Throttled

from wargame.games import members, store
from wargame.games.access import (
    ANALYST,
    CONTROL,
    FACILITATOR,
    NO_ROLE,
    AccessDenied,
    Principal,
    analyst_token_still_valid,
    principal_for_token,
    role_in_game,
    role_to_view,
    seat_token_still_valid,
)
from wargame.games.broadcast import group_name, user_group
from wargame.games.intake import MAX_KEY_LENGTH, CommandRefused, run_command, stale_error
from wargame.games.jsonlimits import TOO_DEEP, too_deep
from wargame.games.projections import (
    RoleView,
    cached_role_view,
    frames_since,
    role_view,
    server_time,
)
from wargame.games.rebuild import catch_up
from wargame.games.selectors import game_by_id
from wargame.games.throttling import TokenRateThrottle
from wargame.live import presence, watch
from wargame.live.revocation import session_still_valid, token_still_valid
from wargame.threads import command_executor

logger = logging.getLogger(__name__)

CLOSE_BAD_TOKEN = 4401
CLOSE_OTHER_GAME = 4403
CLOSE_NO_GAME = 4404
CLOSE_NO_ROLE = 4400
# A frame over the server's limit on a message (daphne's --websocket-max-message-size).
CLOSE_VIEW_TOO_LARGE = 4413
# A command frame carries a command's body: as much as a REST request's body may.
MAX_FRAME_BYTES = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
# What the server raises for a frame sent to a socket that is not open: one whose client left
# before daphne accepted it (ValueError), or one closing or closed whose disconnect has not
# reached the consumer yet (autobahn's Disconnected). ASGI asks servers for an OSError there.
SOCKET_NOT_OPEN = (OSError, Disconnected, ValueError)


def _timed(kind: str) -> str:
    """A pong: its type and the server's clock."""
    return f'{{"type":"{kind}","server_time":"{server_time()}"}}'


def _since(scope: dict) -> int:
    """``?since=K``: the seq of the view a reconnecting page holds (0, a whole view, if absent
    or not a whole number: the page asked for nothing it could misread)."""
    query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
    text = (query.get("since") or [""])[0]
    return int(text) if text.isascii() and text.isdigit() and len(text) < 19 else 0


def _heartbeat(seq: int) -> str:
    return f'{{"type":"heartbeat","seq":{seq},"server_time":"{server_time()}"}}'


def _error(code: str, message: str, **extra: object) -> str:
    return json.dumps({"type": "error", "code": code, "message": message, **extra})


def principal_of(scope: dict) -> Principal | None:
    """Who opens this socket: the token of ``?token=``, else the facilitator of the session
    (whose key is kept in the scope, to close the socket when the session ends); None if
    neither. Call it in a sync thread (it may read the database)."""
    query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
    token = (query.get("token") or [""])[0]
    if token:
        return principal_for_token(token)
    user = scope.get("user")
    if user is not None and user.is_authenticated:
        session = scope.get("session")
        scope["wargame_session_key"] = getattr(session, "session_key", None)
        return Principal(kind=FACILITATOR, user=user)
    return None


@database_sync_to_async
def _authorise(
    scope: dict, game_id: str
) -> tuple[int | None, object | None, str | None, str | None, Principal | None]:
    """``(close code or None, game, own role, role to view, principal)`` for this connection."""
    query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
    view_as = (query.get("as") or [""])[0]
    principal = principal_of(scope)
    if principal is None:
        return CLOSE_BAD_TOKEN, None, None, None, None
    game = game_by_id(game_id)
    if game is None:
        return CLOSE_NO_GAME, None, None, None, None
    try:  # the API's own rules (wargame/games/access.py), with its refusals as close codes
        own_role = role_in_game(principal, game)
        role = role_to_view(game, own_role, view_as, principal)
    except AccessDenied as refused:
        code = CLOSE_NO_ROLE if refused.reason == NO_ROLE else CLOSE_OTHER_GAME
        return code, None, None, None, None
    return None, game, own_role, role, principal


# One read of the log per (game, seq) in this process, shared by every socket of the game.
_reads: dict[tuple[str, int], asyncio.Future] = {}


async def _read_log_once(game_id: str, seq: int) -> None:
    """Bring this process's newest state of the game and its journal up to at least ``seq``.

    When a hint names a seq this process has not built (another process appended it), the
    first socket to hear it reads the log; the game's other sockets wait for that read instead
    of each queueing their own behind it.
    """
    key = (game_id, seq)
    read = _reads.get(key)
    if read is None:
        read = asyncio.ensure_future(database_sync_to_async(catch_up)(game_id))
        _reads[key] = read
        read.add_done_callback(lambda _: _reads.pop(key, None))
    await asyncio.shield(read)


# The group messages a socket is handling (a task each, kept here until it ends).
_handling: set[asyncio.Task] = set()

_token_still_valid = database_sync_to_async(seat_token_still_valid)
_analyst_token_still_valid = database_sync_to_async(analyst_token_still_valid)


class GameConsumer(AsyncWebsocketConsumer):
    game_id: str
    role: str  # the role whose view this socket shows
    own_role: str  # the role of its token in the game, under which it counts in presence
    sent_seq: int = 0  # the seq of the view the page holds once it has read what was sent
    heartbeat: asyncio.Task | None = None
    pusher: asyncio.Task | None = None  # takes the page to wanted_seq (hint)
    sending: asyncio.Lock  # held from reading a view to sending its frames
    wanted_seq: int = 0  # the newest seq a hint named
    principal: Principal | None = None
    present: bool = False  # this socket has its row in the presence table
    presence_lock: asyncio.Lock | None = None  # set for control's sockets, which get presence
    presence_waiting: bool = False  # a reading of presence is queued and has not begun
    presence_readings: set[asyncio.Task] | None = None
    sent_presence: str = ""
    seen_recorded: int = 0  # the last seq written as this member's last seen (members only)
    accepted: bool = False  # the accept went out: frames may follow
    closing: bool = False  # closed here, or its client gone: nothing more is sent

    async def dispatch(self, message: dict) -> None:
        """Channels' dispatch without its hop to the sync thread before every message (to close
        stale database connections): every database call here goes through
        ``database_sync_to_async``, which does that around the call itself. In a burst, that hop
        for every socket's every hint queued hundreds of no-ops behind the commands."""
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"no handler for message type {message['type']}")
        await handler(message)

    async def accept(self, subprotocol: str | None = None, headers=None) -> None:
        await super().accept(subprotocol, headers)
        self.accepted = True

    async def send(
        self, text_data: str | None = None, bytes_data: bytes | None = None, close: bool = False
    ) -> None:
        """A frame to the client, if its socket is open: none before the accept went out, none
        once the socket is closing. A client that left while a frame was on its way stops the
        pushes here; the server's disconnect, on its way, does the rest (``disconnect``)."""
        if not self.accepted or self.closing:
            return
        try:
            await super().send(text_data=text_data, bytes_data=bytes_data, close=close)
        except PayloadExceededError:
            # A whole view larger than the server lets a message be: the socket cannot follow
            # this game. Said once, with the way out, and the socket closed with a code of ours.
            logger.warning(
                "a frame of %d characters for game %s is over daphne's message limit "
                "(--websocket-max-message-size): socket closed with %d",
                len(text_data or bytes_data or ""),
                getattr(self, "game_id", "?"),
                CLOSE_VIEW_TOO_LARGE,
            )
            await self.close(code=CLOSE_VIEW_TOO_LARGE)
        except SOCKET_NOT_OPEN:
            self.stop_pushing()

    async def close(self, code: int | None = None, reason: str | None = None) -> None:
        if self.closing:
            return
        self.stop_pushing()
        with contextlib.suppress(SOCKET_NOT_OPEN):  # gone already: the disconnect follows
            await super().close(code, reason)

    def stop_pushing(self) -> None:
        """Send nothing more: the heartbeat, the push under way and any reading of presence end
        here (a task may cancel itself: it ends at its next wait)."""
        self.closing = True
        for task in (self.heartbeat, self.pusher):
            if task is not None:
                task.cancel()
        for reading in list(self.presence_readings or ()):
            reading.cancel()

    async def connect(self) -> None:
        self.sending = asyncio.Lock()
        # Accept first so that the close code reaches the client (a close before accepting is
        # a bare HTTP 403 that says nothing).
        await self.accept()
        code, game, own_role, role, principal = await _authorise(
            self.scope, self.scope["url_route"]["kwargs"]["game_id"]
        )
        if code is not None:
            await self.close(code=code)
            return
        self.game_id, self.role, self.principal = str(game.id), role, principal
        self.game = game
        self.own_role = own_role
        # The game's hints and revocations come through the process's one member of the
        # game's group (live/watch.py), not a member per socket.
        self.group = group_name(game.id)
        await watch.join(self.game_id, self, self.channel_layer)
        if principal.kind == FACILITATOR:
            # Logging out, deactivation or a new password closes the facilitator's sockets.
            self.user_group = user_group(principal.user.pk)
            await self.channel_layer.group_add(self.user_group, self.channel_name)
        await self.send_state(since=_since(self.scope))
        if self.closing:
            return  # its client left already: nothing to join, nothing to beat for
        await database_sync_to_async(presence.join)(
            self.channel_name, game.id, own_role, principal.display_name or ""
        )
        self.present = True
        # Who is in the room is the White Cell's to see: not a seat's that views control's
        # chair once the record is open.
        if own_role == CONTROL and role == CONTROL:
            self.presence_lock = asyncio.Lock()
            self.presence_readings = set()
            await self.channel_layer.group_add(
                presence.presence_group(self.game_id), self.channel_name
            )
            await self.send_presence()
        await self.announce_presence()
        self.heartbeat = asyncio.create_task(self.beat())

    async def disconnect(self, code: int) -> None:
        self.stop_pushing()
        await self.record_seen()
        if getattr(self, "group", None):
            await watch.leave(self.game_id, self)
        if getattr(self, "user_group", None):
            await self.channel_layer.group_discard(self.user_group, self.channel_name)
        if self.presence_lock is not None:
            await self.channel_layer.group_discard(
                presence.presence_group(self.game_id), self.channel_name
            )
        if self.present:
            self.present = False
            try:
                await database_sync_to_async(presence.leave)(self.channel_name)
            except Exception:
                # The row stops counting once this process no longer refreshes it.
                logger.exception("could not remove a socket of game %s", self.game_id)
            await self.announce_presence()

    async def beat(self) -> None:
        while True:
            await asyncio.sleep(settings.WARGAME_HEARTBEAT_SECONDS)
            # The head this process knows (live/watch.py reads it for all its games at once):
            # a page that holds less resumes.
            await self.send(text_data=_heartbeat(max(watch.head(self.game_id), self.sent_seq)))
            await self.record_seen()
            try:
                if presence.refresh_due():
                    await database_sync_to_async(presence.refresh_process)()
                if self.presence_lock is not None:
                    # Sockets of a process that died age out without anyone announcing it.
                    await self.send_presence()
            except Exception:
                logger.exception("could not refresh presence for game %s", self.game_id)

    async def record_seen(self) -> None:
        """Remember the last seq a member's page was shown, for "since you were last here":
        written at most once a heartbeat and when the socket closes, never per frame."""
        principal = self.principal
        if (
            principal is None
            or principal.member_id is None
            or getattr(self, "role", None) != getattr(self, "own_role", None)
            or self.sent_seq <= self.seen_recorded
        ):
            return
        seq = self.sent_seq
        try:
            await database_sync_to_async(members.record_seen)(
                self.game_id, principal.member_id, seq
            )
        except Exception:  # the next beat, or the close, writes it
            logger.warning("could not record what a member of %s saw", self.game_id, exc_info=True)
            return
        self.seen_recorded = seq

    async def announce_presence(self) -> None:
        """Tell control's sockets, in every process, that who is here has changed."""
        try:
            await self.channel_layer.group_send(
                presence.presence_group(self.game_id), {"type": presence.MESSAGE_TYPE}
            )
        except Exception:
            # Control's sockets catch up on the next change or their next heartbeat.
            logger.exception("could not announce presence for game %s", self.game_id)

    async def presence_changed(self, message: dict) -> None:
        """A socket of the game came, went or named itself. Many at once (a room joining) are
        read as one: while a reading waits for its turn, further hints add nothing to it."""
        if self.presence_lock is None or self.presence_waiting or self.closing:
            return
        self.presence_waiting = True
        reading = asyncio.create_task(self.queued_presence())
        self.presence_readings.add(reading)
        reading.add_done_callback(self.presence_readings.discard)

    async def queued_presence(self) -> None:
        try:
            await self.send_presence(queued=True)
        except Exception:
            # The next change, or the next heartbeat, sends it.
            logger.exception("could not send presence for game %s", self.game_id)

    async def send_presence(self, *, queued: bool = False) -> None:
        """Send control the presence summary if it differs from the last one sent (one at a
        time, so that an older summary never follows a newer one)."""
        async with self.presence_lock:
            if queued:
                # Read from here on: a hint arriving now queues the next reading.
                self.presence_waiting = False
            roles = await database_sync_to_async(presence.summary)(self.game_id)
            message = json.dumps({"type": "presence", **roles})
            if message != self.sent_presence:
                self.sent_presence = message
                await self.send(text_data=message)

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        if not getattr(self, "role", None) or self.closing:
            return
        raw = text_data if text_data is not None else bytes_data
        if len(raw.encode() if isinstance(raw, str) else raw) > MAX_FRAME_BYTES:
            await self.send(
                text_data=_error("frame_too_large", f"frames are at most {MAX_FRAME_BYTES} bytes")
            )
            return
        if too_deep(raw):
            await self.send(text_data=_error("bad_frame", TOO_DEEP))
            return
        try:
            frame = json.loads(raw)
        except (ValueError, UnicodeDecodeError):
            await self.send(text_data=_error("bad_frame", "a frame must be a JSON object"))
            return
        kind = frame.get("type") if isinstance(frame, dict) else None
        if kind == "ping":
            await self.send(text_data=_timed("pong"))
        elif kind == "identify":
            name = presence.valid_name(frame.get("name"))
            if name is None:
                await self.send(
                    text_data=_error(
                        "bad_frame",
                        f"'name' must be printable text of 1 to {presence.MAX_NAME} characters",
                    )
                )
                return
            if await database_sync_to_async(presence.rename)(self.channel_name, name):
                await self.announce_presence()
        elif kind == "resume":
            last_seq = frame.get("last_seq")
            if not isinstance(last_seq, int) or isinstance(last_seq, bool) or last_seq < 0:
                await self.send(text_data=_error("bad_frame", "'last_seq' must be a whole number"))
                return
            # From the seq the page holds: the changes since, or the whole view (last_seq 0,
            # or a gap this process cannot bridge).
            await self.send_state(since=last_seq)
        elif kind == "command":
            await self.receive_command(frame)
        else:
            await self.send(
                text_data=_error(
                    "bad_frame", 'expected {"type": "command" | "resume" | "ping" | "identify"}'
                )
            )

    async def receive_command(self, frame: dict) -> None:
        """``{"type": "command", "id": KEY, "command": {...}}``: the REST command, with ``id`` as
        its Idempotency-Key. Answered with ``{"type": "ack", "id", "seq", "replayed"}`` or an
        error frame with the id and the REST API's status, code and message."""
        key = frame.get("id")
        if not isinstance(key, str) or not (0 < len(key) <= MAX_KEY_LENGTH):
            await self.send(
                text_data=_error(
                    "invalid_request",
                    f"a command frame needs an 'id' of 1 to {MAX_KEY_LENGTH} characters",
                    status=400,
                    id=key if isinstance(key, str) else None,
                )
            )
            return
        try:
            seq, replayed = await self._run_command(frame.get("command"), key)
        except CommandRefused as refused:
            await self.send(
                text_data=_error(refused.code, refused.message, status=refused.status, id=key)
            )
            return
        except store.StaleSeq as stale:
            await self.send(text_data=_error("stale_seq", **stale_error(stale), status=409, id=key))
            return
        except Exception:
            # The database is away or busy: nothing the client sent is wrong, and the same id
            # again cannot apply the command twice.
            logger.exception("a command frame for game %s failed", self.game_id)
            await self.send(
                text_data=_error(
                    "unavailable",
                    "the database is busy or unreachable: send the command again with the same id",
                    status=503,
                    id=key,
                )
            )
            return
        ack = {"type": "ack", "id": key, "seq": seq, "replayed": replayed}
        await self.send(text_data=json.dumps(ack))

    async def _run_command(self, body: object, key: str) -> tuple[int, bool]:
        """On the game's command thread (wargame/threads.py)."""
        run = database_sync_to_async(
            self._run_command_here,
            thread_sensitive=False,
            executor=command_executor(self.game_id),
        )
        return await run(body, key)

    def _run_command_here(self, body: object, key: str) -> tuple[int, bool]:
        # The same rate as the caller's REST requests, counted in the same bucket.
        throttle = TokenRateThrottle()
        if not throttle.allow_request(SimpleNamespace(user=self.principal), None):
            raise CommandRefused(429, "throttled", str(Throttled(throttle.wait()).detail))
        result = run_command(
            game=self.game, role=self.own_role, principal=self.principal, body=body, key=key
        )
        return result.seq, result.replayed

    async def seat_revoked(self, message: dict) -> None:
        principal = self.principal
        if principal is None or principal.token_hash is None or principal.role != message["role"]:
            return  # not a socket of that seat's token (facilitators hold no seat token)
        if principal.kind == ANALYST:
            valid = await _analyst_token_still_valid(principal.token_hash, principal.analyst_grant)
        else:
            valid = await _token_still_valid(principal.token_hash)
        if not valid:
            await self.close(code=CLOSE_BAD_TOKEN)

    async def user_revoked(self, message: dict) -> None:
        principal = self.principal
        if principal is None or principal.kind != FACILITATOR:
            return
        if principal.token_hash is not None:
            valid = await database_sync_to_async(token_still_valid)(principal.token_hash)
        else:
            key = self.scope.get("wargame_session_key")
            valid = key != message.get("session") and await database_sync_to_async(
                session_still_valid
            )(key, principal.user.pk)
        if not valid:
            await self.close(code=CLOSE_BAD_TOKEN)

    def group_message(self, message: dict) -> None:
        """A message to the game's group other than a hint (a revoked seat), from the
        process's member of the group (live/watch.py): handled as if sent to this socket."""
        if self.closing:
            return
        task = asyncio.create_task(self.dispatch(message))
        _handling.add(task)
        task.add_done_callback(_handling.discard)

    def hint(self, seq: int) -> None:
        """The game is at ``seq`` (live/watch.py hands every hint to every socket of the game
        in the process). Noted, and handed to the socket's one push task, so that the hints
        never queue behind a push: however many come while one is on its way, the next push
        goes straight to the newest seq."""
        if seq <= self.sent_seq or self.closing:
            return  # this socket showed that seq or a later one
        self.wanted_seq = max(self.wanted_seq, seq)
        # (A push that ended short, its read failing, starts again with the next hint.)
        if self.pusher is None or self.pusher.done():
            self.pusher = asyncio.create_task(self.push())

    async def push(self) -> None:
        """Take the page to the newest seq a hint named, one push at a time, in seq order."""
        try:
            while self.sent_seq < self.wanted_seq and not self.closing:
                async with self.sending:
                    seq = self.wanted_seq
                    current = cached_role_view(self.game_id, self.role, min_seq=seq)
                    if current is None:
                        await _read_log_once(self.game_id, seq)
                        current = cached_role_view(self.game_id, self.role, min_seq=seq)
                    if current is None:  # the log was read, yet this process's state is older
                        current = await database_sync_to_async(role_view)(self.game_id, self.role)
                    await self.send_view(current)
                if current.seq < seq:
                    break  # the log is not there yet: the next hint or a resume brings it
        except Exception:
            # The database is away: the next hint, the head poller or the page's resume brings
            # the socket up to date.
            logger.exception("could not push game %s to a socket", self.game_id)

    async def send_state(self, *, since: int = 0) -> None:
        """The role's view at the head of the log, read from the database (connect, resume):
        as the changes from ``since`` when this process can bridge the gap, else whole."""
        async with self.sending:  # not between a push's read and its frames
            current: RoleView = await database_sync_to_async(role_view)(self.game_id, self.role)
            if current.seq < since:  # a page ahead of the database: it holds something else
                since = 0
            await self.send_view(current, since=since, whole=not since)
        # The server's clock for the page's offset, now rather than at the next heartbeat.
        await self.send(text_data=_heartbeat(current.seq))

    async def send_view(
        self, current: RoleView, *, since: int | None = None, whole: bool = False
    ) -> None:
        """Take the page from ``since`` (default: what this socket sent last) to ``current``:
        the changes between, or the whole view when they cannot be had or ``whole``."""
        since = self.sent_seq if since is None else since
        if current.seq < since or (current.seq == since and not whole):
            return
        frames = None if whole else frames_since(self.game_id, current, since)
        self.sent_seq = current.seq
        for frame in frames if frames is not None else [current.frame]:
            await self.send(text_data=frame)
