from django.urls import include, path

from . import views

app_name = "buyers"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    # Shortlists: private to the buyer organisation; another organisation's ids are a 404.
    path("shortlists/", views.shortlists, name="shortlists"),
    path("shortlists/new/", views.shortlist_new, name="shortlist_new"),
    path("shortlists/add/<int:solution_id>/", views.shortlist_add, name="shortlist_add"),
    path("shortlists/<int:shortlist_id>/", views.shortlist, name="shortlist"),
    path("shortlists/<int:shortlist_id>/rename/", views.shortlist_rename, name="shortlist_rename"),
    path("shortlists/<int:shortlist_id>/delete/", views.shortlist_delete, name="shortlist_delete"),
    path("shortlists/<int:shortlist_id>/compare/", views.shortlist_compare, name="shortlist_compare"),
    path("shortlists/<int:shortlist_id>/export.csv", views.shortlist_export, name="shortlist_export"),
    path(
        "shortlists/<int:shortlist_id>/entries/<int:entry_id>/note/", views.entry_note, name="shortlist_entry_note"
    ),
    path(
        "shortlists/<int:shortlist_id>/entries/<int:entry_id>/remove/",
        views.entry_remove,
        name="shortlist_entry_remove",
    ),
    path("", include("buyers.competition_urls")),
    path("", include("buyers.evaluation_urls")),
    path("", include("buyers.award_urls")),
    path("", include("buyers.contract_urls")),
    path("", include("buyers.invoice_urls")),
]
