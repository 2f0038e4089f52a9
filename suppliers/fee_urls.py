"""The marketplace fee (rule 13) for the supplier who owes it, under /supplier/fees/: the organisation's instalments,
each instalment, and paying one by card (each payment step a POST). Another organisation's instalment is a 404."""

from django.urls import path

from .views import fees as views

urlpatterns = [
    path("fees/", views.fee_instalments, name="fee_instalments"),
    path("fees/<int:instalment_id>/", views.fee_instalment, name="fee_instalment"),
    path("fees/<int:instalment_id>/pay/", views.fee_pay, name="fee_pay"),
    path("fees/<int:instalment_id>/pay/confirm/", views.fee_pay_confirm, name="fee_pay_confirm"),
    path("fees/<int:instalment_id>/pay/authenticated/", views.fee_pay_authenticated, name="fee_pay_authenticated"),
]
