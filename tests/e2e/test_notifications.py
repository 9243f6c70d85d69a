"""Notifications through the pages: a member of Beijing turns on browser notifications in the
team console (Chromium, with the permission granted), and while the page is in the background
the socket's pushes become notifications (``window.Notification`` is wrapped by an init script
that records each one constructed) for a message and a phase, without the message's text. The
White Cell sets Beijing's webhook and the game's lead times in the People tab. axe-core finds
nothing on either part; screenshots of both for docs/ui/."""

from __future__ import annotations

import re

import pytest

from tests.e2e.axe import assert_accessible
from tests.e2e.conftest import DESKTOP, PHONE
from tests.e2e.pages import log_in
from tests.e2e.test_white_cell import call

pytestmark = pytest.mark.e2e

# Records every notification the page constructs; the page is "in a background tab" while
# window.__background is true (a headless browser has no other tab in front of it).
RECORDER = """
(() => {
  window.__notes = [];
  const Real = window.Notification;
  class Recorded extends Real {
    constructor(title, options) {
      super(title, options);
      const { body = "", tag = "" } = options || {};
      window.__notes.push({ title, body, tag });
    }
  }
  Object.defineProperty(Recorded, "permission", { get: () => Real.permission });
  Recorded.requestPermission = (...args) => Real.requestPermission(...args);
  window.Notification = Recorded;
  Object.defineProperty(Document.prototype, "hidden", { get: () => !!window.__background });
})();
"""


def test_a_member_is_notified_in_the_browser_and_the_white_cell_sets_the_rooms(
    server, browser, white_cell, shots
):
    from playwright.sync_api import expect

    expect.set_options(timeout=10_000)
    token = white_cell["token"]
    created = call(server, "POST", "/api/games/", token, {"scenario": "tutorial", "title": "Told"})
    game_id = created["id"]
    moscow = next(s["token"] for s in created["seats"] if s["role"] == "moscow")
    ada = call(
        server, "POST", f"/api/games/{game_id}/members/", token, {"seat": "beijing", "name": "Ada"}
    )
    errors: list[str] = []

    # ---- the member turns on browser notifications, on a phone ----------------------------
    context = browser.new_context(
        viewport=PHONE, is_mobile=True, has_touch=True, permissions=["notifications"]
    )
    context.add_init_script(RECORDER)
    page = context.new_page()
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(ada["join_url"])
    settings = page.get_by_test_id("notification-settings-title")
    expect(settings).to_be_visible()
    expect(page.get_by_test_id("notification-permission")).to_have_text(
        "This browser may show notifications."
    )
    settings.get_by_label("Show notifications while this page is open").check()
    settings.get_by_label("Email address").fill("ada@example.org")
    settings.get_by_label("Send me emails").check()
    settings.get_by_label("Results are published").uncheck()
    settings.get_by_role("button", name="Save notification settings").click()
    expect(settings.get_by_role("status")).to_have_text("Saved.")
    mine = call(server, "GET", f"/api/games/{game_id}/notifications/me/", ada["token"])
    assert mine["browser_on"] and mine["email_on"] and mine["email"] == "ada@example.org"
    assert mine["kinds"] == ["phase", "deadline", "message", "inject"]
    settings.scroll_into_view_if_needed()
    assert_accessible(page, "a member's notification settings")
    settings.screenshot(path=str(shots / "team-notifications-phone.png"))

    # ---- in the background, the pushes become notifications --------------------------------
    call(server, "POST", f"/api/games/{game_id}/commands/", token, {"type": "start_game"})
    expect(page.get_by_test_id("game-status")).to_contain_text("Turn 1")
    page.evaluate("window.__background = true")
    body = {"type": "send_message", "to": ["beijing"], "text": "Meet at dawn TEXT-4x"}
    call(server, "POST", f"/api/games/{game_id}/commands/", moscow, body)
    page.wait_for_function("window.__notes.length >= 1")
    call(server, "POST", f"/api/games/{game_id}/commands/", token, {"type": "advance_phase"})
    page.wait_for_function("window.__notes.length >= 2")
    notes = page.evaluate("window.__notes")
    assert [n["title"] for n in notes] == [
        "A message reached your team",
        "The diplomacy phase of turn 1 opened",
    ], notes
    assert all("TEXT-4x" not in str(note) for note in notes)
    # In front again, the page tells nothing: the member sees it.
    page.evaluate("window.__background = false")
    call(server, "POST", f"/api/games/{game_id}/commands/", moscow, body)
    expect(page.get_by_role("tab", name="Messages")).to_contain_text("2")
    assert len(page.evaluate("window.__notes")) == 2

    # ---- a browser not yet asked offers the button, which asks it -----------------------------
    asking = browser.new_context(viewport=DESKTOP)
    other = asking.new_page()
    other.on("pageerror", lambda e: errors.append(str(e)))
    other.goto(ada["join_url"])
    permission = other.get_by_test_id("notification-permission")
    expect(permission).to_have_text("This browser has not been allowed to show notifications yet.")
    other.get_by_role("button", name="Allow browser notifications").click()
    # Headless Chromium answers at once (no one to click its prompt): the page says what it said.
    expect(permission).not_to_have_text(re.compile("not been allowed"))
    expect(other.get_by_role("button", name="Allow browser notifications")).to_have_count(0)
    asking.close()

    # ---- the White Cell sets Beijing's room and the lead times ------------------------------
    fac = browser.new_context(viewport=DESKTOP)
    control = fac.new_page()
    control.on("pageerror", lambda e: errors.append(str(e)))
    log_in(control, server.url, white_cell)
    control.goto(f"{server.url}/control/{game_id}/")
    control.get_by_role("tab", name="People").click()
    section = control.get_by_test_id("game-notifications-title")
    section.get_by_label("Remind teams this many minutes").fill("120, 15")
    section.get_by_label("Beijing").fill("ftp://chat.example.org/room")
    section.get_by_role("button", name="Save notification settings").click()
    expect(section.get_by_role("alert")).to_contain_text("http://")
    section.get_by_label("Beijing").fill("https://chat.example.org/hooks/beijing")
    section.get_by_label("Include the text of messages").check()
    section.get_by_role("button", name="Save notification settings").click()
    expect(section.get_by_role("status")).to_have_text("Saved.")
    saved = call(server, "GET", f"/api/games/{game_id}/notifications/", token)
    assert saved == {
        "include_text": True,
        "lead_minutes": [120, 15],
        "webhooks": {"beijing": "https://chat.example.org/hooks/beijing"},
    }
    assert_accessible(control, "the White Cell's notification settings")
    section.screenshot(path=str(shots / "control-notifications-desktop.png"))
    assert errors == []
