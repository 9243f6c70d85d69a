"""``manage.py localfacilitator``: make sure a local facilitator account exists, say how to log in.

Used by ``make run``. The password is generated once into a git-ignored file so that it stays
the same across restarts of a local server.
"""

import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandParser

USERNAME = "facilitator"


class Command(BaseCommand):
    help = "Make sure the local facilitator account exists and print how to log in."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", default="8000")

    def handle(self, *args, host: str, port: str, **options) -> None:
        password_file = Path(settings.BASE_DIR) / "var" / "facilitator-password"
        password_file.parent.mkdir(parents=True, exist_ok=True)
        if not password_file.exists():
            password_file.write_text(secrets.token_urlsafe(12))
            password_file.chmod(0o600)
        password = password_file.read_text().strip()
        user, _ = get_user_model().objects.get_or_create(username=USERNAME)
        if not user.check_password(password):
            user.set_password(password)
            user.save()
        self.stdout.write(
            "\n".join(
                [
                    "",
                    f"  Wargame is starting on http://{host}:{port}/",
                    f"  Log in as facilitator: user {USERNAME!r}, password {password!r}",
                    f"  (the password is kept in {password_file})",
                    "",
                ]
            )
        )
