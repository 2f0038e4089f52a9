"""The public catalogue at /catalogue/: the list with its filters, a listing's page, and its documents."""

from django.urls import path

from .views import catalogue as views
from .views import downloads

app_name = "catalogue"

urlpatterns = [
    path("", views.solution_list, name="list"),
    # Open data: every listing the catalogue shows (its filters apply), as CSV.
    path("download.csv", downloads.catalogue_csv, name="csv"),
    path("<int:solution_id>/", views.solution_detail, name="detail"),
    path("documents/<int:document_id>/", views.document_download, name="document"),
]
