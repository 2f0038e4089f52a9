"""Evaluation (rule 9), under /buyer/: an evaluator's own evaluations (declarations, reading and scoring the bids
they are assigned to, submitting their scores) and the owner's evaluation page (assigning evaluators, coverage,
progress)."""

from django.urls import path

from .views import evaluation as views

urlpatterns = [
    path("evaluations/", views.evaluations, name="evaluations"),
    path("evaluations/<int:competition_id>/", views.evaluation, name="evaluation"),
    path("evaluations/<int:competition_id>/declarations/", views.evaluation_declarations,
         name="evaluation_declarations"),
    path("evaluations/<int:competition_id>/bids/<int:bid_id>/", views.evaluation_bid, name="evaluation_bid"),
    path("evaluations/<int:competition_id>/submit/", views.evaluation_submit, name="evaluation_submit"),
    path("competitions/<int:competition_id>/evaluation/", views.competition_evaluation,
         name="competition_evaluation"),
    path("competitions/<int:competition_id>/evaluation/assign/", views.competition_evaluator_assign,
         name="competition_evaluator_assign"),
    path("competitions/<int:competition_id>/evaluation/assignments/<int:assignment_id>/remove/",
         views.competition_evaluator_unassign, name="competition_evaluator_unassign"),
]
