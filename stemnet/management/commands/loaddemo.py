from importlib import import_module

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection, transaction

GENERATOR = "monitor.demo_year"

# Apps whose ``demo.load(out)`` runs, in dependency order. Each loader is idempotent.
DEMO_MODULES = [
    "stemnet.accounts.demo",
    "networks.demo",
    "trainings.demo",
    "trainings.evaluations.demo",
    "trainings.library.demo",
    "trainings.newsletters.demo",  # after the library: an issue picks its items
    "trainings.quality.demo",
    "monitor.demo",
    # Last: the register, then a school for every demo teacher and director made above.
    "networks.schools.demo",
    "trainings.projects.demo",  # after the schools: the teams are the register's schools'
    "trainings.support.demo",  # after the schools: the demo director confirms by her school
    # The generated previous and current school year of every regional centre (after the
    # register, so its people get schools); its size with --trainings.
    GENERATOR,
]


class Command(BaseCommand):
    help = (
        "Load the demo data (idempotent: running it twice changes nothing); print what it "
        "loaded and the log-ins."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--trainings",
            type=int,
            default=None,
            help="Generated trainings per regional centre and school year (default: the demo "
            "size; the benchmarks use more).",
        )
        parser.add_argument(
            "--fast", action="store_true", help="Write the generated year with PostgreSQL COPY."
        )

    def handle(self, *args, **options):
        with transaction.atomic():
            for module_name in DEMO_MODULES:
                try:
                    module = import_module(module_name)
                except ModuleNotFoundError as exc:
                    if exc.name != module_name:
                        raise
                    continue
                if module_name == GENERATOR:
                    module.load(self.stdout, trainings=options["trainings"], fast=options["fast"])
                else:
                    module.load(self.stdout)
            # The catalogue's search index, whatever the loaders wrote (trainings.search).
            call_command("search_index_rebuild", stdout=self.stdout)
            # PostgreSQL plans with the statistics it has: tables analysed while empty (by
            # autovacuum, before the load) make it expect one row everywhere and nest loops
            # over thousands (minutes for a yearly report). ANALYZE inside the transaction
            # counts the rows just written; it is cheap at the demo's size.
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE")
        from stemnet.accounts.demo import logins

        self.stdout.write(self.style.SUCCESS("\nDemo log-ins (e-mail / password):"))
        for email, password, description in logins():
            self.stdout.write(f"  {email:34} {password:20} {description}")
