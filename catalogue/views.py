"""Context builders of the catalogue pages, called from each page model's ``get_context``.

Every builder runs a fixed number of queries, whatever the size of the catalogue: the families
come with the offers (``select_related``), statuses are computed in Python, and the lists are
cut into pages in the database.
"""

import hashlib
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.db.models import Case, Count, IntegerField, Value, When
from django.http import Http404
from django.shortcuts import resolve_url
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.dates import MONTHS
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from wagtail.documents.views.serve import serve as wagtail_serve_document

from espace_site import pagination
from espace_site.cache import cached_for_content
from espace_site.ical import calendar_response

from .choices import AccessMode, DocumentVisibility
from .content import BENEFICIARY_STEPS, DOCUMENT_KIND_LABELS, RESTRICTED_DOCUMENT_LABELS
from .feeds import OFFER_FIELDS, offer_events
from .forms import CatalogueFilterForm, full_text_terms, looks_like_reference
from .hooks import collect_document_access_help, collect_offer_sections
from .models import OfferPage, OfferPageDocument, PurchaseFamily
from .visibility import public_pages

OFFERS_PER_PAGE = 20
CALENDAR_YEARS_AROUND = 10


def serve_document(request, document_id, document_filename):
    """Wagtail's document view; a restricted document's response is kept out of every cache,
    and an empty ETag (a document without its hash) is not sent.

    Access itself is decided in the ``before_serve_document`` hook (``wagtail_hooks.py``).
    """
    response = wagtail_serve_document(request, document_id, document_filename)
    if response.get("ETag") == '""':  # a document saved before its hash was kept
        del response["ETag"]
    if getattr(request, "catalogue_restricted_document", False):
        patch_cache_control(response, private=True, no_store=True)
    return response


def login_url(request):
    """The login page, bringing the visitor back to where they are."""
    return f"{resolve_url(settings.LOGIN_URL)}?{urlencode({'next': request.get_full_path()})}"


def purchase_families(request=None):
    """The purchase families, read once per content version (every change to a family moves
    it on: ``catalogue.signals``) rather than once per catalogue page."""
    return cached_for_content(
        request, "catalogue-families", lambda: list(PurchaseFamily.objects.all())
    )


def published_offers(request=None):
    """Live offers outside every private section (``catalogue.visibility``)."""
    return public_pages(OfferPage.objects.all(), request)


# What an offer card reads (``components/offer_list.html``, the plugins' card actions) and Wagtail
# needs for its URL: loading only these makes each offer of a list cheaper to build.
# (Test: tests/catalogue/test_query_counts.py, where reading any other field would add a query
# per card.)
CARD_FIELDS = (
    "title",
    "url_path",
    "live",
    "reference",
    "summary",
    "start_date",
    "end_date",
    "access_mode",
    "family__name",
    "family__slug",
)


def as_cards(queryset):
    """Offers as the cards of a list show them, with their family."""
    return queryset.select_related("family").only(*CARD_FIELDS)


def with_status_rank(queryset, today):
    """Order offers available first, then upcoming, then expired."""
    return queryset.annotate(
        status_rank=Case(
            When(start_date__gt=today, then=Value(1)),
            When(end_date__lt=today, then=Value(2)),
            default=Value(0),
            output_field=IntegerField(),
        )
    ).order_by("status_rank", "title", "pk")


def filter_offers(queryset, filters, families_by_slug, today):
    """Apply the family, mode and status filters (the ORM lookups the search backend accepts)."""
    if family := families_by_slug.get(filters.get("famille")):
        queryset = queryset.filter(family_id=family.pk)
    if mode := filters.get("mode"):
        queryset = queryset.filter(access_mode=mode)
    if status := filters.get("statut"):
        queryset = queryset.with_status(status, today=today)
    return queryset


def search_offers(queryset, query):
    """Offers matching ``query`` when it is a reference prefix, all of them without a query.

    A full-text query goes through :func:`_full_text_results` instead.
    """
    if not query:
        return queryset
    return queryset.filter(reference__istartswith=query)


def ordered_results(queryset, query, today):
    """A reference search in reference order, the rest available first (see above)."""
    if query:
        return queryset.order_by("reference")
    return with_status_rank(queryset, today)


def family_counts(results):
    """{family id: number of offers} in one aggregate query."""
    rows = results.order_by().values("family").annotate(count=Count("pk"))
    return {row["family"]: row["count"] for row in rows}


def paginate(items, page_number, per_page=OFFERS_PER_PAGE, count=None):
    return pagination.paginate(items, page_number, per_page, count=count)


def _full_text_results(without_family, query, selected_family, page_number):
    """A full-text search through the search backend: the facets (one aggregate over the
    matches), then the displayed page of the matches, most relevant first."""
    terms = full_text_terms(query)
    if not terms:
        page_obj, window = paginate([], page_number)
        return page_obj, window, {}
    # (The counts need no ranking.)
    counts = without_family.search(terms, operator="and", order_by_relevance=False).facet(
        "family_id"
    )
    if selected_family is None:
        results, count = without_family, sum(counts.values())
    else:
        results = without_family.filter(family_id=selected_family.pk)
        count = counts.get(selected_family.pk, 0)
    results = as_cards(results).search(terms, operator="and")
    page_obj, window = paginate(results, page_number, count=count)
    return page_obj, window, counts


def _listing_name(kind, page, *parts):
    """A cache name for a list of offers, from what decides it."""
    text = "|".join(str(part) for part in parts)
    return f"{kind}:{page.pk}:{hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()}"


def _kept(page_obj, ids, counts=None):
    """What is kept of a page of results: the ids of its offers, its number, the total count
    and the facet counts."""
    return {
        "ids": ids,
        "number": page_obj.number,
        "count": page_obj.paginator.count,
        "counts": counts or {},
    }


def _cards_of(listing):
    """``(page, window)`` of the offers a kept listing names, as cards, in its order: one
    query, run only if the cards are rendered (an anonymous visitor's list of cards is a
    cached fragment)."""
    ids = listing["ids"]
    order = Case(*(When(pk=pk, then=Value(n)) for n, pk in enumerate(ids)), default=Value(0))
    offers = as_cards(OfferPage.objects.filter(pk__in=ids)).order_by(order)
    return pagination.page_of(offers, listing["number"], OFFERS_PER_PAGE, listing["count"])


def _catalogue_listing(request, filters, selected_family, families_by_slug, page_number, today):
    """The displayed page of results and the facet counts, built by the search backend or the
    ORM (see above)."""
    query = filters.get("q", "")
    offers = published_offers(request)
    # Facets count the offers of each family under the other filters; the results are those of
    # the selected family, or all of them: their count comes with the facets.
    without_family = filter_offers(offers, {**filters, "famille": None}, families_by_slug, today)
    if query and not looks_like_reference(query):
        page_obj, _window, counts = _full_text_results(
            without_family, query, selected_family, page_number
        )
        return _kept(page_obj, [offer.pk for offer in page_obj.object_list], counts)
    results = ordered_results(
        search_offers(filter_offers(offers, filters, families_by_slug, today), query),
        query,
        today,
    )
    counts = family_counts(search_offers(without_family, query))
    if selected_family is None:
        result_count = sum(counts.values())
    else:
        result_count = counts.get(selected_family.pk, 0)
    page_obj, _window = paginate(results.values("pk"), page_number, count=result_count)
    return _kept(page_obj, [row["pk"] for row in page_obj.object_list], counts)


def catalogue_context(request, page):
    """The catalogue's filters, facets and page of results. What the results are depends on
    published content and the day only: the facet counts and the ids of the displayed offers
    are kept per content version, day and filters (every visitor sees the same public
    offers); the offers of the page are then read in one query."""
    today = timezone.localdate()
    families = purchase_families(request)
    families_by_slug = {family.slug: family for family in families}
    form = CatalogueFilterForm(request.GET or None, families=families)
    filters = form.filters()
    selected_family = families_by_slug.get(filters.get("famille"))
    page_number = form.page_number()

    name = _listing_name("catalogue-listing", page, today, sorted(filters.items()), page_number)
    listing = cached_for_content(
        request,
        name,
        lambda: _catalogue_listing(
            request, filters, selected_family, families_by_slug, page_number, today
        ),
    )
    counts = listing["counts"]
    page_obj, window = _cards_of(listing)

    family_facets = [
        {
            "family": family,
            "count": counts.get(family.pk, 0),
            "selected": family == selected_family,
            "query": urlencode({**filters, "famille": family.slug}),
        }
        for family in families
        if counts.get(family.pk) or family == selected_family
    ]
    return {
        "filter_form": form,
        "form_errors": form.visible_errors(),
        "filters": filters,
        "has_filters": bool(filters),
        "filter_query": urlencode(filters),
        "facet_all_query": urlencode({k: v for k, v in filters.items() if k != "famille"}),
        "selected_family": selected_family,
        "family_facets": family_facets,
        "offers": page_obj,
        "page_window": window,
        "result_count": page_obj.paginator.count,
        "today": today,
    }


def sector_context(request, page):
    """A filière's page of offers, kept per content version and day like the catalogue's."""
    today = timezone.localdate()
    families = {family.pk: family for family in purchase_families(request)}
    page_number = request.GET.get("page", "1")
    page_number = page_number if page_number.isdigit() else 1

    def build():
        offers = with_status_rank(published_offers(request).child_of(page), today)
        page_obj, _window = paginate(offers.values("pk"), page_number)
        return _kept(page_obj, [row["pk"] for row in page_obj.object_list])

    name = _listing_name("sector-listing", page, today, page_number)
    page_obj, window = _cards_of(cached_for_content(request, name, build))
    return {
        "offers": page_obj,
        "page_window": window,
        "result_count": page_obj.paginator.count,
        "filter_query": "",
        "today": today,
        "family": families.get(page.family_id),
    }


def _offer_documents(request, page):
    """The offer's documents in the editor's order, read once per content version (a document
    or an offer saved moves it on); a preview shows the page's own, unsaved links."""
    if getattr(request, "is_preview", False):
        return [link.document for link in page.documents.all()]
    links = OfferPageDocument.objects.filter(page_id=page.pk).select_related("document")
    return cached_for_content(
        request, f"offer-documents:{page.pk}", lambda: [link.document for link in links]
    )


def _document_rows(request, page):
    """The documents as this visitor may use them (the rights are checked on every request)."""
    user = request.user
    rows = []
    for document in _offer_documents(request, page):
        extension = document.file_extension.lower()
        rows.append(
            {
                "document": document,
                "kind": DOCUMENT_KIND_LABELS.get(extension, extension),
                "downloadable": user.has_perm("catalogue.download_document", document),
                "restriction": RESTRICTED_DOCUMENT_LABELS.get(document.visibility, ""),
                "is_public": document.visibility == DocumentVisibility.PUBLIC,
            }
        )
    if user.is_authenticated:
        closed = [row["document"] for row in rows if not row["downloadable"]]
        helps = collect_document_access_help(request, page, closed)
        for row in rows:
            row["help"] = helps.get(row["document"].pk)
    return rows


def _video(url):
    if not url:
        return None
    is_file = urlsplit(url).path.lower().endswith((".mp4", ".webm"))
    return {"url": url, "is_file": is_file}


def offer_context(request, page):
    """What the offer page shows for this visitor; the holders and the other sections every
    visitor sees are read by the template, in fragments cached per content version."""
    today = timezone.localdate()
    families = {family.pk: family for family in purchase_families(request)}
    # Read only if the page is rendered, not when an anonymous visitor's content is a cached
    # fragment (``catalogue/offer_page.html``).
    extra_sections = SimpleLazyObject(lambda: collect_offer_sections(request, page))
    document_rows = SimpleLazyObject(lambda: _document_rows(request, page))
    is_wholesale = page.access_mode == AccessMode.WHOLESALE
    return {
        "today": today,
        "status": page.get_status(today),
        "family": families.get(page.family_id),
        "document_rows": document_rows,
        "wholesale_start": (
            SimpleLazyObject(lambda: _wholesale_start(request, page, document_rows))
            if is_wholesale
            else None
        ),
        "default_steps": BENEFICIARY_STEPS.get(page.access_mode, []),
        "video": _video(page.video_url),
        "login_url": login_url(request),
        "extra_sections": extra_sections,
        "is_wholesale": is_wholesale,
    }


def _wholesale_start(request, page, document_rows):
    """The guide's first step of a grossiste offer, for a logged-in buyer: the holder's general
    conditions (*CGE*, among the offer's documents) and its contacts, side by side."""
    if not request.user.is_authenticated:
        return {}
    return {
        "cge_rows": [row for row in document_rows if "CGE" in row["document"].title.upper()],
        "holders": page.holders_with_lots,
    }


def _calendar_year(value, default):
    try:
        year = int(value)
    except (TypeError, ValueError):
        return default
    return year if 1900 <= year <= 2200 else default


def calendar_context(request, page):
    current_year = timezone.localdate().year
    year = _calendar_year(request.GET.get("annee"), current_year)
    offers = published_offers(request).select_related("family")
    months = [{"number": n, "name": MONTHS[n], "starting": [], "ending": []} for n in range(1, 13)]
    for offer in offers.filter(start_date__year=year).order_by("start_date", "title"):
        months[offer.start_date.month - 1]["starting"].append(offer)
    for offer in offers.filter(end_date__year=year).order_by("end_date", "title"):
        months[offer.end_date.month - 1]["ending"].append(offer)
    first = min(year, current_year) - CALENDAR_YEARS_AROUND
    last = max(year, current_year) + CALENDAR_YEARS_AROUND
    return {
        "year": year,
        "years": range(first, last + 1),
        "previous_year": year - 1 if year > 1900 else None,
        "next_year": year + 1 if year < 2200 else None,
        "months": months,
        "offer_total": len({o.pk for m in months for o in m["starting"] + m["ending"]}),
    }


def offer_calendar(request):
    """``/offres/calendrier.ics``: every public offer's dates, or one family's
    (``?famille=<slug>``; an unknown family answers 404)."""
    offers = published_offers(request).select_related("family").only(*OFFER_FIELDS)
    name = _("Offres de la centrale d'achat")
    slug = request.GET.get("famille")
    if slug:
        family = PurchaseFamily.objects.filter(slug=slug[:100]).first()
        if family is None:
            raise Http404(_("Famille d'achat inconnue."))
        offers = offers.filter(family=family)
        name = _("Offres – %(family)s") % {"family": family.name}
    events = offer_events(offers.order_by("start_date", "pk"), request)
    return calendar_response(name, events, "offres.ics")
