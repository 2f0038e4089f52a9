"""A supplier's contracts, under /supplier/contracts/: the list, each contract, signing the issued version, marking
milestones delivered and downloading the stored PDFs."""

from django.urls import path

from .views import contracts as views

urlpatterns = [
    path("contracts/", views.contracts, name="contracts"),
    path("contracts/<int:contract_id>/", views.contract, name="contract"),
    path("contracts/<int:contract_id>/sign/", views.contract_sign, name="contract_sign"),
    path("contracts/<int:contract_id>/milestones/<int:milestone_id>/deliver/", views.milestone_deliver,
         name="contract_milestone_deliver"),
    path("contracts/<int:contract_id>/documents/<int:document_id>/", views.contract_document,
         name="contract_document"),
]
