"""Analysts of a game: the White Cell adds them by name with a grant (the public record, or
everything), changes a grant, issues and revokes each analyst's own link, and takes an
analyst out; analysts and the White Cell read the study's record (the collection plan, the
analysts, every observation).

The analysts are in the log (``add_analyst``, ``grant_analyst``, ``remove_analyst``: commands
through the one write path); an analyst's link is a credential beside it
(``models.Analyst``), issued once the analyst is in the log and ended at once on every process
when revoked (``access.credentials_changed`` through the model's signals, and
``broadcast.revoke`` for sockets already open).
"""

from __future__ import annotations

from wargame import engine
from wargame.games import rebuild, tokens
from wargame.games.access import ANALYST, CONTROL, Principal
from wargame.games.intake import CommandRefused, run_command
from wargame.games.models import Analyst, Game


def _roster(game: Game) -> dict:
    state = rebuild.load_state(game.id)
    return engine.analysts(state) if state is not None else {"count": 0, "people": {}}


def listing(game: Game) -> list[dict]:
    """Every analyst of the game, with its grant and whether it has a link (never the link)."""
    links = {
        row.analyst_id: row
        for row in Analyst.objects.filter(game=game).only("analyst_id", "issued_at")
    }
    result = []
    for analyst_id, person in _roster(game)["people"].items():
        link = links.get(analyst_id)
        result.append(
            {
                "id": analyst_id,
                "name": person["name"],
                "grant": person["grant"],
                "link_issued_at": link.issued_at.isoformat() if link is not None else None,
            }
        )
    return result


def add(game: Game, principal: Principal, *, name: object, **grant: object) -> tuple[dict, str]:
    """Add an analyst (an event) and issue its link: the analyst and the token, shown only
    here; ``grant`` as sent, if sent (the engine's default otherwise). Refusals are the
    engine's, as :class:`CommandRefused`."""
    body: dict = {"type": "add_analyst", "name": name, **grant}
    result = run_command(game=game, role=CONTROL, principal=principal, body=body, key=None)
    data = result.events[0]["data"]
    token = tokens.issue_analyst_token(
        game=game, analyst_id=data["analyst"], name=data["name"], grant=data["grant"]
    )
    return {"id": data["analyst"], "name": data["name"], "grant": data["grant"]}, token


def grant(game: Game, principal: Principal, analyst_id: str, grant: object) -> dict:
    """Change what an analyst sees (an event); its link opens the new grant at once."""
    run_command(
        game=game,
        role=CONTROL,
        principal=principal,
        body={"type": "grant_analyst", "analyst": analyst_id, "grant": grant},
        key=None,
    )  # and the link's grant with it (intake: tokens.end_links_of_removed)
    return next(row for row in listing(game) if row["id"] == analyst_id)


def reissue(game: Game, analyst_id: str) -> tuple[dict, str]:
    """A new link for an analyst of the game; the old one stops working."""
    person = _roster(game)["people"].get(analyst_id)
    if person is None:
        raise CommandRefused(404, "not_found", "no such analyst in this game")
    token = tokens.issue_analyst_token(
        game=game, analyst_id=analyst_id, name=person["name"], grant=person["grant"]
    )
    return {"id": analyst_id, "name": person["name"], "grant": person["grant"]}, token


def revoke(game: Game, analyst_id: str) -> None:
    """End an analyst's link; the analyst stays in the game (a new link can be issued)."""
    if not tokens.revoke_analyst_token(game=game, analyst_id=analyst_id):
        raise CommandRefused(404, "not_found", "this analyst has no link")


def remove(game: Game, principal: Principal, analyst_id: str) -> None:
    """Take an analyst out of the game (an event) and end its link."""
    run_command(
        game=game,
        role=CONTROL,
        principal=principal,
        body={"type": "remove_analyst", "analyst": analyst_id},
        key=None,
    )


def study_record(game: Game, principal: Principal, role: str) -> dict:
    """The study's record at the head of the log, for the White Cell or an analyst, with who
    the caller is (``me``: null for the White Cell)."""
    state = rebuild.load_state(game.id)
    if state is None:
        found: dict = {"collection_plan": [], "analysts": [], "observations": []}
    else:
        found = engine.analysis_record(state, rebuild.load_journal(game.id, state["seq"]))
    me = None
    if role == ANALYST:
        me = {"id": principal.member_id, "name": principal.member_name}
        me["grant"] = principal.analyst_grant
    return {"seq": state["seq"] if state else 0, "me": me, **found}
