"""The supplier's side of competitions, under /supplier/: invitations, clarifications and writing bids.
Competitions the organisation is not invited to are a 404."""

from django.urls import path

from .views import competitions as views

urlpatterns = [
    path("competitions/", views.competitions, name="competitions"),
    path("competitions/email-settings/", views.email_settings, name="competition_email_settings"),
    path("competitions/<int:competition_id>/", views.competition, name="competition"),
    path(
        "competitions/<int:competition_id>/documents/<int:document_id>/",
        views.competition_document,
        name="competition_document",
    ),
    path("competitions/<int:competition_id>/versions/<int:number>/", views.competition_version,
         name="competition_version"),
    path("competitions/<int:competition_id>/clarifications/ask/", views.clarification_ask, name="clarification_ask"),
    path("competitions/<int:competition_id>/bid/", views.bid, name="bid"),
    path("competitions/<int:competition_id>/bid/answers/<int:criterion_id>/", views.bid_answer, name="bid_answer"),
    path("competitions/<int:competition_id>/bid/price/", views.bid_price, name="bid_price"),
    path("competitions/<int:competition_id>/bid/attachments/", views.bid_attachments, name="bid_attachments"),
    path(
        "competitions/<int:competition_id>/bid/attachments/<int:attachment_id>/",
        views.bid_attachment,
        name="bid_attachment",
    ),
    path(
        "competitions/<int:competition_id>/bid/attachments/<int:attachment_id>/remove/",
        views.bid_attachment_remove,
        name="bid_attachment_remove",
    ),
    path("competitions/<int:competition_id>/bid/submit/", views.bid_submit, name="bid_submit"),
    path("competitions/<int:competition_id>/bid/withdraw/", views.bid_withdraw, name="bid_withdraw"),
    path("competitions/<int:competition_id>/bid/confirm/", views.bid_confirm, name="bid_confirm"),
]
