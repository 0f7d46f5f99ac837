"""
The catalogue's search in Dutch, on PostgreSQL and on SQLite (the embedded default).

What a training is found by, most telling first (the rank weighs them so):
  A its title;  B its description and its sessions' themes;  C the names of its STEM
  domains, levels and format, in Dutch and English, with the words teachers use for them
  (``CODE_WORDS``: "eerste graad", "basisonderwijs" …);  D its centre's name, municipality and
  province and its sessions' venues and municipalities.

Words are compared without case or accents ("creëren" = "creeren"), Dutch stop words left
out, stemmed with the Dutch Snowball stemmer ("programmeer" = "programmeren"); a query word
of four letters or more also matches longer words ("robot" finds "robotica"). Every word must
occur (a phrase in quotes must occur as such, ``-word`` must not). Words the stemmer does not
join are joined by ``FAMILIES``. When that finds nothing, each word is also allowed to be one of
the index's words that looks like it (trigram similarity; "robtica" finds "robotica").

- PostgreSQL: the text search configuration ``stemnet_dutch`` (Dutch with ``unaccent``), the
  training's ``search_vector`` kept by triggers on trainings, sessions and centres, a
  vocabulary table with a trigram index for the misspellings (migration 0010). The names of
  the codes are a SQL function written from ``CODE_WORDS`` and the translations
  (``pg_labels_install``: after every ``migrate`` and by ``search_index_rebuild``).
- SQLite: an FTS5 table of the stemmed words (stemmed here, in Python) kept from the models'
  signals (``connect_signals``) and by the writers in bulk that pass none
  (``search_index_refresh``), with an ``fts5vocab`` table for the misspellings.

``manage.py search_index_rebuild`` rebuilds either (``loaddemo`` runs it).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection, connections
from django.db.models import F, FloatField, Func, Prefetch, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.signals import post_delete, post_migrate, post_save
from django.utils import translation

from networks.models import Centre, Province
from stemnet.accounts.models import StemDomain

from .models import Format, Session, TargetLevel, Training

# Tables and the configuration of migration 0010: SQLite's FTS5 table "trainings_search" and
# its "trainings_search_vocab", PostgreSQL's vocabulary "trainings_search_word".
PG_CONFIG = "stemnet_dutch"
PREFIX_FROM = 4  # letters of a query word's stem from which it also matches longer words
FUZZY_FROM = 4  # letters of a query word from which a similar word may stand in for it
FUZZY_SIMILARITY = 0.4  # pg_trgm similarity of a stand-in word (both databases) …
FUZZY_MARGIN = 0.05  # … at most this far below the best one's
FUZZY_ALTERNATIVES = 3
MAX_WORDS = 12  # of a query; the rest is left out
INDEX_VERSION = "1"  # SQLite: raise when the document changes shape (rows are rebuilt)

# PostgreSQL's dutch.stop (Snowball's list), so that both databases leave out the same words.
STOP_WORDS = frozenset(
    """de en van ik te dat die in een hij het niet zijn is was op aan met als voor had er maar
    om hem dan zou of wat mijn men dit zo door over ze zich bij ook tot je mij uit der daar
    haar naar heb hoe heeft hebben deze u want nog zal me zij nu ge geen omdat iets worden toch
    al waren veel meer doen toen moet ben zonder kan hun dus alles onder ja eens hier wie werd
    altijd doch wordt wezen kunnen ons zelf tegen na reeds wil kon niets uw iemand geweest
    andere""".split()  # noqa: SIM905
)

# Words of one family find each other: forms the stemmer leaves apart ("programmeert",
# "programmeerles") and the STEM field's near-synonyms. Applied to the query, on both databases.
FAMILIES: tuple[tuple[str, ...], ...] = (
    ("robot", "robotica"),
    ("programmeren", "programmeert", "programmeerles", "coderen", "codeert"),
    ("proef", "proeven"),
    ("experiment", "experimenteren", "experimenteert"),
    ("elektriciteit", "elektrisch"),
    ("ai", "artificiele"),
)

# The words teachers use for a code, beside its Dutch and English names (index side).
CODE_WORDS: dict[tuple[str, str], str] = {
    ("domain", StemDomain.SCIENCE): "wetenschap natuurwetenschappen",
    ("domain", StemDomain.TECHNOLOGY): "technologie",
    ("domain", StemDomain.ENGINEERING): "ingenieurswetenschappen",
    ("domain", StemDomain.MATHEMATICS): "wiskundig",
    ("level", TargetLevel.KLEUTER): "kleuters kleuterschool basisonderwijs",
    ("level", TargetLevel.LAGER): "lagere school basisschool basisonderwijs",
    ("level", TargetLevel.GRAAD1): "secundair onderwijs eerste graad",
    ("level", TargetLevel.ASO): "secundair onderwijs tweede graad derde graad",
    ("level", TargetLevel.TSO_KSO_BSO): "secundair onderwijs tweede graad derde graad",
    ("level", TargetLevel.GRAAD1_A): "secundair onderwijs eerste graad a-stroom",
    ("level", TargetLevel.GRAAD1_B): "secundair onderwijs eerste graad b-stroom",
    ("level", TargetLevel.DOORSTROOM): "secundair onderwijs doorstroomfinaliteit doorstroom",
    ("level", TargetLevel.DUBBELE_FINALITEIT): "secundair onderwijs dubbele finaliteit",
    ("level", TargetLevel.ARBEIDSMARKT): "secundair onderwijs arbeidsmarktfinaliteit",
    ("level", TargetLevel.HOGER): "hogeschool universiteit",
    ("level", TargetLevel.LERARENOPLEIDING): "lerarenopleiders",
    ("level", TargetLevel.DIRECTIE): "directeur schoolleiding",
    ("level", TargetLevel.STEM_COORDINATOR): "coördinator",
    ("level", TargetLevel.TECHNICUS): "technici",
    ("level", TargetLevel.CLB): "leerlingenbegeleiding",
    ("format", Format.ONLINE): "digitaal",
    ("format", Format.COMPANY_VISIT): "bedrijfsbezoek",
    ("format", Format.MULTI_DAY): "meerdaags",
}


# --- words ----------------------------------------------------------------------------------


def normalise(text: str) -> str:
    """Lower case without accents: "Creëren" -> "creeren"."""
    text = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in text if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    """The words of ``text``, normalised; punctuation and "_" separate them."""
    return re.findall(r"[^\W_]+", normalise(text or ""))


@lru_cache(maxsize=1)
def _stemmer():
    import snowballstemmer

    # The classic Dutch Snowball algorithm, the one of PostgreSQL's ``dutch`` dictionary
    # (Snowball 3's "dutch" is another algorithm that leaves "robots" and "programmeer" apart).
    return snowballstemmer.stemmer("dutch_porter")


@lru_cache(maxsize=20000)
def stem(word: str) -> str:
    return _stemmer().stemWord(word)


def index_words(text: str) -> str:
    """SQLite: the stems of ``text`` without stop words, space-separated."""
    return " ".join(stem(w) for w in words(text) if w not in STOP_WORDS)


_FAMILY_OF = {stem(normalise(w)): family for family in FAMILIES for w in family}


# --- the query ------------------------------------------------------------------------------


@dataclass(frozen=True)
class TextQuery:
    """A search text taken apart: words that must occur (each with the alternatives that may
    stand in for it), phrases that must occur as such, and words that must not."""

    terms: tuple[tuple[str, ...], ...] = ()
    phrases: tuple[tuple[str, ...], ...] = ()
    excluded: tuple[str, ...] = ()
    corrected: bool = False

    @property
    def empty(self) -> bool:
        return not (self.terms or self.phrases)

    def with_alternatives(self, similar: dict[str, list[str]]) -> TextQuery:
        """The same query with, for each word, the similar words (and their families)."""
        terms = tuple(
            tuple(
                dict.fromkeys(
                    [*term, *(f for w in similar.get(term[0], []) for f in (w, *family_of(w)))]
                )
            )
            for term in self.terms
        )
        return TextQuery(terms, self.phrases, self.excluded, corrected=terms != self.terms)


def family_of(word: str) -> tuple[str, ...]:
    return _FAMILY_OF.get(stem(word), ())


def prefix_ok(word: str) -> bool:
    """Whether a query word also matches longer words: when its stem has four letters or
    more ("robot" finds "robotica"; "leren", stem "ler", does not find "leraren")."""
    return len(stem(word)) >= PREFIX_FROM


_CHUNK = re.compile(r'(-?)"([^"]*)"?|(-?)([^\s"]+)')


def parse(text: str) -> TextQuery:
    """``robotica "eerste graad" -lego`` -> terms, phrases, excluded words. Never fails."""
    terms: list[tuple[str, ...]] = []
    phrases: list[tuple[str, ...]] = []
    excluded: list[str] = []
    seen: set[str] = set()
    for match in _CHUNK.finditer(text or ""):
        negated = bool(match.group(1) or match.group(3))
        found = words(match.group(2) if match.group(2) is not None else match.group(4))
        if not found:
            continue
        if negated:
            excluded += [w for w in found if w not in STOP_WORDS]
        elif match.group(2) is not None and len(found) > 1:
            phrases.append(tuple(found[:MAX_WORDS]))
        else:
            for word in found:
                if word in STOP_WORDS or word in seen:
                    continue
                seen.add(word)
                terms.append((word, *(w for w in family_of(word) if w != word)))
    return TextQuery(tuple(terms[:MAX_WORDS]), tuple(phrases[:3]), tuple(excluded[:MAX_WORDS]))


def _closest(scored: list[tuple[float, str]]) -> list[str]:
    """The words of the best similarity and those close behind it (``FUZZY_MARGIN``)."""
    scored = sorted(
        (pair for pair in scored if pair[0] >= FUZZY_SIMILARITY), key=lambda p: (-p[0], p[1])
    )
    if not scored:
        return []
    best = scored[0][0]
    return [word for score, word in scored[:FUZZY_ALTERNATIVES] if score >= best - FUZZY_MARGIN]


def _trigrams(word: str) -> set[str]:
    padded = f"  {word} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def similarity(a: str, b: str) -> float:
    """pg_trgm's ``similarity`` of two words (shared trigrams over all trigrams)."""
    ta, tb = _trigrams(a), _trigrams(b)
    return len(ta & tb) / len(ta | tb) if ta and tb else 0.0


# --- the catalogue's text filter ------------------------------------------------------------


def text_search(
    queryset: QuerySet[Any], text: str, *, backends: tuple[type, type] | None = None
) -> tuple[QuerySet[Any], Any]:
    """``queryset`` narrowed to the trainings ``text`` finds, and the expression of their rank
    (higher is better; None when nothing can match). One query to see whether the words find
    anything; when they do not, one more for similar words (a misspelling) and the search with
    them. ``backends``: the PostgreSQL and SQLite engines of another index built the same way
    (the library's, ``trainings.library.search``); the catalogue's by default."""
    query = parse(text)
    if query.empty:
        return queryset.none(), None
    postgres, sqlite = backends or (_Postgres, _Sqlite)
    backend = postgres() if connection.vendor == "postgresql" else sqlite()
    found, rank = backend.match(queryset, query)
    if any(len(term[0]) >= FUZZY_FROM for term in query.terms) and not found.exists():
        corrected = query.with_alternatives(backend.similar_words(query))
        if corrected.corrected:
            found, rank = backend.match(queryset, corrected)
    return found, rank


class _Postgres:
    @staticmethod
    def tsquery(query: TextQuery) -> str:
        """The query in ``to_tsquery`` syntax; PostgreSQL stems each word (``stemnet_dutch``)."""

        def word(w: str) -> str:
            return f"{w}:*" if prefix_ok(w) else w

        parts = ["(" + " | ".join(word(w) for w in term) + ")" for term in query.terms]
        parts += ["(" + " <-> ".join(phrase) + ")" for phrase in query.phrases]
        parts += [f"!{w}" for w in query.excluded]
        return " & ".join(parts)

    def match(self, queryset, query: TextQuery):
        search = SearchQuery(self.tsquery(query), config=PG_CONFIG, search_type="raw")
        rank = SearchRank(F("search_vector"), search)
        return queryset.filter(search_vector=search), rank

    # The table of the index's words (trigram-indexed), for the misspellings.
    WORDS = "trainings_search_word"

    def similar_words(self, query: TextQuery) -> dict[str, list[str]]:
        wanted = [term[0] for term in query.terms if len(term[0]) >= FUZZY_FROM]
        with connection.cursor() as cursor:
            cursor.execute(
                f"""SELECT q.word, v.word, v.score FROM unnest(%s::text[]) AS q(word)
                CROSS JOIN LATERAL (
                    SELECT word, similarity(word, q.word) AS score FROM {self.WORDS}
                    WHERE word %% q.word
                    ORDER BY score DESC, word LIMIT %s) AS v
                WHERE v.score >= %s""",  # noqa: S608 (a table name of this module's)
                [wanted, FUZZY_ALTERNATIVES, FUZZY_SIMILARITY],
            )
            scored: dict[str, list[tuple[float, str]]] = {}
            for word, other, score in cursor.fetchall():
                scored.setdefault(word, []).append((score, other))
        return {word: _closest(pairs) for word, pairs in scored.items()}


class _FtsRank(Func):
    """SQLite: the training's BM25 score for an FTS5 query, higher is better (a subquery, so
    that the outer training's alias is whatever Django gives it)."""

    output_field = FloatField()
    SCORED = "FROM trainings_search WHERE trainings_search MATCH %s AND trainings_search.rowid ="

    def __init__(self, expression: str):
        super().__init__(F("pk"))
        self.fts_expression = expression

    def as_sql(
        self, compiler, connection, function=None, template=None, arg_joiner=None, **extra_context
    ):
        pk, params = compiler.compile(self.source_expressions[0])
        # Weights: title, description and themes, codes, places (the version counts nothing).
        sql = f"(SELECT -bm25(trainings_search, 10.0, 4.0, 2.0, 1.0, 0.0) {self.SCORED} {pk})"
        return sql, [self.fts_expression, *params]


class _Sqlite:
    @staticmethod
    def expressions(query: TextQuery) -> tuple[str, str]:
        """The FTS5 queries of the words that must occur and of those that must not."""

        def word(w: str) -> str:
            return f'"{stem(w)}"*' if prefix_ok(w) else f'"{stem(w)}"'

        parts = ["(" + " OR ".join(word(w) for w in term) + ")" for term in query.terms]
        for phrase in query.phrases:
            stems = [stem(w) for w in phrase if w not in STOP_WORDS]
            if stems:
                parts.append('"' + " ".join(stems) + '"')
        excluded = " OR ".join(f'"{stem(w)}"' for w in query.excluded)
        return " AND ".join(parts), excluded

    def match(self, queryset, query: TextQuery):
        wanted, unwanted = self.expressions(query)
        if not wanted:
            return queryset.none(), None
        found = "SELECT rowid FROM trainings_search WHERE trainings_search MATCH %s"
        queryset = queryset.filter(pk__in=RawSQL(found, [wanted]))  # noqa: S611
        if unwanted:
            queryset = queryset.exclude(pk__in=RawSQL(found, [unwanted]))  # noqa: S611
        return queryset, _FtsRank(wanted)

    # The FTS5 vocabulary table of the index.
    VOCABULARY = "trainings_search_vocab"

    def similar_words(self, query: TextQuery) -> dict[str, list[str]]:
        """The index's own words (stems) near each query word; given back as the stems they
        are, which stem to themselves again."""
        wanted = {term[0]: stem(term[0]) for term in query.terms if len(term[0]) >= FUZZY_FROM}
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT term FROM {self.VOCABULARY}")  # noqa: S608 (ours)
            vocabulary = [row[0] for row in cursor.fetchall()]
        return {
            word: _closest([(similarity(stemmed, term), term) for term in vocabulary])
            for word, stemmed in wanted.items()
        }


# --- what a training is found by ------------------------------------------------------------


def code_words() -> dict[tuple[str, str], str]:
    """For each (kind, code): its Dutch and English names and ``CODE_WORDS``."""
    kinds: Sequence[tuple[str, Any]] = (
        ("domain", StemDomain),
        ("level", TargetLevel),
        ("format", Format),
        ("province", Province),
    )
    names: dict[tuple[str, str], list[str]] = {}
    for language in ("nl", "en"):
        with translation.override(language):
            for kind, choices in kinds:
                for value, label in choices.choices:
                    names.setdefault((kind, str(value)), []).append(str(label))
    return {
        key: " ".join(dict.fromkeys([*labels, CODE_WORDS.get(key, "")])).strip()
        for key, labels in names.items()
    }


def _municipality(address: str) -> str:
    """The last part of an address ("Hoogpoort 15, 9000 Gent" -> "9000 Gent")."""
    return (address or "").rsplit(",", 1)[-1]


@dataclass
class Document:
    title: str = ""
    body: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)


def document(training: Training, names: dict[tuple[str, str], str]) -> Document:
    """The text a training is found by (SQLite; the PostgreSQL function is the same in SQL)."""
    sessions = list(training.sessions.all())
    centre = training.centre
    return Document(
        title=training.title,
        body=[training.description, *(s.theme for s in sessions)],
        labels=[
            *(names.get(("domain", c), "") for c in training.stem_domains or []),
            *(names.get(("level", c), "") for c in training.levels or []),
            names.get(("format", training.format), ""),
        ],
        places=[
            centre.name,
            _municipality(centre.address),
            names.get(("province", centre.province), ""),
            *(f"{s.location} {s.municipality}" for s in sessions),
        ],
    )


# --- keeping the index: SQLite --------------------------------------------------------------


def _sqlite_version(names: dict[tuple[str, str], str]) -> str:
    """Changes when the words of the codes, the stemmer or the document's shape change."""
    text = repr(sorted(names.items())) + "dutch_porter" + INDEX_VERSION
    return hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()[:12]


def _sqlite_has_index(using: str = "default") -> bool:
    with connections[using].cursor() as cursor:
        cursor.execute("SELECT 1 FROM sqlite_master WHERE name = 'trainings_search'")
        return cursor.fetchone() is not None


def _sqlite_index(training_ids: Iterable[int], *, using: str = "default") -> int:
    """(Re)write the index rows of these trainings; rows of deleted trainings go."""
    ids = list(dict.fromkeys(training_ids))
    if not ids:
        return 0
    names = code_words()
    version = _sqlite_version(names)
    written = 0
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        trainings = (
            Training.objects.using(using)
            .filter(pk__in=chunk)
            .select_related("centre")
            .only(
                "title",
                "description",
                "stem_domains",
                "levels",
                "format",
                "centre__name",
                "centre__address",
                "centre__province",
            )
            .prefetch_related(
                Prefetch(
                    "sessions",
                    queryset=Session.objects.only("training", "theme", "location", "municipality"),
                )
            )
        )
        rows = []
        for training in trainings:
            doc = document(training, names)
            rows.append(
                (
                    training.pk,
                    index_words(doc.title),
                    index_words(" ".join(doc.body)),
                    index_words(" ".join(doc.labels)),
                    index_words(" ".join(doc.places)),
                    version,
                )
            )
        marks = ", ".join("%s" for _ in chunk)
        with connections[using].cursor() as cursor:
            cursor.execute(
                "DELETE FROM trainings_search WHERE rowid IN (" + marks + ")",  # noqa: S608
                chunk,
            )
            cursor.executemany(
                "INSERT INTO trainings_search (rowid, title, body, labels, places, version) "
                "VALUES (%s, %s, %s, %s, %s, %s)",
                rows,
            )
        written += len(rows)
    return written


def _sqlite_catch_up(*, using: str = "default", everything: bool = False) -> int:
    """Index the trainings whose rows are missing or were written with other code words (or
    all of them), and drop the rows of trainings that are gone."""
    connection_ = connections[using]
    with connection_.cursor() as cursor:
        cursor.execute(
            "DELETE FROM trainings_search WHERE rowid NOT IN (SELECT id FROM trainings_training)"
        )
        if everything:
            cursor.execute("DELETE FROM trainings_search")
    current = RawSQL(  # noqa: S611
        "SELECT rowid FROM trainings_search WHERE version = %s", [_sqlite_version(code_words())]
    )
    stale = Training.objects.using(using).exclude(pk__in=current).values_list("pk", flat=True)
    return _sqlite_index(list(stale), using=using)


# --- keeping the index: PostgreSQL ----------------------------------------------------------


def pg_labels_body(names: dict[tuple[str, str], str]) -> str:
    """The body of ``trainings_search_label(kind, code)``: the words of each code."""

    def literal(text: str) -> str:
        return "'" + text.replace("'", "''") + "'"

    cases = "\n".join(
        f"    WHEN {literal(f'{kind}:{code}')} THEN {literal(text)}"
        for (kind, code), text in sorted(names.items())
    )
    return f"\nSELECT CASE kind || ':' || code\n{cases}\n    ELSE '' END\n"


def pg_labels_install(*, using: str = "default", force: bool = False) -> bool:
    """Write the code words into the database's label function and, when they changed (or
    ``force``), recompute every training's vector. Returns whether it recomputed."""
    body = pg_labels_body(code_words())
    with connections[using].cursor() as cursor:
        cursor.execute(
            "SELECT prosrc FROM pg_proc WHERE proname = 'trainings_search_label' "
            "AND pg_function_is_visible(oid)"
        )
        row = cursor.fetchone()
        if row is None:
            return False  # migration 0010 not applied (yet)
        if row[0] == body and not force:
            return False
        cursor.execute(
            "CREATE OR REPLACE FUNCTION trainings_search_label(kind text, code text) "
            f"RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $body${body}$body$"
        )
        cursor.execute(
            "UPDATE trainings_training SET search_vector = trainings_search_document("
            "id, title, description, stem_domains, levels, format, centre_id)"
        )
    return True


# --- both -----------------------------------------------------------------------------------


def search_index_refresh(
    *, training_ids: Iterable[int] = (), centre_ids: Iterable[int] = (), using: str = "default"
) -> None:
    """Bring the index of these trainings (and of these centres' trainings) up to date after
    writes that pass no signal (``bulk_create``, ``QuerySet.update``). PostgreSQL's triggers
    need nothing; on SQLite the rows are rewritten. Safe to run twice."""
    if connections[using].vendor != "sqlite" or not _sqlite_has_index(using):
        return
    ids = list(training_ids)
    centres = list(centre_ids)
    if centres:
        ids += Training.objects.using(using).filter(centre__in=centres).values_list("pk", flat=True)
    _sqlite_index(ids, using=using)


def search_index_rebuild(*, using: str = "default") -> int:
    """Rebuild the whole index from the trainings (and, on PostgreSQL, the code words).
    Returns the number of trainings indexed. Safe to run at any time, twice too."""
    vendor = connections[using].vendor
    if vendor == "postgresql":
        pg_labels_install(using=using, force=True)
        return Training.objects.using(using).count()
    if vendor == "sqlite" and _sqlite_has_index(using):
        return _sqlite_catch_up(using=using, everything=True)
    return 0


def _after_migrate(sender, using="default", **kwargs) -> None:
    """After every ``migrate`` (and test database flush): on PostgreSQL the code words as the
    code has them now; on SQLite the rows that are missing or stale."""
    vendor = connections[using].vendor
    if vendor == "postgresql":
        pg_labels_install(using=using)
    elif vendor == "sqlite" and _sqlite_has_index(using):
        _sqlite_catch_up(using=using)


def _training_saved(sender, instance, using, **kwargs) -> None:
    search_index_refresh(training_ids=[instance.pk], using=using)


def _session_changed(sender, instance, using, **kwargs) -> None:
    search_index_refresh(training_ids=[instance.training_id], using=using)


def _centre_saved(sender, instance, using, created=False, **kwargs) -> None:
    if not created:
        search_index_refresh(centre_ids=[instance.pk], using=using)


def connect_signals(app_config) -> None:
    """SQLite's index follows every ``save()`` and ``delete()`` of trainings, sessions and
    centres (``TrainingsConfig.ready``); PostgreSQL's triggers need none of this."""
    uid = "trainings.search"
    post_save.connect(_training_saved, sender=Training, dispatch_uid=f"{uid}.training")
    post_delete.connect(_training_saved, sender=Training, dispatch_uid=f"{uid}.training-del")
    post_save.connect(_session_changed, sender=Session, dispatch_uid=f"{uid}.session")
    post_delete.connect(_session_changed, sender=Session, dispatch_uid=f"{uid}.session-del")
    post_save.connect(_centre_saved, sender=Centre, dispatch_uid=f"{uid}.centre")
    post_migrate.connect(_after_migrate, sender=app_config, dispatch_uid=f"{uid}.migrate")
