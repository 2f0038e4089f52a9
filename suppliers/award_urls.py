"""A supplier's side of evaluation and award, under /supplier/: answering a question about its price, and its
assessment summaries (page and PDF)."""

from django.urls import path

from .views import award as views

urlpatterns = [
    path("assessment-summaries/", views.assessment_summaries, name="assessment_summaries"),
    path("assessment-summaries/<int:summary_id>/", views.assessment_summary, name="assessment_summary"),
    path("assessment-summaries/<int:summary_id>/pdf/", views.assessment_summary_pdf,
         name="assessment_summary_pdf"),
    path("competitions/<int:competition_id>/price-explanations/<int:request_id>/", views.price_explanation,
         name="price_explanation"),
]
