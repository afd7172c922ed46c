"""``/aide/webconferences/calendrier.ics``: the public webconferences, each at its time."""

from datetime import timedelta

from django.conf import settings
from django.utils.translation import gettext as _

from espace_site.ical import Event, calendar_response

from .models import WebconferencePage


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
