"""Context builders of the catalogue pages (filled in with the catalogue views)."""


def catalogue_context(request, page):
    return {}


def sector_context(request, page):
    return {}


def offer_context(request, page):
    return {}


def calendar_context(request, page):
    return {}
