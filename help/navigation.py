"""Links from the help section to the catalogue, found by page type.

The help app only knows the catalogue's page types by name (``apps.get_model``), so the help
pages keep working, with fewer links, whatever the catalogue offers.
"""

from django.apps import apps
from django.contrib.contenttypes.models import ContentType

from catalogue.visibility import public_pages

CATALOGUE_PAGE_TYPES = {
    "sectors": ("catalogue", "CatalogueIndexPage"),
    "calendar": ("catalogue", "OfferCalendarPage"),
}


def catalogue_links(home_path, request=None):
    """The live public catalogue pages under the page at ``home_path``, by key.

    Keys are ``sectors`` and ``calendar``; a key is missing when its page does not exist or is
    unpublished or private. One query.
    """
    models = {}
    for key, (app_label, model_name) in CATALOGUE_PAGE_TYPES.items():
        try:
            models[key] = apps.get_model(app_label, model_name)
        except LookupError:
            continue
    if not models:
        return {}
    keys_by_content_type = {
        ContentType.objects.get_for_model(model).pk: key for key, model in models.items()
    }
    pages = (
        public_pages(request=request)
        .filter(path__startswith=home_path, content_type_id__in=keys_by_content_type)
        .order_by("path")
    )
    links = {}
    for page in pages:
        links.setdefault(keys_by_content_type[page.content_type_id], page)
    return links
