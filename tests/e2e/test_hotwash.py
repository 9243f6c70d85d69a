"""The hotwash and the adjudicators, through the pages: the White Cell adds two adjudicators
and asks Beijing about its move of turn 1; a member of Beijing answers on her phone; the two
adjudicators estimate the move blind on pages of their own (each sees only their own estimate
until both have answered, then the spread); the report places the answer beside the decision
and shows the spread. axe-core finds nothing on the new parts."""

from __future__ import annotations

import re
import urllib.request

import pytest

from tests.e2e.axe import assert_accessible
from tests.e2e.conftest import DESKTOP, PHONE
from tests.e2e.pages import log_in
from tests.e2e.test_white_cell import call

pytestmark = pytest.mark.e2e

QUESTION = "Why did you slow the border trade in turn 1?"
ANSWER = "To remind Pyongyang who keeps its lights on, without a public break."


def _command(server, game_id: str, token: str, body: dict) -> dict:
    return call(server, "POST", f"/api/games/{game_id}/commands/", token, body)


def _advance_to(server, game_id: str, token: str, phase: str) -> None:
    for _ in range(10):
        if call(server, "GET", f"/api/games/{game_id}/", token)["phase"] == phase:
            return
        _command(server, game_id, token, {"type": "advance_phase", "force": True})
    raise AssertionError(phase)


def test_a_question_tied_to_a_decision_and_two_adjudicators_estimating_blind(
    server, browser, white_cell, shots
):
    from playwright.sync_api import expect

    expect.set_options(timeout=15_000)
    fac_token = white_cell["token"]
    created = call(
        server, "POST", "/api/games/", fac_token, {"scenario": "tutorial", "title": "Hotwash"}
    )
    game_id = created["id"]
    seats = {s["role"]: s["token"] for s in created["seats"]}
    ada = call(
        server,
        "POST",
        f"/api/games/{game_id}/members/",
        fac_token,
        {"seat": "beijing", "name": "Ada Okafor"},
    )
    _command(server, game_id, fac_token, {"type": "start_game"})
    _advance_to(server, game_id, fac_token, "orders")
    move_id = _command(
        server,
        game_id,
        seats["beijing"],
        {"type": "submit_move", "action": "beijing.trade_squeeze", "rationale": "Pressure"},
    )["events"][0]["data"]["move_id"]
    _advance_to(server, game_id, fac_token, "adjudication")
    errors: list[str] = []

    # ---- the White Cell adds two adjudicators and asks Beijing about its decision ----------
    fac = browser.new_context(viewport=DESKTOP)
    control = fac.new_page()
    control.on("pageerror", lambda e: errors.append(str(e)))
    log_in(control, server.url, white_cell)
    control.goto(f"{server.url}/control/{game_id}/")
    control.get_by_role("tab", name="Hotwash & estimates").click()
    links = {}
    for name in ("Ines Duarte", "Jun Park"):
        control.get_by_label("Adjudicator's name").fill(name)
        control.get_by_role("button", name="Add adjudicator and issue a link").click()
        row = control.get_by_test_id("adjudicators").locator("li", has_text=name)
        field = row.locator("[data-testid^=adjudicator-link-]")
        expect(field).to_have_value(re.compile(f"/adjudicate/{game_id}/#token=member_"))
        links[name] = field.input_value()
    ask = control.get_by_role("form", name="Ask the players")
    ask.get_by_label("Question").fill(QUESTION)
    ask.get_by_label("Beijing").check()
    ask.get_by_label(re.compile("About that team's moves of turn")).select_option("1")
    ask.get_by_role("button", name="Ask").click()
    expect(control.get_by_test_id("question-list")).to_contain_text(QUESTION)
    expect(control.get_by_test_id("question-list")).to_contain_text("No answer yet.")

    # ---- a member of Beijing answers on her phone ------------------------------------------
    phone = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    team = phone.new_page()
    team.on("pageerror", lambda e: errors.append(str(e)))
    team.goto(ada["join_url"])
    team.get_by_role("tab", name=re.compile("^Questions")).click()
    question = team.get_by_test_id("questions").locator("li.question", has_text=QUESTION)
    expect(question.locator("[data-testid^=question-about-]")).to_contain_text(
        "About your decision: turn 1:"
    )
    question.get_by_label("Your answer").fill(ANSWER)
    assert_accessible(team, "a member's questions")
    team.screenshot(path=str(shots / "team-questions-phone.png"), full_page=True)
    question.get_by_role("button", name="Send your answer").click()
    expect(question).to_contain_text(f"Ada Okafor: {ANSWER}")
    expect(question).to_contain_text("You have answered.")
    expect(control.get_by_test_id("question-list")).to_contain_text(
        f"Ada Okafor (Beijing): {ANSWER}"
    )

    # ---- two adjudicators estimate blind --------------------------------------------------
    ines_context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    ines = ines_context.new_page()
    ines.on("pageerror", lambda e: errors.append(str(e)))
    ines.goto(links["Ines Duarte"])
    expect(ines.get_by_test_id("adjudicator-me")).to_have_text("Ines Duarte")
    card = ines.get_by_test_id(f"estimate-move-{move_id}")
    card.get_by_label(re.compile("Your estimate of success")).fill("30")
    card.get_by_role("button", name="Give my estimate").click()
    expect(card.get_by_test_id("own-estimate")).to_have_text("Your estimate: 30%")
    expect(card.get_by_test_id("estimate-waiting")).to_contain_text("waiting for Jun Park")

    jun_context = browser.new_context(viewport=DESKTOP)
    jun = jun_context.new_page()
    jun.on("pageerror", lambda e: errors.append(str(e)))
    jun.goto(links["Jun Park"])
    jun_card = jun.get_by_test_id(f"estimate-move-{move_id}")
    expect(jun_card.get_by_test_id("estimate-waiting")).to_contain_text("1 answered")
    expect(jun_card).not_to_contain_text("30%")  # Ines's estimate is hers alone for now
    expect(control.get_by_test_id("estimates-table")).to_contain_text("waiting for Jun Park")
    expect(control.get_by_test_id("estimates-table")).not_to_contain_text("30%")
    assert_accessible(jun, "an adjudicator's page before answering")
    jun.screenshot(path=str(shots / "adjudicator-blind-desktop.png"), full_page=True)
    jun_card.get_by_label(re.compile("Your estimate of success")).fill("80")
    jun_card.get_by_role("button", name="Give my estimate").click()
    expect(jun_card.get_by_test_id("estimate-spread")).to_contain_text(
        "Ines Duarte 30%, Jun Park 80% · spread 30–80"
    )
    # Ines's page asks again every few seconds and shows the spread once both have answered.
    expect(card.get_by_test_id("estimate-spread")).to_contain_text("spread 30–80")
    ines.screenshot(path=str(shots / "adjudicator-spread-phone.png"), full_page=True)
    expect(control.get_by_test_id("estimates-table")).to_contain_text("spread 30–80")
    assert_accessible(control, "the White Cell's hotwash tab")
    control.screenshot(path=str(shots / "control-hotwash-desktop.png"), full_page=True)
    # No seat reads an estimate before the record is open.
    state = call(server, "GET", f"/api/games/{game_id}/state/", seats["moscow"])
    assert state["view"]["estimates"] is None

    # ---- the White Cell sets the probability, rolls, ends the game; the report --------------
    proposed = _command(
        server,
        game_id,
        fac_token,
        {"type": "propose_probability", "move_id": move_id, "probability": 55, "reason": "Split"},
    )["events"][0]["data"]
    assert [e["probability"] for e in proposed["estimates"]] == [30, 80]
    _command(
        server, game_id, fac_token, {"type": "adjudicate", "move_id": move_id, "method": "roll"}
    )
    _command(server, game_id, fac_token, {"type": "end_game"})
    expect(control.get_by_test_id("calibration")).to_contain_text("Ines Duarte")
    control.screenshot(path=str(shots / "control-calibration-desktop.png"), full_page=True)
    request = urllib.request.Request(
        f"{server.url}/api/games/{game_id}/report/?format=md",
        headers={"Authorization": f"Bearer {fac_token}"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        report = response.read().decode()
    lines = report.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith(f"- Move {move_id}"))
    beside = "\n".join(lines[at : at + 5])
    assert "blind estimates: Ines Duarte 30%, Jun Park 80%" in beside, beside
    assert "answer from Ada Okafor" in beside and "To remind Pyongyang" in beside, beside
    report_page = control.context.new_page()
    report_page.goto(f"{server.url}/api/games/{game_id}/report/")
    expect(report_page.get_by_text(re.compile("answer from Ada Okafor"))).to_be_visible()
    report_page.get_by_text(re.compile("answer from Ada Okafor")).scroll_into_view_if_needed()
    report_page.screenshot(path=str(shots / "report-hotwash-desktop.png"))

    for context in (phone, ines_context, jun_context, fac):
        context.close()
    assert not errors, errors
