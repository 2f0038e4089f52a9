"""Public pages that are not Wagtail pages yet: opportunities arrive with their issue."""

from django.urls import path

from . import views

urlpatterns = [
    path("opportunities/", views.coming_soon, {"page": "opportunities"}, name="opportunities"),
]
