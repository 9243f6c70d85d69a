"""No seat's or observer's response ever carries another role's secret.

Markers are planted in secret moves, rationales, private messages, private injects and analyst
notes; after every command the raw bytes of each role's /state/ and /events/ are searched, and
those of the change frames its sockets would be sent, which fold to its full view at every seq.
"""

from __future__ import annotations

import io
import zipfile

import orjson
import pytest

from tests.api.playbook import Playbook
from tests.players import SEATS
from wargame.games import projections, view_changes
from wargame.games.rebuild import load_state

pytestmark = pytest.mark.django_db


def unzipped(content: bytes) -> bytes:
    """Every file of a zip, uncompressed and joined (the markers are searched in them)."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return b"".join(archive.read(name) for name in archive.namelist())


def test_no_role_receives_what_its_audience_excludes(game):
    playbook = Playbook(game)
    callers = {
        **game.seats,
        "observer": game.observer,
        "analyst": playbook.analyst,
        "control": game.control,
    }
    checked = {"steps": 0}
    open_record = {"done": False}
    # What each role's page holds: its first full view, then every change folded in.
    held = {role: projections.role_view(game.id, role) for role in callers}
    pages = {role: (held[role].seq, held[role].view) for role in callers}

    def change_frames(role: str) -> bytes:
        """The change frames from the view the role's page holds to its view now, folded into
        the page (each seq's change, as a socket following every seq is sent them)."""
        current = projections.role_view(game.id, role)
        seq, page = pages[role]
        frames = projections.frames_since(game.id, current, seq)
        assert frames is not None, (role, seq, current.seq)
        for text in frames:
            frame = orjson.loads(text)
            assert frame["base"] == seq
            page = view_changes.apply(page, frame["ops"])
            seq = frame["seq"]
            assert view_changes.digest(page) == frame["digest"]
            assert page == projections.role_view(game.id, role, at_seq=seq).view, (role, seq)
        pages[role] = (seq, page)
        return "".join(frames).encode()

    def search_every_response(command_type: str) -> None:
        if command_type == "open_record":
            open_record["done"] = True
        if open_record["done"]:
            for role in callers:
                change_frames(role)  # they still fold to the view
            return  # the facilitator opened the whole record for the replay
        state = load_state(game.id)
        seed = str(state["rng"]["seed"])
        unrevealed_salts = [
            move["salt"]
            for move in state["moves"].values()
            if move.get("salt") and not move.get("revealed")
        ]
        for role in [*SEATS, "observer", "analyst", "control"]:
            state_response = callers[role].get(f"/api/games/{game.id}/state/")
            # Everything a role can read of the game: its view, its events, its after-action
            # report (HTML, whose escaping leaves the markers whole), its indicator CSV, its
            # initiative table and every file of its dataset.
            raw = b"".join(
                [
                    change_frames(role),
                    state_response.content,
                    *(
                        callers[role].get(f"/api/games/{game.id}/{path}").content
                        for path in ("events/", "report/?format=html", "indicators/")
                    ),
                    callers[role].get(f"/api/games/{game.id}/initiative/").content,
                    unzipped(callers[role].get(f"/api/games/{game.id}/dataset/").content),
                ]
            )
            shown = state_response.json()["view"]
            if role == "analyst":  # an analyst granted the public record sees what it shows
                assert shown["role"] == "analyst" and shown["seat"] is None
            if role != "control":  # the run-sheet and the White Cell's notes are control's
                assert shown["run_sheet"] is None and shown["facilitation"] is None, role
            else:
                assert isinstance(shown["run_sheet"], list) and shown["facilitation"]
            assert seed.encode() not in raw, (role, "seed")
            for salt in unrevealed_salts:
                assert salt.encode() not in raw, (role, "salt")
            for marker, allowed in playbook.markers.items():
                if role not in allowed and not (role == "analyst" and "observer" in allowed):
                    assert marker.encode() not in raw, (role, marker, command_type)
        checked["steps"] += 1

    playbook.after_each.append(search_every_response)
    playbook.play()
    assert checked["steps"] > 30
    # The study's record stays with the analysts and the White Cell once the record is open,
    # whatever chair a seat or the observer views the game from.
    study = [m for m, allowed in playbook.markers.items() if "analyst" in allowed]
    for role in [*SEATS, "observer"]:
        for path in ("state/", "events/", "report/?format=html", "analysis/"):
            for chair in ("", "?as=control" if "?" not in path else "&as=control"):
                raw = callers[role].get(f"/api/games/{game.id}/{path}{chair}").content
                for marker in study:
                    assert marker.encode() not in raw, (role, path, chair, marker)
    # Each marker did reach the roles it was meant for.
    for marker, allowed in playbook.markers.items():
        for role in allowed:
            raw = callers[role].get(f"/api/games/{game.id}/events/").content
            assert marker.encode() in raw, (role, marker)


def test_no_notification_carries_what_its_seat_may_not_see(game):
    """The whole playbook with a member of every seat told of everything by email, every seat's
    room by webhook, and the game's text in them: no outbox row of a seat holds a marker that
    seat may not see (until the White Cell opens the record to everyone)."""
    from wargame.games import notify
    from wargame.games.models import Notification, NotificationPreference, NotificationSettings

    playbook = Playbook(game)
    seat_of = {}
    for seat in SEATS:
        member_id, _ = playbook.add_member(seat, f"Reader of {seat}")
        seat_of[f"member:{member_id}"] = seat
        seat_of[f"webhook:{seat}"] = seat
        NotificationPreference.objects.create(
            game_id=game.id, member_id=member_id, email=f"reader@{seat}.example.org", email_on=True
        )
    NotificationSettings.objects.create(
        game_id=game.id,
        include_text=True,
        webhooks={seat: f"https://chat.example.org/{seat}" for seat in SEATS},
    )
    playbook.play()
    events = game.control.get(f"/api/games/{game.id}/events/").json()["events"]
    opened = next(e["seq"] for e in events if e["type"] == "record_opened")
    notify.plan_events.call(game.id, 1, opened)
    rows = list(Notification.objects.filter(game_id=game.id))
    assert {row.kind for row in rows} == {"phase", "message", "inject", "results"}
    found = 0
    for row in rows:
        seat = seat_of[row.recipient]
        for marker, allowed in playbook.markers.items():
            if marker in row.subject or marker in row.body:
                found += 1
                assert seat in allowed, (marker, row.recipient, row.happening)
    assert found  # what a seat may read did reach it
