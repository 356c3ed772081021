"""PostgreSQL: the vocabulary of the search box, for misspelt words (registry/search.py).

``registry_searchword`` holds every word (4 letters or more) of every business's search_text, with a GIN trigram
index (pg_trgm) that finds the words alike a query word in a millisecond. A statement-level trigger with a
transition table keeps it: one INSERT … SELECT DISTINCT per statement that writes businesses (the services, the
imports and the bulk COPY alike), words in order so two writers never wait on each other crosswise. Words no
longer used stay: they match no business, so they cost only a row. SQLite needs none of it (search.py)."""

from django.db import migrations

WORDS_OF = (
    "SELECT DISTINCT w FROM {rows}, unnest(string_to_array({rows}.search_text, ' ')) AS w "
    "WHERE length(w) >= 4 ORDER BY w"
)

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE TABLE IF NOT EXISTS registry_searchword (word text PRIMARY KEY)",
    "CREATE INDEX IF NOT EXISTS registry_searchword_trgm ON registry_searchword USING gin (word gin_trgm_ops)",
    f"""CREATE OR REPLACE FUNCTION registry_searchword_note() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO registry_searchword (word) {WORDS_OF.format(rows="new_rows")} ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$""",
    "DROP TRIGGER IF EXISTS registry_business_words_insert ON registry_business",
    "CREATE TRIGGER registry_business_words_insert AFTER INSERT ON registry_business "
    "REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION registry_searchword_note()",
    "DROP TRIGGER IF EXISTS registry_business_words_update ON registry_business",
    "CREATE TRIGGER registry_business_words_update AFTER UPDATE ON registry_business "
    "REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION registry_searchword_note()",
    f"INSERT INTO registry_searchword (word) {WORDS_OF.format(rows='registry_business')} ON CONFLICT DO NOTHING",
]
BACKWARD = [
    "DROP TRIGGER IF EXISTS registry_business_words_insert ON registry_business",
    "DROP TRIGGER IF EXISTS registry_business_words_update ON registry_business",
    "DROP FUNCTION IF EXISTS registry_searchword_note()",
    "DROP TABLE IF EXISTS registry_searchword",
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in FORWARD:
            schema_editor.execute(sql)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in BACKWARD:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("registry", "0006_business_founded_extra_default_clusters")]
    operations = [migrations.RunPython(forwards, backwards)]
