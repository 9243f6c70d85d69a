"""``manage.py facilitator NAME``: create or find a facilitator and print a fresh API token."""

from django.core.management.base import BaseCommand, CommandParser

from wargame.games.tokens import issue_facilitator_token


class Command(BaseCommand):
    help = "Create or find a facilitator account and print a fresh API token for it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", help="the facilitator's user name")
        parser.add_argument("--password", help="also set a password, for logging in from a browser")

    def handle(self, *args, name: str, password: str | None, **options) -> None:
        user, token, created = issue_facilitator_token(username=name)
        if password:
            user.set_password(password)
            user.save(update_fields=["password"])
        self.stderr.write(f"{'Created' if created else 'Found'} facilitator {name!r}.")
        self.stdout.write(token)
