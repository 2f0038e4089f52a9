"""On PostgreSQL the database itself refuses to change or delete a published OCDS release (SQLite relies on the
ORM guard: see the audit log's trigger for the same choice)."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION opendata_release_immutable() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'OCDS releases are immutable (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS opendata_release_immutable ON opendata_release;
CREATE TRIGGER opendata_release_immutable BEFORE UPDATE OR DELETE ON opendata_release
    FOR EACH ROW EXECUTE FUNCTION opendata_release_immutable();
"""

DROP = """
DROP TRIGGER IF EXISTS opendata_release_immutable ON opendata_release;
DROP FUNCTION IF EXISTS opendata_release_immutable();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("opendata", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
