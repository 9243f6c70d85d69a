"""A seminar game in five real browsers: the facilitator and four teams play two full turns.

The facilitator logs in, creates the game in the lobby and hands out the join links; each team
opens its link in a browser context of its own (two on phone-sized screens). Along the way the
test checks what each chair may and may not see: a message between two seats, a secret move,
an intelligence report, an adjudication with a roll, the plenary screen, and a page that loses
its socket and comes back with the newest state. Screenshots of every page at desktop and phone
size land in test-artifacts/screenshots/.
"""

from __future__ import annotations

import json
import re
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.e2e.conftest import DESKTOP, PHONE, ROOT

pytestmark = pytest.mark.e2e

SEATS = ["beijing", "moscow", "pyongyang", "washington"]
NAMES = {seat: seat.capitalize() for seat in SEATS}

# The moves each team makes. Turn 1 has a secret move; in triangle-2024 Moscow always detects
# Pyongyang's munitions shipments (detection chance 100), so the intelligence report is certain.
PLANS = {
    "triangle-2024": {
        "turns": 6,
        1: {
            "beijing": ("beijing.deng_trade_squeeze", ["pyongyang"], "public"),
            "moscow": ("moscow.un_shield", ["washington"], "public"),
            "pyongyang": ("pyongyang.ship_munitions", ["moscow"], "secret"),
            "washington": ("free", ["moscow", "pyongyang"], "public"),
        },
        2: {
            "beijing": ("beijing.call_restraint", [], "public"),
            "moscow": ("moscow.reassure_beijing", ["beijing"], "public"),
            "pyongyang": ("pyongyang.missile_test", ["washington"], "public"),
            "washington": ("washington.trilateral_exercise", ["pyongyang"], "public"),
        },
        "certain_detector": "moscow",
    },
    "tutorial": {
        "turns": 2,
        1: {
            "beijing": ("beijing.trade_squeeze", ["pyongyang"], "public"),
            "moscow": ("moscow.security_council_shield", ["washington"], "public"),
            "pyongyang": ("pyongyang.covert_mobilisation", [], "secret"),
            "washington": ("free", ["moscow", "pyongyang"], "public"),
        },
        2: {
            "beijing": ("beijing.call_for_restraint", [], "public"),
            "moscow": ("moscow.security_council_shield", ["washington"], "public"),
            "pyongyang": ("pyongyang.missile_test", ["washington"], "public"),
            "washington": ("washington.trilateral_drill", ["pyongyang"], "public"),
        },
        "certain_detector": None,
    },
}
SLUG = "triangle-2024" if (ROOT / "scenarios" / "triangle-2024.yaml").exists() else "tutorial"
PLAN = PLANS[SLUG]

# Texts that must stay inside their audience.
PRIVATE_MESSAGE = "Beijing to Moscow only: keep the border trade quiet this month."
REPLY = "Moscow to Beijing: understood, we keep our side quiet."
SECRET_RATIONALE = "Pyongyang rationale: hard currency now, and Beijing must not learn the scale."
SECRET_NARRATIVE = "Narrative of the secret move, for Pyongyang and the White Cell only."
PUBLIC_NARRATIVE = "Customs slow-downs at the Dandong crossing bite within a week."
CON = "The Russian lifeline makes a squeeze toothless."
DECIDED = "A joint statement names the trains."
OPPOSED = "Turn 2: the test and the drill."
INJECT = "A fishing boat is seized off the eastern coast"
ADJUSTMENT = "A border incident the teams did not cause"
NOTE = "Analyst: Beijing hesitated before every squeeze; worth asking why in the hot wash-up."


def rationale(seat: str, turn: int) -> str:
    if seat == "pyongyang" and turn == 1:
        return SECRET_RATIONALE
    return f"{NAMES[seat]} rationale for turn {turn}: what we expect and why."


@dataclass
class Team:
    seat: str
    page: object
    context: object
    errors: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return NAMES[self.seat]


def expect(locator):
    from playwright.sync_api import expect as pw_expect

    return pw_expect(locator)


def watch(page, errors: list[str]) -> None:
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: csp_violation(m) and errors.append(m.text))


def csp_violation(message) -> bool:
    """A console message saying the Content-Security-Policy blocked something."""
    return message.type == "error" and "Content Security Policy" in message.text


def shoot(page, shots: Path, name: str) -> None:
    """The page as it is now, at desktop and at phone size (then back to its own size)."""
    own = page.viewport_size
    for label, size in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(size)
        page.evaluate("window.scrollTo(0, 0)")
        page.wait_for_timeout(200)
        page.screenshot(path=str(shots / f"{name}-{label}.png"))
    page.set_viewport_size(own)
    page.wait_for_timeout(100)


def api_state(server, game_id: str, token: str) -> dict:
    request = urllib.request.Request(
        f"{server.url}/api/games/{game_id}/state/", headers={"Authorization": f"Bearer {token}"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())["view"]


def move_id_of(server, game_id: str, token: str, seat: str, turn: int) -> str:
    """The id of the move ``seat`` just submitted in ``turn`` (ids are opaque labels)."""
    moves = api_state(server, game_id, token)["moves"]
    return [m for m in moves if m["seat"] == seat and m["turn"] == turn][-1]["id"]


def tab(page, name: str) -> None:
    page.get_by_role("tab", name=name).click()


def status(page):
    return page.get_by_test_id("game-status")


def advance(control, expected: str) -> None:
    control.get_by_role("button", name=re.compile(r"^Advance to")).click()
    expect(status(control)).to_contain_text(expected)


def submit_move(team: Team, turn: int, action: str, targets: list[str], visibility: str) -> None:
    page = team.page
    tab(page, "Orders")
    page.locator(f'input[name="action"][value="{action}"]').check()
    if action == "free":
        page.get_by_label("Action: what your team does").fill(
            "Brief Seoul and Tokyo on the shipments and ask for a joint statement"
        )
        page.get_by_label("Result: what you intend to achieve").fill(
            "A joint statement that names the transfers"
        )
        page.get_by_label("Reason 1").fill("Allied intelligence on the trains is solid")
        page.get_by_label("Reason 2 (optional)").fill("Seoul wants political cover")
        page.get_by_label("Reason 3 (optional)").fill("Tokyo is already worried")
    group = page.get_by_role("group", name="Targets")
    for target in targets:
        group.get_by_label(NAMES[target]).check()
    page.locator(f'input[name="visibility"][value="{visibility}"]').check()
    page.get_by_label("Rationale: why your team makes this move").fill(rationale(team.seat, turn))
    page.get_by_role("button", name="Submit move").click()
    expect(page.get_by_test_id("quota")).to_contain_text("Moves this turn: 1 of")


def lock(team: Team) -> None:
    page = team.page
    tab(page, "Orders")
    page.get_by_role("button", name="Lock orders").click()
    page.get_by_role("button", name="Lock: no more changes this turn").click()
    expect(page.get_by_test_id("quota")).to_contain_text("Locked")


def pick(control, move_id: str):
    control.get_by_test_id(f"pick-{move_id}").click()
    panel = control.get_by_test_id("adjudication-panel")
    expect(panel).to_have_attribute("data-move", move_id)
    # The chosen move is the one in the panel, named as people name moves ("Move 2 of Beijing").
    expect(control.get_by_test_id(f"pick-{move_id}")).to_have_attribute("aria-pressed", "true")
    expect(panel.get_by_role("heading", name=re.compile(r"^Move \d+ of "))).to_be_visible()
    return panel


def write_narrative(panel, narrative: str) -> None:
    """The narrative is written once the result is known."""
    expect(panel.get_by_role("heading", name="Result")).to_be_visible()
    panel.get_by_label(re.compile("^Narrative")).fill(narrative)
    panel.get_by_role("button", name="Save the narrative").click()
    expect(panel.locator(".done .narrative")).to_have_text(narrative)


def roll(control, move_id: str, narrative: str) -> None:
    panel = pick(control, move_id)
    expect(panel.get_by_test_id("proposed")).to_be_visible()
    panel.get_by_test_id("roll").click()
    write_narrative(panel, narrative)


def more_options(panel) -> None:
    panel.get_by_text("Change the odds, decide outright, or resolve as an opposed pair").click()


def assert_absent(page, *texts: str) -> None:
    html = page.content()
    for text in texts:
        assert text not in html, f"{text!r} must not reach this page"


def test_two_turns_in_five_browsers(server, browser, white_cell, shots):
    from playwright.sync_api import expect as pw_expect

    pw_expect.set_options(timeout=10_000)
    errors: list[str] = []

    # ---- the facilitator logs in and creates the game in the lobby ----------------------------
    fac_context = browser.new_context(viewport=DESKTOP)
    lobby = fac_context.new_page()
    watch(lobby, errors)
    lobby.goto(f"{server.url}/")  # the lobby sends a stranger to the log-in page
    expect(lobby.get_by_role("heading", name="Facilitator log in")).to_be_visible()
    shoot(lobby, shots, "login")
    lobby.get_by_label("User name").fill(white_cell["username"])
    lobby.get_by_label("Password").fill(white_cell["password"])
    lobby.get_by_role("button", name="Log in").click()
    lobby.wait_for_url(f"{server.url}/")
    expect(lobby.get_by_role("heading", name="New game")).to_be_visible()
    lobby.locator(f'input[name="scenario"][value="{SLUG}"]').check()
    lobby.get_by_label("Title of this game").fill("Browser seminar")
    shoot(lobby, shots, "lobby")
    lobby.get_by_role("button", name="Create game").click()
    links = lobby.get_by_test_id("seat-links")
    expect(links).to_be_visible()
    join = {seat: lobby.get_by_test_id(f"link-{seat}").input_value() for seat in SEATS}
    observer_link = lobby.get_by_test_id("link-observer").input_value()
    for url in join.values():
        assert re.search(r"/play/[^/]+/#token=seat_", url), url
    assert "/plenary/" in observer_link and "#token=obs_" in observer_link
    expect(lobby.get_by_test_id("games")).to_contain_text("Browser seminar")
    shoot(lobby, shots, "lobby-links")
    game_id = re.search(r"/play/([^/]+)/", join["beijing"]).group(1)
    token = white_cell["token"]

    # ---- the teams open their links (two of them on phones) -----------------------------------
    teams: dict[str, Team] = {}
    for seat in SEATS:
        phone = seat in ("moscow", "washington")
        context = browser.new_context(
            viewport=PHONE if phone else DESKTOP, is_mobile=phone, has_touch=phone
        )
        page = context.new_page()
        team = Team(seat, page, context)
        watch(page, errors)
        teams[seat] = team
    # Beijing's socket goes through a route the test can cut, to drop it without warning.
    routes: list = []

    def route(ws):
        ws.connect_to_server()  # frames pass both ways unchanged
        routes.append(ws)

    teams["beijing"].page.route_web_socket(re.compile(r"/ws/games/"), route)
    for seat, team in teams.items():
        team.page.goto(join[seat])
        expect(team.page.get_by_text(f"{team.name} team console")).to_be_visible()
        expect(status(team.page)).to_contain_text("Setting up")
        expect(team.page.get_by_test_id("connection")).to_have_text("Live")
    teams["beijing"].page.get_by_label("Your name (recorded with what you do)").fill("Li Wei")
    teams["beijing"].page.get_by_role("button", name="Save", exact=True).click()
    expect(teams["beijing"].page.get_by_text("Acting as")).to_contain_text("Li Wei")

    # ---- the White Cell starts the game; the projector shows the public screen ----------------
    lobby.get_by_role("link", name="Open the White Cell console").click()
    control = lobby
    expect(control.get_by_text("White Cell console", exact=True)).to_be_visible()
    control.get_by_role("button", name="Start the game").click()
    expect(status(control)).to_contain_text("Turn 1 of")
    expect(status(control)).to_contain_text("Briefing")
    for team in teams.values():
        expect(status(team.page)).to_contain_text("Briefing")
    plenary = fac_context.new_page()
    watch(plenary, errors)
    plenary.goto(f"{server.url}/plenary/{game_id}/")
    expect(plenary.get_by_test_id("plenary-phase")).to_have_text("Briefing")
    observer_context = browser.new_context(viewport=DESKTOP)
    observer = observer_context.new_page()
    watch(observer, errors)
    observer.goto(observer_link)
    expect(observer.get_by_test_id("plenary-phase")).to_have_text("Briefing")
    shoot(teams["pyongyang"].page, shots, "team-briefing")
    control.get_by_label("Deadline for this phase in").fill("20")
    control.get_by_role("button", name="Set the deadline").click()
    expect(plenary.get_by_test_id("countdown")).to_contain_text("Time left")
    expect(teams["moscow"].page.get_by_test_id("countdown")).to_contain_text("left")

    # ---- diplomacy: a message from Beijing to Moscow that nobody else sees ---------------------
    advance(control, "Diplomacy")
    beijing = teams["beijing"].page
    tab(beijing, "Messages")
    beijing.get_by_role("button", name="+ New conversation").click()
    beijing.get_by_role("group", name="Send to").get_by_label("Moscow").check()
    beijing.locator(".compose textarea").fill(PRIVATE_MESSAGE)
    beijing.get_by_role("button", name="Send", exact=True).click()
    expect(beijing.get_by_text(PRIVATE_MESSAGE)).to_be_visible()
    moscow = teams["moscow"].page
    expect(moscow.get_by_role("tab", name="Messages")).to_contain_text("1")
    tab(moscow, "Messages")
    expect(moscow.get_by_text(PRIVATE_MESSAGE)).to_be_visible()
    moscow.locator(".compose textarea").fill(REPLY)
    moscow.get_by_role("button", name="Send", exact=True).click()
    expect(beijing.get_by_text(REPLY)).to_be_visible()
    expect(beijing.get_by_text("(Li Wei)")).to_be_visible()
    shoot(moscow, shots, "team-messages")
    tab(control, "Messages")
    expect(control.get_by_text(PRIVATE_MESSAGE)).to_be_visible()
    for seat in ("pyongyang", "washington"):
        page = teams[seat].page
        tab(page, "Messages")
        expect(page.get_by_text("No messages yet.")).to_be_visible()
        expect(page.get_by_text(PRIVATE_MESSAGE)).to_have_count(0)
        assert_absent(page, PRIVATE_MESSAGE, REPLY)
    assert_absent(plenary, PRIVATE_MESSAGE, REPLY)
    assert_absent(observer, PRIVATE_MESSAGE, REPLY)

    # ---- orders: four moves, one of them secret; an early close is refused ---------------------
    advance(control, "Orders")
    move_ids: dict[int, dict[str, str]] = {1: {}, 2: {}}
    for seat in SEATS:
        action, targets, visibility = PLAN[1][seat]
        submit_move(teams[seat], 1, action, targets, visibility)
        move_ids[1][seat] = move_id_of(server, game_id, token, seat, 1)
    shoot(teams["washington"].page, shots, "team-orders")
    for seat in ("beijing", "moscow", "pyongyang"):
        lock(teams[seat])
    tab(control, "Overview")
    control.get_by_role("button", name=re.compile(r"^Advance to")).click()
    expect(control.get_by_role("alert")).to_contain_text("Not every team has locked its orders")
    expect(control.get_by_role("button", name="Force…")).to_be_visible()
    lock(teams["washington"])
    advance(control, "Adjudication")

    secret = move_ids[1]["pyongyang"]
    secret_action = PLAN[1]["pyongyang"][0]
    control_view = api_state(server, game_id, token)
    secret_name = next(a["name"] for a in control_view["actions"] if a["id"] == secret_action)

    # Everyone sees that Pyongyang made a secret move, and nothing of what it is.
    for seat in ("beijing", "washington"):
        page = teams[seat].page
        tab(page, "Moves")
        card = page.get_by_test_id(f"move-{secret}")
        expect(card).to_contain_text("made a secret move")
        expect(card).to_contain_text("sealed")
        assert_absent(page, SECRET_RATIONALE, secret_name)
    tab(teams["pyongyang"].page, "Moves")
    expect(teams["pyongyang"].page.get_by_test_id(f"move-{secret}")).to_contain_text(secret_name)
    expect(teams["pyongyang"].page.get_by_text(SECRET_RATIONALE).first).to_be_visible()
    assert_absent(plenary, SECRET_RATIONALE, secret_name)

    # ---- adjudication: a con argument, accepted as strong; rolls; a decision; an override -----
    first = move_ids[1]["beijing"]
    pyongyang = teams["pyongyang"].page
    card = pyongyang.get_by_test_id(f"move-{first}")
    card.get_by_label("Con: why it would fail").check()
    card.get_by_label("Argument", exact=True).fill(CON)
    card.get_by_role("button", name="Add argument").click()
    # The argument in the list (the field may still hold its text until the answer comes).
    expect(card.get_by_role("listitem").filter(has_text=CON)).to_be_visible()

    tab(control, "Moves & adjudication")
    panel = pick(control, first)
    proposed = panel.get_by_test_id("proposed")
    expect(proposed).to_have_text(re.compile(r"^\d+%$"))
    before = int(proposed.inner_text().rstrip("%"))
    panel.get_by_role("group", name=re.compile("accepts as strong")).get_by_role("checkbox").check()
    panel.get_by_role("button", name="Recalculate the proposal").click()
    expect(proposed).to_have_text(f"{max(5, before - 5)}%")
    shoot(control, shots, "control-adjudication")
    roll(control, first, PUBLIC_NARRATIVE)
    expect(panel).to_contain_text(re.compile(r"roll \d+"))
    roll(control, secret, SECRET_NARRATIVE)
    expect(panel.get_by_test_id("detection")).to_be_visible()

    free = move_ids[1]["washington"]
    panel = pick(control, free)
    more_options(panel)
    panel.get_by_label("Deciding outright").check()
    panel.get_by_label("Success", exact=True).check()
    panel.get_by_label("Reason", exact=True).fill("Seoul and Tokyo had already agreed in private.")
    effects = panel.get_by_role("group", name="Effects on success")
    effects.get_by_role("button", name="+ Add an effect").click()
    effects.get_by_label("Change 1").fill("2")
    panel.get_by_role("button", name="Decide: success").click()
    write_narrative(panel, DECIDED)

    shield = move_ids[1]["moscow"]
    panel = pick(control, shield)
    expect(panel.get_by_test_id("proposed")).to_be_visible()
    more_options(panel)
    panel.get_by_label("Probability of success (%)").fill("90")
    panel.get_by_role("button", name="Roll at 90%").click()
    expect(panel.get_by_role("alert")).to_contain_text("reason")  # the API refuses: no reason
    panel.get_by_label("Reason", exact=True).fill("A veto is certain in this council.")
    panel.get_by_role("button", name="Roll at 90%").click()
    expect(panel.get_by_role("heading", name="Result")).to_be_visible()
    expect(panel).to_contain_text("Chance 90%")

    # ---- the detection report reaches the detecting seat and nobody else ----------------------
    control_view = api_state(server, game_id, token)
    detections = [
        d
        for adjudication in control_view["adjudications"]
        for d in adjudication.get("detection", [])
        if d["move_id"] == secret
    ]
    detected = {d["seat"] for d in detections if d["detected"]}
    if PLAN["certain_detector"]:
        assert PLAN["certain_detector"] in detected, detections
    for seat in SEATS:
        if seat == "pyongyang":
            continue
        page = teams[seat].page
        tab(page, "Intelligence")
        if seat in detected:
            report = page.get_by_test_id("intelligence")
            expect(report).to_contain_text(secret_name)
            expect(report).to_contain_text("Pyongyang")
            shoot(page, shots, "team-intelligence")
        else:
            expect(page.get_by_text("No reports.")).to_be_visible()
            assert_absent(page, secret_name)
        assert_absent(page, SECRET_RATIONALE, SECRET_NARRATIVE)
    tab(pyongyang, "Intelligence")
    expect(pyongyang.get_by_text("No reports.")).to_be_visible()

    # ---- results on the plenary screen ---------------------------------------------------------
    advance(control, "Results")
    expect(plenary.get_by_test_id("plenary-phase")).to_have_text("Results")
    results = plenary.get_by_test_id("plenary-results")
    expect(results).to_contain_text(PUBLIC_NARRATIVE)
    expect(results).to_contain_text(DECIDED)
    expect(results.locator(f'[data-move-id="{first}"]')).to_contain_text(
        re.compile("success|failure")
    )
    expect(results.locator(f'[data-move-id="{secret}"]')).to_contain_text("a secret move")
    assert_absent(plenary, SECRET_NARRATIVE, SECRET_RATIONALE, secret_name, PRIVATE_MESSAGE)
    expect(observer.get_by_test_id("plenary-results")).to_contain_text(PUBLIC_NARRATIVE)
    shoot(plenary, shots, "plenary")
    tab(pyongyang, "Moves")
    expect(pyongyang.get_by_test_id(f"move-{secret}")).to_contain_text(SECRET_NARRATIVE)
    for seat in ("beijing", "washington"):
        assert_absent(teams[seat].page, SECRET_NARRATIVE)

    # ---- sockets drop; the pages come back with the newest state -------------------------------
    washington = teams["washington"].page
    teams["washington"].context.set_offline(True)
    expect(washington.get_by_test_id("connection")).to_contain_text("Offline")
    cut = len(routes)
    routes[-1].close(code=4000, reason="test cuts the line")
    advance(control, "Turn 2 of")
    expect(status(control)).to_contain_text("Briefing")
    expect(status(washington)).to_contain_text("Results")  # offline: still the old state
    teams["washington"].context.set_offline(False)
    expect(washington.get_by_test_id("connection")).to_have_text("Live")
    expect(status(washington)).to_contain_text("Turn 2 of")
    expect(status(washington)).to_contain_text("Briefing")
    expect(status(beijing)).to_contain_text("Turn 2 of")
    expect(beijing.get_by_test_id("connection")).to_have_text("Live")
    assert len(routes) > cut, "Beijing's page did not reconnect"
    # It asked for the changes since the view it held, not for the whole view again.
    since = re.search(r"[?&]since=(\d+)", routes[-1].url)
    assert since and int(since.group(1)) > 0, routes[-1].url

    # ---- turn 2: an ad-hoc inject, an adjustment, a pause; moves, a forced close, rolls --------
    tab(control, "Run-sheet & injects")
    control.get_by_label("Headline").fill(INJECT)
    control.get_by_label("Text", exact=True).fill("Details reach Washington first, through Seoul.")
    control.get_by_label("Only these seats:").check()
    control.get_by_role("group", name="Audience").get_by_label("Washington").check()
    control.get_by_role("button", name="Issue inject").click()
    expect(control.get_by_test_id("issued-title")).to_contain_text(INJECT)
    tab(washington, "Briefing")
    expect(washington.get_by_text(INJECT)).to_be_visible()
    tab(beijing, "Briefing")
    expect(beijing.get_by_role("heading", name=re.compile("^State of the world"))).to_be_visible()
    assert_absent(beijing, INJECT)
    assert_absent(plenary, INJECT)
    tab(control, "Indicators")
    control.get_by_label("Indicator", exact=True).select_option("escalation")
    control.get_by_label("Amount (+ or −)").fill("1")
    control.get_by_label("Reason (kept in the record)").fill(ADJUSTMENT)
    control.get_by_role("button", name="Adjust", exact=True).click()
    tab(control, "Timeline")
    expect(control.get_by_test_id("timeline")).to_contain_text(ADJUSTMENT)

    advance(control, "Diplomacy")
    control.get_by_label("Reason to pause").fill("Coffee break")
    control.get_by_role("button", name="Pause", exact=True).click()
    expect(moscow.get_by_text("The White Cell has paused the game.")).to_be_visible()
    expect(plenary.get_by_text("Paused by the White Cell")).to_be_visible()
    control.get_by_role("button", name="Resume").click()
    expect(moscow.get_by_text("The White Cell has paused the game.")).to_have_count(0)
    advance(control, "Orders")
    for seat in SEATS:
        action, targets, visibility = PLAN[2][seat]
        submit_move(teams[seat], 2, action, targets, visibility)
        move_ids[2][seat] = move_id_of(server, game_id, token, seat, 2)
    for seat in ("beijing", "moscow", "pyongyang"):
        lock(teams[seat])
    tab(control, "Overview")
    control.get_by_role("button", name=re.compile(r"^Advance to")).click()
    control.get_by_role("button", name="Force…").click()
    control.get_by_role("button", name="Close the orders anyway").click()
    expect(status(control)).to_contain_text("Adjudication")
    tab(control, "Moves & adjudication")
    for seat in ("beijing", "moscow"):
        roll(control, move_ids[2][seat], f"Turn 2: {NAMES[seat]}'s move is resolved.")
    # Pyongyang's test and Washington's exercise are resolved against each other.
    test, drill = move_ids[2]["pyongyang"], move_ids[2]["washington"]
    panel = pick(control, test)
    expect(panel.get_by_test_id("proposed")).to_be_visible()
    more_options(panel)
    panel.get_by_label("Opposed by").select_option(drill)
    expect(panel.get_by_label("Probability of Washington's move (%)")).to_have_value(
        re.compile(r"^\d+$")
    )
    panel.get_by_role("button", name=re.compile(r"^Roll against Washington's move \d+$")).click()
    write_narrative(panel, OPPOSED)
    expect(panel).to_contain_text("opposed roll")
    expect(control.get_by_test_id(f"pick-{drill}")).to_contain_text(
        re.compile(r"opposed to Pyongyang's move \d+")
    )
    advance(control, "Results")
    results = plenary.get_by_test_id("plenary-results")
    expect(results).to_contain_text("Turn 2: Beijing's move")
    expect(results.locator(f'[data-move-id="{drill}"]')).to_contain_text(OPPOSED)
    shoot(teams["beijing"].page, shots, "team-moves")
    tab(beijing, "Timeline")
    expect(beijing.get_by_test_id("timeline")).to_contain_text("Adjudicated (roll)")
    shoot(beijing, shots, "team-timeline")
    tab(control, "Run-sheet & injects")
    shoot(control, shots, "control-injects")
    tab(control, "Overview")
    shoot(control, shots, "control-overview")

    # ---- an analyst's note reaches the White Cell; a new link revokes the old one ---------------
    observer.get_by_text("Note for the White Cell").click()
    observer.get_by_label("Note (only the White Cell reads it during the game)").fill(NOTE)
    observer.get_by_role("button", name="Add note").click()
    expect(observer.get_by_text("1 note sent.")).to_be_visible()
    expect(control.get_by_test_id("notes-title")).to_contain_text(NOTE)
    for team in teams.values():
        assert_absent(team.page, NOTE)
    row = control.locator('tr[data-seat="observer"]')
    row.get_by_role("button", name="New link…").click()
    row.get_by_role("button", name=re.compile(r"^New link for Observer")).click()
    new_observer_link = control.get_by_test_id("new-link-observer").input_value()
    assert "/plenary/" in new_observer_link and new_observer_link != observer_link
    observer.goto("about:blank")
    observer.goto(observer_link)
    expect(observer.get_by_role("heading", name="Cannot open the plenary screen")).to_be_visible()
    expect(observer.get_by_role("alert")).to_contain_text("not valid any more")
    observer.goto("about:blank")
    observer.goto(new_observer_link)
    expect(observer.get_by_test_id("plenary-phase")).to_have_text("Results")

    # ---- the end --------------------------------------------------------------------------------
    control.get_by_role("button", name="End game…").click()
    control.get_by_role("button", name="End the game now").click()
    expect(status(control)).to_have_text("Game over")
    expect(plenary.get_by_test_id("plenary-phase")).to_have_text("Game over")
    expect(plenary.get_by_test_id("scores")).to_be_visible()
    shoot(plenary, shots, "plenary-ended")
    # At the end the secret move is revealed to everyone.
    tab(washington, "Moves")
    expect(washington.get_by_test_id(f"move-{secret}")).to_contain_text(secret_name)
    expect(teams["washington"].page.get_by_test_id("scores")).to_have_count(0)  # not on Moves
    tab(washington, "Briefing")
    expect(washington.get_by_test_id("scores")).to_be_visible()
    shoot(washington, shots, "team-ended")

    replay = fac_context.new_page()
    replay.goto(f"{server.url}/replay/{game_id}/")
    expect(replay.get_by_test_id("scrubber")).to_be_visible()
    shoot(replay, shots, "replay")

    # No secret in any page's source or bundle: everything comes from the role's view.
    briefing = next(x for x in control_view["seats"] if x["role"] == "pyongyang")
    secret_text = briefing["private_briefing"].split(".")[0]
    source = urllib.request.urlopen(f"{server.url}/play/{game_id}/", timeout=10).read().decode()
    for asset in re.findall(r'(?:src|href)="(/static/[^"]+\.(?:js|css))"', source):
        body = urllib.request.urlopen(f"{server.url}{asset}", timeout=10).read().decode()
        for text in (secret_text, PRIVATE_MESSAGE, "seat_", "obs_", "fac_"):
            assert text not in body, f"{text!r} is in {asset}"
    assert "seat_" not in source and secret_text not in source

    assert errors == [], errors
    for context in [fac_context, observer_context, *(t.context for t in teams.values())]:
        context.close()
