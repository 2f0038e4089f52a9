from django.urls import path

from . import views

app_name = "audit"

urlpatterns = [
    path("digests/", views.digest_list, name="digest_list"),
    path("digests/<str:day>.json", views.digest_json, name="digest_json"),
]
