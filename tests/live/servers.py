"""Real daphne processes for the multi-process and restart tests, and a websocket client that
reconnects and resumes the way the pages do."""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import websockets
from django.conf import settings

from tests.live.pages import Gap, Page

ROOT = Path(settings.BASE_DIR)
DAPHNE = str(Path(sys.executable).with_name("daphne"))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Daphne:
    """One daphne process on its own port, sharing the test database (and layer) via ``env``."""

    def __init__(
        self,
        env: dict[str, str],
        port: int | None = None,
        extra_args: list[str] | None = None,
        app: str = "wargame.asgi:application",
        log: Path | None = None,
    ) -> None:
        self.env = env
        self.app = app
        # Where the server's log goes. The default, a pipe read only if it fails to start, is
        # for short runs: a server logging more than the pipe holds (every 4xx is a line)
        # would block on it.
        self.log = log
        self.port = port or free_port()
        self.extra_args = extra_args or []
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Daphne:
        self.process = subprocess.Popen(
            [
                DAPHNE,
                "-b",
                "127.0.0.1",
                "-p",
                str(self.port),
                *self.extra_args,
                self.app,
            ],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE if self.log is None else self.log.open("ab"),
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                output = (
                    self.process.stderr.read().decode()
                    if self.log is None
                    else self.log.read_text(errors="replace")
                )
                raise RuntimeError(f"daphne exited: {output[-2000:]}")
            try:
                urllib.request.urlopen(f"{self.url}/api/scenarios/", timeout=1).read()
                return self
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("daphne did not start within 30 s")

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)

    def __enter__(self) -> Daphne:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.kill()


class TaskWorker:
    """One ``manage.py db_worker`` process running the background tasks (the deadlines the server
    acts on), on the test database via ``env``."""

    def __init__(self, env: dict[str, str]) -> None:
        self.env = env
        self.process: subprocess.Popen | None = None

    def start(self) -> TaskWorker:
        self.process = subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "db_worker",
                "--no-reload",
                "--no-startup-delay",
                "--interval",
                "0.2",
                "--verbosity",
                "0",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        return self

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)

    def __enter__(self) -> TaskWorker:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.kill()


def post_command(server: Daphne, game_id: str, token: str, body: dict) -> dict:
    request = urllib.request.Request(
        f"{server.url}/api/games/{game_id}/commands/",
        data=json.dumps(body).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def get_state(server: Daphne, game_id: str, token: str) -> dict:
    request = urllib.request.Request(
        f"{server.url}/api/games/{game_id}/state/", headers={"Authorization": f"Bearer {token}"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


class ResumingClient:
    """Keeps a socket open: on a drop it reconnects with back-off, asking for the changes since
    the seq it holds; it folds change frames as a page does and resumes on a gap."""

    def __init__(self, port: int, game_id: str, token: str) -> None:
        self.url = f"ws://127.0.0.1:{port}/ws/games/{game_id}/?token={token}"
        self.seq = 0
        self.view: dict | None = None
        self.page = Page()
        self.reconnects = 0
        self.updated = asyncio.Event()
        self.task: asyncio.Task | None = None

    def start(self) -> None:
        self.task = asyncio.create_task(self.run())

    async def stop(self) -> None:
        if self.task is not None:
            self.task.cancel()
            await asyncio.gather(self.task, return_exceptions=True)

    async def run(self) -> None:
        delay = 0.05
        while True:
            try:
                since = f"&since={self.seq}" if self.seq else ""
                async with websockets.connect(self.url + since, open_timeout=5) as ws:
                    delay = 0.05
                    async for raw in ws:
                        message = json.loads(raw)
                        if message.get("type") not in ("state", "change"):
                            continue
                        if message["seq"] <= self.page.seq and self.page.view is not None:
                            continue  # already held
                        try:
                            self.page.take(message)
                        except Gap:  # a change was lost: from the seq held, as a page does
                            await ws.send(json.dumps({"type": "resume", "last_seq": self.seq}))
                            continue
                        self.seq, self.view = self.page.seq, self.page.view
                        self.updated.set()
            except (TimeoutError, OSError, websockets.ConnectionClosed):
                pass
            self.reconnects += 1
            await asyncio.sleep(delay)
            delay = min(delay * 2, 1.0)

    async def wait_for_seq(self, seq: int, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while self.seq < seq:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"socket stuck at seq {self.seq}, wanted {seq}")
            self.updated.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.updated.wait(), remaining)
