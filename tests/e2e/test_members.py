"""People in a team, through the pages: the White Cell issues two members of Beijing their own
links in the control console; two browsers join as those members; one of them marks herself
the team's lead, and the event names her; the other's link is revoked and his page is shut out
at once; the first comes back after the game moved on and sees "since you were last here",
oldest first, and dismisses it. axe-core finds nothing on the new parts."""

from __future__ import annotations

import json
import re

import pytest

from tests.e2e.axe import assert_accessible
from tests.e2e.conftest import DESKTOP, PHONE
from tests.e2e.pages import log_in
from tests.e2e.test_white_cell import call

pytestmark = pytest.mark.e2e


def test_members_join_act_are_revoked_and_come_back(server, browser, white_cell, shots):
    from playwright.sync_api import expect

    expect.set_options(timeout=10_000)
    fac_token = white_cell["token"]
    created = call(
        server, "POST", "/api/games/", fac_token, {"scenario": "tutorial", "title": "People"}
    )
    game_id = created["id"]
    seat_token = next(s["token"] for s in created["seats"] if s["role"] == "beijing")
    errors: list[str] = []

    # ---- the White Cell issues two members of Beijing their own links -----------------------
    fac = browser.new_context(viewport=DESKTOP)
    control = fac.new_page()
    control.on("pageerror", lambda e: errors.append(str(e)))
    log_in(control, server.url, white_cell)
    control.goto(f"{server.url}/control/{game_id}/")
    control.get_by_role("tab", name="People").click()
    people = control.get_by_test_id("members-title")
    expect(people).to_contain_text("No named members yet")
    links = {}
    for name in ("Ada Okafor", "Bo Lindqvist"):
        people.get_by_label("Seat").select_option("beijing")
        people.get_by_label("Member's name").fill(name)
        people.get_by_role("button", name="Add member and issue a link").click()
        row = control.get_by_test_id("members").locator("tr", has_text=name)
        expect(row.locator("[data-testid^=member-link-]")).to_have_value(
            re.compile(f"/play/{game_id}/#token=member_")
        )
        expect(row.get_by_role("img", name=re.compile(f"QR code of {name}"))).to_be_visible()
        links[name] = row.locator("[data-testid^=member-link-]").input_value()
    assert links["Ada Okafor"] != links["Bo Lindqvist"]
    assert_accessible(control, "the White Cell's people tab")
    control.screenshot(path=str(shots / "control-people-desktop.png"), full_page=True)

    # ---- two browsers join as the two members ----------------------------------------------
    ada_context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    ada = ada_context.new_page()
    ada.on("pageerror", lambda e: errors.append(str(e)))
    ada.goto(links["Ada Okafor"])
    expect(ada.get_by_test_id("me")).to_have_text("You are Ada Okafor.")
    bo_context = browser.new_context(viewport=DESKTOP)
    bo = bo_context.new_page()
    bo.on("pageerror", lambda e: errors.append(str(e)))
    bo.goto(links["Bo Lindqvist"])
    expect(bo.get_by_test_id("me")).to_have_text("You are Bo Lindqvist.")

    # ---- one acts: Ada marks herself the team's lead, and the event names her --------------
    ada.get_by_role("button", name="make Ada Okafor the lead").click()
    expect(ada.get_by_test_id("team-members")).to_contain_text("Ada Okafor lead")
    expect(bo.get_by_test_id("team-members")).to_contain_text("Ada Okafor lead")
    events = call(server, "GET", f"/api/games/{game_id}/events/", seat_token)["events"]
    lead = next(e for e in events if e["type"] == "lead_chosen")
    assert lead["actor"]["member"]["name"] == "Ada Okafor"
    # Another seat reads nothing of Beijing's people.
    moscow = next(s["token"] for s in created["seats"] if s["role"] == "moscow")
    raw = json.dumps(call(server, "GET", f"/api/games/{game_id}/events/", moscow))
    raw += json.dumps(call(server, "GET", f"/api/games/{game_id}/state/", moscow))
    assert "Ada Okafor" not in raw and "Bo Lindqvist" not in raw
    expect(control.get_by_test_id("members").locator("tr", has_text="Ada Okafor")).to_contain_text(
        "lead"
    )

    # ---- the White Cell revokes Bo's link: his page is shut out at once ---------------------
    bo_row = control.get_by_test_id("members").locator("tr", has_text="Bo Lindqvist")
    bo_row.get_by_role("button", name="Revoke link…").click()
    bo_row.get_by_role("button", name="Revoke Bo Lindqvist's link now").click()
    expect(bo.get_by_text("This link is not valid any more")).to_be_visible()
    expect(ada.get_by_test_id("me")).to_be_visible()  # Ada's link still works
    expect(bo_row).to_contain_text("none")

    # ---- Ada leaves; the game moves on; she comes back and sees what changed ---------------
    ada_context.close()
    # She has left once the server has let her socket go (it records what her page showed,
    # then leaves the room): only then does the game move on without her.
    presence = f"/api/games/{game_id}/presence/"
    for _ in range(100):
        if call(server, "GET", presence, fac_token)["roles"]["beijing"]["connected"] == 0:
            break
        control.wait_for_timeout(100)
    assert call(server, "GET", presence, fac_token)["roles"]["beijing"]["connected"] == 0
    call(server, "POST", f"/api/games/{game_id}/commands/", fac_token, {"type": "start_game"})
    call(
        server,
        "POST",
        f"/api/games/{game_id}/commands/",
        fac_token,
        {"type": "publish_narrative", "text": "Floods on the Yalu."},
    )
    call(
        server,
        "POST",
        f"/api/games/{game_id}/commands/",
        fac_token,
        {"type": "advance_phase"},
    )
    # Her socket recorded the last seq her page showed as it closed (the White Cell sees it).
    ada_row = control.get_by_test_id("members").locator("tr", has_text="Ada Okafor")
    expect(ada_row).to_contain_text(re.compile(r"seq \d+"))
    ada_context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    ada = ada_context.new_page()
    ada.on("pageerror", lambda e: errors.append(str(e)))
    ada.goto(links["Ada Okafor"])
    since = ada.get_by_test_id("since-last-here")
    expect(since).to_be_visible()
    expect(since.get_by_role("heading")).to_have_text("Since you were last here")
    items = since.locator("li")
    texts = items.all_inner_texts()
    assert len(texts) >= 2, texts
    seqs = [int(s) for s in items.evaluate_all("els => els.map(e => e.dataset.seq)")]
    assert seqs == sorted(seqs)
    assert any("phase opened" in text for text in texts), texts
    assert any("State of the world" in text for text in texts), texts
    # It comes before the page's own sections.
    first = ada.locator("[data-testid=since-last-here], [role=tablist]").first
    expect(first).to_have_attribute("data-testid", "since-last-here")
    assert_accessible(ada, "a member's team console coming back")
    ada.screenshot(path=str(shots / "team-since-phone.png"), full_page=True)
    since.get_by_role("button", name="Dismiss").click()
    expect(since).to_have_count(0)

    for context in (ada_context, bo_context, fac):
        context.close()
    assert not errors, errors
