"""The buyer's competitions, under /buyer/competitions/: the builder, publishing, amendments, clarifications,
cancelling and opening the bids. Another organisation's ids are a 404."""

from django.urls import path

from .views import competitions as views

urlpatterns = [
    path("competitions/", views.competitions, name="competitions"),
    path("competitions/new/", views.competition_new, name="competition_new"),
    path("competitions/<int:competition_id>/", views.competition, name="competition"),
    path("competitions/<int:competition_id>/problem/", views.competition_problem, name="competition_problem"),
    path("competitions/<int:competition_id>/outcomes/", views.competition_outcomes, name="competition_outcomes"),
    path("competitions/<int:competition_id>/budget/", views.competition_budget, name="competition_budget"),
    path("competitions/<int:competition_id>/location/", views.competition_location, name="competition_location"),
    path("competitions/<int:competition_id>/criteria/", views.competition_criteria, name="competition_criteria"),
    path("competitions/<int:competition_id>/scale/", views.competition_scale, name="competition_scale"),
    path("competitions/<int:competition_id>/documents/", views.competition_documents, name="competition_documents"),
    path(
        "competitions/<int:competition_id>/documents/<int:document_id>/",
        views.competition_document,
        name="competition_document",
    ),
    path(
        "competitions/<int:competition_id>/documents/<int:document_id>/remove/",
        views.competition_document_remove,
        name="competition_document_remove",
    ),
    path("competitions/<int:competition_id>/timeline/", views.competition_timeline, name="competition_timeline"),
    path("competitions/<int:competition_id>/conflicts/", views.competition_conflicts, name="competition_conflicts"),
    path("competitions/<int:competition_id>/preview/", views.competition_preview, name="competition_preview"),
    path("competitions/<int:competition_id>/publish/", views.competition_publish, name="competition_publish"),
    path("competitions/<int:competition_id>/amend/", views.competition_amend, name="competition_amend"),
    path(
        "competitions/<int:competition_id>/versions/<int:number>/", views.competition_version,
        name="competition_version",
    ),
    path("competitions/<int:competition_id>/clarifications/", views.clarifications, name="clarifications"),
    path(
        "competitions/<int:competition_id>/clarifications/<int:clarification_id>/",
        views.clarification_answer,
        name="clarification_answer",
    ),
    path("competitions/<int:competition_id>/cancel/", views.competition_cancel, name="competition_cancel"),
    path("competitions/<int:competition_id>/open-bids/", views.competition_open_bids, name="competition_open_bids"),
]
