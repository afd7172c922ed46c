"""The headless API router (Wagtail API v2 at /api/v2/).

Pages: live pages without any view restriction, with the offer filters (``famille``, ``mode``,
``statut``). Documents: public documents only. Images: Wagtail's endpoint.
"""

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.images.api.v2.views import ImagesAPIViewSet

from catalogue.api.views import CataloguePagesAPIViewSet, PublicDocumentsAPIViewSet

api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", CataloguePagesAPIViewSet)
api_router.register_endpoint("images", ImagesAPIViewSet)
api_router.register_endpoint("documents", PublicDocumentsAPIViewSet)
