"""The offers' change log, written from Wagtail's page signals in the changing transaction."""

from django.db.models.signals import pre_delete
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from buyer_space.api import changes
from buyer_space.api.choices import OfferChangeKind
from catalogue.models import OfferPage


@receiver(page_published, sender=OfferPage, dispatch_uid="buyer_space.api.offer_published")
def offer_published(sender, instance, **kwargs):
    changes.record_published(instance)


@receiver(page_unpublished, sender=OfferPage, dispatch_uid="buyer_space.api.offer_unpublished")
def offer_unpublished(sender, instance, **kwargs):
    changes.record_gone(instance, OfferChangeKind.UNPUBLISHED)


@receiver(pre_delete, sender=OfferPage, dispatch_uid="buyer_space.api.offer_deleted")
def offer_deleted(sender, instance, **kwargs):
    changes.record_gone(instance, OfferChangeKind.DELETED)
