"""``manage.py schedule_deadlines``: make sure every deadline the server must act on has a task."""

from django.core.management.base import BaseCommand

from wargame.games.deadlines import schedule_missing


class Command(BaseCommand):
    help = (
        "Enqueue a task for every running game's deadline (on_expiry lock_orders or advance) "
        "that has none waiting: after a failed enqueue, or a task worker that died while "
        "running one. Safe to run at any time; run it when task workers start."
    )

    def handle(self, *args, **options) -> None:
        count = schedule_missing()
        if options["verbosity"]:
            self.stdout.write(f"{count} deadline task(s) enqueued")
