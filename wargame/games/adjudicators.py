"""Named adjudicators of the White Cell and their blind estimates.

The facilitator adds an adjudicator (an event, ``add_adjudicator``) and the server issues them
a link of their own (a ``models.Member`` row whose role is ``adjudicator``: a credential beside
the log, like a team member's). That link opens only the estimates: the moves waiting for
adjudication, the adjudicator's own estimates, who else has answered, and the spread once
everyone has. It sees no view of the game and sends no other command (``access``).

Each estimate is a command through the one write path, sent as control with the adjudicator
named in its actor, so the log says who estimated what.
"""

from __future__ import annotations

from wargame.engine.estimates import estimates_of, estimates_view
from wargame.games import rebuild, service, tokens
from wargame.games.access import ADJUDICATOR, CONTROL, Principal
from wargame.games.intake import CommandRefused, run_command
from wargame.games.models import Game, Member


def _state(game: Game) -> dict:
    state = rebuild.load_state(game.id)
    if state is None:
        raise CommandRefused(404, "not_found", "no such game")
    return state


def listing(game: Game) -> list[dict]:
    """The adjudicators on the roster, with when their link was issued (never the link)."""
    state = _state(game)
    links = {
        row.member_id: row
        for row in Member.objects.filter(game=game, role=ADJUDICATOR).only("member_id", "issued_at")
    }
    result = []
    for adjudicator, person in estimates_of(state)["adjudicators"].items():
        if not person["active"]:
            continue
        link = links.get(adjudicator)
        result.append(
            {
                "id": adjudicator,
                "name": person["name"],
                "link_issued_at": link.issued_at.isoformat() if link is not None else None,
            }
        )
    return result


def add(game: Game, principal: Principal, name: object) -> tuple[dict, str]:
    """Add an adjudicator (an event) and issue their link: shown only here."""
    result = run_command(
        game=game,
        role=CONTROL,
        principal=principal,
        body={"type": "add_adjudicator", "name": name},
        key=None,
    )
    data = result.events[0]["data"]
    token = tokens.issue_member_token(
        game=game, role=ADJUDICATOR, member_id=data["adjudicator"], name=data["name"]
    )
    return {"id": data["adjudicator"], "name": data["name"]}, token


def reissue(game: Game, adjudicator: str) -> tuple[dict, str]:
    person = estimates_of(_state(game))["adjudicators"].get(adjudicator)
    if person is None or not person["active"]:
        raise CommandRefused(404, "not_found", "no such adjudicator in this game")
    token = tokens.issue_member_token(
        game=game, role=ADJUDICATOR, member_id=adjudicator, name=person["name"]
    )
    return {"id": adjudicator, "name": person["name"]}, token


def remove(game: Game, principal: Principal, adjudicator: str) -> None:
    run_command(
        game=game,
        role=CONTROL,
        principal=principal,
        body={"type": "remove_adjudicator", "adjudicator": adjudicator},
        key=None,
    )  # and the link ends with it (intake: tokens.end_links_of_removed)


def board(game: Game, adjudicator: str | None) -> dict:
    """What one adjudicator (or the facilitator, ``None``) sees of the estimates: the moves
    waiting for adjudication, own estimates, who has answered, and the spread once all have."""
    state = _state(game)
    records = estimates_view(state, own=adjudicator, full=state["record_open"])
    waiting = []
    for move in sorted(state["moves"].values(), key=lambda m: m["id"]):
        if (
            move["turn"] == state["turn"]
            and move["status"] == "announced"
            and move["adjudication"] is None
        ):
            waiting.append(_move(state, move))
    estimated = [
        _move(state, state["moves"][move_id])
        for move_id in records["moves"]
        if move_id in state["moves"] and all(m["id"] != move_id for m in waiting)
    ]
    me = None
    if adjudicator is not None:
        person = estimates_of(state)["adjudicators"].get(adjudicator)
        me = {"id": adjudicator, "name": person["name"] if person else ""}
    return {
        "game": {"id": str(game.id), "title": game.title, "turn": state["turn"]},
        "phase": state["phase"],
        "me": me,
        "adjudicators": records["adjudicators"],
        "waiting": waiting,
        "estimated": estimated,
        "moves": records["moves"],
    }


def _move(state: dict, move: dict) -> dict:
    from wargame.engine.rules import action_name

    seat = state["scenario"]["seats"][move["seat"]]["name"]
    argument = move.get("argument")
    what = (
        f"{argument['action']} so that {argument['result']}"
        if argument
        else action_name(state, move["action"])
    )
    return {
        "id": move["id"],
        "seat": move["seat"],
        "team": seat,
        "turn": move["turn"],
        "what": what,
        "outcome": move["outcome"],
        "proposed": (move["proposal"] or {}).get("probability"),
    }


def estimate(game: Game, principal: Principal, body: object) -> dict:
    """An adjudicator's estimate of a move (or one the facilitator enters for a named
    adjudicator): the engine decides, the one write path records."""
    if not isinstance(body, dict):
        raise CommandRefused(400, "invalid_request", "the body must be a JSON object")
    unknown = sorted(set(body) - {"move_id", "probability", "reason", "adjudicator"})
    if unknown:
        raise CommandRefused(400, "invalid_request", f"unknown field {unknown[0]!r}")
    command = {"type": "estimate_probability", **body}
    if principal.kind == ADJUDICATOR:
        actor = {"role": CONTROL, "name": principal.member_name, "member": principal.member}
    else:  # the facilitator, entering a named adjudicator's estimate written on paper
        actor = {"role": CONTROL, "name": principal.display_name}
    try:
        service.execute(
            game=game,
            command=command,
            actor=actor,
            idempotency_key=None,
            expected_seq=None,
            caller=principal.caller_id,
        )
    except service.CommandRejected as rejected:
        rejection = rejected.rejection
        status = {"invalid": 400, "forbidden": 403}.get(rejection.kind, 422)
        raise CommandRefused(status, rejection.code, rejection.message) from None
    return board(game, principal.member_id if principal.kind == ADJUDICATOR else None)


def calibration(game: Game, role: str) -> dict:
    """The calibration table and the disagreements, from ``role``'s view of the game."""
    from wargame.games.hotwash import calibration as table
    from wargame.games.projections import role_view

    return table(role_view(game.id, role).view)
