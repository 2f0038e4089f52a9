"""Invoices (rule 13), under /buyer/invoices/: the organisation's invoices by status, each invoice and its PDF,
recording payment and disputing. Another organisation's invoice is a 404."""

from django.urls import path

from .views import invoices as views

urlpatterns = [
    path("invoices/", views.invoices, name="invoices"),
    path("invoices/<int:invoice_id>/", views.invoice, name="invoice"),
    path("invoices/<int:invoice_id>/pay/", views.invoice_pay, name="invoice_pay"),
    path("invoices/<int:invoice_id>/dispute/", views.invoice_dispute, name="invoice_dispute"),
    path("invoices/<int:invoice_id>/invoice.pdf", views.invoice_document, name="invoice_document"),
]
