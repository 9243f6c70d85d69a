"""Turns that run by the clock, through the pages: the White Cell gives the new game's phases
durations in the lobby, the server's worker moves the game on when the briefing's time is up
(the team's phone and the plenary screen counting down the automatic deadline), and the White
Cell changes the settings in the console during the game. axe-core finds nothing on the lobby
with the settings open, nor on the console."""

from __future__ import annotations

import json
import re
import urllib.request

import pytest

from tests.e2e.axe import assert_accessible
from tests.e2e.conftest import DESKTOP, PHONE
from tests.e2e.pages import log_in

pytestmark = pytest.mark.e2e


def expect(locator):
    from playwright.sync_api import expect as pw_expect

    return pw_expect(locator)


def state(server, game_id: str, token: str) -> dict:
    request = urllib.request.Request(
        f"{server.url}/api/games/{game_id}/state/", headers={"Authorization": f"Bearer {token}"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())["view"]


def test_the_white_cell_times_the_phases_and_the_server_moves_the_game_on(
    server, worker, browser, white_cell, shots
):
    from playwright.sync_api import expect as pw_expect

    pw_expect.set_options(timeout=15_000)
    errors: list[str] = []
    fac = browser.new_context(viewport=DESKTOP)
    control = fac.new_page()
    control.on("pageerror", lambda e: errors.append(str(e)))
    log_in(control, server.url, white_cell)

    # ---- the lobby: a briefing of six seconds that moves on, orders over two days ---------
    control.locator('input[name="scenario"][value="tutorial"]').check()
    control.get_by_label("Title of this game").fill("A week by the clock")
    control.get_by_text("Turns that run by the clock").click()
    control.get_by_label("Duration of the Briefing phase").fill("0.1")
    control.get_by_label("Unit of the Briefing phase's duration").select_option("minutes")
    control.get_by_label("What the server does when the Briefing phase's time is up").select_option(
        "advance"
    )
    control.get_by_label("Duration of the Orders phase").fill("2")
    control.get_by_label("Unit of the Orders phase's duration").select_option("days")
    orders_action = control.get_by_label("What the server does when the Orders phase's time is up")
    options = orders_action.locator("option").all_inner_texts()
    assert "Lock the orders of every team that has not locked" in options
    assert not any("Roll" in option for option in options)  # rolling is adjudication's
    orders_action.select_option("lock_orders")
    assert_accessible(control, "the lobby with the clock settings open")
    control.screenshot(path=str(shots / "lobby-clock-desktop.png"), full_page=True)
    control.get_by_role("button", name="Create game").click()
    expect(control.get_by_test_id("seat-links")).to_be_visible()
    join = control.get_by_test_id("link-beijing").input_value()
    observer = control.get_by_test_id("link-observer").input_value()
    game_id = re.search(r"/play/([^/]+)/", join).group(1)
    token = white_cell["token"]
    assert state(server, game_id, token)["game"]["clock"] == {
        "briefing": {"seconds": 6, "on_expiry": "advance"},
        "orders": {"seconds": 172800, "on_expiry": "lock_orders"},
    }

    # ---- the console shows them; a team's phone and the plenary screen wait for the start ---
    control.goto(f"{server.url}/control/{game_id}/")
    summary = control.get_by_test_id("clock-summary")
    expect(summary).to_contain_text("Briefing: 6 seconds, then move on to the next phase")
    expect(summary).to_contain_text("Orders: 2 days, then lock the orders")
    team = browser.new_context(viewport=PHONE).new_page()
    team.on("pageerror", lambda e: errors.append(str(e)))
    team.goto(join)
    plenary = browser.new_context(viewport={"width": 1280, "height": 720}).new_page()
    plenary.on("pageerror", lambda e: errors.append(str(e)))
    plenary.goto(observer)

    control.get_by_role("button", name="Start the game").click()
    # The briefing opened with its deadline from the settings; every page counts it down, and
    # the worker moves the game on when it passes, with nobody pressing anything.
    expect(team.get_by_test_id("countdown")).to_be_visible()
    expect(plenary.get_by_test_id("countdown")).to_be_visible()
    expect(team.get_by_test_id("game-status")).to_contain_text("Diplomacy")
    expect(control.get_by_test_id("game-status")).to_contain_text("Diplomacy")
    view = state(server, game_id, token)
    passed = [t for t in view["timeline"] if t["type"] in ("deadline_set", "deadline_expired")]
    assert [t["actor"]["name"] for t in passed][-1] == "Server clock"
    assert passed[0]["text"].startswith("Deadline set by the clock settings")
    assert view["game"]["deadline"] is None  # diplomacy is not timed

    # ---- during the game the White Cell gives diplomacy a day that reminds only -------------
    control.get_by_label("Duration of the Diplomacy phase").fill("1")
    control.get_by_label("Unit of the Diplomacy phase's duration").select_option("days")
    control.get_by_label(
        "What the server does when the Diplomacy phase's time is up"
    ).select_option("alert")
    control.get_by_role("button", name="Save the clock settings").click()
    expect(control.get_by_text("Clock settings saved.")).to_be_visible()
    expect(summary).to_contain_text("Diplomacy: 1 day, then a reminder")
    assert state(server, game_id, token)["game"]["clock"]["diplomacy"] == {
        "seconds": 86400,
        "on_expiry": "alert",
    }
    # Orders open by hand: their two days start now, and the phone shows the day it ends.
    control.get_by_role("button", name=re.compile("Advance to")).click()
    expect(team.get_by_test_id("game-status")).to_contain_text("Orders")
    expect(team.get_by_test_id("countdown")).to_contain_text(" d ")
    expect(team.locator(".phase-hint")).to_contain_text(
        "When time is up, the orders of every team that has not locked close."
    )
    deadline = state(server, game_id, token)["game"]["deadline"]
    assert deadline["on_expiry"] == "lock_orders" and deadline["phase"] == "orders"
    assert_accessible(control, "the White Cell console with the clock settings")
    control.get_by_test_id("clock-title").scroll_into_view_if_needed()
    control.screenshot(path=str(shots / "control-clock-desktop.png"))
    team.screenshot(path=str(shots / "team-clock-phone.png"))
    assert errors == []
