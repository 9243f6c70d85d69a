"""Three people, three devices: Beijing's team is Ada Okafor (its lead, on a phone), Bo
Lindqvist and Cy Achebe (each on a laptop), each with a member link of their own, and they
play two turns through the pages while the White Cell advances from its console. Each turn a
member drafts a move, another comments and approves it, and the lead submits it; a message is
drafted by one and sent by the lead. Cy has turned on browser notifications and keeps his page
in the background (an init script wraps ``window.Notification``, as in test_notifications.py):
every phase, message and inject that reached the team shows him one notification, with no game
text. axe-core finds nothing on the team pages; screenshots for docs/ui/."""

from __future__ import annotations

import re

import pytest

from tests.e2e.axe import assert_accessible
from tests.e2e.conftest import DESKTOP, PHONE
from tests.e2e.pages import log_in
from tests.e2e.test_notifications import RECORDER
from tests.e2e.test_white_cell import call, status

pytestmark = pytest.mark.e2e

ADA, BO, CY = "Ada Okafor", "Bo Lindqvist", "Cy Achebe"
MOVES = {1: "Slow the border trade", 2: "Send a quiet envoy"}
# Turn by turn: who drafts the move, who comments on it and approves it.
ROLES = {1: (BO, CY), 2: (CY, BO)}
REPLY = "Moscow answers Beijing REPLY-8m"


def test_three_members_on_three_devices_play_two_turns(server, browser, white_cell, shots):
    from playwright.sync_api import expect

    expect.set_options(timeout=10_000)
    fac_token = white_cell["token"]
    created = call(
        server, "POST", "/api/games/", fac_token, {"scenario": "tutorial", "title": "Three rooms"}
    )
    game_id = created["id"]
    moscow = next(s["token"] for s in created["seats"] if s["role"] == "moscow")
    links = {
        name: call(
            server,
            "POST",
            f"/api/games/{game_id}/members/",
            fac_token,
            {"seat": "beijing", "name": name},
        )
        for name in (ADA, BO, CY)
    }
    errors: list[str] = []

    def open_page(context, name: str):
        page = context.new_page()
        page.on("pageerror", lambda e: errors.append(f"{name}: {e}"))
        page.goto(links[name]["join_url"])
        expect(page.get_by_test_id("me")).to_have_text(f"You are {name}.")
        return page

    phone = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    laptop = browser.new_context(viewport=DESKTOP)
    other_laptop = browser.new_context(viewport=DESKTOP, permissions=["notifications"])
    other_laptop.add_init_script(RECORDER)
    pages = {
        ADA: open_page(phone, ADA),
        BO: open_page(laptop, BO),
        CY: open_page(other_laptop, CY),
    }
    ada, cy = pages[ADA], pages[CY]

    # ---- before the game: Ada becomes the lead and only she submits; Cy asks to be told --------
    ada.get_by_role("button", name=f"make {ADA} the lead").click()
    for page in pages.values():
        expect(page.get_by_test_id("team-members")).to_contain_text(f"{ADA} lead")
    ada.get_by_role("tab", name="Drafts").click()
    ada.get_by_test_id("draft-policy").get_by_role("button", name="Only the lead submits").click()
    expect(ada.get_by_test_id("draft-policy")).to_contain_text("Only the team's lead submits")
    told = cy.get_by_test_id("notification-settings-title")
    told.get_by_label("Show notifications while this page is open").check()
    told.get_by_role("button", name="Save notification settings").click()
    expect(told.get_by_role("status")).to_have_text("Saved.")

    # ---- the White Cell, in its console ----------------------------------------------------------
    fac = browser.new_context(viewport=DESKTOP)
    control = fac.new_page()
    control.on("pageerror", lambda e: errors.append(f"control: {e}"))
    log_in(control, server.url, white_cell)
    control.goto(f"{server.url}/control/{game_id}/")
    call(server, "POST", f"/api/games/{game_id}/commands/", fac_token, {"type": "start_game"})
    expect(status(control)).to_contain_text("Turn 1")
    for page in pages.values():
        expect(page.get_by_test_id("game-status")).to_contain_text("Turn 1")
    cy.evaluate("window.__background = true")  # Cy's page goes into a background tab

    def advance(phase: str, force: bool = False) -> None:
        control.get_by_role("button", name=re.compile("^Advance to")).click()
        if force:  # the other seats have not locked their orders: the White Cell closes them
            control.get_by_role("button", name="Force…").click()
            control.get_by_role("button", name="Close the orders anyway").click()
        expect(status(control)).to_contain_text(phase)
        for page in pages.values():
            expect(page.get_by_test_id("game-status")).to_contain_text(phase)

    def in_front(page, act) -> None:
        """Cy acts with his page in front, then sends it to the background again."""
        if page is cy:
            cy.evaluate("window.__background = false")
        act()
        if page is cy:
            cy.evaluate("window.__background = true")

    def card(page, text: str):
        page.get_by_role("tab", name="Drafts").click()
        return page.get_by_test_id("drafts-title").locator("[data-draft]", has_text=text)

    for turn in (1, 2):
        # ---- diplomacy: Bo drafts a message to Moscow, Ada sends it; Moscow answers -----------
        advance("Diplomacy")
        words = f"Turn {turn}: can we talk before the orders close?"
        bo = pages[BO]
        bo.get_by_role("tab", name="Messages").click()
        bo.get_by_role("button", name="+ New conversation").click()
        bo.get_by_role("checkbox", name="Moscow").check()
        bo.get_by_label("Message to Moscow").fill(words)
        bo.get_by_role("button", name="Save as draft").click()
        expect(bo.get_by_role("tab", name="Drafts")).to_have_attribute("aria-selected", "true")
        letter = card(ada, words)
        expect(letter).to_contain_text(f"By {BO}")
        letter.get_by_role("button", name="Submit").click()
        sent = ada.get_by_test_id("closed-drafts-title").locator("[data-draft]", has_text=words)
        expect(sent).to_contain_text(f"by {ADA}")
        body = {"type": "send_message", "to": ["beijing"], "text": f"{REPLY} {turn}"}
        call(server, "POST", f"/api/games/{game_id}/commands/", moscow, body)
        bo.get_by_role("tab", name="Messages").click()
        expect(bo.get_by_test_id("messages")).to_contain_text(f"{REPLY} {turn}")

        # ---- orders: one drafts the move, another comments and approves, the lead submits ------
        advance("Orders")
        author, reviewer = ROLES[turn]
        rationale = f"Turn {turn}: {MOVES[turn]}, because Pyongyang listens to fuel."
        comment = f"Turn {turn}: agreed, but keep it quiet ({reviewer})."

        def draft(page=pages[author], rationale=rationale, choice=MOVES[turn]) -> None:
            page.get_by_role("tab", name="Orders").click()
            form = page.get_by_role("form", name="New move")
            form.get_by_role("radio", name=choice).check()
            form.get_by_label("Rationale: why your team makes this move").fill(rationale)
            form.get_by_role("button", name="Save as draft").click()
            expect(page.get_by_role("tab", name="Drafts")).to_have_attribute(
                "aria-selected", "true"
            )

        def review(
            page=pages[reviewer], rationale=rationale, comment=comment, reviewer=reviewer
        ) -> None:
            proposal = card(page, rationale)
            proposal.get_by_label("Comment").fill(comment)
            proposal.get_by_role("button", name="Comment").click()
            proposal.get_by_role("button", name="Approve").click()
            expect(proposal.get_by_test_id("approvals")).to_have_text(f"Approved by {reviewer}")
            # Not the lead: Submit is closed to the reviewer, and the card says why.
            expect(proposal.get_by_role("button", name="Submit")).to_be_disabled()
            expect(proposal).to_contain_text(f"only its lead submits: {ADA}")

        in_front(pages[author], draft)
        in_front(pages[reviewer], review)
        proposal = card(ada, rationale)
        expect(proposal).to_contain_text(comment)
        expect(proposal.get_by_test_id("approvals")).to_have_text(f"Approved by {reviewer}")
        if turn == 1:
            assert_accessible(ada, "the team's drafts on a phone")
            ada.screenshot(path=str(shots / "team-three-devices-phone.png"), full_page=True)
            in_front(
                cy,
                lambda rationale=rationale: (
                    card(cy, rationale),
                    assert_accessible(cy, "the team's drafts on a laptop"),
                    cy.screenshot(
                        path=str(shots / "team-three-devices-desktop.png"), full_page=True
                    ),
                ),
            )
        proposal.get_by_role("button", name="Submit").click()
        submitted = ada.get_by_test_id("closed-drafts-title").locator(
            "[data-draft]", has_text=rationale
        )
        expect(submitted).to_contain_text("sent as move")
        pages[BO].get_by_role("tab", name="Orders").click()
        expect(pages[BO].get_by_test_id("orders-title")).to_contain_text(MOVES[turn])

        # ---- adjudication and results -----------------------------------------------------------
        advance("Adjudication", force=True)
        call(
            server,
            "POST",
            f"/api/games/{game_id}/commands/",
            fac_token,
            {"type": "roll_remaining"},
        )
        advance("Results")
        if turn == 1:
            advance("Turn 2")

    # ---- what the log says: who did what -----------------------------------------------------
    events = call(server, "GET", f"/api/games/{game_id}/events/", fac_token)["events"]

    def by(kind: str) -> list[str]:
        """Who of Beijing's members did ``kind``, in order."""
        mine = [e for e in events if e["type"] == kind and e["actor"]["role"] == "beijing"]
        return [e["actor"]["member"]["name"] for e in mine]

    assert by("move_submitted") == [ADA, ADA]
    assert by("message_sent") == [ADA, ADA]
    assert by("draft_created") == [BO, BO, BO, CY]  # a message and a move each turn
    assert by("draft_commented") == [CY, BO] and by("draft_approved") == [CY, BO]
    assert by("draft_submitted") == [ADA] * 4

    # ---- what Cy was told, in the background ---------------------------------------------------
    notes = cy.evaluate("window.__notes")
    titles = [note["title"] for note in notes]
    turn_notes = [
        "The diplomacy phase of turn {n} opened",
        "A message reached your team",
        "The orders phase of turn {n} opened",
        "The adjudication phase of turn {n} opened",
        "The results of turn {n} were published",
    ]
    assert titles == [
        *(t.format(n=1) for t in turn_notes),
        "An inject reached your team",  # turn 2's scripted inject, to everyone
        *(t.format(n=2) for t in turn_notes),
    ], titles
    assert len({note["tag"] for note in notes}) == len(notes)
    assert all("REPLY-8m" not in str(note) and "Pyongyang" not in str(note) for note in notes)
    for context in (phone, laptop, other_laptop, fac):
        context.close()
    assert errors == []
