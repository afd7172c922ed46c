from django.dispatch import receiver
from wagtail.signals import page_published

from buyer_space.notifications import services as notifications
from catalogue.models import OfferPage


@receiver(page_published, sender=OfferPage, dispatch_uid="buyer_space.notify_offer_changes")
def notify_offer_changes(sender, instance, revision=None, alias=False, **kwargs):
    """A published offer: its subscribers hear of its new dates and market documents."""
    if alias:
        return  # an alias repeats its original, whose own publication notified
    notifications.record_publication(instance, revision)
