from django.core.management.base import BaseCommand

from trainings.search import search_index_rebuild


class Command(BaseCommand):
    help = (
        "Rebuild the catalogue's search index from the trainings: on PostgreSQL the names of "
        "the codes and every vector, on SQLite every row of the FTS5 table. Safe to run twice."
    )

    def handle(self, *args, **options):
        count = search_index_rebuild()
        self.stdout.write(f"  search: {count} trainings indexed")
