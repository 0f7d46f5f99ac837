"""
The library's search: the catalogue's engine (``trainings.search``) over library items.

The same words, the same rules: ``parse`` takes the query apart (phrases, ``-word``, the
families), words are compared without case or accents, Dutch stop words left out, stemmed
with the Dutch Snowball stemmer, a word of four letters or more also matches longer words,
and a misspelling is looked up among the index's words (trigram similarity) when the words
find nothing. Only the document differs; what an item is found by, most telling first:
  A its title;  B its summary, themes and authors;  C the names of its kind, STEM domains,
  levels and keys (Dutch and English, and the catalogue's ``CODE_WORDS``);  D its centre.

- PostgreSQL: ``search_vector`` (configuration ``stemnet_dutch`` of trainings 0010) written
  here from the document, its words in ``library_search_word`` (migration 0002).
- SQLite: the FTS5 table ``library_search`` of the stemmed words, and its vocabulary.

Items are indexed on every save (``connect_signals``) and by ``library_index`` after writes
that pass no signal; ``library_index_rebuild`` rebuilds all (``loaddemo`` runs it).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import connections
from django.db.models import F, FloatField, Func, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.signals import post_delete, post_migrate, post_save
from django.utils import translation

from trainings import search as engine
from trainings.search import FUZZY_FROM, TextQuery

from .models import Key, Kind, LibraryItem


def library_code_words() -> dict[tuple[str, str], str]:
    """The catalogue's words of the codes, and the names of the library's kinds and keys."""
    names = dict(engine.code_words())
    for kind, choices in (("kind", Kind), ("key", Key)):
        labels: dict[str, list[str]] = {}
        for language in ("nl", "en"):
            with translation.override(language):
                for value, label in choices.choices:
                    labels.setdefault(str(value), []).append(str(label))
        for value, texts in labels.items():
            names[(kind, value)] = " ".join(dict.fromkeys([value, *texts]))
    return names


def document(item: LibraryItem, names: dict[tuple[str, str], str]) -> engine.Document:
    return engine.Document(
        title=item.title,
        body=[item.summary, *item.themes, item.authors],
        labels=[
            names.get(("kind", item.kind), ""),
            *(names.get(("domain", c), "") for c in item.stem_domains or []),
            *(names.get(("level", c), "") for c in item.levels or []),
            *(names.get(("key", c), "") for c in item.keys or []),
        ],
        places=[item.centre.name, names.get(("province", item.centre.province), "")],
    )


# --- searching ------------------------------------------------------------------------------


class _Postgres(engine._Postgres):
    """The catalogue's PostgreSQL search (``search_vector``, ``tsquery``), with the library's
    own vocabulary for the misspellings."""

    WORDS = "library_search_word"


class _FtsRank(Func):
    """SQLite: the item's BM25 score (higher is better), as the catalogue's."""

    output_field = FloatField()
    SCORED = (
        "(SELECT -bm25(library_search, 10.0, 4.0, 2.0, 1.0) FROM library_search "
        "WHERE library_search MATCH %s AND library_search.rowid ="
    )

    def __init__(self, expression: str):
        super().__init__(F("pk"))
        self.fts_expression = expression

    def as_sql(
        self, compiler, connection, function=None, template=None, arg_joiner=None, **extra_context
    ):
        pk, params = compiler.compile(self.source_expressions[0])
        sql = f"{self.SCORED} {pk})"
        return sql, [self.fts_expression, *params]


class _Sqlite(engine._Sqlite):
    """The catalogue's FTS5 expressions over the library's table."""

    def match(self, queryset, query: TextQuery):
        wanted, unwanted = self.expressions(query)
        if not wanted:
            return queryset.none(), None
        found = "SELECT rowid FROM library_search WHERE library_search MATCH %s"
        queryset = queryset.filter(pk__in=RawSQL(found, [wanted]))  # noqa: S611
        if unwanted:
            queryset = queryset.exclude(pk__in=RawSQL(found, [unwanted]))  # noqa: S611
        return queryset, _FtsRank(wanted)

    VOCABULARY = "library_search_vocab"


def text_search(queryset: QuerySet[LibraryItem], text: str) -> tuple[QuerySet[LibraryItem], Any]:
    """``queryset`` narrowed to the items ``text`` finds, and the expression of their rank
    (None when nothing can match); a misspelling is tried as the catalogue does (the same
    function, over the library's index)."""
    return engine.text_search(queryset, text, backends=(_Postgres, _Sqlite))


# --- keeping the index ----------------------------------------------------------------------


def _sqlite_has_index(using: str) -> bool:
    with connections[using].cursor() as cursor:
        cursor.execute("SELECT 1 FROM sqlite_master WHERE name = 'library_search'")
        return cursor.fetchone() is not None


def _pg_has_index(using: str) -> bool:
    with connections[using].cursor() as cursor:
        cursor.execute("SELECT to_regclass('library_search_word') IS NOT NULL")
        row = cursor.fetchone()
        return bool(row and row[0])


PG_VECTOR = (
    "setweight(to_tsvector('stemnet_dutch', translate(%s, '/', ' ')), 'A') || "
    "setweight(to_tsvector('stemnet_dutch', translate(%s, '/', ' ')), 'B') || "
    "setweight(to_tsvector('stemnet_dutch', translate(%s, '/', ' ')), 'C') || "
    "setweight(to_tsvector('stemnet_dutch', translate(%s, '/', ' ')), 'D')"
)


def library_index(item_ids: Iterable[int], *, using: str = "default") -> int:
    """(Re)write the index of these items; those deleted leave it. Returns how many were
    written. Safe to run twice."""
    ids = list(dict.fromkeys(item_ids))
    vendor = connections[using].vendor
    if not ids or vendor not in ("postgresql", "sqlite"):
        return 0
    if (vendor == "sqlite" and not _sqlite_has_index(using)) or (
        vendor == "postgresql" and not _pg_has_index(using)
    ):
        return 0
    names = library_code_words()
    items = LibraryItem.objects.using(using).filter(pk__in=ids).select_related("centre")
    rows = []
    for item in items:
        doc = document(item, names)
        rows.append(
            (item.pk, doc.title, " ".join(doc.body), " ".join(doc.labels), " ".join(doc.places))
        )
    with connections[using].cursor() as cursor:
        if vendor == "sqlite":
            marks = ", ".join("%s" for _ in ids)
            cursor.execute(
                "DELETE FROM library_search WHERE rowid IN (" + marks + ")",  # noqa: S608
                ids,
            )
            cursor.executemany(
                "INSERT INTO library_search (rowid, title, body, labels, places) "
                "VALUES (%s, %s, %s, %s, %s)",
                [(pk, *(engine.index_words(t) for t in texts)) for pk, *texts in rows],
            )
        else:
            for pk, *texts in rows:
                cursor.execute(
                    f"UPDATE library_libraryitem SET search_vector = {PG_VECTOR} "  # noqa: S608
                    "WHERE id = %s",
                    [*texts, pk],
                )
                known = {
                    w
                    for w in engine.words(" ".join(texts))
                    if len(w) >= FUZZY_FROM and not w.isdigit()
                }
                if known:
                    cursor.execute(
                        "INSERT INTO library_search_word (word) SELECT unnest(%s::text[]) "
                        "ORDER BY 1 ON CONFLICT DO NOTHING",
                        [sorted(known)],
                    )
    return len(rows)


def library_index_rebuild(*, using: str = "default") -> int:
    """Rebuild the whole index; returns the number of items indexed. Safe at any time."""
    vendor = connections[using].vendor
    if vendor == "sqlite" and _sqlite_has_index(using):
        with connections[using].cursor() as cursor:
            cursor.execute("DELETE FROM library_search")
    ids = list(LibraryItem.objects.using(using).values_list("pk", flat=True))
    return library_index(ids, using=using)


def _item_saved(sender, instance, using, **kwargs) -> None:
    library_index([instance.pk], using=using)


def _item_deleted(sender, instance, using, **kwargs) -> None:
    if connections[using].vendor == "sqlite" and _sqlite_has_index(using):
        with connections[using].cursor() as cursor:
            cursor.execute("DELETE FROM library_search WHERE rowid = %s", [instance.pk])


def _after_migrate(sender, using="default", **kwargs) -> None:
    """After ``migrate`` (and a test database flush): index what is not indexed yet."""
    vendor = connections[using].vendor
    if vendor == "sqlite" and _sqlite_has_index(using):
        with connections[using].cursor() as cursor:
            cursor.execute(
                "DELETE FROM library_search WHERE rowid NOT IN (SELECT id FROM library_libraryitem)"
            )
        missing = LibraryItem.objects.using(using).exclude(
            pk__in=RawSQL("SELECT rowid FROM library_search", [])  # noqa: S611
        )
        library_index(missing.values_list("pk", flat=True), using=using)
    elif vendor == "postgresql" and _pg_has_index(using):
        missing = LibraryItem.objects.using(using).filter(search_vector__isnull=True)
        library_index(missing.values_list("pk", flat=True), using=using)


def connect_signals(app_config) -> None:
    uid = "library.search"
    post_save.connect(_item_saved, sender=LibraryItem, dispatch_uid=f"{uid}.item")
    post_delete.connect(_item_deleted, sender=LibraryItem, dispatch_uid=f"{uid}.item-del")
    post_migrate.connect(_after_migrate, sender=app_config, dispatch_uid=f"{uid}.migrate")
