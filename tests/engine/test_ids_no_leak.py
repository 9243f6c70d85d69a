"""Ids a role sees do not count traffic it may not see.

With ids numbered across the game, Beijing receiving "msg1" and then "msg4" learns that two
messages it never saw went between others. Ids are now opaque labels derived from the game's
secret seed (engine/rng.py ``label``): here Beijing's view of the same conversation is the same
whatever others said in between, but for those labels (and the seqs, see docs/protocol.md).
"""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wargame.engine import CONTROL, OBSERVER

from .harness import Game, load

OPAQUE = re.compile(r"(msg|m|arg|adj|note)-[0-9a-f]{12}|adhoc:[0-9a-f]{12}")
HIDDEN_FROM_BEIJING = [
    ("moscow", ["washington"]),
    ("washington", ["pyongyang", "moscow"]),
    ("pyongyang", ["moscow"]),
]
SCENARIO = load("tutorial")


def play(schedule: list[tuple[str, int]], seed: int) -> Game:
    """``schedule``: ("seen", k) a message Beijing takes part in, ("hidden", k) one between
    others, ("inject", k) an ad-hoc inject to Washington only, ("note", k) control's note."""
    game = Game(SCENARIO, seed=seed)
    game.ok(CONTROL, type="start_game")
    game.advance_to("diplomacy")
    for kind, k in schedule:
        if kind == "seen":
            sender, to = (("beijing", ["moscow"]), ("moscow", ["beijing"]))[k % 2]
            game.ok(sender, type="send_message", to=to, text=f"seen {k}")
        elif kind == "hidden":
            sender, to = HIDDEN_FROM_BEIJING[k % len(HIDDEN_FROM_BEIJING)]
            game.ok(sender, type="send_message", to=to, text=f"hidden {k}")
        elif kind == "inject":
            game.ok(
                CONTROL, type="issue_inject", text=f"for washington {k}", audience=["washington"]
            )
        else:
            game.ok(CONTROL, type="add_note", text=f"note {k}")
    game.ok(CONTROL, type="issue_inject", text="to everyone", audience="all")
    game.ok(OBSERVER, type="add_note", text="observed")
    return game


def ids_seen(view: dict) -> list[str]:
    ids = [m["id"] for m in view["messages"]]
    ids += [i["id"] for i in view["injects"] if not i.get("scripted")]
    ids += [n["id"] for n in view.get("notes", []) if "id" in n]
    return ids


def without_ids_and_seqs(value):
    """Beijing's view with every id replaced by its first-appearance index, seqs dropped."""
    names: dict[str, str] = {}

    def walk(item):
        if isinstance(item, dict):
            return {
                k: walk(v)
                for k, v in item.items()
                if k not in {"seq", "at", "issued_seq", "phase_started_at"}
            }
        if isinstance(item, list):
            return [walk(v) for v in item]
        if isinstance(item, str):  # an id, or a text naming one ("Ad-hoc inject: adhoc:…")
            return OPAQUE.sub(lambda m: names.setdefault(m[0], f"id#{len(names)}"), item)
        return item

    return walk(value)


steps = st.lists(
    st.tuples(st.sampled_from(["seen", "hidden", "inject", "note"]), st.integers(0, 5)),
    max_size=12,
)


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(schedule=steps, seed=st.integers(1, 2**32))
def test_a_seat_cannot_count_traffic_it_did_not_see(schedule, seed):
    with_traffic = play(schedule, seed)
    alone = play([step for step in schedule if step[0] == "seen"], seed)
    for role in ("beijing", OBSERVER):
        seen = with_traffic.view(role)
        for item_id in ids_seen(seen):
            assert OPAQUE.fullmatch(item_id), item_id  # no number in it to count with
        assert without_ids_and_seqs(seen) == without_ids_and_seqs(alone.view(role))


def test_every_id_is_opaque_and_unique():
    game = play([("seen", 0), ("hidden", 1), ("inject", 2), ("note", 3), ("seen", 1)], 99)
    control = game.view(CONTROL)
    ids = ids_seen(control)
    assert len(ids) == len(set(ids)) == 7  # 3 messages, 2 injects, 2 notes
    assert all(OPAQUE.fullmatch(i) for i in ids), ids
