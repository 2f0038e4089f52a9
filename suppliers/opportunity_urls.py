"""Public opportunities at /opportunities/: open competitions, each one's tender notice, contract award
notices and contract details notices."""

from django.urls import path

from .views import award_notices, contract_notices, downloads
from .views import opportunities as views

app_name = "opportunities"

urlpatterns = [
    path("", views.opportunity_list, name="list"),
    # Open data as CSV: the open competitions, and the published contract award notices.
    path("download.csv", downloads.opportunities_csv, name="csv"),
    path("<int:competition_id>/", views.opportunity_detail, name="detail"),
    # Contract award notices (rule 10), public once published.
    path("awards/", award_notices.award_notices, name="award_notices"),
    path("awards/download.csv", downloads.award_notices_csv, name="award_notices_csv"),
    path("<int:competition_id>/award/", award_notices.award_notice, name="award_notice"),
    # Contract details notices (rule 11), public once both parties have signed.
    path("contracts/", contract_notices.contract_notices, name="contract_notices"),
    path("contracts/<int:contract_id>/", contract_notices.contract_notice, name="contract_notice"),
]
