from django.urls import path

from . import views

urlpatterns = [
    path("media/images/<path:path>", views.image_rendition, name="image_rendition"),
]
