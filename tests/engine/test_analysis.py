"""The collection plan, analysts and their observations: seen by analysts and the White Cell,
never by a seat or the observer, not even once the record is opened."""

from __future__ import annotations

import json

import pytest

from wargame.engine import (
    ANALYST,
    CONTROL,
    OBSERVER,
    ScenarioError,
    analysis_record,
    project_event,
    validate_scenario,
)

from .harness import NOW, Game, load

SECRET_OBSERVATION = "OBSERVATION-MARKER-7731"


def _analyst(game: Game, name: str = "Ada", grant: str = "public") -> dict:
    data = game.ok(CONTROL, type="add_analyst", name=name, grant=grant)[0]["data"]
    return {"role": ANALYST, "name": name, "member": {"id": data["analyst"], "name": name}}


def _as(game: Game, actor: dict, **command):
    from wargame.engine import Rejection, decide

    result = decide(game.state, command, actor=actor, now=NOW)
    if isinstance(result, Rejection):
        return result
    return game.append(result)


def test_the_scenarios_plan_is_the_games_until_the_white_cell_replaces_it() -> None:
    game = Game(load("triangle-2024"))
    plan = analysis_record(game.state, game.journal)["collection_plan"]
    assert plan[0]["id"] == "beijing-strength"
    assert plan[0]["decisions"] == ["beijing"]
    assert "beijing_leverage" in plan[0]["indicators"]
    questions = [{"id": "q1", "question": "Who moves first?", "decisions": ["moscow"]}]
    game.ok(CONTROL, type="set_collection_plan", questions=questions)
    assert analysis_record(game.state, game.journal)["collection_plan"] == [
        {
            "id": "q1",
            "question": "Who moves first?",
            "indicators": [],
            "decisions": ["moscow"],
            "tags": [],
            "questionnaire": [],
        }
    ]
    game.rejected(
        CONTROL,
        "invalid_plan",
        type="set_collection_plan",
        questions=[{"id": "q1", "question": "?", "indicators": ["nowhere"]}],
    )
    game.rejected(
        CONTROL,
        "invalid_plan",
        type="set_collection_plan",
        questions=[{"id": "q1", "question": "a"}, {"id": "q1", "question": "b"}],
    )
    game.ok(CONTROL, type="start_game")
    refused = game.rejected(CONTROL, "plan_fixed", type="set_collection_plan", questions=[])
    assert "before the game starts" in refused.message


def test_a_scenario_without_a_plan_keeps_its_shape_and_a_bad_plan_is_refused() -> None:
    tutorial = load("tutorial")
    assert "collection_plan" not in tutorial
    doc = json.loads(json.dumps(tutorial))
    doc["collection_plan"] = [{"id": "q", "question": "Why?", "decisions": ["atlantis"]}]
    with pytest.raises(ScenarioError) as raised:
        validate_scenario(doc)
    assert raised.value.path == "collection_plan[0].decisions[0]"


def test_analysts_observe_and_see_each_other_but_no_seat_or_observer_ever_does() -> None:
    game = Game(load("tutorial"))
    ada = _analyst(game, "Ada")
    bo = _analyst(game, "Bo", grant="all")
    game.ok(CONTROL, type="start_game")
    first = _as(
        game, ada, type="add_observation", text=SECRET_OBSERVATION, tags=["initiative"], seq=1
    )
    assert not hasattr(first, "code"), first
    _as(game, bo, type="add_observation", text="Beijing waits", tags=["restraint", "restraint"])
    study = analysis_record(game.state, game.journal)
    assert [
        (o["author"], o["analyst"], o["tags"], o["about_seq"]) for o in study["observations"]
    ] == [
        ("Ada", ada["member"]["id"], ["initiative"], 1),
        ("Bo", bo["member"]["id"], ["restraint"], None),
    ]
    assert [(a["name"], a["grant"], a["removed"]) for a in study["analysts"]] == [
        ("Ada", "public", False),
        ("Bo", "all", False),
    ]
    for role in (CONTROL, ANALYST):
        seen = [project_event(e, role) for e in game.events]
        assert sum(1 for e in seen if e and e["type"] == "observation_added") == 2
    game.ok(CONTROL, type="end_game")
    game.ok(CONTROL, type="open_record")
    for role in (OBSERVER, ANALYST, CONTROL, *game.seats):
        assert SECRET_OBSERVATION not in json.dumps(game.view(role))
    readers = [(role, None) for role in (OBSERVER, *game.seats)] + [(CONTROL, False)]
    for role, analysis in readers:
        for event in game.events:
            seen = project_event(event, role, record_open=True, analysis=analysis)
            assert SECRET_OBSERVATION not in json.dumps(seen)
            assert seen is None or seen["type"] not in ("analyst_added", "observation_added")


def test_only_analysts_in_the_game_observe_and_bad_observations_are_refused() -> None:
    game = Game(load("tutorial"))
    ada = _analyst(game)
    seat = game.seats[0]
    game.rejected(seat, "forbidden", type="add_observation", text="x")
    game.rejected(OBSERVER, "forbidden", type="add_observation", text="x")
    stranger = {"role": ANALYST, "name": "Cy", "member": {"id": "an-nobody", "name": "Cy"}}
    assert _as(game, stranger, type="add_observation", text="x").code == "no_analyst"
    assert _as(game, ada, type="add_observation", text="x", seq=999).code == "unknown_seq"
    assert _as(game, ada, type="add_observation", text="x", tags=[" "]).code != ""
    assert _as(game, ada, type="add_observation", text="").code == "invalid_command"
    analyst_id = ada["member"]["id"]
    game.ok(CONTROL, type="grant_analyst", analyst=analyst_id, grant="all")
    game.rejected(CONTROL, "already_granted", type="grant_analyst", analyst=analyst_id, grant="all")
    game.ok(CONTROL, type="remove_analyst", analyst=analyst_id)
    gone = analysis_record(game.state, game.journal)["analysts"]
    assert gone == [{"id": analyst_id, "name": "Ada", "grant": "all", "removed": True}]
    assert _as(game, ada, type="add_observation", text="x").code == "no_analyst"
    game.rejected(CONTROL, "no_analyst", type="remove_analyst", analyst=analyst_id)
