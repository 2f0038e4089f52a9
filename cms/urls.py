"""Public pages that are not Wagtail pages yet: the catalogue and opportunities arrive with their issues."""

from django.urls import path

from . import views

urlpatterns = [
    path("catalogue/", views.coming_soon, {"page": "catalogue"}, name="catalogue"),
    path("opportunities/", views.coming_soon, {"page": "opportunities"}, name="opportunities"),
]
