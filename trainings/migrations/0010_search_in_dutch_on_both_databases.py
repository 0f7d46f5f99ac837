"""The catalogue's search in Dutch on both databases (``trainings.search`` says how it is used).

PostgreSQL: the extensions ``unaccent`` and ``pg_trgm`` (both trusted: the database's owner may
create them), the text search configuration ``stemnet_dutch`` (Dutch, accents left out), and
``search_vector`` computed by ``trainings_search_document`` from the training, its sessions'
themes and places, its centre and the names of its codes, kept by triggers on trainings,
sessions and centres whoever writes (services, imports, the admin, ``COPY``). The words of the
index go to ``trainings_search_word`` (trigram index) for the misspellings. The names of the
codes (``trainings_search_label``) are written by ``trainings.search.pg_labels_install`` after
every ``migrate``: a migration cannot import the app's code; here it is an empty stand-in.

SQLite: an FTS5 table of stemmed words (Python stems them: ``trainings.search``), filled after
``migrate`` and kept from the models' signals, and its ``fts5vocab`` table. No table of the app
is altered, so 0004's SQLite triggers stay.
"""

from django.db import migrations

DOCUMENT = """
CREATE OR REPLACE FUNCTION trainings_search_document(
    p_id bigint, p_title text, p_description text, p_domains jsonb, p_levels jsonb,
    p_format text, p_centre bigint) RETURNS tsvector LANGUAGE plpgsql AS $$
DECLARE
    themes text;
    places text;
    centre text;
    labels text;
BEGIN
    SELECT string_agg(s.theme, ' '), string_agg(concat_ws(' ', s.location, s.municipality), ' ')
        INTO themes, places FROM trainings_session s WHERE s.training_id = p_id;
    SELECT concat_ws(' ', c.name, substring(c.address FROM '[^,]*$'),
                     trainings_search_label('province', c.province))
        INTO centre FROM networks_centre c WHERE c.id = p_centre;
    SELECT concat_ws(' ',
        (SELECT string_agg(trainings_search_label('domain', code), ' ')
         FROM jsonb_array_elements_text(CASE jsonb_typeof(p_domains) WHEN 'array'
                                        THEN p_domains ELSE '[]' END) AS code),
        (SELECT string_agg(trainings_search_label('level', code), ' ')
         FROM jsonb_array_elements_text(CASE jsonb_typeof(p_levels) WHEN 'array'
                                        THEN p_levels ELSE '[]' END) AS code),
        trainings_search_label('format', p_format)) INTO labels;
    -- Only words not known yet take a lock (a new word is rare once the index has grown).
    INSERT INTO trainings_search_word (word)
        SELECT DISTINCT w FROM regexp_split_to_table(lower(unaccent(
            concat_ws(' ', p_title, p_description, themes, labels, centre, places))),
            '[^[:alnum:]]+') AS w
        WHERE length(w) >= 4 AND w !~ '^[0-9]+$'
          AND NOT EXISTS (SELECT 1 FROM trainings_search_word k WHERE k.word = w)
        ORDER BY w
        ON CONFLICT DO NOTHING;
    -- "/" separates words ("TSO/KSO/BSO"; the parser would read a file path).
    RETURN setweight(to_tsvector('stemnet_dutch', translate(COALESCE(p_title, ''), '/', ' ')), 'A')
        || setweight(to_tsvector('stemnet_dutch',
                                 translate(concat_ws(' ', p_description, themes), '/', ' ')), 'B')
        || setweight(to_tsvector('stemnet_dutch', translate(COALESCE(labels, ''), '/', ' ')), 'C')
        || setweight(to_tsvector('stemnet_dutch',
                                 translate(concat_ws(' ', centre, places), '/', ' ')), 'D');
END $$"""

# The vector of trainings "t" (an alias in the statements below).
VECTOR = (
    "trainings_search_document(t.id, t.title, t.description, t.stem_domains, t.levels, "
    "t.format, t.centre_id)"
)

PG = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    """DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'stemnet_dutch') THEN
            CREATE TEXT SEARCH CONFIGURATION stemnet_dutch (COPY = dutch);
            ALTER TEXT SEARCH CONFIGURATION stemnet_dutch
                ALTER MAPPING FOR word, hword, hword_part WITH unaccent, dutch_stem;
        END IF;
    END $$""",
    "CREATE TABLE IF NOT EXISTS trainings_search_word (word text PRIMARY KEY)",
    "CREATE INDEX IF NOT EXISTS trainings_search_word_trgm "
    "ON trainings_search_word USING gin (word gin_trgm_ops)",
    # A stand-in until trainings.search.pg_labels_install writes the names (after migrate).
    "CREATE OR REPLACE FUNCTION trainings_search_label(kind text, code text) RETURNS text "
    "LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT ''::text $$",
    DOCUMENT,
    # The training itself: replaces 0004's trigger (title and description only).
    "DROP TRIGGER IF EXISTS training_search_refresh ON trainings_training",
    """CREATE OR REPLACE FUNCTION training_search_refresh() RETURNS trigger AS $$
    BEGIN
        NEW.search_vector := trainings_search_document(NEW.id, NEW.title, NEW.description,
            NEW.stem_domains, NEW.levels, NEW.format, NEW.centre_id);
        RETURN NEW;
    END $$ LANGUAGE plpgsql""",
    "CREATE TRIGGER training_search_refresh BEFORE INSERT OR UPDATE OF title, description, "
    "stem_domains, levels, format, centre_id ON trainings_training "
    "FOR EACH ROW EXECUTE FUNCTION training_search_refresh()",
    # Sessions: once per statement for inserts and deletes (a bulk load touches each training
    # once), per changed row for updates (a column list rules out transition tables).
    f"""CREATE OR REPLACE FUNCTION training_search_sessions_insert() RETURNS trigger AS $$
    BEGIN
        UPDATE trainings_training t SET search_vector = {VECTOR}
        WHERE t.id IN (SELECT training_id FROM new_rows);
        RETURN NULL;
    END $$ LANGUAGE plpgsql""",
    f"""CREATE OR REPLACE FUNCTION training_search_sessions_delete() RETURNS trigger AS $$
    BEGIN
        UPDATE trainings_training t SET search_vector = {VECTOR}
        WHERE t.id IN (SELECT training_id FROM old_rows);
        RETURN NULL;
    END $$ LANGUAGE plpgsql""",
    f"""CREATE OR REPLACE FUNCTION training_search_session_update() RETURNS trigger AS $$
    BEGIN
        UPDATE trainings_training t SET search_vector = {VECTOR}
        WHERE t.id IN (OLD.training_id, NEW.training_id);
        RETURN NULL;
    END $$ LANGUAGE plpgsql""",
    "CREATE TRIGGER training_search_sessions_insert AFTER INSERT ON trainings_session "
    "REFERENCING NEW TABLE AS new_rows "
    "FOR EACH STATEMENT EXECUTE FUNCTION training_search_sessions_insert()",
    "CREATE TRIGGER training_search_sessions_delete AFTER DELETE ON trainings_session "
    "REFERENCING OLD TABLE AS old_rows "
    "FOR EACH STATEMENT EXECUTE FUNCTION training_search_sessions_delete()",
    "CREATE TRIGGER training_search_session_update "
    "AFTER UPDATE OF theme, location, municipality, training_id ON trainings_session "
    "FOR EACH ROW WHEN (OLD.theme IS DISTINCT FROM NEW.theme "
    "OR OLD.location IS DISTINCT FROM NEW.location "
    "OR OLD.municipality IS DISTINCT FROM NEW.municipality "
    "OR OLD.training_id IS DISTINCT FROM NEW.training_id) "
    "EXECUTE FUNCTION training_search_session_update()",
    # Centres: their name, address and province are part of their trainings' vectors.
    f"""CREATE OR REPLACE FUNCTION training_search_centre_update() RETURNS trigger AS $$
    BEGIN
        UPDATE trainings_training t SET search_vector = {VECTOR} WHERE t.centre_id = NEW.id;
        RETURN NULL;
    END $$ LANGUAGE plpgsql""",
    "CREATE TRIGGER training_search_centre_update "
    "AFTER UPDATE OF name, address, province ON networks_centre "
    "FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name "
    "OR OLD.address IS DISTINCT FROM NEW.address "
    "OR OLD.province IS DISTINCT FROM NEW.province) "
    "EXECUTE FUNCTION training_search_centre_update()",
    f"UPDATE trainings_training t SET search_vector = {VECTOR}",
]

PG_BACK = [
    "DROP TRIGGER IF EXISTS training_search_centre_update ON networks_centre",
    "DROP TRIGGER IF EXISTS training_search_session_update ON trainings_session",
    "DROP TRIGGER IF EXISTS training_search_sessions_delete ON trainings_session",
    "DROP TRIGGER IF EXISTS training_search_sessions_insert ON trainings_session",
    "DROP TRIGGER IF EXISTS training_search_refresh ON trainings_training",
    "DROP FUNCTION IF EXISTS training_search_centre_update()",
    "DROP FUNCTION IF EXISTS training_search_session_update()",
    "DROP FUNCTION IF EXISTS training_search_sessions_delete()",
    "DROP FUNCTION IF EXISTS training_search_sessions_insert()",
    "DROP FUNCTION IF EXISTS trainings_search_document(bigint, text, text, jsonb, jsonb, text, "
    "bigint)",
    "DROP FUNCTION IF EXISTS trainings_search_label(text, text)",
    "DROP TABLE IF EXISTS trainings_search_word",
    # 0004's trigger again (its function is replaced in place), then its vectors.
    """CREATE OR REPLACE FUNCTION training_search_refresh() RETURNS trigger AS $$
    BEGIN
        NEW.search_vector :=
            setweight(to_tsvector('dutch'::regconfig, COALESCE(NEW.title, '')), 'A') ||
            setweight(to_tsvector('dutch'::regconfig, COALESCE(NEW.description, '')), 'B');
        RETURN NEW;
    END $$ LANGUAGE plpgsql""",
    "CREATE TRIGGER training_search_refresh BEFORE INSERT OR UPDATE OF title, description "
    "ON trainings_training FOR EACH ROW EXECUTE FUNCTION training_search_refresh()",
    "UPDATE trainings_training SET title = title",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS stemnet_dutch",
]

SQLITE = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS trainings_search USING fts5("
    "title, body, labels, places, version UNINDEXED, tokenize = 'unicode61')",
    "CREATE VIRTUAL TABLE IF NOT EXISTS trainings_search_vocab "
    "USING fts5vocab(trainings_search, 'row')",
]
SQLITE_BACK = [
    "DROP TABLE IF EXISTS trainings_search_vocab",
    "DROP TABLE IF EXISTS trainings_search",
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
        ("networks", "0003_good_practice_attachment_rules"),
        ("trainings", "0009_speakers_addresses_saved_searches"),
    ]

    operations = [
        migrations.RunPython(forward, backward),
    ]
