"""A writer process for the concurrency and crash tests.

Sends ``count`` analyst notes to one game through the game service and prints one line per
acknowledged append: ``ack <seq> <text> <attempts>``. Run as
``python -m tests.games.writer GAME TAG COUNT`` with WARGAME_DATABASE_URL set.
"""

import os
import sys


def main() -> None:
    game_id, tag, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wargame.settings")
    import django

    django.setup()
    from wargame.games import service
    from wargame.games.models import Game

    game = Game.objects.get(pk=game_id)
    actor = {"role": "control", "name": tag}
    for n in range(count):
        text = f"{tag}-{n}"
        result = service.execute(game=game, command={"type": "add_note", "text": text}, actor=actor)
        print(f"ack {result.seq} {text} {result.attempts}", flush=True)


if __name__ == "__main__":
    main()
