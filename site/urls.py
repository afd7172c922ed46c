from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from catalogue import views as catalogue_views

from . import admin_reports, mfa
from .api import api_router
from .health import health

# A body too large for Django's parser answers 413 (French page), not 400.
handler400 = "espace_site.uploads.bad_request"

urlpatterns = [
    # The load balancer's probe (database, cache, broker): never cached, never logged.
    path("sante/", health, name="health"),
    # Wagtail's reports with the formula guard on their CSV (espace_site.admin_reports).
    path("admin/reports/", include(admin_reports.urlpatterns)),
    path("admin/", include(wagtailadmin_urls)),
    # Two-factor authentication (espace_site.mfa).
    path("securite/double-authentification/", mfa.setup, name="mfa_setup"),
    path("securite/double-authentification/verifier/", mfa.verify, name="mfa_verify"),
    # Wagtail's document view, marking restricted files private (access: catalogue.rules).
    path(
        "documents/<int:document_id>/<str:document_filename>",
        catalogue_views.serve_document,
        name="catalogue_document_serve",
    ),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v2/", api_router.urls),
    # The offers' calendar, at the demo tree's address of the catalogue (/offres/).
    path("offres/calendrier.ics", catalogue_views.offer_calendar, name="offer_calendar_ics"),
    # The footer's public-sector pages (accessibility statement, legal notice) and the
    # webconferences' calendar.
    path("", include("help.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Each installed plugin's pages (the account /compte/…, Mon espace /mon-espace/…), before Wagtail's
# catch-all.
urlpatterns += [path("", include(f"{plugin}.urls")) for plugin in settings.ESPACE_PLUGINS]

# Wagtail's page view (``wagtail_serve``) and the forms of restricted pages, last: a catch-all.
urlpatterns += [path("", include(wagtail_urls))]
