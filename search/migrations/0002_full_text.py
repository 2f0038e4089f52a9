"""Full-text structures for the database in use (the entry table is migration 0001).

SQLite: FTS5 tables with external content (the text is stored once, in the entry table): one over
title, summary and body for matching, and one each over title and summary, small, for ranking.
PostgreSQL: narrow side tables of tsvectors, one row per entry, each with a GIN index: all the text
(weighted title (A) > summary (B) > body (C)) for matching, and the title alone and the summary alone
for ranking. A match reads only entry ids and vectors, never the entry table's text.
"""

from django.db import migrations

TOKENIZE = "tokenize='porter unicode61 remove_diacritics 2'"
SQLITE = [
    ("search_fts", "title, summary, body"),
    ("search_fts_title", "title"),
    ("search_fts_summary", "summary"),
]
POSTGRES_TABLES = ("search_vectors", "search_title_vectors", "search_summary_vectors")


def create(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for table, columns in SQLITE:
                cursor.execute(f"CREATE VIRTUAL TABLE {table} USING fts5({columns}, content='search_searchentry', "
                               f"content_rowid='id', {TOKENIZE})")
        elif connection.vendor == "postgresql":
            # One narrow table per vector, so a match reads as few pages as the vectors allow: the title
            # and summary tables, used for ranking, are a fraction of the size of the one over all text.
            for table in POSTGRES_TABLES:
                # No foreign key: a test database flush truncates the entry table on its own.
                cursor.execute(f"CREATE TABLE {table} (entry_id bigint PRIMARY KEY, vector tsvector NOT NULL)")
                cursor.execute(f"CREATE INDEX {table}_gin ON {table} USING gin (vector)")


def drop(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for table, _columns in SQLITE:
                cursor.execute(f"DROP TABLE IF EXISTS {table}")
        elif connection.vendor == "postgresql":
            for table in POSTGRES_TABLES:
                cursor.execute(f"DROP TABLE IF EXISTS {table}")


class Migration(migrations.Migration):
    dependencies = [("search", "0001_entries")]
    operations = [migrations.RunPython(create, drop)]
