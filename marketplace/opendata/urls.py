"""Open data: the open-data page, notices, OCDS releases and records, and the daily bulk files."""

from django.urls import path

from . import api, views

app_name = "opendata"

urlpatterns = [
    path("open-data/", views.index, name="index"),
    path("notices/", views.notice_list, name="notices"),
    path("notices/<int:notice_id>/", views.notice_detail, name="notice"),
    path("ocds/releases/", api.ReleasePackageView.as_view(), name="releases"),
    path("ocds/records/<str:ocid>/", api.RecordPackageView.as_view(), name="record"),
    path("ocds/bulk/<str:name>", views.bulk_file, name="bulk_file"),
]
