from django.core.management.base import BaseCommand

from stemnet.outbox.services import outbox_relay, outbox_waiting_count


class Command(BaseCommand):
    help = "Hand the outbox rows the broker missed to it now (beat does this every minute)."

    def handle(self, *args, **options):
        handed = outbox_relay()
        self.stdout.write(f"{handed} handed, {outbox_waiting_count()} still waiting")
