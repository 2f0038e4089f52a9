"""A supplier's invoices (rule 13), under /supplier/: raising one for an accepted milestone of a contract, the
organisation's invoices by status, each invoice, its PDF and answering a dispute. Another organisation's invoice is
a 404."""

from django.urls import path

from .views import invoices as views

urlpatterns = [
    path("contracts/<int:contract_id>/milestones/<int:milestone_id>/invoice/", views.invoice_raise,
         name="invoice_raise"),
    path("invoices/", views.invoices, name="invoices"),
    path("invoices/<int:invoice_id>/", views.invoice, name="invoice"),
    path("invoices/<int:invoice_id>/answer/", views.invoice_answer, name="invoice_answer"),
    path("invoices/<int:invoice_id>/invoice.pdf", views.invoice_document, name="invoice_document"),
]
