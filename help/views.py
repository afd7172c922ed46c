"""The help section's views outside Wagtail's pages: the public-sector pages every page's
footer links to (the accessibility statement, RGAA 4.1 model, and the legal notice, whose facts
are settings, ``LEGAL_NOTICE`` and ``ACCESSIBILITY``, so that each centre states its own without
editing a template), and the webconferences' calendar (``/aide/webconferences/calendrier.ics``)."""

from datetime import timedelta

from django.conf import settings
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from espace_site.ical import Event, calendar_response

from .models import WebconferencePage


class LegalPageView(TemplateView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["legal"] = settings.LEGAL_NOTICE
        context["accessibility"] = settings.ACCESSIBILITY
        return context


class AccessibilityStatementView(LegalPageView):
    template_name = "help/legal/accessibility.html"


class LegalNoticeView(LegalPageView):
    template_name = "help/legal/legal_notice.html"


def webconference_calendar(request):
    base = settings.PUBLIC_BASE_URL.rstrip("/")
    host = base.split("://", 1)[-1]
    pages = (
        WebconferencePage.objects.live()
        .public()
        .only("title", "url_path", "starts_at", "duration_minutes", "registration_url")
        .order_by("starts_at", "pk")
    )
    events = []
    for page in pages:
        url = page.get_url(request=request) or ""
        events.append(
            Event(
                uid=f"webconference-{page.pk}@{host}",
                summary=_("Webconférence – %(title)s") % {"title": page.title},
                start=page.starts_at,
                end=page.starts_at + timedelta(minutes=page.duration_minutes),
                url=f"{base}{url}" if url.startswith("/") else url,
                description=(
                    _("Inscription : %(url)s") % {"url": page.registration_url}
                    if page.registration_url
                    else ""
                ),
            )
        )
    return calendar_response(
        _("Webconférences de la centrale d'achat"), events, "webconferences.ics"
    )
