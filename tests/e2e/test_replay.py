"""The after-action replay in a real browser: a finished game scrubbed from two chairs.

The game is played quickly through the REST API against the running daphne (the browser only
reads it). Its scenario is the tutorial with one change: Beijing's intelligence always detects
Pyongyang's quiet mobilisation (detection chance 100), so the moment Beijing learns of the
secret move is certain. The facilitator then scrubs the replay: from Beijing's chair the secret
move's action is absent before the detection and present after the intelligence report; from
the White Cell's chair it is present at both points. A seat's link cannot choose another chair
until the White Cell opens the record, and can afterwards. Screenshots of the page at desktop
and phone size land in test-artifacts/screenshots/.
"""

from __future__ import annotations

import json
import re
import urllib.request
from pathlib import Path

import pytest
import yaml

from tests.e2e.axe import assert_accessible
from tests.e2e.conftest import DESKTOP, PHONE, ROOT
from tests.e2e.pages import log_in

pytestmark = pytest.mark.e2e

SEATS = ["beijing", "moscow", "pyongyang", "washington"]
SLUG = "replay-drill"
SECRET_ACTION = "pyongyang.covert_mobilisation"
SECRET_NAME = "Mobilise reserve units quietly"
SECRET_RATIONALE = "Pyongyang's rationale: readiness now, before Beijing can object."
MESSAGE = "Beijing to Moscow: watch the northern railheads this month."
OVERRIDE = "The squeeze starts in a lean month"
ADJUSTMENT = "A border incident the teams did not cause"
VOID_REASON = "Rolled with the wrong probability"


@pytest.fixture
def drill_scenario(white_cell, tmp_path):
    """The tutorial with a certain detection: Beijing always sees the quiet mobilisation.

    (Loaded with the ORM before the browser starts: Django's ORM is not used once Playwright
    runs.)
    """
    from django.core.management import call_command

    document = yaml.safe_load((ROOT / "scenarios" / "tutorial.yaml").read_text())
    document["slug"] = SLUG
    document["title"] = "Replay drill (tutorial, certain detection)"
    action = next(a for a in document["seats"]["pyongyang"]["actions"] if a["id"] == SECRET_ACTION)
    action["detection"] = {"beijing": 100}
    path = tmp_path / f"{SLUG}.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False))
    call_command("loadscenarios", str(path), verbosity=0)
    return SLUG


class Caller:
    """A bearer token speaking to the running server."""

    def __init__(self, base: str, token: str) -> None:
        self.base, self.token = base, token

    def call(self, method: str, path: str, body: dict | None = None) -> dict:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(
            self.base + path,
            data=data,
            method=method,
            headers={"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read())

    def command(self, game_id: str, body: dict) -> dict:
        return self.call("POST", f"/api/games/{game_id}/commands/", body)


def play_finished_game(server, white_cell) -> dict:
    """Two turns of the drill: a message, a secret move Beijing detects when it is adjudicated,
    an override with a reason, a White Cell adjustment and an ad-hoc inject; then the end."""
    control = Caller(server.url, white_cell["token"])
    created = control.call("POST", "/api/games/", {"scenario": SLUG, "title": "Replay drill"})
    game = created["id"]
    seats = {s["role"]: Caller(server.url, s["token"]) for s in created["seats"]}

    def advance(times: int = 1) -> dict:
        for _ in range(times):
            result = control.command(game, {"type": "advance_phase", "force": True})
        return result

    control.command(game, {"type": "start_game"})
    advance()  # diplomacy
    seats["beijing"].command(game, {"type": "send_message", "to": ["moscow"], "text": MESSAGE})
    advance()  # orders
    secret = seats["pyongyang"].command(
        game,
        {
            "type": "submit_move",
            "action": SECRET_ACTION,
            "visibility": "secret",
            "rationale": SECRET_RATIONALE,
        },
    )["events"][0]["data"]["move_id"]
    squeeze = seats["beijing"].command(
        game,
        {
            "type": "submit_move",
            "action": "beijing.trade_squeeze",
            "targets": ["pyongyang"],
            "rationale": "Beijing's rationale: remind Pyongyang who keeps the lights on.",
        },
    )["events"][0]["data"]["move_id"]
    for seat in SEATS:
        seats[seat].command(game, {"type": "lock_orders"})
    before = advance()["seq"]  # adjudication: the orders are closed, nothing detected yet
    rolled = control.command(
        game,
        {"type": "adjudicate", "move_id": secret, "method": "roll", "narrative": "Reserves move."},
    )
    intel = [
        e
        for e in rolled["events"]
        if e["type"] == "intelligence_report" and e["data"]["seat"] == "beijing"
    ]
    assert intel, "Beijing's detection chance is 100: the report must be there"
    control.command(
        game,
        {
            "type": "propose_probability",
            "move_id": squeeze,
            "probability": 35,
            "reason": OVERRIDE,
        },
    )
    control.command(
        game,
        {
            "type": "adjudicate",
            "move_id": squeeze,
            "method": "roll",
            "probability": 35,
            "reason": OVERRIDE,
            "narrative": "Customs slow the trains at Dandong.",
        },
    )
    # A correction: the result is voided (its effects undone) and the move decided again.
    control.command(game, {"type": "void_adjudication", "move_id": squeeze, "reason": VOID_REASON})
    control.command(
        game,
        {
            "type": "adjudicate",
            "move_id": squeeze,
            "method": "decide",
            "outcome": "success",
            "reason": "The customs slow-down was already under way",
            "narrative": "Customs slow the trains at Dandong.",
        },
    )
    adjusted = control.command(
        game,
        {"type": "adjust_indicator", "indicator": "escalation", "delta": 1, "reason": ADJUSTMENT},
    )["seq"]
    control.command(
        game,
        {
            "type": "issue_inject",
            "title": "A fishing boat is seized",
            "text": "Coast guards on both sides claim the same water.",
        },
    )
    advance(2)  # results, then turn 2 briefing
    ended = control.command(game, {"type": "end_game"})
    return {
        "id": game,
        "seats": {s["role"]: s["join_url"] for s in created["seats"]},
        "secret": secret,
        "before": before,
        "intel": intel[0]["seq"],
        "adjusted": adjusted,
        "last": ended["seq"],
    }


def expect(locator):
    from playwright.sync_api import expect as pw_expect

    return pw_expect(locator)


def shoot(page, shots: Path, name: str) -> None:
    own = page.viewport_size
    for label, size in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(size)
        page.evaluate("window.scrollTo(0, 0)")
        page.wait_for_timeout(250)
        page.screenshot(path=str(shots / f"{name}-{label}.png"))
    page.set_viewport_size(own)
    page.wait_for_timeout(100)


def go_to(page, seq: int, chair: str) -> None:
    """Type a seq into the scrubber's field and wait until that chair's view at it is shown."""
    page.get_by_role("spinbutton", name="Go to seq").fill(str(seq))
    page.get_by_role("button", name="Go", exact=True).click()
    expect(page.get_by_test_id("replay-main")).to_have_attribute("data-shown", f"{seq}|{chair}")
    expect(page.get_by_test_id("replay-main")).to_have_attribute("aria-busy", "false")


def choose(page, chair_label: str, chair: str, seq: int) -> None:
    page.get_by_role("group", name="Seen from").get_by_label(chair_label, exact=True).check()
    expect(page.get_by_test_id("replay-main")).to_have_attribute("data-shown", f"{seq}|{chair}")


def tab(page, name: str) -> None:
    page.get_by_role("tab", name=re.compile(rf"^{re.escape(name)}")).click()


def test_scrub_a_finished_game_from_two_chairs(drill_scenario, server, browser, white_cell, shots):
    from playwright.sync_api import expect as pw_expect

    pw_expect.set_options(timeout=10_000)
    game = play_finished_game(server, white_cell)
    game_id, before, intel, last = game["id"], game["before"], game["intel"], game["last"]
    assert before < intel < last
    errors: list[str] = []

    # ---- the facilitator logs in and opens the replay: the end of the game, the White Cell ----
    fac_context = browser.new_context(viewport=DESKTOP)
    page = fac_context.new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))
    # A chart refused by the Content-Security-Policy (an inline style, an eval) is a console error.
    console_errors: list[str] = []
    page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)
    log_in(page, server.url, white_cell, f"/replay/{game_id}/")
    main = page.get_by_test_id("replay-main")
    expect(main).to_have_attribute("data-shown", f"{last}|control")
    expect(page.get_by_test_id("scrub-seq")).to_have_text(str(last))
    expect(page.get_by_test_id("game-status")).to_have_text("Game over")
    exports = page.get_by_test_id("exports")
    for name in (
        "Report (HTML)",
        "Report (Markdown)",
        "Indicators (CSV)",
        "Dataset (CSV tables, zip)",
        "Event log (JSON Lines)",
    ):
        expect(exports.get_by_role("link", name=name)).to_be_visible()

    # At the end the secret move has been revealed: its commitment checks out in the browser.
    tab(page, "Secret moves")
    expect(page.get_by_test_id(f"check-{game['secret']}")).to_have_text("verified")
    page.screenshot(path=str(shots / "replay-secret-desktop.png"))
    tab(page, "Decisions")

    # ---- Beijing's chair: before the detection the action is nowhere on the page -------------
    choose(page, "Beijing", "beijing", last)
    go_to(page, before, "beijing")
    log = page.get_by_test_id("decision-log")
    expect(log.get_by_test_id(f"move-{game['secret']}")).to_contain_text("made a secret move")
    assert SECRET_NAME not in page.content()
    assert SECRET_RATIONALE not in page.content()
    expect(page.get_by_test_id(f"commitment-{game['secret']}")).to_contain_text("sealed")
    shoot(page, shots, "replay-beijing-before")

    # ... and after the intelligence report it is there (but not Pyongyang's rationale).
    go_to(page, intel, "beijing")
    expect(page.get_by_test_id(f"intel-{game['secret']}")).to_contain_text(SECRET_NAME)
    assert SECRET_RATIONALE not in page.content()
    tab(page, "Intelligence")
    expect(page.get_by_test_id("intel-report")).to_contain_text(SECRET_NAME)
    tab(page, "Decisions")

    # ---- the White Cell's chair: the action is there at both points ---------------------------
    choose(page, "White Cell", "control", intel)
    expect(page.get_by_test_id(f"move-{game['secret']}")).to_contain_text(SECRET_NAME)
    expect(page.get_by_test_id(f"detection-{game['secret']}")).to_contain_text("detected")
    go_to(page, before, "control")
    expect(page.get_by_test_id(f"move-{game['secret']}")).to_contain_text(SECRET_NAME)
    expect(page.get_by_test_id(f"move-{game['secret']}")).to_contain_text(SECRET_RATIONALE)

    # ---- the scrubber: step buttons, arrow keys, turn markers, chart markers -----------------
    page.get_by_role("button", name="Next event").click()
    expect(main).to_have_attribute("data-shown", f"{before + 1}|control")
    page.get_by_test_id("scrubber").focus()
    page.keyboard.press("ArrowLeft")
    expect(main).to_have_attribute("data-shown", f"{before}|control")
    page.get_by_role("button", name=re.compile(r": Turn 2 ")).click()
    expect(page.get_by_test_id("scrub-position")).to_contain_text("Turn 2 of 2")
    # The escalation chart is drawn by Vega-Lite under the pages' CSP, the scrubber's seq marked.
    chart = page.locator('[data-indicator="escalation"]')
    drawn = chart.get_by_test_id("chart-escalation")
    expect(drawn).to_have_attribute("data-drawn", "true")
    assert drawn.locator("svg path").count() > 3  # the step lines, the rules, the axes
    # The position moves at once; the view at it follows (aria-busy until it is shown).
    expect(main).to_have_attribute("aria-busy", "false")
    shown_seq = main.get_attribute("data-shown").split("|")[0]
    expect(chart).to_have_attribute("data-seq", shown_seq)
    # A marker on the chart jumps back to the White Cell's adjustment ...
    marker = drawn.locator(f'svg [aria-label^="Seq {game["adjusted"]}, "]')
    expect(marker).to_have_count(1)
    marker.click()
    expect(main).to_have_attribute("data-shown", f"{game['adjusted']}|control")
    expect(chart).to_have_attribute("data-seq", str(game["adjusted"]))
    expect(page.get_by_test_id("scrub-event")).to_contain_text(ADJUSTMENT)
    # ... and so does the chart's list of changes, from the keyboard.
    go_to(page, last, "control")
    chart.locator("details.chart-changes summary").click()
    chart.locator(f'.chart-changes button[data-seq="{game["adjusted"]}"]').focus()
    page.keyboard.press("Enter")
    expect(main).to_have_attribute("data-shown", f"{game['adjusted']}|control")
    tab(page, "Corrections")
    expect(page.get_by_test_id("corrections")).to_contain_text(ADJUSTMENT)
    expect(page.get_by_test_id("voided-title")).to_contain_text(VOID_REASON)
    page.screenshot(path=str(shots / "replay-corrections-desktop.png"))
    tab(page, "Decisions")
    expect(page.get_by_test_id("decision-log")).to_contain_text(OVERRIDE)
    expect(page.get_by_test_id("decision-log")).to_contain_text(VOID_REASON)
    shoot(page, shots, "replay-control")
    # On a phone the sections come below the scrubber; the indicators are a tab of their own.
    page.set_viewport_size(PHONE)
    page.get_by_test_id("decision-log").scroll_into_view_if_needed()
    page.wait_for_timeout(200)
    page.screenshot(path=str(shots / "replay-decisions-phone.png"))
    tab(page, "Indicators")
    page.get_by_test_id("charts").scroll_into_view_if_needed()
    page.wait_for_timeout(200)
    page.screenshot(path=str(shots / "replay-indicators-phone.png"))
    tab(page, "Decisions")
    page.set_viewport_size(DESKTOP)

    # ---- initiative: per seat and turn, drawn by Vega-Lite, accessible -----------------------
    tab(page, "Initiative")
    initiative = page.get_by_test_id("initiative-chart")
    expect(initiative).to_have_attribute("data-drawn", "true")
    assert initiative.locator("svg path").count() > 3
    expect(page.get_by_test_id("initiative-beijing-1")).to_contain_text("Beijing")
    expect(page.get_by_test_id("initiative-pyongyang-1")).to_contain_text("0 / 1")  # a secret move
    expect(page.get_by_test_id("initiative-indicator")).to_contain_text("no indicator")
    assert_accessible(page, "the replay's Initiative tab")
    tab(page, "Decisions")
    assert console_errors == [], console_errors

    # ---- a seat's link: its own chair only, until the White Cell opens the record -------------
    seat_context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    seat = seat_context.new_page()
    seat.on("pageerror", lambda error: errors.append(str(error)))
    replay_link = game["seats"]["beijing"].replace("/play/", "/replay/")
    seat.goto(replay_link)
    seat_main = seat.get_by_test_id("replay-main")
    expect(seat_main).to_have_attribute("data-shown", f"{last}|beijing")
    expect(seat.get_by_test_id("own-chair")).to_contain_text("Beijing's chair only")
    expect(seat.get_by_role("group", name="Seen from")).to_have_count(0)
    seat_exports = seat.get_by_test_id("exports")
    expect(seat_exports.get_by_role("button", name="Event log (JSON Lines)")).to_have_count(0)
    with seat.expect_download() as download:
        seat_exports.get_by_role("button", name="Indicators (CSV)").click()
    assert download.value.suggested_filename == f"indicators-{game_id}.csv"
    shoot(seat, shots, "replay-seat-own-chair")
    # Asking for another chair in the address changes nothing.
    token = replay_link.split("#token=")[1]
    seat.goto(f"{server.url}/replay/{game_id}/?at={intel}&as=pyongyang#token={token}")
    expect(seat.get_by_test_id("replay-main")).to_have_attribute("data-shown", f"{intel}|beijing")
    assert SECRET_RATIONALE not in seat.content()

    # The lobby links to the replay and offers to open the record; so does the replay page,
    # where the White Cell opens it.
    lobby = fac_context.new_page()
    lobby.on("pageerror", lambda error: errors.append(str(error)))
    lobby.goto(f"{server.url}/")
    row = lobby.locator(f'tr[data-game="{game_id}"]')
    expect(row.get_by_role("link", name="Replay")).to_have_attribute("href", f"/replay/{game_id}/")
    expect(row.get_by_role("button", name="Open the record to everyone…")).to_be_visible()
    lobby.screenshot(path=str(shots / "lobby-replay-desktop.png"))
    page.get_by_role("button", name="Open the record to everyone…").click()
    page.get_by_role("button", name="Open it: every role sees everything").click()
    expect(page.get_by_test_id("record-state")).to_have_text("The record is open to every role.")
    lobby.reload()
    expect(row).to_contain_text("Record open to everyone")

    seat.reload()
    expect(seat.get_by_role("group", name="Seen from")).to_be_visible()
    expect(seat.get_by_test_id("own-chair")).to_have_count(0)
    seat.get_by_role("group", name="Seen from").get_by_label("Pyongyang", exact=True).check()
    expect(seat.get_by_test_id("replay-main")).to_have_attribute("data-shown", f"{intel}|pyongyang")
    tab(seat, "Decisions")
    expect(seat.get_by_test_id(f"move-{game['secret']}")).to_contain_text(SECRET_RATIONALE)

    assert errors == [], errors
    for context in (fac_context, seat_context):
        context.close()
