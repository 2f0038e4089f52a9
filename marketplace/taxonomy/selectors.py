"""Reads of the taxonomy; everything here is public."""

from .models import Category, Region


def active_categories():
    return Category.objects.filter(active=True).order_by("position", "name")


def regions():
    return Region.objects.order_by("code")
