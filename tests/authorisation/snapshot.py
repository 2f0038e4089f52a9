"""What the database holds, to prove a refused request changed nothing (and an allowed POST changed something).

Two instruments, both over the same watched tables:

- `write_counts()`: for each table, how many rows the current transaction has inserted, updated or deleted so
  far. Any write to a table moves its count, including an UPDATE that leaves the values as they were, so
  "no count moved" is a stricter proof that a request changed nothing than comparing rows, and it costs one
  query instead of reading every table. On PostgreSQL the counts are the server's own per-transaction
  statistics (pg_stat_xact_*); on SQLite they are kept by temporary triggers that `install_write_watch()`
  puts on every watched table.
- `snapshot()`: every row of the watched tables, to show that an allowed POST really changed something (a
  counted write may have set the values they already had).
"""

from django.apps import apps
from django.db import connection

PROJECT_APPS = ("suppliers", "buyers", "cms", "search")

# Besides every model of the project's own apps: who may sign in and how, groups, and the admin sites' logs.
ALSO_WATCHED = (
    "account.EmailAddress",
    "mfa.Authenticator",
    "auth.Group",
    "auth.Permission",
    "admin.LogEntry",
    "wagtailcore.ModelLogEntry",
    "wagtailcore.PageLogEntry",
    "wagtailcore.Site",
)


def watched_models():
    models = []
    for app_config in apps.get_app_configs():
        if app_config.name.startswith("marketplace.") or app_config.name in PROJECT_APPS:
            models.extend(app_config.get_models())
    models.extend(apps.get_model(label) for label in ALSO_WATCHED)
    models.append(apps.get_model("accounts.User").groups.through)
    return [model for model in models if not model._meta.proxy]


_TABLES = None  # label -> table name


def _tables() -> dict[str, str]:
    global _TABLES
    if _TABLES is None:
        _TABLES = {model._meta.label: model._meta.db_table for model in watched_models()}
        assert len(set(_TABLES.values())) == len(_TABLES), "two watched models share a table"
    return _TABLES


def snapshot(labels=None) -> dict[str, list[tuple]]:
    """Every row of every watched table (or of the tables `labels` names), in plain SQL."""
    quote = connection.ops.quote_name
    pks = {model._meta.label: model._meta.pk.column for model in watched_models()}
    rows = {}
    with connection.cursor() as cursor:
        for label, table in _tables().items():
            if labels is None or label in labels:
                cursor.execute(f"SELECT * FROM {quote(table)} ORDER BY {quote(pks[label])}")
                rows[label] = cursor.fetchall()
    return rows


# SQLite: a temporary table of counts, one row per watched table, and temporary triggers that add one for each
# row inserted, updated or deleted. Temporary objects belong to the connection (the test client's requests run
# on it too). Install them outside any transaction (see the `world` fixture): a schema change inside one makes
# SQLite read the whole schema again after each rollback to a savepoint. A count rolled back with its savepoint
# went with the rows it counted.
_COUNTS = "authorisation_write_counts"
_TRIGGER_PREFIX = "authorisation_watch_"
_EVENTS = ("INSERT", "UPDATE", "DELETE")


def install_write_watch() -> None:
    """Start counting writes to the watched tables on this connection (SQLite; PostgreSQL counts them itself)."""
    if connection.vendor != "sqlite":
        return
    remove_write_watch()  # whatever an interrupted run left on this connection
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TEMP TABLE {_COUNTS} (id INTEGER PRIMARY KEY, label TEXT NOT NULL, n INTEGER NOT NULL)")
        for number, (label, table) in enumerate(_tables().items()):
            cursor.execute(f"INSERT INTO temp.{_COUNTS} (id, label, n) VALUES (%s, %s, 0)", [number, label])
            for event in _EVENTS:
                cursor.execute(
                    f"CREATE TEMP TRIGGER {_TRIGGER_PREFIX}{number}_{event.lower()} AFTER {event} ON {quote(table)} "
                    f"BEGIN UPDATE {_COUNTS} SET n = n + 1 WHERE id = {number}; END"
                )


def remove_write_watch() -> None:
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT name FROM sqlite_temp_master WHERE type = 'trigger' AND name LIKE '{_TRIGGER_PREFIX}%'")
        for (name,) in cursor.fetchall():
            cursor.execute(f"DROP TRIGGER temp.{name}")
        cursor.execute(f"DROP TABLE IF EXISTS temp.{_COUNTS}")


def write_counts() -> dict[str, int]:
    """Per watched table, the rows inserted, updated or deleted so far in this transaction (or since the watch
    began)."""
    tables = _tables()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                f"SELECT count(*) FROM sqlite_temp_master WHERE type = 'trigger' AND name LIKE '{_TRIGGER_PREFIX}%'"
            )
            (triggers,) = cursor.fetchone()
            if triggers != len(tables) * len(_EVENTS):
                raise RuntimeError(f"{triggers} write-counting triggers, not {len(tables) * len(_EVENTS)}: "
                                   "see install_write_watch()")
            cursor.execute(f"SELECT label, n FROM temp.{_COUNTS}")
            counts = dict(cursor.fetchall())
        elif connection.vendor == "postgresql":
            # The pg_stat_get_xact_* counts cover the current transaction only (live savepoints included, and
            # rolled-back ones still counted): outside one they would be back at zero after every statement.
            if not connection.in_atomic_block:
                raise RuntimeError("write_counts() needs a transaction around the whole test (the `world` fixture)")
            quote = connection.ops.quote_name
            cursor.execute(
                "SELECT label, pg_stat_get_xact_tuples_inserted(name::regclass)"
                " + pg_stat_get_xact_tuples_updated(name::regclass)"
                " + pg_stat_get_xact_tuples_deleted(name::regclass)"
                " FROM unnest(%s::text[], %s::text[]) AS t(label, name)",
                [list(tables), [quote(table) for table in tables.values()]],
            )
            counts = dict(cursor.fetchall())
        else:
            raise NotImplementedError(f"no write counts on {connection.vendor}")
    if set(counts) != set(tables):
        raise RuntimeError("the write counts do not cover every watched table")
    return counts


def changed_tables(before: dict, after: dict) -> list[str]:
    """The tables whose entry differs (only those `after` has: it may cover fewer tables than `before`)."""
    return sorted(label for label in after if before[label] != after[label])
