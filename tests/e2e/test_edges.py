"""The pages under the Content-Security-Policy, and the join token leaving the address bar."""

from __future__ import annotations

import json
import re
import urllib.request

import pytest

from tests.e2e.conftest import DESKTOP

pytestmark = pytest.mark.e2e

SLUG = "tutorial"


def expect(locator):
    from playwright.sync_api import expect as pw_expect

    return pw_expect(locator)


def collect(page, problems: list[str]) -> None:
    page.on("pageerror", lambda error: problems.append(f"error: {error}"))
    page.on(
        "console",
        lambda m: (
            m.type == "error"
            and ("Content Security Policy" in m.text or "Refused to" in m.text)
            and problems.append(f"csp: {m.text}")
        ),
    )


def test_every_page_works_under_the_policy_and_the_token_leaves_the_address(
    server, browser, white_cell
):
    from playwright.sync_api import expect as pw_expect

    pw_expect.set_options(timeout=10_000)
    problems: list[str] = []
    fac = browser.new_context(viewport=DESKTOP)
    lobby = fac.new_page()
    collect(lobby, problems)
    lobby.goto(f"{server.url}/")
    expect(lobby.get_by_role("heading", name="Facilitator log in")).to_be_visible()
    lobby.get_by_label("User name").fill(white_cell["username"])
    lobby.get_by_label("Password").fill(white_cell["password"])
    lobby.get_by_role("button", name="Log in").click()
    lobby.wait_for_url(f"{server.url}/")
    lobby.locator(f'input[name="scenario"][value="{SLUG}"]').check()
    lobby.get_by_label("Title of this game").fill("Policy")
    lobby.get_by_role("button", name="Create game").click()
    expect(lobby.get_by_test_id("seat-links")).to_be_visible()
    expect(lobby.locator(".qr svg").first).to_be_visible()  # the QR codes draw
    link = lobby.get_by_test_id("link-moscow").input_value()
    observer_link = lobby.get_by_test_id("link-observer").input_value()
    game_id = re.search(r"/play/([^/]+)/", link).group(1)
    token = link.split("#token=")[1]

    lobby.get_by_role("link", name="Open the White Cell console").click()
    expect(lobby.get_by_text("White Cell console", exact=True)).to_be_visible()
    lobby.get_by_role("button", name="Start the game").click()
    expect(lobby.get_by_test_id("connection")).to_have_text("Live")

    # A team opens its link: the page reads the token, then the address no longer shows it.
    team_context = browser.new_context(viewport=DESKTOP)
    team = team_context.new_page()
    collect(team, problems)
    team.goto(link)
    expect(team.get_by_text("Moscow team console")).to_be_visible()
    expect(team.get_by_test_id("connection")).to_have_text("Live")
    assert team.url == f"{server.url}/play/{game_id}/", team.url
    assert token not in team.evaluate("window.location.href")
    history = team.evaluate("window.history.length")
    team.reload()  # the tab keeps the token: the page still works
    expect(team.get_by_text("Moscow team console")).to_be_visible()
    expect(team.get_by_test_id("connection")).to_have_text("Live")
    assert token not in team.url and team.evaluate("window.history.length") == history

    # Another tab without the link has no token (sessionStorage is per tab).
    stranger = team_context.new_page()
    stranger.goto(f"{server.url}/play/{game_id}/")
    expect(stranger.get_by_text("#token=")).to_be_visible()
    stranger.close()

    observer = browser.new_context(viewport=DESKTOP).new_page()
    collect(observer, problems)
    observer.goto(observer_link)
    expect(observer.get_by_test_id("plenary-phase")).to_be_visible()
    assert "#token" not in observer.url

    replay = fac.new_page()
    collect(replay, problems)
    replay.goto(f"{server.url}/replay/{game_id}/")
    expect(replay.get_by_role("img", name=re.compile("over the game")).first).to_be_visible()

    report = fac.new_page()
    collect(report, problems)
    report.goto(f"{server.url}/api/games/{game_id}/report/?format=html")
    expect(report.locator("h1")).to_be_visible()
    # Its own style applies (allowed by hash): the page's font is the report's serif.
    assert "Georgia" in report.evaluate("getComputedStyle(document.body).fontFamily")
    request = urllib.request.Request(
        f"{server.url}/api/games/{game_id}/",
        headers={"Authorization": f"Bearer {white_cell['token']}"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        assert json.loads(response.read())["status"] == "running"
    # The API docs draw with the Swagger UI from its CDN, which a machine offline cannot
    # reach: here only the policy is checked (nothing refused), not that the UI draws.
    docs = fac.new_page()
    docs_problems: list[str] = []
    collect(docs, docs_problems)
    docs.goto(f"{server.url}/api/docs/")
    docs.wait_for_load_state("load")
    problems += [p for p in docs_problems if p.startswith("csp:")]
    admin = fac.new_page()
    collect(admin, problems)
    admin.goto(f"{server.url}/admin/login/")
    expect(admin.locator("body")).to_contain_text("Django")
    lobby.wait_for_timeout(500)
    assert problems == [], problems
