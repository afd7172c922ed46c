"""The anonymous page cache: what it serves, to whom, and when it forgets."""

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.http import HttpResponse
from django.urls import include, path
from django.views.decorators.cache import cache_control

from espace_site import urls as site_urls
from tests.factories.catalogue import OfferPageFactory, SectorPageFactory
from tests.factories.help import ContactPageFactory, RegionalCorrespondentFactory

CALLS = {"count": 0}


def counted(view):
    def wrapper(request):
        CALLS["count"] += 1
        return view(request)

    return wrapper


@counted
def plain_view(request):
    return HttpResponse("bonjour")


@counted
def cookie_view(request):
    response = HttpResponse("avec cookie")
    response.set_cookie("preference", "1")
    return response


@counted
@cache_control(private=True)
def private_view(request):
    return HttpResponse("privé")


@counted
def not_found_view(request):
    return HttpResponse("introuvable", status=404)


urlpatterns = [
    path("test-cache/plain/", plain_view),
    path("test-cache/cookie/", cookie_view),
    path("test-cache/private/", private_view),
    path("test-cache/missing/", not_found_view),
    path("", include(site_urls)),
]


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 300
    cache.clear()
    CALLS["count"] = 0
    yield
    cache.clear()


@pytest.fixture
def offer(page_tree):
    sector = SectorPageFactory(parent=page_tree["catalogue"])
    return OfferPageFactory(parent=sector, title="Fourniture de gants")


@pytest.fixture
def staff_user(db):
    return get_user_model().objects.create_superuser("editrice", "editrice@example.fr", "secret")


def test_second_anonymous_request_is_served_from_the_cache(
    client, offer, django_assert_num_queries
):
    first = client.get(offer.url)
    assert first.status_code == 200

    with django_assert_num_queries(0):
        second = client.get(offer.url)

    assert second.status_code == 200
    assert second.content == first.content


def test_each_query_string_has_its_own_entry(client, page_tree):
    assert b"gants" in client.get("/offres/?q=gants").content

    assert b"blouses" in client.get("/offres/?q=blouses").content


@pytest.mark.urls("tests.test_page_cache")
def test_plain_view_is_cached_for_anonymous_visitors(client):
    client.get("/test-cache/plain/")
    client.get("/test-cache/plain/")
    assert CALLS["count"] == 1


def test_logged_in_user_never_gets_a_cached_page(client, offer, staff_user):
    anonymous = client.get(offer.url)
    assert b"wagtail-userbar" not in anonymous.content

    client.force_login(staff_user)
    logged_in = client.get(offer.url)

    # Rendered for the editor (with the Wagtail user bar), not the anonymous copy.
    assert b"wagtail-userbar" in logged_in.content


def test_page_rendered_for_a_logged_in_user_is_never_stored(client, offer, staff_user):
    client.force_login(staff_user)
    client.get(offer.url)
    client.logout()
    client.cookies.clear()

    anonymous = client.get(offer.url)

    assert b"wagtail-userbar" not in anonymous.content


@pytest.mark.urls("tests.test_page_cache")
def test_request_with_a_session_cookie_bypasses_the_cache(client, settings):
    client.get("/test-cache/plain/")
    client.cookies[settings.SESSION_COOKIE_NAME] = "une-session"
    client.get("/test-cache/plain/")
    assert CALLS["count"] == 2


@pytest.mark.urls("tests.test_page_cache")
@pytest.mark.parametrize(
    "url", ["/test-cache/cookie/", "/test-cache/private/", "/test-cache/missing/"]
)
def test_responses_that_set_cookies_are_private_or_not_ok_are_not_cached(client, db, url):
    client.get(url)
    client.cookies.clear()
    client.get(url)
    assert CALLS["count"] == 2


@pytest.mark.urls("tests.test_page_cache")
def test_post_requests_are_never_cached(client):
    client.post("/test-cache/plain/")
    client.post("/test-cache/plain/")
    assert CALLS["count"] == 2


@pytest.mark.urls("tests.test_page_cache")
def test_cache_is_off_when_its_duration_is_zero(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    client.get("/test-cache/plain/")
    client.get("/test-cache/plain/")
    assert CALLS["count"] == 2


def test_publishing_a_page_purges_the_cache(client, offer):
    assert b"Fourniture de gants" in client.get(offer.url).content

    offer.title = "Fourniture de gants nitrile"
    offer.save_revision().publish()

    assert b"Fourniture de gants nitrile" in client.get(offer.url).content


def test_saving_a_draft_keeps_the_cached_page(client, offer, django_assert_num_queries):
    client.get(offer.url)
    offer.title = "Brouillon non publié"
    offer.save_revision()

    with django_assert_num_queries(0):
        response = client.get(offer.url)
    assert b"Brouillon non publi" not in response.content


def test_unpublishing_a_page_purges_the_cache(client, offer):
    assert client.get(offer.url).status_code == 200

    offer.unpublish()

    assert client.get(offer.url).status_code == 404


def test_deleting_a_page_purges_the_cache(client, offer):
    url = offer.url
    assert client.get(url).status_code == 200

    offer.delete()

    assert client.get(url).status_code == 404


def test_changing_a_regional_correspondent_purges_the_cache(client, help_index):
    contacts = ContactPageFactory(parent=help_index)
    correspondent = RegionalCorrespondentFactory(name="Anne Leclerc")
    assert b"Anne Leclerc" in client.get(contacts.url).content

    correspondent.name = "Anne Leclerc-Morin"
    correspondent.save()

    assert b"Anne Leclerc-Morin" in client.get(contacts.url).content


def test_changing_a_holder_purges_the_cache(client, offer):
    from tests.factories.catalogue import HolderFactory, LotFactory

    holder = HolderFactory(name="Gantier Martin")
    LotFactory(offer=offer, holder=holder)
    assert b"Gantier Martin" in client.get(offer.url).content

    holder.name = "Gantier Martin et Fils"
    holder.save()

    assert b"Gantier Martin et Fils" in client.get(offer.url).content


def test_making_a_page_private_purges_the_cache(client, offer):
    from wagtail.models import PageViewRestriction

    assert client.get(offer.url).status_code == 200

    PageViewRestriction.objects.create(page=offer, restriction_type=PageViewRestriction.LOGIN)

    assert client.get(offer.url).status_code == 302  # to the login page, not the cached copy


def test_an_api_answer_is_stored_as_its_content_only(client, offer):
    from django.http import HttpResponse
    from rest_framework.response import Response

    url = "/api/v2/pages/?type=catalogue.OfferPage&fields=reference"
    first = client.get(url)
    second = client.get(url)

    assert isinstance(first, Response)  # rendered by the API, with its data
    assert type(second) is HttpResponse  # from the cache: status, headers and content only
    assert second.content == first.content
    assert second["Content-Type"] == "application/json"
    assert second["Vary"] == first["Vary"]


def test_a_lost_version_key_never_brings_back_older_entries(client, offer):
    from espace_site.cache import VERSION_KEY, content_version

    first = content_version()
    client.get(offer.url)  # cached under the first version
    cache.delete(VERSION_KEY)  # evicted, or the cache server restarted with old entries kept

    assert content_version() > first


def test_a_request_reads_the_content_version_once(client, offer, monkeypatch):
    """The page cache, the routing snapshot and the catalogue's families share one read."""
    from espace_site import cache as page_cache

    reads = []
    get_or_set = page_cache.cache.get_or_set
    monkeypatch.setattr(
        page_cache.cache,
        "get_or_set",
        lambda key, *args, **kwargs: reads.append(key) or get_or_set(key, *args, **kwargs),
    )

    assert client.get("/offres/?famille=inconnue").status_code == 200

    assert reads.count(page_cache.VERSION_KEY) == 1
