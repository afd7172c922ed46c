"""Keep the search index and the anonymous page cache in step with editorial changes."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.search import index
from wagtail.signals import page_published, page_unpublished

from espace_site.cache import purge_page_cache

from .models import Holder, Lot, PurchaseFamily

page_published.connect(purge_page_cache, dispatch_uid="catalogue-purge-on-publish")
page_unpublished.connect(purge_page_cache, dispatch_uid="catalogue-purge-on-unpublish")
for model in (Holder, Lot, PurchaseFamily):
    post_save.connect(purge_page_cache, sender=model, dispatch_uid=f"purge-{model.__name__}")
    post_delete.connect(purge_page_cache, sender=model, dispatch_uid=f"purge-del-{model.__name__}")


@receiver(post_save, sender=Lot)
@receiver(post_delete, sender=Lot)
def reindex_offer_of_lot(sender, instance, **kwargs):
    index.insert_or_update_object(instance.offer)


@receiver(post_save, sender=Holder)
def reindex_offers_of_holder(sender, instance, created, **kwargs):
    if created:
        return
    from .models import OfferPage

    for offer in OfferPage.objects.filter(lots__holder=instance).distinct():
        index.insert_or_update_object(offer)
