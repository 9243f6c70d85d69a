"""Drafts inside a team, through the pages: two members of Beijing, one on a phone, one on a
laptop. Bo drafts a move from the orders form before the orders open; Ada, the lead, makes
the team's rule "only the lead submits", comments and approves; Bo's Submit says why he may
not; once the orders open Ada submits and the move is the team's. Moscow's page never shows
the draft; the White Cell reads it in its console, without buttons to act on it. axe-core
finds nothing on the drafts area."""

from __future__ import annotations

import pytest

from tests.e2e.axe import assert_accessible
from tests.e2e.conftest import DESKTOP, PHONE
from tests.e2e.pages import log_in
from tests.e2e.test_white_cell import call

pytestmark = pytest.mark.e2e

RATIONALE = "Slow Dandong customs before Pyongyang tests again."
COMMENT = "Should we wait for Moscow's answer first?"


def test_two_members_draft_comment_approve_and_the_lead_submits(server, browser, white_cell, shots):
    from playwright.sync_api import expect

    expect.set_options(timeout=10_000)
    fac_token = white_cell["token"]
    created = call(
        server, "POST", "/api/games/", fac_token, {"scenario": "tutorial", "title": "Drafts"}
    )
    game_id = created["id"]
    moscow_token = next(s["token"] for s in created["seats"] if s["role"] == "moscow")
    links = {}
    for name in ("Ada Okafor", "Bo Lindqvist"):
        body = {"seat": "beijing", "name": name}
        links[name] = call(server, "POST", f"/api/games/{game_id}/members/", fac_token, body)
    ada_id = links["Ada Okafor"]["id"]
    call(
        server,
        "POST",
        f"/api/games/{game_id}/commands/",
        links["Ada Okafor"]["token"],
        {"type": "choose_lead", "member": ada_id},
    )

    def control(command: dict) -> None:
        call(server, "POST", f"/api/games/{game_id}/commands/", fac_token, command)

    control({"type": "start_game"})
    control({"type": "advance_phase"})  # diplomacy: the orders are not open yet
    errors: list[str] = []

    def page(context):
        opened = context.new_page()
        opened.on("pageerror", lambda e: errors.append(str(e)))
        return opened

    ada_context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    ada = page(ada_context)
    ada.goto(links["Ada Okafor"]["join_url"])
    expect(ada.get_by_test_id("me")).to_have_text("You are Ada Okafor.")
    bo_context = browser.new_context(viewport=DESKTOP)
    bo = page(bo_context)
    bo.goto(links["Bo Lindqvist"]["join_url"])
    expect(bo.get_by_test_id("me")).to_have_text("You are Bo Lindqvist.")
    moscow_context = browser.new_context(viewport=DESKTOP)
    moscow = page(moscow_context)
    moscow.goto(f"{server.url}/play/{game_id}/#token={moscow_token}")

    # ---- Bo drafts a move before the orders open --------------------------------------------
    bo.get_by_role("tab", name="Orders").click()
    form = bo.get_by_role("form", name="New move")
    expect(form.get_by_role("button", name="Submit move")).to_be_disabled()
    form.get_by_role("radio", name="Slow the border trade").check()
    form.get_by_label("Rationale: why your team makes this move").fill(RATIONALE)
    form.get_by_role("button", name="Save as draft").click()
    expect(bo.get_by_role("tab", name="Drafts")).to_have_attribute("aria-selected", "true")
    bo_card = bo.locator("[data-draft]").first
    expect(bo_card).to_contain_text("Move: Slow the border trade")
    expect(bo_card).to_contain_text("By Bo Lindqvist")
    expect(bo_card.get_by_role("button", name="Approve")).to_be_disabled()

    # ---- Ada, the lead, sets the team's rule, comments and approves ---------------------------
    ada.get_by_role("tab", name="Drafts").click()
    policy = ada.get_by_test_id("draft-policy")
    policy.get_by_role("button", name="Only the lead submits").click()
    expect(policy).to_contain_text("Only the team's lead submits")
    ada_card = ada.locator("[data-draft]").first
    expect(ada_card).to_contain_text(RATIONALE)
    ada_card.get_by_label("Comment").fill(COMMENT)
    ada_card.get_by_role("button", name="Comment").click()
    ada_card.get_by_role("button", name="Approve").click()
    expect(ada_card.get_by_test_id("approvals")).to_have_text("Approved by Ada Okafor")
    expect(bo_card).to_contain_text(COMMENT)
    expect(bo_card.get_by_test_id("approvals")).to_have_text("Approved by Ada Okafor")
    # Not the orders phase yet: nobody may submit, and the card says why.
    expect(ada_card.get_by_role("button", name="Submit")).to_be_disabled()
    expect(ada_card).to_contain_text("A move can be submitted only in the orders phase.")
    # Bo is not the lead: his Submit says so whatever the phase.
    expect(bo_card.get_by_role("button", name="Submit")).to_be_disabled()
    expect(bo_card).to_contain_text("Your team chose that only its lead submits: Ada Okafor.")
    expect(bo.get_by_test_id("draft-policy")).not_to_contain_text("Let any member submit")
    bo.screenshot(path=str(shots / "team-drafts-desktop.png"), full_page=True)

    # ---- the orders open; the lead submits ----------------------------------------------------
    control({"type": "advance_phase"})
    submit = ada_card.get_by_role("button", name="Submit")
    expect(submit).to_be_enabled()
    assert_accessible(ada, "the drafts area on a phone")
    ada.screenshot(path=str(shots / "team-drafts-phone.png"), full_page=True)
    submit.click()
    sent = ada.get_by_test_id("closed-drafts-title").locator("[data-draft]")
    expect(sent).to_contain_text("sent as move")
    expect(sent).to_contain_text("by Ada Okafor")
    bo.get_by_role("tab", name="Orders").click()
    expect(bo.get_by_test_id("orders-title")).to_contain_text("Slow the border trade")
    events = call(server, "GET", f"/api/games/{game_id}/events/", fac_token)["events"]
    kinds = [e["type"] for e in events]
    assert kinds[-2:] == ["move_submitted", "draft_submitted"], kinds
    assert events[-1]["data"]["move_id"] == events[-2]["data"]["move_id"]
    assert events[-2]["actor"]["member"]["name"] == "Ada Okafor"

    # ---- Moscow's page never shows the draft ---------------------------------------------------
    moscow.get_by_role("tab", name="Drafts").click()
    expect(moscow.get_by_test_id("drafts-title")).to_contain_text("No open drafts.")
    moscow.get_by_role("tab", name="Timeline").click()
    text = moscow.locator("body").inner_text()
    for secret in (RATIONALE, COMMENT, "Ada Okafor", "draft"):
        assert secret not in text, secret

    # ---- the White Cell reads the team's drafts, without acting on them ------------------------
    fac = browser.new_context(viewport=DESKTOP)
    white = page(fac)
    log_in(white, server.url, white_cell)
    white.goto(f"{server.url}/control/{game_id}/")
    white.get_by_role("tab", name="Drafts").click()
    drafts = white.get_by_test_id("teams-drafts-title")
    expect(drafts).to_contain_text("only the lead submits")
    expect(drafts.locator("[data-draft]")).to_contain_text(COMMENT)
    expect(drafts.get_by_role("button")).to_have_count(0)
    assert_accessible(white, "the White Cell's drafts tab")

    for context in (ada_context, bo_context, moscow_context, fac):
        context.close()
    assert not errors, errors
