"""Django admin (/django-admin/) for superusers: a read-mostly view of people and organisations.

Day-to-day operator work happens in the Wagtail admin (see wagtail_hooks.py).
Anything that must write an audit event — verifying an organisation, changing a
membership — is read-only here, because those writes go through services.
"""

from django.contrib import admin

from marketplace.django_admin import ReadOnlyAdmin

from .models import Invitation, JoinRequest, Membership, Organisation, PublicSectorDomain, User


class MembershipInline(admin.TabularInline):
    model = Membership
    fields = ["user", "role", "created_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    """People. Only whether the account is active and which groups it is in can change here."""

    list_display = ["email", "first_name", "last_name", "is_active", "is_staff", "is_superuser", "last_login"]
    list_filter = ["is_active", "is_staff", "is_superuser", "groups"]
    search_fields = ["email", "first_name", "last_name"]
    ordering = ["email"]
    fields = [
        "email", "first_name", "last_name", "intended_side", "is_active", "groups",
        "is_staff", "is_superuser", "last_login", "date_joined",
    ]
    readonly_fields = [
        "email", "first_name", "last_name", "intended_side", "is_staff", "is_superuser", "last_login", "date_joined",
    ]
    filter_horizontal = ["groups"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Organisation)
class OrganisationAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "verification_status", "email_domain", "email_domain_recognised", "created_at"]
    list_filter = ["kind", "verification_status", "email_domain_recognised", "public_sector_type", "size"]
    search_fields = ["name", "companies_house_number", "email_domain"]
    date_hierarchy = "created_at"
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdmin):
    list_display = ["user", "organisation", "role", "created_at"]
    list_filter = ["role", "organisation__kind"]
    search_fields = ["user__email", "organisation__name"]
    list_select_related = ["user", "organisation"]


@admin.register(JoinRequest)
class JoinRequestAdmin(ReadOnlyAdmin):
    list_display = ["user", "organisation", "status", "created_at", "decided_at"]
    list_filter = ["status"]
    search_fields = ["user__email", "organisation__name"]
    list_select_related = ["user", "organisation"]


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdmin):
    # The token is a secret that lets its holder join: never shown.
    list_display = ["email", "organisation", "role", "status", "created_at", "expires_at"]
    list_filter = ["status", "role"]
    search_fields = ["email", "organisation__name"]
    list_select_related = ["organisation"]
    exclude = ["token"]


@admin.register(PublicSectorDomain)
class PublicSectorDomainAdmin(admin.ModelAdmin):
    """The allow-list is reference data; operators keep it in the Wagtail admin, superusers may here too."""

    list_display = ["domain", "description", "created_at"]
    search_fields = ["domain", "description"]
    readonly_fields = ["created_at"]
