"""Public opportunities at /opportunities/: open competitions, and each one's tender notice."""

from django.urls import path

from .views import opportunities as views

app_name = "opportunities"

urlpatterns = [
    path("", views.opportunity_list, name="list"),
    path("<int:competition_id>/", views.opportunity_detail, name="detail"),
]
