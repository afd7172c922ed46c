"""Keep the search index and the anonymous page cache in step with editorial changes."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.search import index
from wagtail.signals import page_published, page_unpublished, post_page_move

from espace_site.cache import purge_page_cache

from .front_cache import purge_around_on_commit
from .models import CatalogueDocument, Holder, Lot, OfferPage, PurchaseFamily

page_published.connect(purge_page_cache, dispatch_uid="catalogue-purge-on-publish")
# The reverse proxy's cache: Wagtail purges the page itself, this what lists or shows it.
page_published.connect(purge_around_on_commit, dispatch_uid="catalogue-front-purge-on-publish")
page_unpublished.connect(purge_around_on_commit, dispatch_uid="catalogue-front-purge-on-unpub")
page_unpublished.connect(purge_page_cache, dispatch_uid="catalogue-purge-on-unpublish")
post_page_move.connect(purge_page_cache, dispatch_uid="catalogue-purge-on-move")
# Deleting a page of any type deletes its ``Page`` row: one receiver covers them all.
post_delete.connect(purge_page_cache, sender=Page, dispatch_uid="catalogue-purge-on-page-delete")
# What pages show without being pages (snippets, documents), the sites, and the view restrictions
# (a page made private must leave the cache at once; routing reads the restricted sections
# under the same version). The help snippet is named lazily: the catalogue imports nothing from
# the help app.
PURGING_MODELS = (
    Holder,
    Lot,
    PurchaseFamily,
    CatalogueDocument,
    Site,
    PageViewRestriction,
    "help.RegionalCorrespondent",
)
for model in PURGING_MODELS:
    name = model if isinstance(model, str) else model.__name__
    post_save.connect(purge_page_cache, sender=model, dispatch_uid=f"purge-{name}")
    post_delete.connect(purge_page_cache, sender=model, dispatch_uid=f"purge-del-{name}")


@receiver(post_save, dispatch_uid="catalogue-purge-on-new-live-page")
def purge_on_new_live_page(sender, instance, created, **kwargs):
    """A page created live (in code: ``add_child`` makes a live page) or as an alias (which
    takes its source's view restrictions) comes with no publication signal: the lists and
    restrictions kept per content version must see it at once."""
    if created and isinstance(instance, Page) and (instance.live or instance.alias_of_id):
        purge_page_cache()


@receiver(post_save, sender=Lot)
@receiver(post_delete, sender=Lot)
def reindex_offer_of_lot(sender, instance, **kwargs):
    index.insert_or_update_object(instance.offer)


@receiver(post_save, sender=Holder)
def reindex_offers_of_holder(sender, instance, created, **kwargs):
    if created:
        return
    for offer in OfferPage.objects.filter(lots__holder=instance).distinct():
        index.insert_or_update_object(offer)
