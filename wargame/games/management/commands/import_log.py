"""``manage.py import_log FILE --facilitator NAME [--unverified]``: a new game from an exported
log, its signature, chain and state hashes verified."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from wargame.games.imports import ImportRefused, import_log


class Command(BaseCommand):
    help = (
        "Create a new game, owned by a facilitator, from an exported JSON Lines log. The "
        "signature must be by a trusted key (this server's or WARGAME_TRUSTED_KEYS), the hash "
        "chain must hold and rebuilding must give the exporter's state hashes. A bad log is "
        "refused naming the line or seq and the field; exit 1."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="a .jsonl file written by export_log or the API")
        parser.add_argument(
            "--facilitator", required=True, help="the facilitator who will own the game"
        )
        parser.add_argument(
            "--unverified",
            action="store_true",
            help="accept an unsigned log or one signed by a key not trusted here; the game is "
            "marked 'origin not verified'",
        )

    def handle(self, *args, file: str, facilitator: str, unverified: bool, **options) -> None:
        owner = get_user_model().objects.filter(username=facilitator, is_active=True).first()
        if owner is None:
            raise CommandError(
                f"no facilitator {facilitator!r} (create one with manage.py facilitator NAME)"
            )
        path = Path(file)
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"{file}: {exc.strerror or exc}") from None
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            raise CommandError(f"refused: line {line}: not UTF-8 text", returncode=1) from None
        try:
            game = import_log(text, facilitator=owner, unverified=unverified)
        except ImportRefused as exc:
            raise CommandError(f"refused: {exc}", returncode=1) from None
        self.stdout.write(str(game.id))
        self.stderr.write(
            f"imported {game.seq} events as game {game.id} ({game.title}) for {facilitator}: "
            f"{game.origin_note}"
        )
