"""Contracts (rules 10 to 13), under /buyer/contracts/: the organisation's register and its CSV export, a
contract's page, preparing and issuing it, signing it for the buyer, variations, deciding delivered milestones and
the stored PDFs. Another organisation's contract is a 404."""

from django.urls import path

from .views import contracts as views

urlpatterns = [
    path("contracts/", views.contracts, name="contracts"),
    path("contracts/export.csv", views.contracts_export, name="contracts_export"),
    path("contracts/<int:contract_id>/", views.contract, name="contract"),
    path("contracts/<int:contract_id>/details/", views.contract_details, name="contract_details"),
    path("contracts/<int:contract_id>/milestones/", views.contract_milestones, name="contract_milestones"),
    path("contracts/<int:contract_id>/kpis/", views.contract_kpis, name="contract_kpis"),
    path("contracts/<int:contract_id>/issue/", views.contract_issue, name="contract_issue"),
    path("contracts/<int:contract_id>/sign/", views.contract_sign, name="contract_sign"),
    path("contracts/<int:contract_id>/variation/", views.contract_variation, name="contract_variation"),
    path("contracts/<int:contract_id>/milestones/<int:milestone_id>/accept/", views.contract_milestone_accept,
         name="contract_milestone_accept"),
    path("contracts/<int:contract_id>/milestones/<int:milestone_id>/reject/", views.contract_milestone_reject,
         name="contract_milestone_reject"),
    path("contracts/<int:contract_id>/documents/<int:document_id>/", views.contract_document,
         name="contract_document"),
]
