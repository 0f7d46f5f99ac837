from importlib import import_module

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

# Apps whose ``demo.load(out)`` runs, in dependency order. Each loader is idempotent.
DEMO_MODULES = [
    "stemnet.accounts.demo",
    "networks.demo",
    "trainings.demo",
    "trainings.evaluations.demo",
    "monitor.demo",
    # Last: the register, then a school for every demo teacher and director made above.
    "networks.schools.demo",
]


class Command(BaseCommand):
    help = "Load the demo data (idempotent: running it twice changes nothing); print the log-ins."

    def handle(self, *args, **options):
        with transaction.atomic():
            for module_name in DEMO_MODULES:
                try:
                    module = import_module(module_name)
                except ModuleNotFoundError as exc:
                    if exc.name != module_name:
                        raise
                    continue
                module.load(self.stdout)
            # The catalogue's search index, whatever the loaders wrote (trainings.search).
            call_command("search_index_rebuild", stdout=self.stdout)
        from stemnet.accounts.demo import logins

        self.stdout.write(self.style.SUCCESS("\nDemo log-ins (e-mail / password):"))
        for email, password, description in logins():
            self.stdout.write(f"  {email:34} {password:20} {description}")
