"""The buyer's front door: dashboard, and shortlists of catalogue listings."""

from .dashboard import dashboard
from .shortlists import (
    entry_note,
    entry_remove,
    shortlist,
    shortlist_add,
    shortlist_compare,
    shortlist_delete,
    shortlist_export,
    shortlist_new,
    shortlist_rename,
    shortlists,
)

__all__ = [
    "dashboard",
    "entry_note",
    "entry_remove",
    "shortlist",
    "shortlist_add",
    "shortlist_compare",
    "shortlist_delete",
    "shortlist_export",
    "shortlist_new",
    "shortlist_rename",
    "shortlists",
]
