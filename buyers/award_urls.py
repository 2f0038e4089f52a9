"""Moderation and award (rules 9 and 10), under /buyer/competitions/<id>/: the owner moderates with another
evaluator; a buyer admin decides the award; the owner sends assessment summaries, publishes the contract award
notice and pauses or resumes standstill."""

from django.urls import path

from .views import award as views

urlpatterns = [
    path("competitions/<int:competition_id>/moderation/", views.competition_moderation,
         name="competition_moderation"),
    path("competitions/<int:competition_id>/moderation/<int:bid_id>/", views.competition_moderate_bid,
         name="competition_moderate_bid"),
    path("competitions/<int:competition_id>/award/", views.competition_award, name="competition_award"),
    path("competitions/<int:competition_id>/award/decide/", views.competition_award_decide,
         name="competition_award_decide"),
    path("competitions/<int:competition_id>/bids/<int:bid_id>/price-explanation/",
         views.competition_price_explanation, name="competition_price_explanation"),
    path("competitions/<int:competition_id>/award/summaries/", views.competition_award_summaries,
         name="competition_award_summaries"),
    path("competitions/<int:competition_id>/award/notice/", views.competition_award_notice,
         name="competition_award_notice"),
    path("competitions/<int:competition_id>/award/pause/", views.competition_award_pause,
         name="competition_award_pause"),
    path("competitions/<int:competition_id>/award/resume/", views.competition_award_resume,
         name="competition_award_resume"),
    path("competitions/<int:competition_id>/award/cancel/", views.competition_award_cancel,
         name="competition_award_cancel"),
]
