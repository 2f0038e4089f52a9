"""The site's URLs. Front doors are included by dotted path so the core imports none of them."""

from allauth.account.decorators import secure_admin_login
from csp.constants import SELF, UNSAFE_INLINE
from csp.decorators import csp_replace, csp_update
from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.utils.urlpatterns import decorate_urlpatterns

from marketplace import views
from marketplace.api import api_not_found

# Django's admin signs people in through allauth, so two-factor authentication applies there too.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = "Spark: Django admin (superusers)"

# Wagtail's page and snippet editors write inline scripts (inline panels, choosers, date pickers), which a nonce
# cannot cover: the admin, used only by signed-in operators and editors with two-factor sign-in, allows inline
# scripts; every page of the service itself keeps the strict policy.
decorate_urlpatterns(wagtailadmin_urls.urlpatterns, csp_replace({"script-src": [SELF, UNSAFE_INLINE]}))

# Redoc styles itself inline and renders in a blob: worker; only the docs pages relax the policy.
api_docs_view = csp_update({"style-src": [UNSAFE_INLINE], "worker-src": ["blob:"]})(
    SpectacularRedocView.as_view(url_name="api_schema")
)

handler403 = "marketplace.views.permission_denied"
handler404 = "marketplace.views.page_not_found"
handler500 = "marketplace.views.server_error"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("admin/", include(wagtailadmin_urls)),
    path("django-admin/", admin.site.urls),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/", include("allauth.urls")),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("organisation/", include("marketplace.accounts.urls")),
    path("audit/", include("marketplace.audit.urls")),
    path("supplier/", include("suppliers.urls")),
    path("buyer/", include("buyers.urls")),
    path("catalogue/", include("suppliers.catalogue_urls")),
    path("opportunities/", include("suppliers.opportunity_urls")),
    path("search/", include("search.urls")),
    path("", include("marketplace.opendata.urls")),
    path("", include("marketplace.payments.urls")),
    path("api/v1/", include("suppliers.api_urls")),
    path("api/v1/", include("search.api_urls")),
    path("api/v1/", include("marketplace.api_urls")),
    path("api/content/v2/", include("cms.api_urls")),
    # The API's description: OpenAPI 3 at /api/schema/, readable at /api/docs/ (the canonical addresses); the
    # first addresses under /api/v1/ still answer the same.
    path("api/schema/", SpectacularAPIView.as_view(), name="api_schema"),
    path("api/docs/", api_docs_view, name="api_docs"),
    path("api/v1/schema/", SpectacularAPIView.as_view(), name="api_schema_v1"),
    path("api/v1/docs/", api_docs_view, name="api_docs_v1"),
    # Anything else under /api/v1/ is the API's JSON 404, not the site's HTML page. Only paths ending in a slash:
    # without one, Django's APPEND_SLASH still redirects /api/v1/categories to /api/v1/categories/.
    re_path(r"^api/v1/.+/$", api_not_found, name="api_not_found"),
    path("", include("cms.urls")),
    path("", include(wagtail_urls)),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns = static(settings.STATIC_URL, document_root=settings.STATIC_ROOT) + urlpatterns
