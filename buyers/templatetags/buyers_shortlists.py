"""Template filters for shortlist pages: a listing's price range in pounds, short labels, catalogue addresses."""

from django import template

from buyers import formatting

register = template.Library()


@register.filter
def price_range(solution) -> str:
    return formatting.price_range(solution.price_min_pence, solution.price_max_pence)


@register.filter
def short_label(label) -> str:
    return formatting.short_label(str(label or ""))


@register.filter
def catalogue_path(solution_id) -> str:
    return formatting.catalogue_path(solution_id)
