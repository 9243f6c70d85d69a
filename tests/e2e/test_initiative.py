"""Initiative in the replay, in a real browser: two turns of triangle-2024 played through the
API, in which Pyongyang answers Beijing's squeeze; the White Cell opens the replay's Initiative
tab. The chart (Vega-Lite) is drawn under the pages' Content-Security-Policy with no console
error, beside the scenario's indicator of Beijing's initiative, and the tab passes axe-core at
desktop and phone size. Screenshots land in test-artifacts/screenshots/.
"""

from __future__ import annotations

import re

import pytest

from tests.e2e.axe import assert_accessible
from tests.e2e.conftest import DESKTOP, PHONE
from tests.e2e.pages import log_in
from tests.e2e.test_replay import Caller, expect

pytestmark = pytest.mark.e2e


def play(server, white_cell) -> str:
    control = Caller(server.url, white_cell["token"])
    created = control.call(
        "POST", "/api/games/", {"scenario": "triangle-2024", "title": "Triangle"}
    )
    game = created["id"]
    seats = {s["role"]: Caller(server.url, s["token"]) for s in created["seats"]}

    def advance(times: int = 1) -> None:
        for _ in range(times):
            control.command(game, {"type": "advance_phase", "force": True})

    def move(seat: str, action: str, targets: list[str], visibility: str = "public") -> None:
        body = {
            "type": "submit_move",
            "action": action,
            "targets": targets,
            "visibility": visibility,
            "rationale": "For the record.",
        }
        seats[seat].command(game, body)

    control.command(game, {"type": "start_game"})
    advance(2)  # orders of turn 1
    move("beijing", "beijing.deng_trade_squeeze", ["pyongyang"])
    move("moscow", "moscow.oil_and_food", ["pyongyang"], "secret")
    move("washington", "washington.designations", ["pyongyang"])
    for seat in ("beijing", "moscow", "washington"):
        seats[seat].command(game, {"type": "lock_orders"})
    advance()  # adjudication
    control.command(game, {"type": "roll_remaining"})
    advance(4)  # results, then turn 2's briefing, diplomacy and orders
    move("pyongyang", "pyongyang.court_beijing", ["beijing"])
    move("pyongyang", "pyongyang.missile_test", ["washington"])
    move("beijing", "beijing.call_restraint", [])
    for seat in ("beijing", "moscow", "pyongyang", "washington"):
        seats[seat].command(game, {"type": "lock_orders"})
    advance()
    control.command(game, {"type": "roll_remaining"})
    control.command(game, {"type": "end_game"})
    return game


def test_the_replay_charts_initiative_beside_the_scenarios_indicator(
    server, browser, white_cell, shots
):
    from playwright.sync_api import expect as pw_expect

    pw_expect.set_options(timeout=15_000)
    game = play(server, white_cell)
    problems: list[str] = []
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    log_in(page, server.url, white_cell, f"/replay/{game}/")
    page.get_by_role("tab", name=re.compile(r"^Initiative")).click()

    chart = page.get_by_test_id("initiative-chart")
    expect(chart).to_have_attribute("data-drawn", "true")
    assert chart.locator("svg path").count() > 10
    labels = " ".join(chart.locator("svg text").all_text_contents())
    for word in ("Beijing", "Pyongyang", "Moves", "Leverage", "Secrecy", "initiative"):
        assert word in labels, (word, labels)
    # Pyongyang's courting of Beijing answered Beijing's squeeze of the turn before; its missile
    # test targets Washington, which also moved against it in turn 1.
    row = page.get_by_test_id("initiative-pyongyang-2")
    expect(row).to_contain_text("2 (Beijing, Washington)")
    expect(page.get_by_test_id("initiative-moscow-1")).to_contain_text("0 / 1")
    expect(page.get_by_test_id("initiative-indicator")).to_contain_text("Beijing's initiative")
    assert_accessible(page, "the replay's Initiative tab (desktop)")
    # Tall enough for the whole tab, so the sticky scrubber covers none of it.
    page.set_viewport_size({"width": DESKTOP["width"], "height": 1500})
    page.evaluate("window.scrollTo(0, 0)")
    page.wait_for_timeout(200)
    page.screenshot(path=str(shots / "replay-initiative-desktop.png"))

    page.set_viewport_size(PHONE)
    expect(chart).to_have_attribute("data-drawn", "true")
    assert_accessible(page, "the replay's Initiative tab (phone)")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page scrolls sideways on a phone ({width}px)"
    page.get_by_test_id("initiative").scroll_into_view_if_needed()
    page.screenshot(path=str(shots / "replay-initiative-phone.png"))
    assert problems == [], problems
    context.close()
