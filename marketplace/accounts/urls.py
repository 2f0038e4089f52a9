from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("", views.team, name="team"),
    path("start/", views.start, name="start"),
    path("new/", views.organisation_new, name="organisation_new"),
    path("join/", views.join, name="join"),
    path("join/<int:organisation_id>/", views.join_request_new, name="join_request_new"),
    path("join/withdraw/", views.join_request_withdraw, name="join_request_withdraw"),
    path("invite/", views.invite, name="invite"),
    path("invitations/<int:invitation_id>/cancel/", views.invitation_cancel, name="invitation_cancel"),
    path("invitations/<str:token>/", views.invitation, name="invitation"),
    path("members/<int:membership_id>/role/", views.member_role, name="member_role"),
    path("members/<int:membership_id>/remove/", views.member_remove, name="member_remove"),
    path("requests/<int:join_request_id>/", views.join_request_decide, name="join_request_decide"),
    path("vat-number/", views.vat_number, name="vat_number"),
    path("api-token/", views.api_token, name="api_token"),
    path("api-token/create/", views.api_token_create, name="api_token_create"),
    path("api-token/revoke/", views.api_token_revoke, name="api_token_revoke"),
]
