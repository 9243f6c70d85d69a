"""``manage.py scenario_report``: random legal play through the engine, objectives and spreads."""

from __future__ import annotations

import io
import random
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command
from django.core.management.base import CommandError

from wargame.engine import load_scenario_file
from wargame.games.balance import balance_report, play_random_game, quartiles, wilson

ROOT = Path(__file__).resolve().parents[2]

# Two seats. "always" can never be missed (nothing moves `fixed`), "never" can never be met
# (`pressure` moves by at most 3 a game and starts at 10), "coin" depends on the dice.
LOPSIDED = {
    "slug": "lopsided",
    "title": "Lopsided",
    "turns": 2,
    "move_quota": 1,
    "secret_moves_per_game": 1,
    "seats": {
        "north": {
            "name": "North",
            "objectives": [
                {"id": "always", "text": "Fixed stays at 50.", "condition": "fixed == 50"},
                {"id": "never", "text": "Pressure reaches 90.", "condition": "pressure >= 90"},
            ],
            "actions": [
                {
                    "id": "north.push",
                    "name": "Push",
                    "targets": ["south"],
                    "base_probability": 50,
                    "secret_allowed": True,
                    "detection": {"south": 50},
                    "effects": {
                        "success": [{"indicator": "coin", "delta": 10}],
                        "failure": [{"indicator": "coin", "delta": -10}],
                    },
                },
                {
                    "id": "north.lean",
                    "name": "Lean",
                    "effects": {"success": [{"indicator": "pressure", "delta": 1}]},
                },
            ],
        },
        "south": {
            "name": "South",
            "objectives": [{"id": "coin", "text": "Coin above 50.", "condition": "coin > 50"}],
            "actions": [
                {
                    "id": "south.hold",
                    "name": "Hold",
                    "targets": ["north"],
                    "effects": {"success": [{"indicator": "coin", "delta": 5}]},
                }
            ],
        },
    },
    "injects": [
        {
            "id": "t2.held",
            "turn": 2,
            "text": "South held.",
            "condition": {"succeeded": "south.hold"},
            "effects": [{"indicator": "coin", "delta": 1}],
        }
    ],
    "indicators": [
        {"id": "fixed", "name": "Fixed", "start": 50},
        {"id": "pressure", "name": "Pressure", "start": 10},
        {"id": "coin", "name": "Coin", "start": 50},
    ],
}


@pytest.fixture
def lopsided(tmp_path: Path) -> Path:
    path = tmp_path / "lopsided.yaml"
    path.write_text(yaml.safe_dump(LOPSIDED), encoding="utf-8")
    return path


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("scenario_report", *args, stdout=out)
    return out.getvalue()


def test_flags_a_lopsided_scenario_and_fails_the_check(lopsided: Path) -> None:
    text = run(str(lopsided), "--games", "60", "--seed", "3")
    lines = {line.split()[1]: line for line in text.splitlines() if line.startswith("  north ")}
    assert "100.0%" in lines["always"] and "FLAGGED" in lines["always"]
    assert " 0.0%" in lines["never"] and "FLAGGED" in lines["never"]
    coin = next(line for line in text.splitlines() if line.startswith("  south "))
    assert "FLAGGED" not in coin
    assert "2 objective(s) flagged: north.always, north.never" in text
    assert "  pressure " in text  # the spread of every indicator
    # The conditional inject is issued only in the games where South's hold succeeded in turn 1.
    held = next(line for line in text.splitlines() if line.startswith("  t2.held "))
    issued = int(held.split()[1].split("/")[0])
    assert 0 < issued < 60
    with pytest.raises(CommandError) as failure:
        run(str(lopsided), "--games", "60", "--seed", "3", "--check")
    assert failure.value.returncode == 1


def test_same_seed_same_report_other_seed_other_games(lopsided: Path) -> None:
    def body(text: str) -> str:  # without the timing line
        return "\n".join(line for line in text.splitlines() if not line.startswith("("))

    first = body(run(str(lopsided), "--games", "40", "--seed", "5"))
    assert first == body(run(str(lopsided), "--games", "40", "--seed", "5"))
    assert first != body(run(str(lopsided), "--games", "40", "--seed", "6"))


def test_random_play_is_legal_and_uses_secrets_and_targets() -> None:
    scenario = load_scenario_file(ROOT / "scenarios" / "tutorial.yaml")
    result = play_random_game(scenario, 11, random.Random(11))
    assert set(result["values"]) == {i["id"] for i in scenario["indicators"]}
    assert set(result["scores"]) == set(scenario["seats"])


@pytest.mark.parametrize("slug", ["tutorial", "triangle-2024", "korea-1950"])
def test_shipped_scenarios_pass_the_check(slug: str) -> None:
    """The shipped scenarios are balanced for random play (no objective flagged)."""
    scenario = load_scenario_file(ROOT / "scenarios" / f"{slug}.yaml")
    report = balance_report(scenario, games=150, seed=1)
    assert report.flagged == [], [f"{o.seat}.{o.id} {o.share:.0%}" for o in report.flagged]


def test_unknown_slug_and_bad_games() -> None:
    with pytest.raises(CommandError, match="no scenario 'nope'"):
        run("nope")
    with pytest.raises(CommandError, match="at least 1"):
        run("tutorial", "--games", "0")


def test_interval_and_quartiles() -> None:
    low, high = wilson(0, 100)
    assert low == 0.0 and 0.03 < high < 0.04
    low, high = wilson(50, 100)
    assert 0.40 < low < 0.41 and 0.59 < high < 0.60
    assert quartiles([1, 2, 3, 4, 5]) == (1, 2.0, 3.0, 4.0, 5)
