"""The edges of the site: login attempts, the Content-Security-Policy, TLS settings."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings

from wargame.api.csp import style_hashes

pytestmark = pytest.mark.django_db

ROOT = Path(settings.BASE_DIR)


@pytest.fixture
def facilitator_with_password(loaded_scenarios):
    from wargame.games.tokens import issue_facilitator_token

    user, token, _ = issue_facilitator_token(username="alice")
    user.set_password("the right password")
    user.save()
    return user, token


def login(client, username: str, password: str, address: str = "10.0.0.1"):
    return client.post("/login/", {"username": username, "password": password}, REMOTE_ADDR=address)


def test_repeated_bad_logins_lock_the_account_out_with_a_clear_message(
    client, facilitator_with_password, caplog
):
    limit = settings.AXES_FAILURE_LIMIT
    for _ in range(limit - 1):
        assert login(client, "alice", "guess").status_code == 200
    locked = login(client, "alice", "guess")
    assert locked.status_code == 429
    assert "Too many log-in attempts" in locked.content.decode()
    # Locked even with the right password, and from another address: the account is locked.
    assert login(client, "alice", "the right password", "10.0.0.2").status_code == 429
    assert any("alice" in record.getMessage() for record in caplog.records)


def test_repeated_bad_logins_from_one_address_lock_that_address_out(
    client, facilitator_with_password
):
    for n in range(settings.AXES_FAILURE_LIMIT):
        login(client, f"nobody-{n}", "guess", "10.0.0.9")
    assert login(client, "alice", "the right password", "10.0.0.9").status_code == 429
    # Another address logs in to the same account.
    assert login(client, "alice", "the right password", "10.0.0.3").status_code == 302


def test_a_good_login_resets_the_count(client, facilitator_with_password):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        login(client, "alice", "guess")
    assert login(client, "alice", "the right password").status_code == 302
    client.post("/logout/")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert login(client, "alice", "guess").status_code == 200


@pytest.mark.parametrize(
    "path", ["/login/", "/play/x/", "/plenary/x/", "/replay/x/", "/api/scenarios/", "/admin/login/"]
)
def test_every_page_has_a_content_security_policy(client, path):
    response = client.get(path)
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy and "default-src 'self'" in policy


def test_the_pages_and_templates_have_no_inline_script_or_style():
    pages = [ROOT / "frontend" / "index.html", *ROOT.glob("wargame/templates/**/*.html")]
    built = ROOT / "frontend" / "dist" / "index.html"
    if built.exists():
        pages.append(built)
    for page in pages:
        text = page.read_text()
        for tag in re.findall(r"<script\b[^>]*>", text):
            assert "src=" in tag, (page, tag)
        assert "<style" not in text and " style=" not in text, page
        assert not re.search(r"\son[a-z]+=", text), page  # no inline event handlers


def test_the_printable_report_allows_its_own_style_by_hash(game):
    response = game.control.get(f"/api/games/{game.id}/report/?format=html")
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    hashes = style_hashes(response.content.decode())
    assert hashes and all(h in policy for h in hashes)
    assert "unsafe-inline" not in policy


def test_the_api_docs_load_their_script_as_a_file(client):
    page = client.get("/api/docs/")
    assert page.status_code == 200
    text = page.content.decode()
    assert all("src=" in tag for tag in re.findall(r"<script\b[^>]*>", text))
    assert "unsafe-inline" not in page["Content-Security-Policy"]
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200 and "SwaggerUIBundle" in script.content.decode()


def test_tls_settings_come_from_the_environment():
    import subprocess
    import sys

    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='wargame.settings'; "
        "from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, "
        "s.SECURE_HSTS_SECONDS, s.SECURE_PROXY_SSL_HEADER)"
    )
    env = {"PATH": "/usr/bin:/bin", "WARGAME_HTTPS": "1", "WARGAME_PROXY_SSL_HEADER": "1"}
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert out.stdout.split() == [
        "True",
        "True",
        "True",
        "31536000",
        "('HTTP_X_FORWARDED_PROTO',",
        "'https')",
    ], out.stderr
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
    )
    assert out.stdout.split() == ["False", "False", "False", "0", "None"], out.stderr
