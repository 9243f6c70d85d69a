"""Pushes: the bytes each seat's socket receives over a whole game, and the time a phone takes
to apply an incoming message at turn 6.

Run from the repository root (the phone part needs the built frontend and Chromium):

    .venv/bin/python bench/bench_push.py [--messages 2] [--phone-messages 20] [--no-phone]

One daphne (wargame.asgi) on a fresh SQLite file with the in-memory channel layer. A
``triangle-2024`` game is played over the API for its six turns: in every messaging phase each
seat sends ``--messages`` messages (to one seat, to two, to three, in turn), in every orders
phase each seat submits its two moves and locks, and the White Cell adjudicates every move.
One socket per seat is open from the start and counts the bytes of every frame it receives.
At the end the bench prints, per seat, those bytes against the seat's final view, the bytes per
event of the log, and what the same sockets would have received had every seq pushed the whole
view (the protocol before change frames: each seat's view at every seq, read from /state/).

The phone: in turn 6's diplomacy phase a seat's page is opened in headless Chromium at
390×844 with the CPU throttled 4× (the DevTools protocol's Emulation.setCPUThrottlingRate);
``--phone-messages`` messages are sent to it one at a time and, for each, the page's
``wargame:apply`` measure (from the frame's arrival to the DOM holding it: parsing, applying
the change, checking the digest and React's render) is read with the performance API.
With ``--build-cost EVENTS`` it runs in this process instead, with no server: a
``triangle-2024`` game of EVENTS messages and notes is folded by the engine, and at each
checkpoint the time to build the change of the next seqs for all six roles is measured both
ways: as the server does it (``projections.view_of``: from what is new) and as it did before
(each role's whole view, encoded, hashed and diffed against the one before).

Prints numbers; asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_live import HttpPool, Server, game_env, prepare_database  # noqa: E402

SEATS = ["beijing", "moscow", "pyongyang", "washington"]
PHONE = {"width": 390, "height": 844}
CHROMIUM = os.environ.get("WARGAME_CHROMIUM", "/usr/bin/chromium")


class Counter:
    """One seat's socket: the frames and bytes it received."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.bytes = 0
        self.frames = 0
        self.kinds: dict[str, int] = {}
        self.seq = 0
        self.task: asyncio.Task | None = None
        self.ready = asyncio.Event()

    async def run(self) -> None:
        import websockets

        async with websockets.connect(
            self.url, max_size=2**26, ping_interval=None, compression=None
        ) as ws:
            async for raw in ws:
                text = raw if isinstance(raw, str) else raw.decode()
                self.bytes += len(text.encode())
                self.frames += 1
                frame = json.loads(text)
                kind = frame.get("type", "?")
                self.kinds[kind] = self.kinds.get(kind, 0) + 1
                if kind in ("state", "change"):
                    self.seq = max(self.seq, frame["seq"])
                self.ready.set()


class Game:
    def __init__(self, pool: HttpPool, control: str, args) -> None:
        self.pool, self.control, self.args = pool, control, args
        self.id = ""
        self.tokens: dict[str, str] = {}
        self.join: dict[str, str] = {}
        self.seq = 0
        self.sent = 0

    async def create(self) -> None:
        status, body, _ = await self.pool.request(
            "POST", "/api/games/", {"scenario": "triangle-2024", "title": "push"}, self.control
        )
        if status != 201:
            raise RuntimeError(f"POST /api/games/ gave {status}: {body}")
        self.id = body["id"]
        self.tokens = {s["role"]: s["token"] for s in body["seats"]}
        self.join = {s["role"]: s["join_url"] for s in body["seats"]}
        self.seq = body["seq"]

    async def command(self, token: str, body: dict) -> dict:
        status, answer, _ = await self.pool.request(
            "POST", f"/api/games/{self.id}/commands/", body, token
        )
        if status != 201:
            raise RuntimeError(f"{body['type']} gave {status}: {answer}")
        self.seq = answer["seq"]
        self.sent += 1
        return answer

    async def state(self, token: str, at: int | None = None) -> tuple[dict, int]:
        query = f"?at={at}" if at is not None else ""
        status, body, _ = await self.pool.request(
            "GET", f"/api/games/{self.id}/state/{query}", None, token
        )
        if status != 200:
            raise RuntimeError(f"/state/ gave {status}: {body}")
        return body["view"], len(json.dumps(body["view"], separators=(",", ":")).encode())

    async def messages(self, turn: int, phase: str, count: int | None = None) -> None:
        for n in range(count if count is not None else self.args.messages):
            for i, seat in enumerate(SEATS):
                others = [s for s in SEATS if s != seat]
                to = others[: 1 + (n + i) % 3]
                text = f"T{turn} {phase}: {seat} to {', '.join(to)}, message {n + 1}. " * 3
                message = {"type": "send_message", "to": to, "text": text}
                await self.command(self.tokens[seat], message)

    async def orders(self, turn: int) -> None:
        for seat in SEATS:
            for k in (1, 2):
                await self.command(
                    self.tokens[seat],
                    {
                        "type": "submit_move",
                        "action": "free",
                        "argument": {
                            "action": f"{seat} move {k} of turn {turn}",
                            "result": "The other teams take note",
                            "reasons": ["It signals resolve", "It costs little"],
                        },
                        "targets": [],
                        "visibility": "public",
                        "rationale": f"{seat} rationale for move {k} of turn {turn}.",
                    },
                )
            await self.command(self.tokens[seat], {"type": "lock_orders"})

    async def adjudicate(self, turn: int) -> None:
        view, _ = await self.state(self.control)
        for n, move_id in enumerate(view["pending"]["unadjudicated"]):
            await self.command(
                self.control,
                {
                    "type": "adjudicate",
                    "move_id": move_id,
                    "method": "decide",
                    "outcome": "success" if n % 2 else "failure",
                    "reason": f"Turn {turn}: decided on the arguments.",
                },
            )

    async def phase(self) -> tuple[int, str, str]:
        view, _ = await self.state(self.control)
        return view["game"]["turn"], view["game"]["phase"], view["game"]["status"]

    async def play_until(self, stop: tuple[int, str] | None) -> None:
        """Play phase by phase until turn and phase ``stop`` (or the end of turn 6)."""
        while True:
            turn, phase, status = await self.phase()
            if status == "setup":
                await self.command(self.control, {"type": "start_game"})
                continue
            if (turn, phase) == stop or status != "running":
                return
            if phase in ("briefing", "diplomacy", "orders"):
                await self.messages(turn, phase)
            if phase == "orders":
                await self.orders(turn)
            if phase == "adjudication":
                await self.adjudicate(turn)
            if (turn, phase) == (6, "results"):
                return
            await self.command(self.control, {"type": "advance_phase"})


def print_profile(profile: dict) -> None:
    """The functions with the most self time in a CPU profile (load it in DevTools for more)."""
    nodes = {node["id"]: node for node in profile["nodes"]}
    self_us: dict[str, float] = {}
    deltas = profile.get("timeDeltas", [])
    for sample, delta in zip(profile.get("samples", []), deltas[1:] + [0], strict=False):
        frame = nodes[sample]["callFrame"]
        name = f"{frame['functionName'] or '(anonymous)'} {frame['url'].rsplit('/', 1)[-1]}"
        name += f":{frame['lineNumber'] + 1}"
        self_us[name] = self_us.get(name, 0) + delta
    for name, us in sorted(self_us.items(), key=lambda item: -item[1])[:25]:
        print(f"{us / 1000:9.1f} ms  {name}")


async def phone(game: Game, server: Server, args) -> list[float]:
    """Apply times (ms) of the phone page for each incoming message."""
    from playwright.async_api import async_playwright

    seat = "moscow"
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM)
        context = await browser.new_context(
            viewport=PHONE, device_scale_factor=3, is_mobile=True, has_touch=True
        )
        page = await context.new_page()
        await page.goto(game.join[seat])
        # The team console on its Messages tab: the list the new ones join.
        await page.get_by_role("tab", name=re.compile("^Messages")).click(timeout=30_000)
        await page.wait_for_selector("[data-testid=messages]", timeout=30_000)
        cdp = await context.new_cdp_session(page)
        await cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
        await page.wait_for_timeout(1000)
        await page.evaluate("performance.clearMeasures('wargame:apply')")
        await page.evaluate("performance.clearMeasures('wargame:change')")
        if args.profile:
            await cdp.send("Profiler.enable")
            await cdp.send("Profiler.start")
        for n in range(args.phone_messages):
            before = game.seq
            sender = [s for s in SEATS if s != seat][n % 3]
            await game.command(
                game.tokens[sender],
                {"type": "send_message", "to": [seat], "text": f"To Moscow on the phone, {n}."},
            )
            await page.wait_for_function(
                """(seq) => performance.getEntriesByName('wargame:apply')
                    .some((e) => e.detail && e.detail.seq >= seq)""",
                arg=before + 1,
                timeout=30_000,
            )
            await page.wait_for_timeout(150)
        entries = await page.evaluate(
            """() => performance.getEntriesByName('wargame:apply')
                .map((e) => ({seq: e.detail && e.detail.seq, ms: e.duration}))"""
        )
        times = [e["ms"] for e in entries]
        changes = await page.evaluate(
            "() => performance.getEntriesByName('wargame:change').map((e) => e.duration)"
        )
        print(
            f"phone: parsing, applying and checking a change alone: median "
            f"{statistics.median(changes):.2f} ms, max {max(changes):.2f} ms",
            flush=True,
        )
        if args.profile:
            profile = (await cdp.send("Profiler.stop"))["profile"]
            args.profile.write_text(json.dumps(profile))
            print_profile(profile)
        size = await page.evaluate("() => document.querySelectorAll('*').length")
        print(f"phone page: {size} elements, {len(times)} frames applied", flush=True)
        await browser.close()
    return times


async def run(server: Server, control: str, args) -> dict:
    pool = HttpPool(server.port)
    game = Game(pool, control, args)
    await game.create()
    counters = {
        seat: Counter(f"ws://127.0.0.1:{server.port}/ws/games/{game.id}/?token={token}")
        for seat, token in game.tokens.items()
    }
    for counter in counters.values():
        counter.task = asyncio.create_task(counter.run())
        await asyncio.wait_for(counter.ready.wait(), 30)
    started = time.perf_counter()
    phone_ms: list[float] = []
    if args.phone:
        await game.play_until((6, "diplomacy"))
        phone_ms = await phone(game, server, args)
    await game.play_until(None)
    played = time.perf_counter() - started
    deadline = time.monotonic() + 30
    while any(c.seq < game.seq for c in counters.values()) and time.monotonic() < deadline:
        await asyncio.sleep(0.1)
    await asyncio.sleep(0.5)
    for counter in counters.values():
        counter.task.cancel()
    await asyncio.gather(*(c.task for c in counters.values()), return_exceptions=True)

    seats = {}
    for seat, counter in counters.items():
        _, final = await game.state(game.tokens[seat])
        whole = 0
        if args.whole:
            for seq in range(1, game.seq + 1):
                whole += (await game.state(game.tokens[seat], at=seq))[1]
        seats[seat] = {
            "bytes": counter.bytes,
            "frames": counter.frames,
            "kinds": counter.kinds,
            "final_view": final,
            "times_final_view": round(counter.bytes / final, 2),
            "bytes_per_event": round(counter.bytes / game.seq),
            "whole_views_bytes": whole or None,
            "whole_views_times_final": round(whole / final, 1) if whole else None,
        }
    pool.close()
    result = {
        "events": game.seq,
        "commands": game.sent,
        "played_s": round(played, 1),
        "seats": seats,
    }
    if phone_ms:
        ordered = sorted(phone_ms)
        result["phone_apply_ms"] = {
            "count": len(ordered),
            "median": round(statistics.median(ordered), 2),
            "p90": round(ordered[int(0.9 * (len(ordered) - 1))], 2),
            "max": round(ordered[-1], 2),
        }
    return result


def build_cost(total: int, steps: int = 30) -> None:
    """The cost of one seq's changes for every role, from what is new against whole views."""
    import django

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wargame.settings")
    django.setup()
    import orjson

    from wargame import engine
    from wargame.games import caches, projections, view_changes

    root = Path(__file__).resolve().parents[1]
    scenario = engine.load_scenario_file(root / "scenarios" / "triangle-2024.yaml")
    now = "2026-01-01T00:00:00Z"
    control = {"role": "control", "name": "bench"}
    journal: engine.Journal = []
    events = [
        {**draft, "seq": n + 1}
        for n, draft in enumerate(
            engine.create_game(scenario, title="cost", seed=1, actor=control, now=now)
        )
    ]
    state = engine.fold(None, events, journal=journal)

    def command(role: str, body: dict) -> None:
        nonlocal state
        drafts = engine.decide(state, body, actor={"role": role, "name": role}, now=now)
        assert isinstance(drafts, list), drafts
        numbered = [{**d, "seq": state["seq"] + 1 + i} for i, d in enumerate(drafts)]
        state = engine.fold(state, numbered, journal=journal)  # a new object, as published

    command("control", {"type": "start_game"})
    roles = ["control", "observer", *SEATS]
    print(f"per seq, all {len(roles)} roles (median of {steps} seqs):")
    print("| events | from what is new | whole views, diffed | ratio |")
    print("|---|---|---|---|")
    checkpoints = sorted({c for c in (100, 500, 1000, 2000, 5000, 10000) if c <= total} | {total})
    n = 0
    for checkpoint in checkpoints:
        while state["seq"] < checkpoint:
            seat = SEATS[n % 4]
            if n % 5 == 4:
                command("control", {"type": "add_note", "text": f"note {n} " + "x" * 80})
            else:
                others = [s for s in SEATS if s != seat]
                text = f"message {n} " + "y" * 120
                command(seat, {"type": "send_message", "to": others[: 1 + n % 3], "text": text})
            n += 1
        caches.clear()
        game_id = f"cost-{checkpoint}"
        for role in roles:
            projections.view_of(game_id, state, role, journal)
        previous = {
            role: engine.canonical_json(engine.view(state, role, journal)) for role in roles
        }
        new, old = [], []
        for step in range(steps):
            seat = SEATS[step % 4]
            command(seat, {"type": "send_message", "to": [SEATS[(step + 1) % 4]], "text": "z"})
            started = time.perf_counter()
            for role in roles:
                projections.view_of(game_id, state, role, journal)
            new.append(time.perf_counter() - started)
            started = time.perf_counter()
            for role in roles:
                shown = engine.view(state, role, journal)
                encoded = engine.canonical_json(shown)
                view_changes.digest(shown)
                engine.canonical_json(view_changes.diff(orjson.loads(previous[role]), shown))
                previous[role] = encoded
            old.append(time.perf_counter() - started)
        a, b = statistics.median(new) * 1000, statistics.median(old) * 1000
        print(f"| {state['seq']:,} | {a:.2f} ms | {b:.1f} ms | {b / a:.0f}× |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=2, help="per seat per messaging phase")
    parser.add_argument("--phone-messages", type=int, default=20)
    parser.add_argument("--no-phone", dest="phone", action="store_false")
    parser.add_argument(
        "--no-whole", dest="whole", action="store_false", help="skip the whole-view comparison"
    )
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--profile", type=Path, help="write the phone's CPU profile here")
    parser.add_argument(
        "--build-cost", type=int, metavar="EVENTS", help="in this process: the cost of a change"
    )
    args = parser.parse_args()
    if args.build_cost:
        build_cost(args.build_cost)
        return
    with tempfile.TemporaryDirectory(prefix="wargame-push-") as tmp:
        env = game_env(f"sqlite:///{tmp}/push.sqlite3", None)
        control = prepare_database(env)
        server = Server("wargame.asgi:application", env, Path(tmp), "push-daphne")
        server.env["WARGAME_PUBLIC_URL"] = f"http://127.0.0.1:{server.port}"
        server.start("/api/scenarios/")
        try:
            result = asyncio.run(run(server, control, args))
        finally:
            server.stop()
    for seat, numbers in result["seats"].items():
        whole = numbers["whole_views_bytes"]
        print(
            f"{seat:>10}: {numbers['bytes']:>10,} B in {numbers['frames']} frames "
            f"= {numbers['times_final_view']}× its final view of {numbers['final_view']:,} B, "
            f"{numbers['bytes_per_event']} B per event"
            + (
                f"; whole views would be {whole:,} B ({numbers['whole_views_times_final']}×)"
                if whole
                else ""
            )
        )
    if "phone_apply_ms" in result:
        print(f"phone apply (4× throttled): {result['phone_apply_ms']}")
    print(json.dumps(result))
    if args.json:
        args.json.write_text(json.dumps(result, indent=1) + "\n")


if __name__ == "__main__":
    main()
