"""What the browser tests do on every page: log the White Cell in through the login form, and
note every error a page raises or logs (a script error, a refusal by the pages' policy)."""

from __future__ import annotations


def log_in(page, base: str, white_cell: dict, then: str = "/") -> None:
    """Log in as the test's facilitator and land on ``then`` (a path of the site)."""
    page.goto(f"{base}/login/?next={then}")
    page.get_by_label("User name").fill(white_cell["username"])
    page.get_by_label("Password").fill(white_cell["password"])
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(lambda url: url.split("#")[0].split("?")[0] == f"{base}{then}")


def watch_problems(page, problems: list[str] | None = None) -> list[str]:
    """The list (``problems``, or a new one) that collects the page's script errors, console
    errors and anything the Content-Security-Policy refused."""
    found = [] if problems is None else problems
    page.on("pageerror", lambda error: found.append(f"error: {error}"))
    page.on(
        "console",
        lambda message: (
            found.append(f"console: {message.text}")
            if message.type == "error" or "Content Security Policy" in message.text
            else None
        ),
    )
    return found
