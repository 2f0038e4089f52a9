"""Buyers' shortlists of catalogue listings.

A shortlist belongs to a buyer organisation and is private to it: every member
of that organisation (admin or member) sees and uses it, nobody else (evaluators see only their assignments)
does. Shortlists are working notes, not procurement state, so they are not
audited (deleting one is, cheaply).
"""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

SHORTLIST_NAME_MAX_LENGTH = 100
NOTE_MAX_LENGTH = 1000


class Shortlist(models.Model):
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="shortlists")
    name = models.CharField(max_length=SHORTLIST_NAME_MAX_LENGTH)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = [Lower("name"), "pk"]
        constraints = [
            # One name per organisation, whatever the letter case.
            models.UniqueConstraint(Lower("name"), "organisation", name="unique_shortlist_name_per_organisation"),
        ]

    def __str__(self):
        return self.name

    @property
    def audit_stream(self) -> str:
        return f"organisation:{self.organisation_id}"


class ShortlistEntry(models.Model):
    shortlist = models.ForeignKey(Shortlist, on_delete=models.CASCADE, related_name="entries")
    solution = models.ForeignKey("suppliers.Solution", on_delete=models.CASCADE, related_name="+")
    note = models.TextField(max_length=NOTE_MAX_LENGTH, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["shortlist", "added_at", "pk"]
        verbose_name_plural = "shortlist entries"
        constraints = [
            models.UniqueConstraint(fields=["shortlist", "solution"], name="one_entry_per_solution_per_shortlist"),
        ]

    def __str__(self):
        return f"{self.solution} on {self.shortlist}"
