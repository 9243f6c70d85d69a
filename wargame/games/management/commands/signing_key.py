"""``manage.py signing_key [--new]``: the public key that signs this server's exports."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from wargame.games import signing


class Command(BaseCommand):
    help = (
        "Print the Ed25519 public key that signs this server's exported logs (give it to the "
        "operators of servers that should trust them, for their WARGAME_TRUSTED_KEYS). With "
        "--new, print a fresh private key for WARGAME_SIGNING_KEY instead, storing nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--new", action="store_true", help="print a new private key")

    def handle(self, *args, new: bool, **options) -> None:
        if new:
            self.stdout.write(signing.new_private_key_text())
            return
        self.stdout.write(signing.own_key())
        where = (
            "WARGAME_SIGNING_KEY"
            if settings.WARGAME_SIGNING_KEY
            else f"the file {settings.WARGAME_SIGNING_KEY_FILE}"
        )
        trusted = len(signing.trusted_keys()) - 1
        self.stderr.write(f"(private key in {where}; {trusted} other keys trusted)")
