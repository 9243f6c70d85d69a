"""Analysts, through the pages: the White Cell gives two analysts links of their own (one on
the public record, one granted everything); each opens the replay on its Observations panel,
tags an observation (a tag from the collection plan, a free one), and sees the other's; the
filter by tag shows one; a seat's replay has no such panel. axe-core finds nothing on it, at
desktop and phone sizes."""

from __future__ import annotations

import re
import urllib.request

import pytest

from tests.e2e.axe import assert_accessible
from tests.e2e.conftest import DESKTOP, PHONE
from tests.e2e.pages import log_in
from tests.e2e.test_white_cell import call

pytestmark = pytest.mark.e2e


def report(server, game_id: str, token: str) -> str:
    request = urllib.request.Request(
        f"{server.url}/api/games/{game_id}/report/?format=md",
        headers={"Authorization": f"Bearer {token}"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.read().decode()


def test_two_analysts_tag_observations_and_each_sees_the_others(server, browser, white_cell, shots):
    from playwright.sync_api import expect

    expect.set_options(timeout=10_000)
    fac = white_cell["token"]
    created = call(
        server, "POST", "/api/games/", fac, {"scenario": "triangle-2024", "title": "The study"}
    )
    game_id = created["id"]
    seats = {s["role"]: s["token"] for s in created["seats"]}
    errors: list[str] = []

    # ---- the White Cell gives two analysts their own links, on the People tab -------------
    fac_context = browser.new_context(viewport=DESKTOP)
    control = fac_context.new_page()
    control.on("pageerror", lambda e: errors.append(str(e)))
    log_in(control, server.url, white_cell)
    control.goto(f"{server.url}/control/{game_id}/")
    control.get_by_role("tab", name="People").click()
    section = control.get_by_test_id("analysts-title")
    expect(section).to_contain_text("No analysts yet.")
    joined = {}
    for name, sees in (("Ada Okafor", "public"), ("Bo Lindqvist", "all")):
        section.get_by_label("Analyst's name").fill(name)
        section.get_by_label("Sees", exact=True).select_option(sees)
        section.get_by_role("button", name="Add analyst and issue a link").click()
        row = control.get_by_test_id("analysts").locator("tr", has_text=name)
        link = row.locator("[data-testid^=analyst-link-]")
        expect(link).to_have_value(re.compile(f"/replay/{game_id}/#token=analyst_"))
        joined[name] = link.input_value()
    # The White Cell adds a tag to the study's first question before the start.
    plan = control.get_by_test_id("plan")
    tags = plan.get_by_label("Observation tags (separated by commas)").first
    expect(tags).to_have_value("initiative, restraint, reaction, leverage")
    tags.fill("initiative, restraint, reaction, leverage, wait and see")
    plan.get_by_role("button", name="Save the plan").click()
    expect(plan.get_by_role("status")).to_have_text("Saved.")
    assert_accessible(control, "the White Cell's analysts and plan")
    control.screenshot(path=str(shots / "control-analysts-desktop.png"), full_page=True)
    listed = call(server, "GET", f"/api/games/{game_id}/analysts/", fac)
    assert [(a["name"], a["grant"]) for a in listed] == [
        ("Ada Okafor", "public"),
        ("Bo Lindqvist", "all"),
    ]
    ada = {"join_url": joined["Ada Okafor"], "token": joined["Ada Okafor"].split("#token=")[1]}
    bo = {"join_url": joined["Bo Lindqvist"], "token": joined["Bo Lindqvist"].split("#token=")[1]}
    command = f"/api/games/{game_id}/commands/"
    call(server, "POST", command, fac, {"type": "start_game"})
    while call(server, "GET", f"/api/games/{game_id}/", fac)["phase"] != "orders":
        call(server, "POST", command, fac, {"type": "advance_phase", "force": True})
    view = call(server, "GET", f"/api/games/{game_id}/state/", seats["beijing"])["view"]
    action = next(a for a in view["actions"] if a["available"])
    call(
        server,
        "POST",
        command,
        seats["beijing"],
        {"type": "submit_move", "action": action["id"], "rationale": "Squeeze"},
    )
    call(server, "POST", command, fac, {"type": "advance_phase", "force": True})

    # ---- Ada, on the public record, opens her link: the replay on its Observations panel ----
    ada_context = browser.new_context(viewport=DESKTOP)
    ada_page = ada_context.new_page()
    ada_page.on("pageerror", lambda e: errors.append(str(e)))
    ada_page.goto(ada["join_url"])
    panel = ada_page.get_by_test_id("observations-title")
    expect(panel).to_contain_text("The study's questions (3)")
    expect(ada_page.get_by_text("Analyst Ada Okafor's link")).to_be_visible()
    expect(panel).to_contain_text("No observations yet.")
    panel.get_by_label("Observation by Ada Okafor").fill("Beijing holds its trade card back.")
    panel.get_by_label("wait and see", exact=True).check()
    panel.get_by_role("button", name="Add observation").click()
    listed = ada_page.get_by_test_id("observation-list")
    expect(listed).to_contain_text("wait and see")
    expect(listed).to_contain_text("Beijing holds its trade card back.")
    expect(listed).to_contain_text("Ada Okafor")

    # ---- Bo, granted everything, on a phone: sees Ada's, adds his own ----------------------
    bo_context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    bo_page = bo_context.new_page()
    bo_page.on("pageerror", lambda e: errors.append(str(e)))
    bo_page.goto(bo["join_url"])
    bo_panel = bo_page.get_by_test_id("observations-title")
    expect(bo_page.get_by_test_id("observation-list")).to_contain_text(
        "Beijing holds its trade card back."
    )
    bo_panel.get_by_label("Observation by Bo Lindqvist").fill(
        "Moscow moved first; Beijing answered."
    )
    bo_panel.get_by_label("initiative", exact=True).check()
    bo_panel.get_by_label("Other tags").fill("surprise")
    bo_panel.get_by_role("button", name="Add observation").click()
    expect(bo_page.get_by_test_id("observation-list")).to_contain_text("surprise")
    assert_accessible(bo_page, "an analyst's Observations panel on a phone")
    bo_page.screenshot(path=str(shots / "replay-observations-phone.png"), full_page=False)

    # ---- Ada brings her page up to now and sees Bo's; the filter shows one -----------------
    ada_page.get_by_role("button", name="Update to now").click()
    expect(listed).to_contain_text("Moscow moved first; Beijing answered.")
    panel.get_by_label("Show").select_option(label="tagged surprise (1)")
    expect(listed).to_contain_text("Moscow moved first")
    expect(listed).not_to_contain_text("Beijing holds its trade card back.")
    panel.get_by_label("Show").select_option(label="every observation (2)")
    assert_accessible(ada_page, "an analyst's Observations panel")
    ada_page.screenshot(path=str(shots / "replay-observations-desktop.png"), full_page=True)

    # ---- both observations are events, in the report's opening for the study's question ----
    events = call(server, "GET", f"/api/games/{game_id}/events/", bo["token"])["events"]
    observed = [e for e in events if e["type"] == "observation_added"]
    assert [e["actor"]["name"] for e in observed] == ["Ada Okafor", "Bo Lindqvist"]
    assert observed[0]["data"]["about_seq"] is not None
    opening = report(server, game_id, ada["token"])
    assert opening.index("## Study question") < opening.index("## Summary")
    assert "Beijing holds its trade card back" in opening and "Moscow moved first" in opening

    # ---- a seat's replay has no Observations panel, and its events hold none ---------------
    seat_page = ada_context.new_page()
    seat_page.on("pageerror", lambda e: errors.append(str(e)))
    seat_page.goto(f"{server.url}/replay/{game_id}/#token={seats['beijing']}")
    expect(seat_page.get_by_role("tab", name="Decisions")).to_be_visible()
    expect(seat_page.get_by_role("tab", name="Observations")).to_have_count(0)
    seat_events = call(server, "GET", f"/api/games/{game_id}/events/", seats["beijing"])
    assert "Moscow moved first" not in str(seat_events)
    assert errors == []
    ada_context.close()
    bo_context.close()
    fac_context.close()
