from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from django.views.generic import RedirectView
from django.views.i18n import JavaScriptCatalog
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from website.core import views as core_views
from website.search import views as search_views

# Language-neutral URLs: the admin, files, machine-readable endpoints.
urlpatterns = [
    # Staff log in through allauth (verified email, rate limits, two-factor), never through
    # Wagtail's own password-only form.
    path("admin/login/", RedirectView.as_view(pattern_name="account_login", query_string=True)),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", core_views.robots_txt, name="robots_txt"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("healthz", core_views.healthz, name="healthz"),
]

# Public and member pages: Chinese at /, English under /en/.
urlpatterns += i18n_patterns(
    path("auth/", include("website.accounts.auth_urls")),
    path("account/", include("website.accounts.urls")),
    path("account/", include("members.portal_urls")),
    path("search/", search_views.search, name="search"),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("members/", include("members.urls")),
    path("certification/", include("certification.urls")),
    path("events/", include("events.urls")),
    path("publications/", include("publications.urls")),
    # Wagtail's front-end login (where restricted pages and documents send visitors) is a
    # password-only form: it would skip two-factor, rate limits and email verification.
    path("_util/login/", RedirectView.as_view(pattern_name="account_login", query_string=True)),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns = static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT) + urlpatterns

handler403 = "website.core.views.permission_denied"
handler404 = "website.core.views.page_not_found"
handler500 = "website.core.views.server_error"
