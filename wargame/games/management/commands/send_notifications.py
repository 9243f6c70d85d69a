"""``manage.py send_notifications``: make sure every notification waiting to be sent, every
planning abandoned by a worker that died, and every "deadline is near" reminder still ahead,
has a task."""

from django.core.management.base import BaseCommand

from wargame.games.notify import plan_abandoned, schedule_missing_reminders
from wargame.games.notify_send import resend_pending


class Command(BaseCommand):
    help = (
        "Enqueue a task for every notification not yet sent (after a failed enqueue, or a task "
        "worker that died while sending one), for every planning of notifications a worker "
        "died in, and for every reminder of a running game's "
        "deadline that has none waiting. Safe to run at any time (nothing is sent twice); run "
        "it when task workers start."
    )

    def handle(self, *args, **options) -> None:
        plan_abandoned()
        sends = resend_pending()
        reminders = schedule_missing_reminders()
        if options["verbosity"]:
            self.stdout.write(f"{sends} send(s) and {reminders} reminder(s) enqueued")
