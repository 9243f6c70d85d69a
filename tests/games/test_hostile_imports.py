"""Malformed exports are refused naming the line and the field, never with a traceback: through
the import function, the management command and the upload endpoint."""

from __future__ import annotations

import json

import pytest
from django.core.management import CommandError, call_command

from tests.games.helpers import note, tutorial_game
from tests.players import Caller
from wargame.games.exports import export_lines
from wargame.games.imports import ImportRefused, import_log
from wargame.games.models import Game

pytestmark = pytest.mark.django_db


@pytest.fixture
def lines(loaded_scenarios) -> list[str]:
    game = tutorial_game("Hostile")
    for text in ("first", "second"):
        note(game, text)
    game.refresh_from_db()
    exported = "".join(export_lines(game)).splitlines()
    assert len(exported) == 4 and exported[-1].startswith('{"signature"')
    return exported[:-1]  # unsigned: every refusal below is about the lines themselves


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


def with_event(lines: list[str], change) -> str:
    event = json.loads(lines[1])
    change(event)
    return "\n".join([lines[0], json.dumps(event), lines[2]]) + "\n"


def replace_line(lines: list[str], text: str) -> str:
    return "\n".join([lines[0], text, lines[2]]) + "\n"


def set_field(name: str, value):
    return lambda event: event.__setitem__(name, value)


HOSTILE = [
    ("actor a string", lambda ls: with_event(ls, set_field("actor", "control")), "'actor'"),
    (
        "actor role null",
        lambda ls: with_event(ls, set_field("actor", {"role": None})),
        "'actor.role'",
    ),
    ("null data", lambda ls: with_event(ls, set_field("data", None)), "'data'"),
    ("data a list", lambda ls: with_event(ls, set_field("data", [1])), "'data'"),
    ("missing audience", lambda ls: with_event(ls, lambda e: e.pop("audience")), "'audience'"),
    ("extra field", lambda ls: with_event(ls, set_field("extra", 1)), "'extra'"),
    ("seq a string", lambda ls: with_event(ls, set_field("seq", "2")), "'seq'"),
    ("seq a boolean", lambda ls: with_event(ls, set_field("seq", True)), "'seq'"),
    ("huge seq", lambda ls: with_event(ls, set_field("seq", 10**30)), "'seq'"),
    (
        "huge number in data",
        lambda ls: with_event(ls, lambda e: e["data"].update(n=-(10**40))),
        "'data.n'",
    ),
    ("unknown type", lambda ls: with_event(ls, set_field("type", "drop_tables")), "'type'"),
    ("time not a time", lambda ls: with_event(ls, set_field("at", "yesterday")), "'at'"),
    (
        "audience an object",
        lambda ls: with_event(ls, set_field("audience", {"a": 1})),
        "'audience'",
    ),
    ("hash not hex", lambda ls: with_event(ls, set_field("hash", "zz")), "'hash'"),
    (
        "NUL in a text",
        lambda ls: with_event(ls, lambda e: e["data"].update(text="a\x00b")),
        "'data.text'",
    ),
    (
        "deep data",
        lambda ls: with_event(ls, lambda e: e["data"].update(deep=json.loads(nested(200)))),
        "nested more than 64",
    ),
    ("very deep line", lambda ls: replace_line(ls, nested(100_000)), "nested more than 64"),
    ("not JSON", lambda ls: replace_line(ls, "{not json"), "not JSON"),
    ("NaN", lambda ls: replace_line(ls, ls[1].replace('"seq": 2', '"seq": NaN')), "not JSON"),
    (
        "5,000 digits",
        lambda ls: replace_line(ls, ls[1].replace('"seq": 2', '"seq": ' + "9" * 5000)),
        "too many digits",
    ),
    ("a list, not an object", lambda ls: replace_line(ls, "[1, 2]"), "not an exported event"),
    (
        "after the signature",
        lambda ls: replace_line(ls, '{"signature": {}}'),
        "after the signature",
    ),
]


@pytest.mark.parametrize("make,expected", [h[1:] for h in HOSTILE], ids=[h[0] for h in HOSTILE])
def test_a_malformed_line_is_refused_naming_line_and_field(lines, make, expected, tmp_path):
    text = make(lines)
    with pytest.raises(ImportRefused) as caught:
        import_log(text, unverified=True)
    message = str(caught.value)
    assert message.startswith("line 2") or "line 3" in message, message
    assert expected in message
    assert Game.objects.count() == 1  # only the game that was exported

    path = tmp_path / "hostile.jsonl"
    path.write_text(text, encoding="utf-8")
    call_command("facilitator", "analyst")
    with pytest.raises(CommandError) as refused:
        call_command("import_log", str(path), "--facilitator", "analyst", "--unverified")
    assert str(refused.value) == f"refused: {message}"


def test_an_empty_file_and_a_file_that_is_not_utf8(lines, tmp_path):
    with pytest.raises(ImportRefused, match="no events"):
        import_log("\n\n", unverified=True)
    path = tmp_path / "latin.jsonl"
    path.write_bytes(lines[0].encode() + b"\n\xff\n")
    call_command("facilitator", "analyst")
    with pytest.raises(CommandError, match="refused: line 2: not UTF-8 text"):
        call_command("import_log", str(path), "--facilitator", "analyst")


# ---- the upload endpoint ---------------------------------------------------------------------


def upload(caller: Caller, text: str, query: str = ""):
    from rest_framework.test import APIClient

    headers = {"HTTP_AUTHORIZATION": f"Bearer {caller.token}"} if caller.token else {}
    return APIClient().post(
        f"/api/games/import/{query}",
        data=text.encode("utf-8", "surrogateescape"),
        content_type="application/jsonl",
        **headers,
    )


@pytest.fixture
def signed_export(facilitator) -> str:
    game = tutorial_game("Uploaded")
    note(game, "hello")
    return "".join(export_lines(Game.objects.get(pk=game.pk)))


def test_a_facilitator_uploads_a_signed_export_and_owns_the_new_game(facilitator, signed_export):
    response = upload(facilitator, signed_export)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["origin"] == "verified" and "signed by this server" in body["origin_note"]
    assert body["head_hash"] == json.loads(signed_export.splitlines()[-2])["hash"]
    listed = facilitator.get("/api/games/").json()
    assert {g["id"]: g["origin"] for g in listed}[body["id"]] == "verified"
    assert facilitator.get(f"/api/games/{body['id']}/").status_code == 200


def test_an_unsigned_upload_needs_the_flag_and_is_marked(facilitator, signed_export):
    unsigned = "\n".join(signed_export.splitlines()[:-1]) + "\n"
    refused = upload(facilitator, unsigned)
    assert refused.status_code == 422
    assert refused.json()["error"]["code"] == "origin_not_verified"
    accepted = upload(facilitator, unsigned, "?unverified=true")
    assert accepted.status_code == 201
    game = accepted.json()
    assert game["origin"] == "unverified"
    assert game["origin_note"] == "origin not verified: the log is unsigned"
    report = facilitator.get(f"/api/games/{game['id']}/report/?format=md")
    assert "Origin not verified" in report.content.decode()
    assert game["head_hash"] in report.content.decode()


@pytest.mark.parametrize("make,expected", [h[1:] for h in HOSTILE], ids=[h[0] for h in HOSTILE])
def test_a_malformed_upload_is_a_400_naming_the_line(facilitator, lines, make, expected):
    response = upload(facilitator, make(lines), "?unverified=1")
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert error["code"] == "invalid_log" and expected in error["message"]


def test_only_a_facilitator_may_upload_and_the_size_is_bounded(game, signed_export, settings):
    assert upload(game.seats["beijing"], signed_export).status_code == 403
    assert upload(Caller(None), signed_export).status_code == 401
    settings.WARGAME_IMPORT_MAX_BYTES = 1000
    response = upload(game.control, signed_export)
    assert response.status_code == 413 and response.json()["error"]["code"] == "too_large"
    assert upload(game.control, "{}", "?unverified=maybe").status_code == 400


def test_the_signing_key_is_served(db, settings):
    from wargame.games import signing

    settings.WARGAME_TRUSTED_KEYS = ["ed25519:b3RoZXI="]
    body = Caller(None).get("/api/keys/").json()
    assert body == {"signing_key": signing.own_key(), "trusted_keys": ["ed25519:b3RoZXI="]}
