"""The offers' calendar (``/offres/calendrier.ics``, whole or ``?famille=<slug>``): each public
offer from its start to its end date, an all-day event. Reused by the private feed of a buyer's
followed offers."""

from django.conf import settings
from django.utils.translation import gettext as _

from espace_site.ical import Event

OFFER_FIELDS = ("title", "url_path", "reference", "start_date", "end_date", "family__name")
HOST = settings.PUBLIC_BASE_URL.split("://", 1)[-1]


def offer_events(offers, request=None):
    """One event per offer (``offers`` loaded with :data:`OFFER_FIELDS`), no query each."""
    base = settings.PUBLIC_BASE_URL.rstrip("/")
    events = []
    for offer in offers:
        url = offer.get_url(request=request) or ""
        if url.startswith("/"):
            url = f"{base}{url}"
        family = offer.family.name if offer.family_id else ""
        events.append(
            Event(
                uid=f"offre-{offer.pk}@{HOST}",
                summary=_("Offre %(reference)s – %(title)s")
                % {"reference": offer.reference, "title": offer.title},
                start=offer.start_date,
                end=offer.end_date,
                url=url,
                description=_("Famille d'achat : %(family)s") % {"family": family}
                if family
                else "",
            )
        )
    return events
