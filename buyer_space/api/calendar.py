"""The private calendar of a buyer's followed offers, at a secret address he can renew."""

from buyer_space.api.models import FollowedOffersCalendar, new_calendar_key
from buyer_space.notifications.models import Subscription
from catalogue.feeds import OFFER_FIELDS
from catalogue.models import OfferPage
from catalogue.visibility import public_pages


def calendar_of(user):
    return FollowedOffersCalendar.objects.get_or_create(user=user)[0]


def renew(user):
    calendar = calendar_of(user)
    calendar.key = new_calendar_key()
    calendar.save(update_fields=["key", "created_at"])
    return calendar


def followed_offers(user):
    """The public offers ``user`` follows (one query)."""
    followed = Subscription.objects.filter(user=user).values("offer_id")
    return (
        public_pages(OfferPage.objects.filter(pk__in=followed))
        .select_related("family")
        .only(*OFFER_FIELDS)
        .order_by("start_date", "pk")
    )
