"""What the database holds, to prove a refused request changed nothing (and an allowed POST changed something)."""

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


_QUERIES = None


def snapshot() -> dict[str, list[tuple]]:
    """Every row of every watched table (plain SQL: the harness takes two snapshots per request)."""
    global _QUERIES
    if _QUERIES is None:
        quote = connection.ops.quote_name
        _QUERIES = {
            model._meta.label: f"SELECT * FROM {quote(model._meta.db_table)} ORDER BY {quote(model._meta.pk.column)}"
            for model in watched_models()
        }
    with connection.cursor() as cursor:
        rows = {}
        for label, sql in _QUERIES.items():
            cursor.execute(sql)
            rows[label] = cursor.fetchall()
    return rows


def changed_tables(before: dict, after: dict) -> list[str]:
    return sorted(label for label in before if before[label] != after[label])
