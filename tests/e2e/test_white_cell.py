"""The White Cell runs two turns of triangle-2024 through its pages, to time.

The facilitator steers the run-sheet (a held and edited inject, a skipped one), sets a deadline
that locks the orders when it passes, pauses and resumes it (the clock freezes and the server's
worker acts at the new instant), adjudicates a turn of eight catalog moves by clicks alone
(rolling at the proposed odds, "next move", "roll all remaining"), writes and then amends a
narrative, and reveals the results on the plenary screen one at a time. The plenary screen
fits 1280x720 without scrolling in every phase; axe-core finds nothing on the lobby, a team
console, the White Cell console, the plenary screen and the replay. The teams' orders go in
through the API: this test is about the White Cell's pages.
"""

from __future__ import annotations

import json
import re
import urllib.request

import pytest

from tests.e2e.axe import assert_accessible
from tests.e2e.conftest import DESKTOP, PHONE, ROOT
from tests.e2e.pages import log_in

pytestmark = pytest.mark.e2e

SEATS = ["beijing", "moscow", "pyongyang", "washington"]
PROJECTOR = {"width": 1280, "height": 720}
# Two catalog moves per seat and turn (the quota): eight catalog moves a turn.
ORDERS = {
    1: {
        "beijing": [("beijing.deng_trade_squeeze", ["pyongyang"]), ("beijing.call_restraint", [])],
        "moscow": [("moscow.un_shield", ["washington"]), ("moscow.reassure_beijing", ["beijing"])],
        "pyongyang": [
            ("pyongyang.ship_munitions", ["moscow"]),
            ("pyongyang.missile_test", ["washington"]),
        ],
        "washington": [
            ("washington.trilateral_exercise", ["pyongyang"]),
            ("washington.trilateral_exercise", ["pyongyang"]),
        ],
    },
}
ORDERS[2] = ORDERS[1]
HELD = "t2.nato_summit"
SKIPPED = "t2.cool_anniversary"
EDITED_TITLE = "NATO summit in Washington: Beijing named"
EDITED_TEXT = "The allies' communique names China as a decisive enabler of Russia's war."
SKIP_REASON = "Beijing's team already raised the anniversary itself."
NARRATIVE = "Customs slow-downs at Dandong bite within a week."
AMENDED = "Customs slow-downs at Dandong bite within days, and Pyongyang notices."


def expect(locator):
    from playwright.sync_api import expect as pw_expect

    return pw_expect(locator)


def call(server, method: str, path: str, token: str, body: dict | None = None) -> dict:
    request = urllib.request.Request(
        f"{server.url}{path}",
        method=method,
        data=None if body is None else json.dumps(body).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def fits(page, where: str) -> None:
    """The plenary screen at its size: no scrolling, nothing cut off."""
    page.wait_for_timeout(150)  # the fitted type settles after a new view
    measured = page.evaluate(
        """() => ({
            scroll: document.scrollingElement.scrollHeight,
            height: innerHeight,
            width: innerWidth,
            scrollWidth: document.scrollingElement.scrollWidth,
            cut: [...document.querySelectorAll('[data-overflow="true"]')].length,
        })"""
    )
    assert measured["scroll"] <= measured["height"], (where, measured)
    assert measured["scrollWidth"] <= measured["width"], (where, measured)
    assert measured["cut"] == 0, (where, measured)


def status(page):
    return page.get_by_test_id("game-status")


def test_white_cell_runs_two_turns_to_time(server, worker, browser, white_cell, shots):
    from playwright.sync_api import expect as pw_expect

    pw_expect.set_options(timeout=10_000)
    assert (ROOT / "scenarios" / "triangle-2024.yaml").exists()
    errors: list[str] = []
    clicks = {"n": 0}

    def click(locator) -> None:
        clicks["n"] += 1
        locator.click()

    # ---- log in, create the game in the lobby -----------------------------------------------
    fac = browser.new_context(viewport=DESKTOP)
    control = fac.new_page()
    control.on("pageerror", lambda e: errors.append(str(e)))
    log_in(control, server.url, white_cell)
    control.locator('input[name="scenario"][value="triangle-2024"]').check()
    control.get_by_label("Title of this game").fill("Seminar to time")
    assert_accessible(control, "the lobby")
    control.get_by_role("button", name="Create game").click()
    expect(control.get_by_test_id("seat-links")).to_be_visible()
    join = {s: control.get_by_test_id(f"link-{s}").input_value() for s in SEATS}
    tokens = {s: re.search(r"#token=(.+)$", url).group(1) for s, url in join.items()}
    game_id = re.search(r"/play/([^/]+)/", join["beijing"]).group(1)
    fac_token = white_cell["token"]

    # A printed sheet of links fits the page: the whole address, wrapped.
    control.emulate_media(media="print")
    width = control.evaluate(
        """() => Math.max(...[...document.querySelectorAll('.print-url')]
            .map(e => e.scrollWidth - e.clientWidth))"""
    )
    assert width <= 0
    assert control.locator(".print-url").first.is_visible()
    control.emulate_media(media="screen")

    # ---- the projector (same browser: it follows the White Cell's reveal) and Beijing's phone ---
    plenary = fac.new_page()
    plenary.on("pageerror", lambda e: errors.append(str(e)))
    plenary.set_viewport_size(PROJECTOR)
    plenary.goto(f"{server.url}/plenary/{game_id}/")
    expect(plenary.get_by_test_id("plenary-phase")).to_have_text("Starting soon")
    fits(plenary, "setup")
    phone = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    beijing = phone.new_page()
    beijing.on("pageerror", lambda e: errors.append(str(e)))
    beijing.goto(join["beijing"])
    beijing.get_by_label("Your name (recorded with what you do)").fill("Li Wei")
    beijing.get_by_role("button", name="Save", exact=True).click()

    control.get_by_role("link", name="Open the White Cell console").click()
    expect(control.get_by_text("White Cell console", exact=True)).to_be_visible()
    # Who is in the room: Beijing's one browser, with the name it gave.
    expect(control.get_by_test_id("presence-beijing")).to_contain_text("1 browser")
    expect(control.get_by_test_id("presence-beijing")).to_contain_text("Li Wei")
    control.get_by_role("button", name="Start the game").click()
    expect(status(control)).to_contain_text("Briefing")
    expect(plenary.get_by_test_id("plenary-phase")).to_have_text("Briefing")
    fits(plenary, "turn 1 briefing")
    assert_accessible(control, "the White Cell console")

    # ---- the run-sheet: hold and edit one inject of turn 2, skip another ---------------------
    control.get_by_role("tab", name=re.compile("^Run-sheet")).click()
    sheet = control.get_by_test_id("runsheet")
    control.get_by_label("Show earlier turns").check()
    held = sheet.locator(f'[data-item="{HELD}"]')
    expect(held).to_have_attribute("data-status", "due")
    held.get_by_role("button", name="Hold").click()
    expect(held).to_have_attribute("data-status", "held")
    held.get_by_role("button", name="Edit").click()
    held.get_by_label("Headline").fill(EDITED_TITLE)
    held.get_by_label("Text", exact=True).fill(EDITED_TEXT)
    held.get_by_role("button", name="Save the edit").click()
    expect(held).to_contain_text(EDITED_TITLE)
    expect(held).to_contain_text("Edited by")
    skipped = sheet.locator(f'[data-item="{SKIPPED}"]')
    skipped.get_by_role("button", name="Skip…").click()
    skipped.get_by_label("Why skip it (kept in the record)").fill(SKIP_REASON)
    skipped.get_by_role("button", name="Skip…").click()
    skipped.get_by_role("button", name="Skip it: it will not be issued").click()
    expect(skipped).to_have_attribute("data-status", "skipped")
    assert_accessible(control, "the run-sheet")

    # ---- diplomacy, then orders with a deadline that locks the orders when it passes --------
    control.get_by_role("button", name=re.compile("^Advance to")).click()
    expect(status(control)).to_contain_text("Diplomacy")
    expect(plenary.get_by_test_id("plenary-phase")).to_have_text("Diplomacy")
    fits(plenary, "turn 1 diplomacy")
    control.get_by_role("button", name=re.compile("^Advance to")).click()
    expect(status(control)).to_contain_text("Orders")
    move_ids: list[str] = []
    for seat in SEATS:
        for action, targets in ORDERS[1][seat]:
            result = call(
                server,
                "POST",
                f"/api/games/{game_id}/commands/",
                tokens[seat],
                {
                    "type": "submit_move",
                    "action": action,
                    "targets": targets,
                    "rationale": f"{seat} thinks so.",
                },
            )
            move_ids.append(result["events"][0]["data"]["move_id"])
    for seat in ("beijing", "moscow"):
        call(
            server, "POST", f"/api/games/{game_id}/commands/", tokens[seat], {"type": "lock_orders"}
        )
    expect(plenary.get_by_test_id("plenary-locks")).to_contain_text("locked")
    fits(plenary, "turn 1 orders")

    control.get_by_label("Deadline for this phase in").fill("0.25")
    control.get_by_label("When time is up").select_option("lock_orders")
    control.get_by_role("button", name="Set the deadline").click()
    expect(control.get_by_test_id("countdown")).to_have_attribute("data-state", "running")
    expect(plenary.get_by_test_id("countdown")).to_have_attribute("data-state", "running")
    # Pause: every clock stops, showing the time left; resume: it runs again from there.
    control.get_by_role("button", name="Pause", exact=True).click()
    for page in (control, plenary, beijing):
        expect(page.get_by_test_id("countdown")).to_have_attribute("data-state", "paused")
    frozen = plenary.get_by_test_id("countdown").inner_text()
    plenary.wait_for_timeout(2000)
    assert plenary.get_by_test_id("countdown").inner_text() == frozen
    control.get_by_role("button", name="Resume").click()
    expect(control.get_by_test_id("countdown")).to_have_attribute("data-state", "running")
    # At expiry: the White Cell's alert (seen and heard) and the server locks the open seats.
    alert = control.get_by_test_id("deadline-alert")
    expect(alert).to_be_visible(timeout=30_000)
    expect(alert).to_contain_text("Time is up for the Orders phase")
    assert int(control.evaluate("() => document.documentElement.dataset.alerts || '0'")) >= 1
    control.get_by_role("tab", name="Overview").click()
    seats = control.get_by_test_id("seats")
    for seat in SEATS:
        expect(seats.locator(f'tr[data-seat="{seat}"]')).to_contain_text("locked", timeout=15_000)
    view = call(server, "GET", f"/api/games/{game_id}/state/", fac_token)["view"]
    assert all(seat["locked"] for seat in view["seats"]), view["seats"]
    expired = [t for t in view["timeline"] if t["type"] in ("deadline_expired", "orders_locked")]
    assert expired, "the expiry is in the record"
    control.get_by_role("button", name="Dismiss").click()

    # ---- adjudication: eight catalog moves, by clicks alone ----------------------------------
    control.get_by_role("button", name=re.compile("^Advance to")).click()
    expect(status(control)).to_contain_text("Adjudication")
    expect(plenary.get_by_test_id("plenary-phase")).to_have_text("Adjudication")
    fits(plenary, "turn 1 adjudication")
    clicks["n"] = 0
    click(control.get_by_role("tab", name=re.compile("^Moves & adjudication")))
    panel = control.get_by_test_id("adjudication-panel")
    expect(panel).to_have_attribute("data-move", move_ids[0])
    click(panel.get_by_test_id("roll"))
    expect(panel.get_by_role("heading", name="Result")).to_be_visible()
    # The narrative is written once the result is known, and amended after.
    panel.get_by_label(re.compile("^Narrative")).fill(NARRATIVE)
    click(panel.get_by_role("button", name="Save the narrative"))
    expect(panel.locator(".done .narrative")).to_have_text(NARRATIVE)
    panel.get_by_label(re.compile("^Narrative")).fill(AMENDED)
    click(panel.get_by_role("button", name="Save the amended narrative"))
    expect(panel.locator(".done .narrative")).to_have_text(AMENDED)
    # The plenary shows results one at a time when the White Cell says so.
    click(control.get_by_role("button", name="Reveal one at a time"))
    expect(plenary.get_by_test_id("plenary-results")).to_have_attribute("data-shown", "0")
    click(control.get_by_test_id("reveal-next"))
    expect(plenary.get_by_test_id("plenary-results")).to_have_attribute("data-shown", "1")
    expect(plenary.get_by_test_id("plenary-results")).to_contain_text(AMENDED)
    fits(plenary, "turn 1 adjudication, one result shown")
    click(control.get_by_test_id("next-move"))
    expect(panel).to_have_attribute("data-move", move_ids[1])
    click(panel.get_by_test_id("roll"))
    expect(panel.get_by_role("heading", name="Result")).to_be_visible()
    # A keyboard shortcut: N goes to the next move to adjudicate, R rolls it.
    control.keyboard.press("n")
    expect(panel).to_have_attribute("data-move", move_ids[2])
    control.keyboard.press("r")
    expect(panel.get_by_role("heading", name="Result")).to_be_visible()
    click(control.get_by_test_id("roll-remaining"))
    click(control.get_by_test_id("roll-remaining-confirm"))
    expect(control.get_by_test_id("adjudication-count")).to_have_text("Every move has a result.")
    adjudication_clicks = clicks["n"]
    assert adjudication_clicks <= 20, adjudication_clicks
    view = call(server, "GET", f"/api/games/{game_id}/state/", fac_token)["view"]
    assert all(m["adjudication_id"] for m in view["moves"] if m["turn"] == 1)
    assert not [t for t in view["timeline"] if t["type"] == "probability_proposed"], "opened"
    click(control.get_by_role("button", name="Show all"))
    expect(plenary.get_by_test_id("plenary-results")).to_have_attribute("data-shown", "8")
    fits(plenary, "turn 1 adjudication, all shown")
    assert_accessible(control, "the adjudication")
    assert_accessible(plenary, "the plenary screen")
    plenary.screenshot(path=str(shots / "wc-plenary-adjudication-1280.png"))
    control.screenshot(path=str(shots / "wc-control-adjudication.png"), full_page=True)

    control.get_by_role("button", name=re.compile("^Advance to")).click()
    expect(plenary.get_by_test_id("plenary-phase")).to_have_text("Results")
    fits(plenary, "turn 1 results")

    # ---- turn 2: the held inject stays held; the White Cell releases its edited text -----------
    control.get_by_role("button", name=re.compile("^Advance to")).click()
    expect(status(control)).to_contain_text("Turn 2 of")
    fits(plenary, "turn 2 briefing")
    view = call(server, "GET", f"/api/games/{game_id}/state/", fac_token)["view"]
    sheet_items = {i["id"]: i for i in view["run_sheet"]}
    assert sheet_items[HELD]["status"] == "held"
    assert sheet_items[SKIPPED]["status"] == "skipped"
    assert SKIPPED not in {i["id"] for i in view["injects"]}
    beijing.get_by_role("tab", name=re.compile("^Moves")).click()
    control.get_by_role("tab", name=re.compile("^Run-sheet")).click()
    held = control.get_by_test_id("runsheet").locator(f'[data-item="{HELD}"]')
    held.get_by_role("button", name="Release and issue now…").click()
    held.get_by_role("button", name="Issue it now").click()
    expect(held).to_have_attribute("data-status", "issued")
    expect(plenary.get_by_test_id("plenary-story")).to_contain_text(EDITED_TEXT)
    # Beijing is on another tab: the Briefing tab carries a badge for the new inject.
    expect(beijing.get_by_role("tab", name=re.compile("^Briefing"))).to_contain_text("new")
    beijing.get_by_role("tab", name=re.compile("^Briefing")).click()
    expect(beijing.get_by_text(EDITED_TEXT)).to_be_visible()
    expect(beijing.get_by_role("tab", name=re.compile("^Briefing"))).not_to_contain_text("new")
    fits(plenary, "turn 2 briefing with the released inject")
    assert_accessible(beijing, "a team console on a phone")

    for expected in ("Diplomacy", "Orders"):
        control.get_by_role("button", name=re.compile("^Advance to")).click()
        expect(plenary.get_by_test_id("plenary-phase")).to_have_text(expected)
        fits(plenary, f"turn 2 {expected.lower()}")
    for seat in SEATS:
        for action, targets in ORDERS[2][seat]:
            call(
                server,
                "POST",
                f"/api/games/{game_id}/commands/",
                tokens[seat],
                {
                    "type": "submit_move",
                    "action": action,
                    "targets": targets,
                    "rationale": f"{seat}, turn 2.",
                },
            )
        call(
            server, "POST", f"/api/games/{game_id}/commands/", tokens[seat], {"type": "lock_orders"}
        )
    control.get_by_role("button", name=re.compile("^Advance to")).click()
    expect(plenary.get_by_test_id("plenary-phase")).to_have_text("Adjudication")
    fits(plenary, "turn 2 adjudication")
    control.get_by_role("tab", name=re.compile("^Moves & adjudication")).click()
    control.get_by_test_id("roll-remaining").click()
    control.get_by_test_id("roll-remaining-confirm").click()
    expect(control.get_by_test_id("adjudication-count")).to_have_text("Every move has a result.")
    fits(plenary, "turn 2 adjudication, results")
    control.get_by_role("button", name=re.compile("^Advance to")).click()
    expect(plenary.get_by_test_id("plenary-phase")).to_have_text("Results")
    fits(plenary, "turn 2 results")
    plenary.set_viewport_size({"width": 1920, "height": 1080})
    fits(plenary, "turn 2 results at 1920x1080")
    body = plenary.evaluate(
        """() => parseFloat(getComputedStyle(
            document.querySelector('.pj-story .fit-content')).fontSize)"""
    )
    assert body >= 24, body
    plenary.set_viewport_size(PROJECTOR)

    # A new link for Beijing: the phone's tab, on the old link, clears what it showed.
    control.get_by_role("tab", name="Overview").click()
    row = control.locator('tr[data-seat="beijing"]')
    row.get_by_role("button", name="New link…").click()
    row.get_by_role("button", name=re.compile("^New link for Beijing")).click()
    expect(control.get_by_test_id("new-link-beijing")).to_have_value(re.compile("#token=seat_"))
    expect(beijing.get_by_role("heading", name="Cannot open the game")).to_be_visible()
    expect(beijing.get_by_text(EDITED_TEXT)).to_have_count(0)
    assert EDITED_TEXT not in beijing.content()

    control.get_by_role("button", name="End game…").click()
    control.get_by_role("button", name="End the game now").click()
    expect(plenary.get_by_test_id("plenary-phase")).to_have_text("Game over")
    fits(plenary, "the end")

    # ---- the replay shows the scripted text, the edit and who made it; both narratives ---------
    replay = fac.new_page()
    replay.on("pageerror", lambda e: errors.append(str(e)))
    replay.goto(f"{server.url}/replay/{game_id}/")
    expect(replay.get_by_test_id("scrubber")).to_be_visible()
    assert_accessible(replay, "the replay")
    replay.get_by_role("tab", name="Injects").click()
    record = replay.get_by_test_id("runsheet-record")
    expect(record.locator(f'[data-item="{HELD}"]')).to_contain_text(EDITED_TEXT)
    expect(record.locator(f'[data-item="{HELD}"]')).to_contain_text("As scripted")
    expect(record.locator(f'[data-item="{HELD}"]')).to_contain_text("edited by")
    expect(record.locator(f'[data-item="{SKIPPED}"]')).to_contain_text(SKIP_REASON)
    replay.get_by_role("tab", name="Decisions").click()
    history = replay.get_by_test_id("narrative-history").first
    history.locator("summary").click()
    expect(history).to_contain_text(NARRATIVE)
    expect(history).to_contain_text(AMENDED)

    assert errors == [], errors
    phone.close()
    fac.close()
