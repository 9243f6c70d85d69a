"""A what-if from end to end in a real browser, with a task worker beside the server.

A ``triangle-2024`` game plays its first turn through the REST API. The facilitator opens the
replay, plays a what-if from the start of turn 2, and in the branch's White Cell console puts a
bot in Moscow's seat. The branch's other seats play turn 2 through their own links while the
worker plays Moscow's orders as the bot; the White Cell rolls the moves and moves on. From the
branch's replay the facilitator simulates the rest of the game 200 times: the progress bar, fed
over the simulation's socket, is seen between its ends before the results' charts are drawn.
One run is opened as a game of its own and compared with the branch. axe-core checks the console
with its bot and the Simulations tab; a screenshot of the opened run lands in
test-artifacts/screenshots/.
"""

from __future__ import annotations

import re
import time

import pytest

from tests.e2e.axe import assert_accessible
from tests.e2e.conftest import DESKTOP
from tests.e2e.pages import log_in, watch_problems
from tests.e2e.test_replay import Caller, expect, go_to

pytestmark = pytest.mark.e2e

SEATS = ["beijing", "moscow", "pyongyang", "washington"]
RUNS = 200


def control_view(control: Caller, game: str) -> dict:
    return control.call("GET", f"/api/games/{game}/state/")["view"]


def wait_for(check, what: str, seconds: float = 60.0):
    """Read the server until ``check()`` is true (the worker acts on its own time)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def play_a_turn(control: Caller, seats: dict[str, Caller], game: str) -> None:
    """From a turn's briefing to the next turn's: the seats given lock their orders (a bot
    plays the others), the White Cell rolls every move at its proposed odds."""
    turn = control.call("GET", f"/api/games/{game}/")["turn"]
    for _ in range(2):  # diplomacy, orders
        control.command(game, {"type": "advance_phase", "force": True})
    for caller in seats.values():
        caller.command(game, {"type": "lock_orders"})
    wait_for(lambda: not control_view(control, game)["pending"]["unlocked"], "every seat to lock")
    control.command(game, {"type": "advance_phase"})  # adjudication
    if control_view(control, game)["pending"]["rollable"]:
        control.command(game, {"type": "roll_remaining"})
    while control.call("GET", f"/api/games/{game}/")["turn"] == turn:
        control.command(game, {"type": "advance_phase", "force": True})


def test_branch_bot_simulate_and_compare(server, worker, browser, white_cell, shots):
    control = Caller(server.url, white_cell["token"])
    created = control.call(
        "POST", "/api/games/", {"scenario": "triangle-2024", "title": "The 2024 triangle"}
    )
    game = created["id"]
    seats = {s["role"]: Caller(server.url, s["token"]) for s in created["seats"]}
    control.command(game, {"type": "start_game"})
    play_a_turn(control, seats, game)
    fork = control.call("GET", f"/api/games/{game}/")["seq"]  # turn 2's briefing

    problems: list[str] = []
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    watch_problems(page, problems)
    log_in(page, server.url, white_cell, f"/replay/{game}/")

    # ---- a what-if from the start of turn 2 ----
    go_to(page, fork, "control")
    page.get_by_role("button", name="Play a what-if from here").click()
    page.get_by_label("Title of the what-if").fill("What if Moscow plays by the book")
    page.get_by_role("button", name="Start the what-if").click()
    console_link = page.get_by_role("link", name="Open the branch’s White Cell console")
    expect(console_link).to_be_visible()
    branch = re.search(r"/control/([^/]+)/", console_link.get_attribute("href")).group(1)
    branch_seats = {
        s: Caller(
            server.url, page.get_by_test_id(f"branch-link-{s}").input_value().split("#token=")[1]
        )
        for s in SEATS
    }

    # ---- the branch's console: a bot in Moscow's seat ----
    console_link.click()
    page.wait_for_url(re.compile(rf"/control/{branch}/"))
    cell = page.get_by_test_id("seat-bot-moscow")
    cell.get_by_role("button", name="Put a bot in this seat").click()
    expect(cell).to_contain_text("Bot playing")
    assert_accessible(page, "the branch's console with a bot in a seat")

    # ---- turn 2 of the branch: three teams and the bot ----
    teams = {s: c for s, c in branch_seats.items() if s != "moscow"}
    play_a_turn(control, teams, branch)
    events = control.call("GET", f"/api/games/{branch}/events/?after={fork}")["events"]
    by_bot = [e for e in events if e["actor"].get("bot")]
    assert by_bot and {e["actor"]["role"] for e in by_bot} == {"moscow"}
    assert any(e["type"] == "orders_locked" for e in by_bot)
    assert control.call("GET", f"/api/games/{branch}/")["turn"] == 3

    # ---- 200 simulated iterations of the rest of the branch ----
    page.goto(f"{server.url}/replay/{branch}/")
    page.get_by_role("tab", name="Simulations").click()
    page.get_by_label("Runs").fill(str(RUNS))
    # Every value the bar takes, as the page shows it.
    page.evaluate(
        """() => {
          window.barValues = [];
          new MutationObserver(() => {
            const bar = document.querySelector("progress[aria-label='Runs done']");
            if (bar) window.barValues.push(Number(bar.getAttribute("value")));
          }).observe(document.body, {subtree: true, childList: true, attributes: true});
        }"""
    )
    sockets: list[str] = []
    page.on("websocket", lambda socket: sockets.append(socket.url))
    page.get_by_role("button", name="Simulate from here").click()
    expect(page.get_by_text("Simulation done")).to_be_visible(timeout=180_000)
    seen = page.evaluate("window.barValues")
    assert any(0 < value < RUNS for value in seen), seen
    assert seen[-1] == RUNS and seen == sorted(seen)
    # Fed over the simulation's socket.
    assert any("/ws/simulations/" in url for url in sockets), sockets
    expect(page.locator(".simulation-results svg").first).to_be_visible()
    assert_accessible(page, "the branch's simulation results")

    # ---- one run opened as a game, and compared with the branch ----
    page.get_by_label("Open run").fill("7")
    page.get_by_role("button", name="Open this run as a game").click()
    opened = page.get_by_test_id("opened-run")
    # The run is played again command by command through the one write path.
    expect(opened.or_(page.get_by_role("alert"))).to_contain_text(
        "Run 7 is now the game", timeout=60_000
    )
    assert_accessible(page, "a run opened as a game")
    page.locator(".simulation-open-run").scroll_into_view_if_needed()
    page.screenshot(path=str(shots / "replay-open-run-desktop.png"))
    opened.get_by_role("link", name="Compare it with this game").click()
    page.wait_for_url(re.compile(r"/compare/\?"))
    chart = page.get_by_test_id("compare-chart")
    expect(chart).to_have_attribute("data-drawn", "true", timeout=20_000)
    legend = chart.locator("svg text").all_text_contents()
    assert "What if Moscow plays by the book" in legend
    context.close()
    assert problems == [], problems
