"""Property tests: random command sequences by every role never break the engine or leak.

Texts that must stay private carry unique marker strings; after every few steps each role's
view and event projections are searched for markers that role may not see, for the seed and
for the salts of secret moves.
"""

from __future__ import annotations

import copy
import itertools
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wargame.engine import (
    COMMAND_TYPES,
    CONTROL,
    EVENT_TYPES,
    OBSERVER,
    Rejection,
    canonical_json,
    decide,
    evolve,
    fold,
    fold_steps,
    project_event,
    state_hash,
    validate_scenario,
    view,
)
from wargame.games import view_changes

from .harness import Game, like_jsonb, load

SEED = 8_675_309_424_242
HIDDEN_NAME = "HIDDEN-NAME#"
HIDDEN_DESCRIPTION = "HIDDEN-DESCRIPTION#"


def _scenario() -> dict[str, Any]:
    doc = copy.deepcopy(load("tutorial"))
    for spec in doc["indicators"]:
        if spec["audience"] != "all":
            spec["name"] = HIDDEN_NAME
            spec["description"] = HIDDEN_DESCRIPTION
    for seat, seat_doc in doc["seats"].items():
        seat_doc["private_briefing"] = f"PRIVATE-BRIEFING-{seat}#"
        for objective in seat_doc["objectives"]:
            objective["text"] = f"OBJECTIVE-{seat}-{objective['id']}#"
    for inject in doc["injects"]:
        inject["text"] = f"SCRIPTED-{inject['id']}#"
    for narrative in doc["narratives"]:
        narrative["text"] = f"SCRIPTED-{narrative['id']}#"
    doc["injects"][-1]["condition"] = {"not": {"succeeded": "beijing.trade_squeeze"}}
    doc["facilitator_notes"] = "FACILITATOR-NOTES#"
    doc["turn_notes"] = {1: "TURN-NOTES-1#", 2: "TURN-NOTES-2#"}
    doc["timing"] = {"orders": 10}
    doc["move_quota"] = 2
    doc["secret_moves_per_game"] = 2
    doc["messaging_phases"] = ["briefing", "diplomacy", "orders", "results"]
    return validate_scenario(doc)


SCENARIO = _scenario()
SEATS = list(SCENARIO["seats"])
ROLES = [CONTROL, OBSERVER, *SEATS]
HIDDEN = next(spec for spec in SCENARIO["indicators"] if spec["audience"] != "all")

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(10**12), 10**12) | st.text(max_size=12),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=10,
)
FIELDS = [
    "move_id",
    "action",
    "argument",
    "targets",
    "visibility",
    "rationale",
    "to",
    "text",
    "stance",
    "method",
    "probability",
    "outcome",
    "narrative",
    "reason",
    "effects",
    "opposed_move_id",
    "opposed_probability",
    "indicator",
    "delta",
    "value",
    "audience",
    "title",
    "strong",
    "force",
    "deadline",
    "adjudication_id",
    "revert_effects",
    "inject_id",
    "minutes",
    "on_expiry",
    "deadline_id",
]


class Markers:
    """Hands out unique marker texts."""

    def __init__(self) -> None:
        self.counter = itertools.count(1)

    def __call__(self, kind: str) -> str:
        return f"{kind}-{next(self.counter):05d}#"


def _pick(data: st.DataObject, options: list[Any]) -> Any:
    return data.draw(st.sampled_from(options))


def _move_ids(game: Game) -> list[str]:
    assert game.state is not None
    return [*game.state["moves"], "m999", "", "x"]


def _pick_move(data: st.DataObject, game: Game, preferred: list[str]) -> str:
    if preferred and data.draw(st.integers(0, 4)):
        return _pick(data, preferred)
    return _pick(data, _move_ids(game))


def _pending(game: Game) -> list[str]:
    assert game.state is not None
    return [
        m["id"]
        for m in game.state["moves"].values()
        if m["status"] == "announced" and m["adjudication"] is None
    ]


def _subset(data: st.DataObject, items: list[str], max_size: int = 3) -> list[str]:
    return data.draw(st.lists(st.sampled_from(items), max_size=max_size, unique=True))


def _command(data: st.DataObject, game: Game, role: str, mark: Markers) -> dict[str, Any]:
    """A command that is often legal now, sometimes not, and occasionally pure junk."""
    state = game.state
    assert state is not None
    # Hypothesis favours small draws, so the rare branch sits in the middle of the range.
    if data.draw(st.integers(0, 9)) == 5:
        junk = data.draw(
            st.dictionaries(st.sampled_from(FIELDS) | st.text(max_size=6), json_values, max_size=6)
        )
        junk["type"] = _pick(data, [None, *sorted(COMMAND_TYPES), "bogus", 3])
        return junk
    if role == CONTROL:
        phase = state["phase"]
        kind = _pick(
            data,
            ["adjudicate"] * (12 if phase == "adjudication" else 1)
            + ["advance_phase"] * (2 if phase in ("orders", "adjudication") else 8)
            + ["propose_probability"] * (4 if phase == "adjudication" else 1)
            + [
                "start_game",
                "void_adjudication",
                "adjust_indicator",
                "issue_inject",
                "reveal_move",
                "add_note",
                "set_deadline",
                "send_message",
                "open_record",
                "publish_narrative",
                "hold_inject",
                "edit_inject",
                "edit_inject",
                "release_inject",
                "skip_inject",
                "amend_narrative",
                "roll_remaining",
                "expire_deadline",
                "set_clock",
                "ask_question",
                "ask_question",
            ]
            + (["resume"] * 10 if state["paused"] else [])
            + (["pause"] if data.draw(st.integers(0, 3)) == 0 else [])
            + (["end_game"] if data.draw(st.integers(0, 5)) == 0 else []),
        )
    elif role == OBSERVER:
        kind = _pick(data, ["add_note", "add_note", "send_message", "advance_phase"])
    else:
        submitted = sum(
            1
            for m in state["moves"].values()
            if m["seat"] == role and m["turn"] == state["turn"] and m["status"] == "submitted"
        )
        kind = _pick(
            data,
            ["add_argument"] * (8 if state["phase"] == "adjudication" else 0)
            + ["submit_move"] * 5
            + ["send_message"] * 2
            + ["lock_orders"] * (3 if submitted else 0)
            + ["add_argument"]
            + ["answer_question"] * (3 if state.get("hotwash") else 0)
            + ["withdraw_move", "adjudicate"]
            + ["draft_move", "draft_message", "comment_draft", "submit_draft", "submit_draft"],
        )
    cmd: dict[str, Any] = {"type": kind}
    moves = _move_ids(game)
    if kind == "advance_phase":
        cmd["force"] = data.draw(st.integers(0, 3)) == 0
    elif kind in ("comment_draft", "submit_draft"):
        drafts = [*state.get("drafts", {}).get("items", {}), "dr-999"]
        cmd["draft_id"] = _pick(data, drafts)
        if kind == "comment_draft":
            cmd["text"] = mark("DRAFT-COMMENT")
    elif kind == "draft_message":
        cmd.update(to=_subset(data, [s for s in SEATS if s != role], 2), text=mark("DRAFT-MESSAGE"))
    elif kind in ("submit_move", "draft_move"):
        seat_actions = [a["id"] for a in SCENARIO["seats"].get(role, {"actions": []})["actions"]]
        cmd["action"] = _pick(
            data, [*seat_actions, *seat_actions, "free", "free", "beijing.trade_squeeze", "?"]
        )
        if cmd["action"] == "free":
            reasons = data.draw(st.sampled_from([0, 1, 2, 3, 3, 4]))
            cmd["argument"] = {
                "action": mark("ARG-ACTION"),
                "result": mark("ARG-RESULT"),
                "reasons": [mark("ARG-REASON") for _ in range(reasons)],
            }
        action = next(
            (
                a
                for s in SCENARIO["seats"].values()
                for a in s["actions"]
                if a["id"] == cmd["action"]
            ),
            None,
        )
        if action and action["targets"] and data.draw(st.integers(0, 5)):
            cmd["targets"] = _subset(data, action["targets"], 2)
        else:
            cmd["targets"] = _subset(data, [s for s in SEATS if s != role], 2)
        cmd["visibility"] = _pick(data, ["public", "public", "secret", "secret", "hidden"])
        cmd["rationale"] = mark("RATIONALE")
        if kind == "submit_move" and data.draw(st.booleans()) and state["moves"]:
            cmd["move_id"] = _pick(data, moves)
    elif kind == "withdraw_move":
        own = [m for m, move in state["moves"].items() if move["seat"] == role]
        cmd["move_id"] = _pick_move(data, game, own)
    elif kind == "reveal_move":
        secret = [m for m, move in state["moves"].items() if move["visibility"] == "secret"]
        cmd["move_id"] = _pick_move(data, game, secret)
    elif kind == "add_argument":
        public = [
            m
            for m in _pending(game)
            if state["moves"][m]["visibility"] == "public" and state["moves"][m]["seat"] != role
        ]
        cmd.update(
            move_id=_pick_move(data, game, public),
            stance=_pick(data, ["pro", "con", "con", "pro", "meh"]),
            text=mark("ARGUMENT"),
        )
    elif kind == "send_message":
        others = [s for s in SEATS if s != role]
        to = (
            _subset(data, others, 3)
            if data.draw(st.integers(0, 5))
            else _subset(data, [*SEATS, "control"], 3)
        )
        cmd.update(to=to, text=mark("MESSAGE"))
    elif kind == "propose_probability":
        move_id = _pick_move(data, game, _pending(game))
        arguments = state["moves"].get(move_id, {}).get("arguments", [])
        cmd.update(move_id=move_id, strong=_subset(data, [*arguments, "arg999"], 3))
        if data.draw(st.booleans()):
            cmd["probability"] = data.draw(st.integers(-5, 105))
            cmd["reason"] = mark("OVERRIDE")
    elif kind == "adjudicate":
        cmd.update(
            move_id=_pick_move(data, game, _pending(game)),
            method=_pick(data, ["roll", "roll", "decide", "guess"]),
            narrative=mark("NARRATIVE"),
        )
        if cmd["method"] == "decide":
            cmd.update(outcome=_pick(data, ["success", "failure"]), reason=mark("DECIDE"))
        if data.draw(st.integers(0, 3)) == 0:
            cmd["opposed_move_id"] = _pick_move(data, game, _pending(game))
        if data.draw(st.integers(0, 3)) == 0:
            cmd["effects"] = [
                {
                    "indicator": _pick(data, [s["id"] for s in SCENARIO["indicators"]]),
                    "delta": data.draw(st.integers(-30, 30)),
                }
            ]
        if data.draw(st.integers(0, 3)) == 0:
            cmd["probability"] = data.draw(st.integers(0, 100))
            cmd["reason"] = mark("OVERRIDE")
    elif kind == "void_adjudication":
        adjudications = [*state["adjudications"], "adj999"]
        if data.draw(st.booleans()):
            cmd["adjudication_id"] = _pick(data, adjudications)
        else:
            cmd["move_id"] = _pick(data, moves)
        cmd["reason"] = mark("VOID")
    elif kind == "adjust_indicator":
        cmd.update(
            indicator=_pick(data, [s["id"] for s in SCENARIO["indicators"]] + ["zz"]),
            delta=data.draw(st.integers(-50, 50)),
            reason=mark("ADJUST"),
        )
    elif kind == "issue_inject":
        audience = _pick(data, ["all", ["beijing"], ["moscow", "pyongyang"], ["observer"]])
        cmd.update(
            text=mark("INJECT"),
            title="t",
            audience=audience,
            effects=[{"indicator": HIDDEN["id"], "delta": 5}],
        )
    elif kind in ("add_note", "publish_narrative"):
        cmd["text"] = mark("NOTE")
    elif kind == "set_deadline":
        if data.draw(st.booleans()):
            cmd["deadline"] = _pick(
                data, ["2024-06-01T18:00:00Z", "2024-06-01T06:00:00Z", "tomorrow", None]
            )
        else:
            cmd["minutes"] = _pick(data, [1, 10, 0, -3, "x"])
        cmd["on_expiry"] = _pick(data, ["alert", "lock_orders", "advance", "roll", "explode"])
    elif kind == "set_clock":
        # Phases timed by the clock open with their deadline in the same batch as the change.
        timed = data.draw(st.lists(st.sampled_from(SCENARIO["phases"]), max_size=3, unique=True))
        cmd["phases"] = [
            {
                "phase": phase,
                "seconds": data.draw(st.sampled_from([1, 60, 86400])),
                "on_expiry": _pick(data, ["alert", "advance", "lock_orders", "roll"]),
            }
            for phase in timed
        ]
    elif kind == "expire_deadline":
        current = (state["deadline"] or {}).get("id", "dl0")
        cmd["deadline_id"] = _pick(data, [current, current, "dl999"])
    elif kind in ("hold_inject", "edit_inject", "release_inject", "skip_inject"):
        cmd["inject_id"] = _pick(data, [*state["run_sheet"], "nope"])
        if kind == "edit_inject":
            cmd["text"] = mark("EDIT")
            if data.draw(st.booleans()):
                cmd["audience"] = _pick(data, ["all", ["beijing"], ["moscow", "pyongyang"]])
        elif kind == "skip_inject":
            cmd["reason"] = mark("SKIP")
    elif kind == "amend_narrative":
        adjudicated = [m for m, move in state["moves"].items() if move["adjudication"]]
        cmd.update(move_id=_pick_move(data, game, adjudicated), text=mark("AMEND"))
    elif kind == "ask_question":
        seats = _subset(data, [*SEATS, "nowhere"], 2)
        cmd.update(text=mark("QUESTION"), seats=seats)
        if len(seats) == 1 and data.draw(st.booleans()):
            cmd["about_turn"] = _pick(data, [1, state["turn"], 9])
    elif kind == "answer_question":
        asked = list((state.get("hotwash") or {}).get("questions", {}))
        cmd.update(question_id=_pick(data, [*asked, "q-none"]), text=mark("ANSWER"))
    elif kind == "pause":
        cmd["reason"] = "break"
    return cmd


def _audience_roles(audience: Any) -> set[str]:
    return set(ROLES) if audience == "all" else {CONTROL, *audience}


def _allowed(
    state: dict[str, Any], journal: list[dict[str, Any]], events: list[dict[str, Any]]
) -> dict[str, set[str]]:
    """Every private marker in the state and its journal, with the roles allowed to see it."""
    everyone = set(ROLES)
    allowed: dict[str, set[str]] = {}
    ended = state["status"] == "ended"
    # The run-sheet: scripted and edited texts are control's until issued, then the audience's
    # they were issued to; a scripted text replaced by an edit stays control's.
    for event in events:
        if event["type"] == "inject_edited":
            allowed[event["data"]["text"]] = {CONTROL}
        elif event["type"] == "inject_skipped":
            allowed[event["data"]["reason"]] = {CONTROL}
        elif event["type"] == "narrative_amended":
            allowed[event["data"]["text"]] = _audience_roles(event["audience"])
    for item in state["run_sheet"].values():
        allowed.setdefault(f"SCRIPTED-{item['id']}#", {CONTROL})
        if item["status"] == "issued":
            allowed[item["text"]] = _audience_roles(item["audience"])
    # A team's drafts and their comments are the team's and control's (a draft sent becomes the
    # move or the message it holds, seen as that is, below).
    for draft in state.get("drafts", {}).get("items", {}).values():
        team = {CONTROL, draft["seat"]}
        for revision in draft["revisions"]:
            content = revision["content"]
            texts = [content.get("text"), content.get("rationale")]
            if content.get("argument"):
                argument = content["argument"]
                texts += [argument["action"], argument["result"], *argument["reasons"]]
            for text in texts:
                if text:
                    allowed[text] = team
        for comment in draft["comments"]:
            allowed[comment["text"]] = team
    allowed["FACILITATOR-NOTES#"] = {CONTROL}
    allowed["TURN-NOTES-1#"] = {CONTROL}
    allowed["TURN-NOTES-2#"] = {CONTROL}
    for move in state["moves"].values():
        own = {CONTROL, move["seat"]}
        allowed[move["rationale"]] = own
        if move["argument"]:
            announced = move["status"] in ("announced",) and move["visibility"] == "public"
            shown = everyone if announced or move["revealed"] else own
            for text in (
                move["argument"]["action"],
                move["argument"]["result"],
                *move["argument"]["reasons"],
            ):
                allowed[text] = shown
        if move["proposal"] and move["proposal"]["reason"]:
            allowed[move["proposal"]["reason"]] = {CONTROL}
    for entry in journal:
        if entry["kind"] == "message":
            allowed[entry["item"]["text"]] = {CONTROL, entry["from"], *entry["to"]}
        elif entry["kind"] == "note":
            allowed[entry["item"]["text"]] = {CONTROL, *entry["audience"]}
    hotwash = state.get("hotwash") or {"questions": {}, "answers": []}
    for question in hotwash["questions"].values():
        allowed[question["text"]] = {CONTROL, *question["seats"]}
    for answer in hotwash["answers"]:
        allowed[answer["text"]] = {CONTROL, answer["seat"]}
    for inject in state["injects"]:
        if not inject["scripted"]:
            allowed[inject["text"]] = (
                everyone if inject["audience"] == "all" else {CONTROL, *inject["audience"]}
            )
    for seat, seat_doc in state["scenario"]["seats"].items():
        allowed[seat_doc["private_briefing"]] = {CONTROL, seat}
        for objective in seat_doc["objectives"]:
            allowed[objective["text"]] = everyone if ended else {CONTROL, seat}
    hidden = {CONTROL, *HIDDEN["audience"]}
    allowed[HIDDEN_NAME] = hidden
    allowed[HIDDEN_DESCRIPTION] = hidden
    allowed[f'"{HIDDEN["id"]}"'] = hidden
    return allowed


class ChangeStream:
    """What each role's socket would be sent after each step: the change from its previous view
    (wargame/games/view_changes.py), folded as a page folds it."""

    def __init__(self) -> None:
        self.shown: dict[str, Any] = {role: {} for role in ROLES}
        self.folded: dict[str, Any] = {role: {} for role in ROLES}
        self.sent: dict[str, list[str]] = {role: [] for role in ROLES}

    def step(self, game: Game) -> None:
        for role in ROLES:
            shown = view(game.state, role, game.journal)
            ops = view_changes.diff(self.shown[role], shown)
            self.sent[role].append(canonical_json(ops).decode())
            self.folded[role] = view_changes.apply(self.folded[role], copy.deepcopy(ops))
            assert self.folded[role] == shown, (role, "the folded changes differ from the view")
            assert view_changes.digest(self.folded[role]) == view_changes.digest(shown)
            self.shown[role] = shown


def _check_no_leaks(game: Game, stream: ChangeStream | None = None) -> None:
    state = game.state
    assert state is not None
    allowed = {} if state["record_open"] else _allowed(state, game.journal, game.events)
    salts = {m["id"]: m["salt"] for m in state["moves"].values() if m["salt"]}
    seed = str(SEED)
    for role in ROLES:
        shown = view(state, role, game.journal)
        if role != CONTROL and not state["record_open"]:
            assert shown["run_sheet"] is None and shown["facilitation"] is None
        text = canonical_json(shown).decode()
        assert seed not in text
        for salt in salts.values():
            assert salt not in text, role
        projected = [project_event(e, role, record_open=state["record_open"]) for e in game.events]
        for event in projected:
            if event is None:
                continue
            event_text = canonical_json(event).decode()
            assert seed not in event_text
            for move_id, salt in salts.items():
                if not (event["type"] == "move_revealed" and event["data"]["move_id"] == move_id):
                    assert salt not in event_text, (role, event["type"])
        events_text = canonical_json([e for e in projected if e is not None]).decode()
        # The changes sent since the last check, each also free of what the role may not see.
        changes_text = "".join(stream.sent[role]) if stream is not None else ""
        assert seed not in changes_text
        for salt in salts.values():
            assert salt not in changes_text, role
        for marker, roles in allowed.items():
            if role not in roles:
                assert marker not in text, (role, marker)
                assert marker not in events_text, (role, marker)
                assert marker not in changes_text, (role, marker, "in a change")
    if stream is not None:
        for sent in stream.sent.values():
            sent.clear()


def _check_result(result: Any) -> None:
    if isinstance(result, Rejection):
        assert result.kind in ("invalid", "forbidden", "rules")
        assert isinstance(result.code, str) and result.code
        assert isinstance(result.message, str) and result.message
        return
    assert isinstance(result, list) and result
    for draft in result:
        assert set(draft) == {"type", "actor", "at", "data", "audience"}
        assert draft["type"] in EVENT_TYPES
        audience = draft["audience"]
        assert audience == "all" or (
            isinstance(audience, list) and set(audience) <= {*SEATS, OBSERVER}
        )
        canonical_json(draft)


def _progress(data: st.DataObject, game: Game, mark: Markers) -> tuple[str, dict[str, Any]]:
    """A likely-legal command that moves the game forward, so random runs reach deep states."""
    state = game.state
    assert state is not None
    if state["status"] == "setup":
        return CONTROL, {"type": "start_game"}
    if state["paused"]:
        return CONTROL, {"type": "resume"}
    phase = state["phase"]
    if phase == "orders":
        for seat in SEATS:
            if state["locks"][seat]:
                continue
            mine = [
                m
                for m in state["moves"].values()
                if m["seat"] == seat and m["turn"] == state["turn"] and m["status"] == "submitted"
            ]
            if mine:
                return seat, {"type": "lock_orders"}
            action = _pick(data, SCENARIO["seats"][seat]["actions"])
            secret = action["secret_allowed"] and data.draw(st.booleans())
            command = {
                "type": "submit_move",
                "action": action["id"],
                "targets": action["targets"][:1],
                "visibility": "secret" if secret else "public",
                "rationale": mark("RATIONALE"),
            }
            if data.draw(st.integers(0, 3)) == 2:
                command.update(
                    action="free",
                    targets=[],
                    argument={
                        "action": mark("ARG-ACTION"),
                        "result": mark("ARG-RESULT"),
                        "reasons": [mark("ARG-REASON")],
                    },
                )
            return seat, command
    if phase == "adjudication":
        pending = _pending(game)
        public = [m for m in pending if state["moves"][m]["visibility"] == "public"]
        if public and data.draw(st.integers(0, 2)) == 1:
            move = state["moves"][public[0]]
            seat = next(s for s in SEATS if s != move["seat"])
            return seat, {
                "type": "add_argument",
                "move_id": move["id"],
                "stance": _pick(data, ["pro", "con"]),
                "text": mark("ARGUMENT"),
            }
        if pending:
            command = {
                "type": "adjudicate",
                "move_id": pending[0],
                "method": "roll",
                "narrative": mark("NARRATIVE"),
            }
            if len(pending) > 1 and data.draw(st.integers(0, 3)) == 2:
                command["opposed_move_id"] = pending[1]
            return CONTROL, command
    if state["status"] == "ended":
        return CONTROL, {"type": "open_record"}
    if state["turn"] == SCENARIO["turns"] and phase == SCENARIO["phases"][-1]:
        return CONTROL, {"type": "end_game"}
    return CONTROL, {"type": "advance_phase", "force": True}


def _role(data: st.DataObject, game: Game) -> str:
    """Seats act mostly while orders are open, control mostly otherwise."""
    assert game.state is not None
    seat_weight = {"orders": 6, "adjudication": 1}.get(game.state["phase"], 2)
    return data.draw(
        st.sampled_from([CONTROL] * 4 + [OBSERVER] + SEATS * seat_weight + ["stranger"])
    )


@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.data())
def test_random_commands_never_break_or_leak(data: st.DataObject) -> None:
    """Any command from any role gives events or a Rejection; folds agree; nothing leaks, in a
    view or in the change stream, whose changes fold to each role's view at every seq."""
    game = Game(SCENARIO, seed=SEED)
    mark = Markers()
    stream = ChangeStream()
    stream.step(game)
    if data.draw(st.integers(0, 9)) != 5:
        game.ok(CONTROL, type="start_game")
        stream.step(game)
    steps = data.draw(st.integers(5, 80))
    for step in range(steps):
        if data.draw(st.integers(0, 4)) in (1, 2):
            role, command = _progress(data, game, mark)
        else:
            role = _role(data, game)
            command = _command(data, game, role, mark)
        before = state_hash(game.state)
        result = game.decide(role, command, name=_pick(data, [None, "Kim", 5]))
        assert state_hash(game.state) == before, "decide mutated the state"
        _check_result(result)
        if role in ("stranger",) or (role == OBSERVER and command.get("type") != "add_note"):
            assert isinstance(result, Rejection)
        if not isinstance(result, Rejection):
            game.append(result)
            stream.step(game)
        if step % 7 == 6:
            _check_no_leaks(game, stream)
    _check_no_leaks(game, stream)

    assert state_hash(fold(None, game.events)) == game.hashes[-1]
    stored = fold(None, like_jsonb(game.events))
    assert state_hash(stored) == game.hashes[-1]
    for role in ROLES:
        assert canonical_json(
            view(like_jsonb(game.state), role, like_jsonb(game.journal))
        ) == canonical_json(view(game.state, role, game.journal)), (
            "a view depends on the key order of a stored state"
        )
    assert canonical_json(fold(None, game.events)) == canonical_json(fold(None, game.events))
    split = data.draw(st.integers(1, len(game.events)))
    journal: list[dict[str, Any]] = []
    head = fold(None, game.events[:split], journal=journal)
    head_hash = state_hash(head)
    assert state_hash(fold(head, game.events[split:], journal=journal)) == game.hashes[-1]
    assert journal == game.journal, "a journal folded in two parts differs from one folded whole"
    assert state_hash(head) == head_hash, "fold mutated its starting state"
    stepped = [state_hash(step) for step in fold_steps(head, game.events[split:])]
    assert stepped == game.hashes[split:], "fold_steps differs from repeated evolve"
    assert state_hash(head) == head_hash, "fold_steps mutated its starting state"
    if split < len(game.events):
        evolved = evolve(head, game.events[split])
        assert state_hash(head) == head_hash, "evolve mutated its input"
        assert state_hash(evolved) == game.hashes[split]


@settings(max_examples=150, deadline=None)
@given(
    role=st.sampled_from([*ROLES, "stranger", ""]),
    command=st.dictionaries(
        st.sampled_from(FIELDS + ["type"]) | st.text(max_size=5), json_values, max_size=8
    ),
    kind=st.sampled_from([*sorted(COMMAND_TYPES), None]),
)
def test_any_dict_from_any_role_gives_a_value(
    role: str, command: dict[str, Any], kind: str | None
) -> None:
    """Arbitrary JSON bodies, in setup and mid-game, never raise out of decide."""
    if kind is not None:
        command["type"] = kind
    game = RUNNING_GAME
    for state in (SETUP_STATE, game.state):
        actor = {"role": role, "name": None}
        _check_result(decide(state, command, actor=actor, now="2024-06-01T00:00:00Z"))


def _running_game() -> Game:
    game = Game(SCENARIO, seed=SEED)
    game.ok(CONTROL, type="start_game")
    game.advance_to("orders")
    game.ok(
        "beijing",
        type="submit_move",
        action="beijing.trade_squeeze",
        targets=["pyongyang"],
        rationale="r",
    )
    game.ok(
        "moscow",
        type="submit_move",
        action="moscow.arms_for_shells",
        visibility="secret",
        rationale="r",
    )
    game.advance_to("adjudication")
    return game


RUNNING_GAME = _running_game()
SETUP_STATE = Game(SCENARIO, seed=SEED).state
