"""The marketplace's lots (categories), UK regions, and technology readiness levels."""

from django.db import models


class Category(models.Model):
    """A lot of the dynamic market. Suppliers are admitted per category; competitions run in one."""

    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=120, unique=True)
    description = models.TextField(blank=True)
    active = models.BooleanField(default=True, help_text="Inactive categories take no new applications or competitions")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name_plural = "categories"

    def __str__(self):
        return self.name


class Region(models.Model):
    """A UK International Territorial Level 1 (ITL1) region."""

    code = models.CharField("ITL1 code", max_length=3, unique=True)
    name = models.CharField(max_length=80, unique=True)

    class Meta:
        ordering = ["code"]

    def __str__(self):
        return self.name


class Standard(models.Model):
    """A standard or certification a solution may meet (ISO 27001, Cyber Essentials, WCAG 2.2 AA, ...)."""

    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=120, unique=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


class ReadinessLevel(models.IntegerChoices):
    """Technology readiness levels 1 to 9 (as UKRI and Innovate UK use them)."""

    TRL1 = 1, "TRL 1: basic principles observed"
    TRL2 = 2, "TRL 2: technology concept formulated"
    TRL3 = 3, "TRL 3: experimental proof of concept"
    TRL4 = 4, "TRL 4: technology validated in a laboratory"
    TRL5 = 5, "TRL 5: technology validated in a relevant environment"
    TRL6 = 6, "TRL 6: technology demonstrated in a relevant environment"
    TRL7 = 7, "TRL 7: prototype demonstrated in an operational environment"
    TRL8 = 8, "TRL 8: system complete and qualified"
    TRL9 = 9, "TRL 9: system proven in an operational environment"
