"""The library's search in Dutch on both databases (``trainings.library.search`` says how).

PostgreSQL: ``search_vector`` written by the search module from the item's texts with the
catalogue's configuration ``stemnet_dutch`` (trainings 0010), and the words of the library
in ``library_search_word`` (trigram index) for the misspellings.

SQLite: an FTS5 table of stemmed words (stemmed in Python, as the catalogue's) and its
``fts5vocab`` table.
"""

from django.db import migrations

PG = [
    "CREATE TABLE IF NOT EXISTS library_search_word (word text PRIMARY KEY)",
    "CREATE INDEX IF NOT EXISTS library_search_word_trgm ON library_search_word "
    "USING gin (word gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS library_item_search ON library_libraryitem "
    "USING gin (search_vector)",
]
PG_BACK = [
    "DROP INDEX IF EXISTS library_item_search",
    "DROP TABLE IF EXISTS library_search_word",
]
SQLITE = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS library_search USING fts5("
    "title, body, labels, places, tokenize = 'unicode61')",
    "CREATE VIRTUAL TABLE IF NOT EXISTS library_search_vocab "
    "USING fts5vocab(library_search, 'row')",
]
SQLITE_BACK = [
    "DROP TABLE IF EXISTS library_search_vocab",
    "DROP TABLE IF EXISTS library_search",
]


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in {"postgresql": PG, "sqlite": SQLITE}.get(vendor, []):
        schema_editor.execute(statement)


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in {"postgresql": PG_BACK, "sqlite": SQLITE_BACK}.get(vendor, []):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("library", "0001_initial"),
        ("trainings", "0010_search_in_dutch_on_both_databases"),
    ]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
