"""The OpenAPI document says exactly what the server accepts: ``schemathesis run`` against a
live daphne, every check, in its examples, coverage and fuzzing phases.

The server is started here on a free port, on the test database, with a running game whose id
schemathesis puts into every path and the game's facilitator token in every request, so the
generated requests reach the views' validation rather than stopping at a 404. A schema-valid
request refused (400), an undocumented status, a response unlike its schema or a server error
fails the test, with schemathesis's report of each failure and the curl line that reproduces it.

Two judgements are configured, each for a reason no schema can carry:

- a 422 is accepted for a schema-valid request: it is the contract's "the game's rules refuse
  it now" (a phase, an export before the end), which depends on the game's state;
- the import's body is an exported log, accepted only when its hash chain and state hashes
  hold: any text is schema-valid, and no schema can say which chains hold, so the import runs
  on its own with every check but the one that schema-valid bodies are accepted.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.live.servers import Daphne
from tests.players import Caller, create_game
from wargame.games.tokens import issue_facilitator_token

SCHEMATHESIS = str(Path(sys.executable).with_name("schemathesis"))
# Bounded so that the run takes a minute or two on a small machine; the seed makes it repeatable
# (WARGAME_FUZZ_SEED picks another to explore).
MAX_EXAMPLES = 15
SEED = os.environ.get("WARGAME_FUZZ_SEED", "20261129")

CONFIG = """
[checks.positive_data_acceptance]
expected-statuses = ["2xx", "3xx", "401", "403", "404", "409", "422", "429"]

[parameters]
game_id = "{game_id}"
"""


@pytest.fixture
def served_game(committed_db, subprocess_env, tmp_path):
    call_command("loadscenarios", verbosity=0)
    _, token, _ = issue_facilitator_token(username="white-cell")
    game = create_game(Caller(token), "Fuzzed")
    assert game.control.command(game.id, {"type": "start_game"}).status_code == 201
    send = {"type": "send_message", "to": ["moscow"], "text": "Talk first."}
    assert game.seats["beijing"].command(game.id, send).status_code == 201
    env = {**subprocess_env, "WARGAME_THROTTLE_RATE": "100000/min"}
    with Daphne(env, log=tmp_path / "daphne.log") as server:
        yield server, game


IMPORT = "/api/games/import/"
COMMANDS = "/api/games/{game_id}/commands/"
# A member's own notification choices: only a member's own link has them (403 for the rest).
MINE = "/api/games/{game_id}/notifications/me/"


@pytest.mark.parametrize(
    "selection",
    [
        pytest.param(
            ["--exclude-path", IMPORT, "--exclude-path", COMMANDS, "--exclude-path", MINE],
            id="the-rest",
        ),
        pytest.param(["--include-path", MINE], id="a-members-own"),
        pytest.param(
            ["--include-path", IMPORT, "--exclude-checks", "positive_data_acceptance"],
            id="the-import",
        ),
        # A schema-valid command may still name what the game does not hold (an inject, a
        # move, a seat: a 400 with its code, as the contract says of invalid fields), which no
        # document can list. That every body the document allows has the shape its command's
        # model accepts is checked in-process, against the models themselves
        # (tests/api/test_fuzz.py::test_every_body_the_schema_allows_the_model_accepts).
        pytest.param(
            ["--include-path", COMMANDS, "--exclude-checks", "positive_data_acceptance"],
            id="the-commands",
        ),
    ],
)
def test_schemathesis_finds_nothing_against_a_live_server(served_game, tmp_path, selection):
    server, game = served_game
    token = game.control.token
    if "--include-path" in selection and MINE in selection:
        added = game.control.post(
            f"/api/games/{game.id}/members/", {"seat": "beijing", "name": "Fuzzed member"}
        )
        assert added.status_code == 201, added.content
        token = added.json()["token"]
    config = tmp_path / "schemathesis.toml"
    config.write_text(CONFIG.format(game_id=game.id))
    command = [
        SCHEMATHESIS,
        "--config-file",
        str(config),
        "--no-color",
        "run",
        f"{server.url}/api/schema/",
        *(["--checks", "all"] if "--checks" not in selection else []),
        *selection,
        "--phases",
        "examples,coverage,fuzzing",
        "--max-examples",
        str(MAX_EXAMPLES),
        "--seed",
        SEED,
        "--workers",
        "1",
        "--request-timeout",
        "30",
        "--header",
        f"Authorization: Bearer {token}",
        "--report",
        "ndjson",
        "--report-ndjson-path",
        str(tmp_path / "events.ndjson"),
    ]
    run = subprocess.run(command, capture_output=True, text=True, timeout=300, cwd=tmp_path)
    report = run.stdout[-20_000:] + run.stderr[-5_000:]
    assert run.returncode == 0, report
    assert "failed" not in run.stdout.split("SUMMARY")[-1], report
