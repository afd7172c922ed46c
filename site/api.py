"""The headless API router (Wagtail API v2 at /api/v2/).

Pages: live pages without any view restriction, with the offer filters (``famille``, ``mode``,
``statut``). Documents: public documents only. Images: Wagtail's endpoint. All three answer a
400 with a JSON message to any bad query parameter.
"""

from wagtail.api.v2.router import WagtailAPIRouter

from catalogue.api.views import (
    CataloguePagesAPIViewSet,
    CheckedImagesAPIViewSet,
    PublicDocumentsAPIViewSet,
)

api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", CataloguePagesAPIViewSet)
api_router.register_endpoint("images", CheckedImagesAPIViewSet)
api_router.register_endpoint("documents", PublicDocumentsAPIViewSet)
