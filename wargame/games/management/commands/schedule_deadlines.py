"""``manage.py schedule_deadlines``: make sure every deadline the server must act on has a task."""

from django.core.management.base import BaseCommand

from wargame.games.deadlines import ensure_watch, schedule_missing


class Command(BaseCommand):
    help = (
        "Enqueue a task for every running game's deadline (on_expiry lock_orders, advance or "
        "roll) that has none waiting: after a failed enqueue, or a task worker that died while "
        "running one; and start watch_deadlines, which does the same every "
        "WARGAME_CLOCK_SWEEP_SECONDS while workers run. Safe to run at any time; run it when "
        "task workers start."
    )

    def handle(self, *args, **options) -> None:
        count = schedule_missing()
        watching = ensure_watch()
        if options["verbosity"]:
            self.stdout.write(f"{count} deadline task(s) enqueued")
            if watching:
                self.stdout.write("watch_deadlines enqueued")
