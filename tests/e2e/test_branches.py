"""Branches and the comparison in a real browser.

A tutorial game is played through the REST API to Beijing's orders of turn 1 and on to turn 2:
Beijing slows the border trade and it succeeds. The facilitator opens the replay at the seq
before Beijing's move, plays a what-if from there, and the branch is played one turn through
its own seat links: Beijing sends a quiet envoy instead. The lobby shows the branch under its
parent; the comparison, opened from the lobby, draws the indicator chart (Vega-Lite through
vega-embed, under the pages' Content-Security-Policy, which has no 'unsafe-eval') and marks
the turn where the decisions differ. axe-core checks the replay, the lobby and the comparison;
screenshots land in test-artifacts/screenshots/.
"""

from __future__ import annotations

import re

import pytest

from tests.e2e.axe import assert_accessible
from tests.e2e.conftest import DESKTOP
from tests.e2e.pages import log_in, watch_problems
from tests.e2e.test_replay import Caller, expect, go_to, shoot

pytestmark = pytest.mark.e2e

SEATS = ["beijing", "moscow", "pyongyang", "washington"]


def play_to_turn_two(control: Caller, seats: dict[str, Caller], game: str, move: dict) -> dict:
    """From the orders of turn 1: ``move`` for Beijing, every seat locks, Beijing's move
    succeeds, and the game moves on to turn 2. Returns the seq before Beijing's move."""
    before = control.call("GET", f"/api/games/{game}/")["seq"]
    move_id = seats["beijing"].command(game, {"type": "submit_move", **move})["events"][0]["data"][
        "move_id"
    ]
    for seat in SEATS:
        seats[seat].command(game, {"type": "lock_orders"})
    control.command(game, {"type": "advance_phase", "force": True})  # adjudication
    control.command(
        game,
        {
            "type": "adjudicate",
            "move_id": move_id,
            "method": "decide",
            "outcome": "success",
            "reason": "The same luck in both games, to compare the decisions",
        },
    )
    for _ in range(2):  # results, then turn 2's briefing
        control.command(game, {"type": "advance_phase", "force": True})
    return {"before": before}


def test_branch_from_the_replay_see_the_tree_and_compare(server, browser, white_cell, shots):
    control = Caller(server.url, white_cell["token"])
    created = control.call("POST", "/api/games/", {"scenario": "tutorial", "title": "Baseline"})
    game = created["id"]
    seats = {s["role"]: Caller(server.url, s["token"]) for s in created["seats"]}
    control.command(game, {"type": "start_game"})
    for _ in range(2):  # diplomacy, orders
        control.command(game, {"type": "advance_phase", "force": True})
    squeeze = {
        "action": "beijing.trade_squeeze",
        "targets": ["pyongyang"],
        "rationale": "Remind Pyongyang who keeps the lights on.",
    }
    fork = play_to_turn_two(control, seats, game, squeeze)["before"]

    problems: list[str] = []
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    watch_problems(page, problems)
    log_in(page, server.url, white_cell, f"/replay/{game}/")

    # ---- the replay: back to the seq before Beijing's move, and a what-if from there ----
    go_to(page, fork, "control")
    page.get_by_role("button", name="Play a what-if from here").click()
    expect(page.get_by_role("heading", name=f"A what-if from seq {fork}")).to_be_visible()
    page.get_by_label("Title of the what-if").fill("What if: a quiet envoy")
    page.get_by_role("button", name="Start the what-if").click()
    links = page.get_by_test_id("branch-links")
    expect(links).to_contain_text(f"starts at seq {fork}")
    console_link = page.get_by_role("link", name="Open the branch’s White Cell console")
    branch = re.search(r"/control/([^/]+)/", console_link.get_attribute("href")).group(1)
    join = page.get_by_test_id("branch-link-beijing").input_value()
    token = re.search(r"#token=(.+)$", join).group(1)
    assert_accessible(page, "the replay with a what-if's links")
    shoot(page, shots, "replay-what-if")

    # ---- the branch is played one turn through its own links: another move for Beijing ----
    branch_seats = {"beijing": Caller(server.url, token)}
    for seat in SEATS[1:]:
        issued = control.call("POST", f"/api/games/{branch}/seats/{seat}/token/")
        branch_seats[seat] = Caller(server.url, issued["token"])
    envoy = {
        "action": "beijing.quiet_envoy",
        "targets": ["pyongyang"],
        "rationale": "Talk before we squeeze.",
    }
    play_to_turn_two(control, branch_seats, branch, envoy)
    assert control.call("GET", f"/api/games/{branch}/")["turn"] == 2

    # ---- the lobby: the branch under its parent ----
    page.goto(f"{server.url}/")
    row = page.locator(f"tr[data-game='{branch}']")
    expect(row).to_have_attribute("data-depth", "1")
    expect(row).to_contain_text(f"what-if from seq {fork} of “Baseline”")
    rows = page.locator("table.games tbody tr")
    ids = [rows.nth(i).get_attribute("data-game") for i in range(rows.count())]
    assert ids.index(branch) == ids.index(game) + 1
    panel = page.get_by_test_id("compare-games")
    panel.locator("summary").click()
    panel.get_by_role("checkbox", name="Baseline (tutorial)").check()
    panel.get_by_role("checkbox", name="What if: a quiet envoy (tutorial)").check()
    assert_accessible(page, "the lobby with its family tree")
    shoot(page, shots, "lobby-family")
    panel.get_by_role("link", name="Compare 2 games").click()

    # ---- the comparison: the chart drawn, the differing turn marked ----
    page.wait_for_url(re.compile(r"/compare/\?"))
    chart = page.get_by_test_id("compare-chart")
    expect(chart).to_have_attribute("data-drawn", "true", timeout=20_000)
    assert chart.locator("svg path").count() > 4  # lines, points, axes
    legend = chart.locator("svg text").all_text_contents()
    assert "Baseline" in legend and "What if: a quiet envoy" in legend
    decisions = page.get_by_test_id("compare-decisions")
    differs = decisions.locator("tr.differs")
    expect(differs).to_have_count(1)
    expect(differs).to_contain_text("Slow the border trade → success")
    expect(differs).to_contain_text("Send a quiet envoy → success")
    assert_accessible(page, "the comparison")
    shoot(page, shots, "compare")
    # From Beijing's chair: the same comparison, only what Beijing may see.
    page.get_by_label("Compare from the chair of").select_option("beijing")
    page.wait_for_url(re.compile(r"as=beijing"))
    expect(chart).to_have_attribute("data-drawn", "true", timeout=20_000)
    expect(page.get_by_test_id("compare-decisions").locator("tr.differs")).to_have_count(1)

    # ---- the branch's replay starts at its fork and shows the family tree ----
    page.goto(f"{server.url}/replay/{branch}/")
    tree = page.get_by_test_id("family-tree")
    expect(tree).to_contain_text("Baseline")
    expect(tree.locator("[aria-current='page']")).to_have_text("What if: a quiet envoy")
    slider = page.get_by_role("slider", name="Point in the game (seq)")
    assert slider.get_attribute("min") == str(fork)
    assert_accessible(page, "the branch's replay")
    context.close()
    assert problems == [], problems
