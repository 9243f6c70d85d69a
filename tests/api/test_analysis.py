"""Initiative (GET /initiative/) and the dataset for notebooks (GET /dataset/, export_dataset),
each as the caller's chair may see the game (docs/analysis.md)."""

from __future__ import annotations

import base64
import csv
import io
import re
import zipfile

import pytest
from django.core.management import CommandError, call_command

from tests.players import create_game

pytestmark = pytest.mark.django_db

SECRET_RATIONALE = "MARK-DATASET-SECRET-x7q"
PRIVATE_MESSAGE = "MARK-DATASET-MESSAGE-x7q"


def send(caller, game, body: dict) -> dict:
    response = caller.command(game.id, body)
    assert response.status_code == 201, (body, response.content)
    return response.json()


def advance_to(game, phase: str) -> None:
    while game.control.get(f"/api/games/{game.id}/").json()["phase"] != phase:
        send(game.control, game, {"type": "advance_phase", "force": True})


def move(game, seat: str, action: str, targets: list[str], visibility: str = "public") -> str:
    body = {
        "type": "submit_move",
        "action": action,
        "targets": targets,
        "visibility": visibility,
        "rationale": SECRET_RATIONALE if visibility == "secret" else "In the open",
    }
    return send(game.seats[seat], game, body)["events"][0]["data"]["move_id"]


@pytest.fixture
def played(facilitator):
    """Two turns of triangle-2024. Turn 1: Beijing squeezes Pyongyang in public, Moscow moves
    in secret (its move revealed after the turn), Washington does nothing; Beijing and Moscow
    lock, Pyongyang and Washington do not. Turn 2: Pyongyang courts Beijing (answers Beijing)
    and mobilises in secret (targets nobody: opens); Washington probes Moscow (answers the
    revealed secret) and designates Pyongyang, which made no move in turn 1 (opens)."""
    game = create_game(facilitator, "Initiative", scenario="triangle-2024")
    send(game.control, game, {"type": "start_game"})
    send(
        game.seats["moscow"],
        game,
        {"type": "send_message", "to": ["pyongyang"], "text": PRIVATE_MESSAGE},
    )
    advance_to(game, "orders")
    squeeze = move(game, "beijing", "beijing.deng_trade_squeeze", ["pyongyang"])
    secret = move(game, "moscow", "moscow.oil_and_food", ["pyongyang"], "secret")
    send(game.seats["beijing"], game, {"type": "lock_orders"})
    send(game.seats["moscow"], game, {"type": "lock_orders"})
    advance_to(game, "adjudication")
    send(game.control, game, {"type": "roll_remaining"})
    send(game.control, game, {"type": "reveal_move", "move_id": secret})
    advance_to(game, "results")
    send(game.control, game, {"type": "advance_phase"})  # turn 2 opens
    advance_to(game, "orders")
    court = move(game, "pyongyang", "pyongyang.court_beijing", ["beijing"])
    probe = move(game, "washington", "washington.probe_moscow", ["moscow"])
    designate = move(game, "washington", "washington.designations", ["pyongyang"])
    hidden = move(game, "pyongyang", "pyongyang.quiet_mobilisation", [], "secret")
    for seat in ("beijing", "moscow", "pyongyang", "washington"):
        send(game.seats[seat], game, {"type": "lock_orders"})
    advance_to(game, "adjudication")
    game.moves = {
        "squeeze": squeeze,
        "secret": secret,
        "court": court,
        "probe": probe,
        "designate": designate,
        "hidden": hidden,
    }
    return game


def rows_of(table: dict, seat: str, turn: int) -> dict:
    return next(r for r in table["rows"] if r["seat"] == seat and r["turn"] == turn)


def test_moves_open_or_answer_the_seat_that_moved_the_turn_before(played):
    table = played.control.get(f"/api/games/{played.id}/initiative/").json()
    assert table["turns"] == [1, 2]
    beijing = rows_of(table, "beijing", 1)
    assert (beijing["opened"], beijing["answered"], beijing["public"]) == (1, 0, 1)
    assert rows_of(table, "moscow", 1)["secret"] == 1
    pyongyang = rows_of(table, "pyongyang", 2)
    # Courting Beijing answers Beijing's squeeze; the quiet mobilisation targets nobody.
    assert (pyongyang["answered"], pyongyang["opened"], pyongyang["secret"]) == (1, 1, 1)
    assert pyongyang["answered_seats"] == ["beijing"]
    washington = rows_of(table, "washington", 2)
    # The probe answers Moscow's turn-1 secret, revealed before turn 2's orders; Pyongyang
    # made no move in turn 1, so designating it opens.
    assert (washington["answered"], washington["opened"]) == (1, 1)
    assert washington["answered_seats"] == ["moscow"]
    # Leverage: the White Cell sees every catalog; used is the distinct actions played.
    assert washington["leverage_used"] == 2
    assert washington["leverage_held"] >= washington["leverage_used"]
    # Locks: Beijing locked turn 1 itself; Washington never did (the orders were forced shut).
    assert beijing["locked_by"] == "seat" and beijing["lock_seconds"] >= 0
    assert rows_of(table, "washington", 1)["locked_by"] is None
    assert rows_of(table, "washington", 1)["lock_seconds"] is None
    # Beside it, the scenario's own indicator of Beijing's initiative, turn by turn.
    indicator = table["indicator"]
    assert indicator["id"] == "beijing_initiative"
    assert [p["turn"] for p in indicator["values"]] == [0, 1, 2]
    assert indicator["values"][0]["value"] == 25


def test_a_seat_sees_initiative_only_as_far_as_its_chair_does(played):
    table = played.seats["beijing"].get(f"/api/games/{played.id}/initiative/").json()
    assert table["catalog_seats"] == ["beijing"]
    assert rows_of(table, "beijing", 1)["leverage_held"] is not None
    assert rows_of(table, "moscow", 1)["leverage_held"] is None
    # Pyongyang's turn-2 secret is sealed to Beijing: it counts, but cannot be classified.
    pyongyang = rows_of(table, "pyongyang", 2)
    assert (pyongyang["undisclosed"], pyongyang["secret"], pyongyang["answered"]) == (1, 1, 1)
    # Moscow's revealed secret answers nothing and opened, the same in every chair.
    assert rows_of(table, "moscow", 1)["opened"] == 1
    # Another chair before the record is open: refused.
    refused = played.seats["beijing"].get(f"/api/games/{played.id}/initiative/?as=moscow")
    assert refused.status_code == 403
    assert played.control.get("/api/games/no-such-game/initiative/").status_code == 404


def read_zip(content: bytes) -> dict[str, list[dict]]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        names = archive.namelist()
        assert "dictionary.csv" in names and "README.txt" in names
        return {
            name.removesuffix(".csv"): list(
                csv.DictReader(io.StringIO(archive.read(name).decode()))
            )
            for name in names
            if name.endswith(".csv")
        } | {
            f"{name}:header": next(csv.reader(io.StringIO(archive.read(name).decode())))
            for name in names
            if name.endswith(".csv")
        }


def test_the_dataset_is_tidy_tables_each_column_in_the_dictionary(played):
    response = played.control.get(f"/api/games/{played.id}/dataset/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    tables = read_zip(response.content)
    described = {(r["table"], r["column"]) for r in tables["dictionary"]}
    for name in [
        "game", "events", "moves", "adjudications", "estimates", "indicators",
        "messages", "notes", "initiative", "observations", "answers",
    ]:  # fmt: skip
        header = tables[f"{name}.csv:header"]
        assert header, name
        for column in header:
            assert (f"{name}.csv", column) in described, (name, column)
    # Tables of event kinds this game does not have are empty, with their headers.
    assert tables["observations"] == [] and "tags" in tables["observations.csv:header"]
    assert tables["answers"] == [] and "question_id" in tables["answers.csv:header"]
    game = tables["game"][0]
    assert (game["role"], game["scenario"]) == ("control", "triangle-2024")
    events = tables["events"]
    assert [int(e["seq"]) for e in events] == list(range(1, int(game["seq"]) + 1))
    moves = {m["move_id"]: m for m in tables["moves"]}
    assert moves[played.moves["court"]]["initiative"] == "answered"
    assert moves[played.moves["court"]]["answered_seats"] == "beijing"
    assert moves[played.moves["secret"]]["rationale"] == SECRET_RATIONALE
    # Every probability of every adjudicated move: the engine's and the final one.
    estimates = [e for e in tables["estimates"] if e["move_id"] == played.moves["squeeze"]]
    assert [e["source"] for e in estimates] == ["final"]
    assert estimates[0]["probability"] and estimates[0]["engine_probability"]
    assert {a["move_id"] for a in tables["adjudications"]} >= {played.moves["squeeze"]}
    initiative_ids = {i["indicator"] for i in tables["indicators"]}
    assert "beijing_initiative" in initiative_ids
    assert tables["messages"][0]["text"] == PRIVATE_MESSAGE
    assert tables["messages"][0]["to"] == "pyongyang"
    pyongyang = next(
        r for r in tables["initiative"] if (r["seat"], r["turn"]) == ("pyongyang", "2")
    )
    assert (pyongyang["answered"], pyongyang["initiative_indicator"]) == ("1", "beijing_initiative")


def test_a_seats_dataset_holds_no_other_seats_secrets(played):
    content = played.seats["beijing"].get(f"/api/games/{played.id}/dataset/").content
    tables = read_zip(content)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        raw = b"".join(archive.read(name) for name in archive.namelist())
    assert SECRET_RATIONALE.encode() not in raw
    assert PRIVATE_MESSAGE.encode() not in raw
    assert tables["game"][0]["role"] == "beijing"
    hidden = next(m for m in tables["moves"] if m["move_id"] == played.moves["hidden"])
    assert (hidden["disclosed"], hidden["action"], hidden["initiative"]) == (
        "False",
        "",
        "undisclosed",
    )
    assert tables["messages"] == []
    assert "pyongyang_readiness" not in {i["indicator"] for i in tables["indicators"]}
    # The recipient reads the message it was sent.
    pyongyang = read_zip(played.seats["pyongyang"].get(f"/api/games/{played.id}/dataset/").content)
    assert [m["text"] for m in pyongyang["messages"]] == [PRIVATE_MESSAGE]
    assert (
        played.seats["beijing"].get(f"/api/games/{played.id}/dataset/?as=control").status_code
        == 403
    )


def test_export_dataset_writes_the_same_zip_for_a_chair(played, tmp_path):
    out = tmp_path / "data.zip"
    call_command("export_dataset", played.id, "--as", "moscow", "--out", str(out))
    tables = read_zip(out.read_bytes())
    assert tables["game"][0]["role"] == "moscow"
    assert any(m["rationale"] == SECRET_RATIONALE for m in tables["moves"])
    with pytest.raises(CommandError, match="no role 'nobody'"):
        call_command("export_dataset", played.id, "--as", "nobody", "--out", str(out))


def test_the_report_has_the_initiative_section_and_chart(played):
    markdown = played.control.get(f"/api/games/{played.id}/report/?format=md").content.decode()
    section = markdown.split("## Initiative")[1].split("## ")[0]
    assert "Turn 2, Pyongyang: 1 opened, 1 answered \\(Beijing\\)" in section  # escaped
    assert "Beijing's initiative" in section
    page = played.control.get(f"/api/games/{played.id}/report/").content.decode()
    assert 'alt="Initiative per seat and turn' in page


def report_images(page: str) -> dict[str, str]:
    """The report's images (SVG as data: URLs), decoded, by their alt text."""
    found = re.findall(
        r'<img class="comparison" alt="([^"]*)" src="data:image/svg\+xml;base64,([^"]+)">', page
    )
    return {alt: base64.b64decode(data).decode() for alt, data in found}


def test_the_reports_indicator_charts_are_one_vega_lite_image_of_what_the_reader_sees(played):
    page = played.seats["beijing"].get(f"/api/games/{played.id}/report/").content.decode()
    images = report_images(page)
    alt, svg = next((a, s) for a, s in images.items() if a.startswith("Each indicator"))
    assert svg.startswith("<svg") and "initiative" in svg
    # Pyongyang's readiness is hidden from Beijing: neither in the image nor in its text.
    assert "Pyongyang's military readiness" not in alt
    assert "military readiness" not in svg
    control = report_images(played.control.get(f"/api/games/{played.id}/report/").content.decode())
    assert any("military readiness" in s for s in control.values())


def test_the_reports_initiative_chart_labels_its_counts_in_whole_numbers():
    """A panel counting 0 or 1 moves has a tick between them: its label is left out, not
    rounded to a second "1" (the counts are whole numbers); so are the indicator's."""
    from wargame.games.initiative import chart_svg

    row = {
        "seat": "beijing",
        "team": "Beijing",
        "turn": 1,
        "moves": 1,
        "opened": 1,
        "answered": 0,
        "undisclosed": 0,
        "answered_seats": [],
        "public": 1,
        "secret": 0,
        "free": 0,
        "leverage_held": 1,
        "leverage_used": 1,
        "locked_by": None,
        "lock_seconds": None,
    }
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", chart_svg({"rows": [row], "indicator": None}))
    numbers = texts[texts.index("turn") + 1 : texts.index("opened")]
    assert numbers == ["0", "1"] * 3, texts  # the y axes of Moves, Leverage and Secrecy
    # The indicator's panel, from 25 down to 23, likewise.
    values = [{"turn": 0, "value": 25}, {"turn": 1, "value": 25}, {"turn": 2, "value": 23}]
    indicator = {"name": "Beijing's initiative", "values": values}
    texts = re.findall(
        r"<text[^>]*>([^<]*)</text>", chart_svg({"rows": [row], "indicator": indicator})
    )
    numbers = texts[texts.index("turn (0: the start)") + 1 :]
    assert sorted(n for n in numbers if n.isdigit() and int(n) > 2) == ["23", "24", "25"], texts
