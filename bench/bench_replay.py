"""Replay benchmark: the state at a random seq of a 10,000-event game, and the after-action
report of a whole six-turn triangle-2024 game.

    .venv/bin/python bench/bench_replay.py [--events 10000] [--samples 200]

Runs on a fresh temporary SQLite database (or WARGAME_DATABASE_URL if set) and prints numbers;
it asserts nothing. Targets: state at a random seq in at most 20 ms (median); the report of a
full triangle-2024 game in at most 2 s.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup_django() -> None:
    if "WARGAME_DATABASE_URL" not in os.environ:
        folder = tempfile.mkdtemp(prefix="bench-replay-")
        os.environ["WARGAME_DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wargame.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("loadscenarios", verbosity=0)


CONTROL = {"role": "control", "name": "bench"}


def long_game(events: int):
    """A tutorial game padded to ``events`` with the mix of a long game: messages among seats,
    analyst notes and phase changes, appended in batches through the store with snapshots
    every WARGAME_SNAPSHOT_EVERY events, exactly as the service would."""
    from wargame import engine
    from wargame.games import rebuild, service, store
    from wargame.games.models import Scenario

    game = service.create_game(scenario=Scenario.objects.get(slug="tutorial"), title="Long")
    service.execute(game=game, command={"type": "start_game"}, actor=CONTROL)
    state = rebuild.load_state(game.id, private=True)
    seats = list(state["scenario"]["seats"])
    rng = random.Random(1)
    drafts: list[dict] = []
    n = 0
    while state["seq"] + len(drafts) < events:
        n += 1
        if n % 50 == 0:
            command, actor = {"type": "add_note", "text": f"note {n}"}, CONTROL
        else:
            sender = rng.choice(seats)
            to = rng.sample([s for s in seats if s != sender], rng.randint(1, 3))
            command = {"type": "send_message", "to": to, "text": f"message {n} " + "x" * 80}
            actor = {"role": sender, "name": None}
        outcome = engine.decide(state, command, actor=actor, now=service.now())
        assert not isinstance(outcome, engine.Rejection), outcome
        before = state["seq"]
        numbered = [{**d, "seq": before + 1 + i} for i, d in enumerate(outcome)]
        hashes = []
        for step in engine.fold_steps(state, numbered, copy=False):
            hashes.append(engine.state_hash(step))
        store.append(game_id=game.id, expected_seq=before, drafts=outcome, state_hashes=hashes)
        if rebuild.snapshot_due(before, state["seq"]):
            rebuild.save_snapshot(game.id, state)
    return game


def timed(fn, *args, **kwargs) -> float:
    start = time.perf_counter()
    fn(*args, **kwargs)
    return (time.perf_counter() - start) * 1000


def state_at_random_seqs(game, samples: int, *, keep_journal: bool) -> list[float]:
    """A role's view at random seqs, each built afresh: no state and no view of the game held
    in the process. With ``keep_journal`` the game's journal, read once, stays in memory, as
    it does while a replay page is open; without, every sample reads it from the snapshots."""
    from wargame.games import caches, projections

    rng = random.Random(2)
    roles = ["control", "observer", "beijing", "moscow", "pyongyang", "washington"]
    times = []
    for _ in range(samples):
        caches.latest_states.clear()
        if not keep_journal:
            caches.journals.clear()
        caches.views.clear()  # measure a cold view, not a cached one
        caches.builders.clear()
        seq = rng.randint(2, game.seq)
        times.append(timed(projections.role_view, game.id, rng.choice(roles), at_seq=seq))
    return times


def full_triangle_game():
    """Six turns of triangle-2024 through the game service: moves, adjudication, the end."""
    from wargame.games import rebuild, service
    from wargame.games.models import Scenario

    game = service.create_game(scenario=Scenario.objects.get(slug="triangle-2024"), title="AAR")

    def run(role: str, **command):
        return service.execute(game=game, command=command, actor={"role": role, "name": None})

    run("control", type="start_game")
    scenario = rebuild.load_state(game.id)["scenario"]
    seats = list(scenario["seats"])
    for turn in range(1, scenario["turns"] + 1):
        while rebuild.load_state(game.id)["phase"] != "orders":
            run(seats[turn % 4], type="send_message", to=[seats[(turn + 1) % 4]], text="Talk.")
            run("control", type="advance_phase")
        for index, seat in enumerate(seats):
            submitted = 0
            for action in scenario["seats"][seat]["actions"][turn % 3 :]:
                if submitted == 2:
                    break
                secret = index == turn % 4 and action["secret_allowed"]
                try:  # an action whose condition does not hold now is refused: take the next
                    run(
                        seat,
                        type="submit_move",
                        action=action["id"],
                        targets=action["targets"][:1],
                        visibility="secret" if secret else "public",
                        rationale=f"{seat} turn {turn}: why we do this.",
                    )
                except service.CommandRejected:
                    continue
                submitted += 1
            run(seat, type="lock_orders")
        run("control", type="advance_phase")
        state = rebuild.load_state(game.id)
        for move in list(state["moves"].values()):
            if move["turn"] == turn and move["status"] == "announced" and not move["outcome"]:
                run(
                    "control",
                    type="adjudicate",
                    move_id=move["id"],
                    method="roll",
                    narrative=f"Turn {turn}: the dice speak.",
                )
        run("control", type="add_note", text=f"Hotwash point for turn {turn}.")
        run("control", type="advance_phase", force=True)
        if turn < scenario["turns"]:
            run("control", type="advance_phase", force=True)
    run("control", type="end_game")
    return game


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--samples", type=int, default=200)
    args = parser.parse_args()
    setup_django()
    from wargame.games.projections import role_view
    from wargame.games.report import render_html, render_markdown

    started = time.perf_counter()
    game = long_game(args.events)
    game.refresh_from_db()
    print(f"built a {game.seq}-event game in {time.perf_counter() - started:.1f} s")
    for keep_journal, label in ((False, "cold"), (True, "journal held")):
        times = state_at_random_seqs(game, args.samples, keep_journal=keep_journal)
        quantiles = statistics.quantiles(times, n=100)
        print(
            f"a role's view at a random seq ({label}, {args.samples} samples): median "
            f"{statistics.median(times):.1f} ms, p95 {quantiles[94]:.1f} ms, "
            f"max {max(times):.1f} ms  [target: median <= 20 ms]"
        )
    started = time.perf_counter()
    aar_game = full_triangle_game()
    aar_game.refresh_from_db()
    print(
        f"played a full triangle-2024 game: {aar_game.seq} events "
        f"in {time.perf_counter() - started:.1f} s"
    )
    from wargame.games import caches

    caches.clear()
    html_ms = timed(lambda: render_html(role_view(aar_game.id, "control").view))
    md_ms = timed(lambda: render_markdown(role_view(aar_game.id, "control").view))
    size = len(render_html(role_view(aar_game.id, "control").view))
    print(
        f"after-action report of that game: html {html_ms:.0f} ms ({size // 1024} KiB), "
        f"markdown {md_ms:.0f} ms  [target: <= 2000 ms]"
    )


if __name__ == "__main__":
    main()
