"""The analyst's record, whole: two turns of triangle-2024 run for the study's question (does
Beijing use its strength, or wait on the trend and react?).

Two analysts tag observations on their own links (one on the public record at a desk, one
granted everything on a phone); the White Cell asks Beijing about its move of turn 1 and a
member of Beijing answers in her console, as she answers the scenario's own question of the
turn; two adjudicators estimate that move blind on their own pages (each sees only their own
until both have answered, then the spread). Then the White Cell opens the after-action report
in the browser: the plan's questions with their evidence (the decisions, the observations, the
answers), the answer beside the decision it explains, the estimates' spread and the initiative
chart. A seat's report and dataset hold no observation and no other team's answer; the public
analyst's report no team's answer. axe-core on every page visited.
"""

from __future__ import annotations

import io
import re
import urllib.request
import zipfile

import pytest

from tests.e2e.axe import assert_accessible
from tests.e2e.conftest import DESKTOP, PHONE
from tests.e2e.pages import log_in
from tests.e2e.test_analysts import report
from tests.e2e.test_hotwash import _advance_to, _command
from tests.e2e.test_white_cell import call

pytestmark = pytest.mark.e2e

QUESTION = "Why did you squeeze the border trade in June?"
ANSWER = "ANSWER-BEIJING-7f3: to show Pyongyang who keeps its lights on."
WHY = "WHY-BEIJING-2c9: we waited for Moscow to overreach first."
MOSCOW_ANSWER = "ANSWER-MOSCOW-5e1: Beijing's June squeeze changed the game most."
LENA_NOTE = "OBS-LENA-91a: Beijing holds its fuel card back and squeezes trade only."
BO_NOTE = "OBS-BO-4d2: Pyongyang courted Beijing the month after the squeeze."


def dataset(server, game_id: str, token: str) -> str:
    """Every table of the zip the token's chair downloads, as one text."""
    request = urllib.request.Request(
        f"{server.url}/api/games/{game_id}/dataset/",
        headers={"Authorization": f"Bearer {token}"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        archive = zipfile.ZipFile(io.BytesIO(response.read()))
    return "\n".join(archive.read(name).decode() for name in archive.namelist())


def test_a_two_turn_study_ends_in_a_report_with_its_evidence(server, browser, white_cell, shots):
    from playwright.sync_api import expect

    expect.set_options(timeout=15_000)
    fac = white_cell["token"]
    created = call(
        server, "POST", "/api/games/", fac, {"scenario": "triangle-2024", "title": "The study"}
    )
    game_id = created["id"]
    seats = {s["role"]: s["token"] for s in created["seats"]}
    ada = call(
        server,
        "POST",
        f"/api/games/{game_id}/members/",
        fac,
        {"seat": "beijing", "name": "Ada Okafor"},
    )
    analysts = {
        name: call(
            server, "POST", f"/api/games/{game_id}/analysts/", fac, {"name": name, "grant": grant}
        )
        for name, grant in (("Lena Ford", "public"), ("Bo Lindqvist", "all"))
    }
    adjudicators = {
        name: call(server, "POST", f"/api/games/{game_id}/adjudicators/", fac, {"name": name})
        for name in ("Ines Duarte", "Jun Park")
    }
    errors: list[str] = []

    def move(seat: str, action: str, targets: list[str], visibility: str = "public") -> str:
        body = {
            "type": "submit_move",
            "action": action,
            "targets": targets,
            "visibility": visibility,
            "rationale": "For the record.",
        }
        return _command(server, game_id, seats[seat], body)["events"][0]["data"]["move_id"]

    def lock(*names: str) -> None:
        for seat in names:
            _command(server, game_id, seats[seat], {"type": "lock_orders"})

    # ---- turn 1: Beijing squeezes the border trade; Moscow moves in secret ------------------
    _command(server, game_id, fac, {"type": "start_game"})
    _advance_to(server, game_id, fac, "orders")
    squeeze = move("beijing", "beijing.deng_trade_squeeze", ["pyongyang"])
    move("moscow", "moscow.oil_and_food", ["pyongyang"], "secret")
    move("washington", "washington.designations", ["pyongyang"])
    lock("beijing", "moscow", "washington")
    _advance_to(server, game_id, fac, "adjudication")

    # ---- two adjudicators estimate Beijing's squeeze blind, on their own pages -------------
    ines_context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    ines = ines_context.new_page()
    ines.on("pageerror", lambda e: errors.append(str(e)))
    ines.goto(adjudicators["Ines Duarte"]["join_url"])
    card = ines.get_by_test_id(f"estimate-move-{squeeze}")
    card.get_by_label(re.compile("Your estimate of success")).fill("30")
    card.get_by_role("button", name="Give my estimate").click()
    expect(card.get_by_test_id("own-estimate")).to_have_text("Your estimate: 30%")
    expect(card.get_by_test_id("estimate-waiting")).to_contain_text("waiting for Jun Park")
    assert_accessible(ines, "an adjudicator's page, waiting for the other (phone)")

    jun_context = browser.new_context(viewport=DESKTOP)
    jun = jun_context.new_page()
    jun.on("pageerror", lambda e: errors.append(str(e)))
    jun.goto(adjudicators["Jun Park"]["join_url"])
    jun_card = jun.get_by_test_id(f"estimate-move-{squeeze}")
    expect(jun_card.get_by_test_id("estimate-waiting")).to_contain_text("1 answered")
    expect(jun_card).not_to_contain_text("30%")  # Ines's estimate is hers alone for now
    assert_accessible(jun, "an adjudicator's page before answering")
    jun_card.get_by_label(re.compile("Your estimate of success")).fill("80")
    jun_card.get_by_role("button", name="Give my estimate").click()
    expect(jun_card.get_by_test_id("estimate-spread")).to_contain_text(
        "Ines Duarte 30%, Jun Park 80% · spread 30–80"
    )
    expect(card.get_by_test_id("estimate-spread")).to_contain_text("spread 30–80")
    ines_context.close()
    jun_context.close()
    _command(
        server,
        game_id,
        fac,
        {"type": "propose_probability", "move_id": squeeze, "probability": 55, "reason": "Split"},
    )
    _command(server, game_id, fac, {"type": "roll_remaining"})
    _advance_to(server, game_id, fac, "results")

    # ---- the White Cell asks Beijing about its decision of turn 1, on its console ----------
    fac_context = browser.new_context(viewport=DESKTOP)
    control = fac_context.new_page()
    control.on("pageerror", lambda e: errors.append(str(e)))
    log_in(control, server.url, white_cell)
    control.goto(f"{server.url}/control/{game_id}/")
    control.get_by_role("tab", name="Hotwash & estimates").click()
    ask = control.get_by_role("form", name="Ask the players")
    ask.get_by_label("Question").fill(QUESTION)
    ask.get_by_label("Beijing").check()
    ask.get_by_label(re.compile("About that team's moves of turn")).select_option("1")
    ask.get_by_role("button", name="Ask").click()
    expect(control.get_by_test_id("question-list")).to_contain_text(QUESTION)
    assert_accessible(control, "the White Cell's hotwash tab")

    # ---- a member of Beijing answers in her console: the question and the scenario's own ---
    team_context = browser.new_context(viewport=DESKTOP)
    team = team_context.new_page()
    team.on("pageerror", lambda e: errors.append(str(e)))
    team.goto(ada["join_url"])
    team.get_by_role("tab", name=re.compile("^Questions")).click()
    questions = team.get_by_test_id("questions")
    asked = questions.locator("li.question", has_text=QUESTION)
    expect(asked.locator("[data-testid^=question-about-]")).to_contain_text(
        "About your decision: turn 1:"
    )
    asked.get_by_label("Your answer").fill(ANSWER)
    asked.get_by_role("button", name="Send your answer").click()
    expect(asked).to_contain_text("You have answered.")
    why = questions.locator("li.question", has_text="Why these moves")
    why.get_by_label("Your answer").fill(WHY)
    why.get_by_role("button", name="Send your answer").click()
    expect(why).to_contain_text("You have answered.")
    assert_accessible(team, "a member's questions")
    team_context.close()
    expect(control.get_by_test_id("question-list")).to_contain_text(
        f"Ada Okafor (Beijing): {ANSWER}"
    )

    # ---- two analysts tag observations on their own links, one on a phone ------------------
    lena_context = browser.new_context(viewport=DESKTOP)
    lena = lena_context.new_page()
    lena.on("pageerror", lambda e: errors.append(str(e)))
    lena.goto(analysts["Lena Ford"]["join_url"])
    panel = lena.get_by_test_id("observations-title")
    expect(panel).to_contain_text("The study's questions (3)")
    panel.get_by_label("Observation by Lena Ford").fill(LENA_NOTE)
    panel.get_by_label("restraint", exact=True).check()
    panel.get_by_role("button", name="Add observation").click()
    expect(lena.get_by_test_id("observation-list")).to_contain_text(LENA_NOTE)
    assert_accessible(lena, "an analyst's Observations panel")
    lena_context.close()

    # ---- turn 2: Pyongyang answers Beijing's squeeze; Beijing calls for restraint ----------
    _advance_to(server, game_id, fac, "orders")
    assert call(server, "GET", f"/api/games/{game_id}/", fac)["turn"] == 2
    move("pyongyang", "pyongyang.court_beijing", ["beijing"])
    move("beijing", "beijing.call_restraint", [])
    lock("beijing", "moscow", "pyongyang", "washington")
    _advance_to(server, game_id, fac, "adjudication")
    _command(server, game_id, fac, {"type": "roll_remaining"})

    bo_context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    bo = bo_context.new_page()
    bo.on("pageerror", lambda e: errors.append(str(e)))
    bo.goto(analysts["Bo Lindqvist"]["join_url"])
    expect(bo.get_by_test_id("observation-list")).to_contain_text(LENA_NOTE)
    bo_panel = bo.get_by_test_id("observations-title")
    bo_panel.get_by_label("Observation by Bo Lindqvist").fill(BO_NOTE)
    bo_panel.get_by_label("reaction", exact=True).check()
    bo_panel.get_by_role("button", name="Add observation").click()
    expect(bo.get_by_test_id("observation-list")).to_contain_text(BO_NOTE)
    assert_accessible(bo, "an analyst's Observations panel on a phone")
    bo_context.close()

    _command(server, game_id, fac, {"type": "end_game"})
    _command(
        server,
        game_id,
        seats["moscow"],
        {"type": "answer_question", "question_id": "q:turning-point:end", "text": MOSCOW_ANSWER},
    )

    # ---- the White Cell opens the report in the browser -----------------------------------
    page = fac_context.new_page()
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{server.url}/api/games/{game_id}/report/")
    study = page.locator(
        "section", has=page.get_by_role("heading", name=re.compile("^Study question: Does Beijing"))
    )
    expect(study).to_contain_text("Decisions of Beijing:")
    expect(study).to_contain_text("turn 1: Deng line: slow the border trade (public, ")
    expect(study).to_contain_text(LENA_NOTE)
    expect(study).to_contain_text(BO_NOTE)
    expect(study).to_contain_text(WHY)
    # The White Cell's question sits under the decision it asks about, in the evidence too.
    expect(study).to_contain_text(f"answer from Ada Okafor (Beijing) to “{QUESTION}”: {ANSWER}")
    # The answer and the estimates sit beside the decision they are about, in turn 1's section.
    decision = page.locator(f"#move-{squeeze}")
    expect(decision).to_contain_text("Deng line: slow the border trade")
    beside = page.locator(f"#move-{squeeze} ~ li").all_text_contents()[:6]
    joined = "\n".join(beside)
    assert "blind estimates: Ines Duarte 30%, Jun Park 80% (spread 30–80)" in joined, joined
    assert f"answer from Ada Okafor (Beijing) to “{QUESTION}”: {ANSWER}" in joined, joined
    calibration = page.locator(
        "section",
        has=page.get_by_role("heading", name="Adjudicators: calibration and disagreement"),
    )
    expect(calibration).to_contain_text("spread 50 points (Ines Duarte 30%, Jun Park 80%)")
    chart = page.get_by_role("img", name=re.compile("^Initiative per seat and turn"))
    expect(chart).to_be_visible()
    assert_accessible(page, "the White Cell's after-action report")
    page.screenshot(path=str(shots / "report-study-desktop.png"))
    chart.scroll_into_view_if_needed()
    page.screenshot(path=str(shots / "report-initiative-desktop.png"))
    fac_context.close()

    # ---- what a seat's record holds: no observation, no other team's answer ----------------
    secrets = (LENA_NOTE, BO_NOTE, "OBS-")
    beijing_report = report(server, game_id, seats["beijing"])
    beijing_data = dataset(server, game_id, seats["beijing"])
    for text in (beijing_report, beijing_data):
        for marker in (*secrets, "ANSWER-MOSCOW"):
            assert marker not in text
        assert "ANSWER-BEIJING" in text and "WHY-BEIJING" in text  # its own are there
    moscow_report = report(server, game_id, seats["moscow"])
    moscow_data = dataset(server, game_id, seats["moscow"])
    for text in (moscow_report, moscow_data):
        for marker in (*secrets, "ANSWER-BEIJING", "WHY-BEIJING"):
            assert marker not in text
        assert "ANSWER-MOSCOW" in text
    assert "Study question" not in beijing_report and "Study question" not in moscow_report
    # The analyst on the public record reads the observations, and no team's answer.
    lena_report = report(server, game_id, analysts["Lena Ford"]["token"])
    assert LENA_NOTE in lena_report and BO_NOTE in lena_report
    for marker in ("ANSWER-BEIJING", "WHY-BEIJING", "ANSWER-MOSCOW"):
        assert marker not in lena_report
    assert errors == [], errors
