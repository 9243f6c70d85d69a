"""People in a team: the White Cell adds named members to a seat, each with a join link of
their own, and revokes those links one by one; a member's page remembers the last seq it
showed, so that a member who comes back sees what changed since.

The roster is in the log (``add_member``, ``remove_member``, ``choose_lead``: commands through
the one write path); a member's link is a credential beside it (``models.Member``), issued
once the member is in the log and ended at once on every process when revoked
(``access.credentials_changed`` through the model's signals, and ``broadcast.revoke`` for
sockets already open).
"""

from __future__ import annotations

from wargame import engine
from wargame.games import rebuild, tokens
from wargame.games.access import CONTROL, Principal
from wargame.games.intake import CommandRefused, run_command
from wargame.games.models import Game, Member


def roster_of(game: Game) -> dict:
    """The game's roster as its log has it: ``{"people": {id: {seat, name}}, "leads": {...}}``."""
    state = rebuild.load_state(game.id)
    return engine.roster(state) if state is not None else {"count": 0, "people": {}, "leads": {}}


def listing(game: Game, role: str) -> list[dict]:
    """The members the caller of ``role`` may see (control: every seat's; a seat: its own),
    with whether each has a join link and when it was issued. Never the link itself."""
    members = roster_of(game)
    links = {
        row.member_id: row
        for row in Member.objects.filter(game=game).only("member_id", "issued_at", "last_seen_seq")
    }
    result = []
    for member_id, person in members["people"].items():
        if role != CONTROL and person["seat"] != role:
            continue
        link = links.get(member_id)
        result.append(
            {
                "id": member_id,
                "seat": person["seat"],
                "name": person["name"],
                "lead": members["leads"].get(person["seat"]) == member_id,
                "link_issued_at": link.issued_at.isoformat() if link is not None else None,
                "last_seen_seq": link.last_seen_seq if link is not None else None,
            }
        )
    return result


def add(game: Game, principal: Principal, *, seat: object, name: object) -> tuple[dict, str]:
    """Add a member to ``seat`` (an event) and issue the member's join link: the member and
    the token, shown only here. Refusals are the engine's, as :class:`CommandRefused`."""
    result = run_command(
        game=game,
        role=CONTROL,
        principal=principal,
        body={"type": "add_member", "seat": seat, "name": name},
        key=None,
    )
    data = result.events[0]["data"]
    token = tokens.issue_member_token(
        game=game, role=data["seat"], member_id=data["member"], name=data["name"]
    )
    return {"id": data["member"], "seat": data["seat"], "name": data["name"]}, token


def reissue(game: Game, member_id: str) -> tuple[dict, str]:
    """A new join link for a member in the roster; the old one stops working."""
    person = roster_of(game)["people"].get(member_id)
    if person is None:
        raise CommandRefused(404, "not_found", "no such member in this game")
    token = tokens.issue_member_token(
        game=game, role=person["seat"], member_id=member_id, name=person["name"]
    )
    return {"id": member_id, "seat": person["seat"], "name": person["name"]}, token


def revoke(game: Game, member_id: str) -> None:
    """End a member's join link; the member stays in the roster (a new link can be issued)."""
    if not tokens.revoke_member_token(game=game, member_id=member_id):
        raise CommandRefused(404, "not_found", "this member has no join link")


def remove(game: Game, principal: Principal, member_id: str) -> None:
    """Take a member out of the roster (an event) and end the member's link."""
    run_command(
        game=game,
        role=CONTROL,
        principal=principal,
        body={"type": "remove_member", "member": member_id},
        key=None,
    )  # and the member's link ends with it (intake: tokens.end_links_of_removed)


def record_seen(game_id: object, member_id: str, seq: int) -> None:
    """Remember that the member's page showed ``seq`` (only ever forward)."""
    from django.db.models import Q

    Member.objects.filter(game_id=game_id, member_id=member_id).filter(
        Q(last_seen_seq__isnull=True) | Q(last_seen_seq__lt=seq)
    ).update(last_seen_seq=seq)


def me(game: Game, principal: Principal, role: str) -> dict:
    """Who the caller is in the team, and the last seq the member's pages were shown (null for
    the seat's shared link: its pages keep that in the browser)."""
    if principal.member_id is None:
        return {"role": role, "member": None, "last_seen_seq": None}
    members = roster_of(game)
    row = Member.objects.filter(game=game, member_id=principal.member_id).first()
    return {
        "role": role,
        "member": {
            "id": principal.member_id,
            "name": principal.member_name,
            "lead": members["leads"].get(role) == principal.member_id,
        },
        "last_seen_seq": row.last_seen_seq if row is not None else None,
    }
