"""``/offres/changements``: created, updated, unpublished and deleted offers in order of change,
with an opaque cursor; a consumer who polls never misses nor repeats a change."""

import pytest

from buyer_space.api.models import OfferChange
from tests.factories.catalogue import OfferPageFactory

pytestmark = pytest.mark.django_db
FEED = "/offres/changements"


def _publish(page):
    page.save_revision().publish()


def _poll(call, cursor=None, limit=100):
    query = f"?limit={limit}" + (f"&curseur={cursor}" if cursor else "")
    response = call("get", f"{FEED}{query}")
    assert response.status_code == 200, response.content
    return response.json()


def test_the_feed_tells_each_change_once_in_order(catalogue_index, call):
    offer = OfferPageFactory(parent=catalogue_index, live=False)
    _publish(offer)
    first = _poll(call)
    assert [(c["offre_id"], c["type"]) for c in first["changements"]] == [(offer.pk, "created")]
    assert first["changements"][0]["url"].endswith(f"/{offer.slug}/")
    cursor = first["curseur_suivant"]
    assert _poll(call, cursor)["changements"] == []  # nothing new: nothing repeated

    offer.title = "Offre renommée"
    _publish(offer)
    offer.refresh_from_db()
    offer.unpublish()
    title, pk = offer.title, offer.pk
    offer.delete()
    later = _poll(call, cursor)
    assert [(c["offre_id"], c["type"], c["titre"]) for c in later["changements"]] == [
        (pk, "updated", title),
        (pk, "unpublished", title),
        (pk, "deleted", title),
    ]
    assert later["changements"][-1]["url"] is None  # a tombstone
    assert _poll(call, later["curseur_suivant"])["changements"] == []


def test_a_small_page_hands_over_to_the_next_without_gap(catalogue_index, call):
    offers = [OfferPageFactory(parent=catalogue_index, live=False) for _ in range(5)]
    for offer in offers:
        _publish(offer)
    seen, cursor = [], None
    while True:
        page = _poll(call, cursor, limit=2)
        seen += [c["offre_id"] for c in page["changements"]]
        cursor = page["curseur_suivant"]
        if not page["suite"]:
            break
    assert seen == [offer.pk for offer in offers]


def test_an_offer_of_a_private_section_stays_out(catalogue_index, call):
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(
        page=catalogue_index, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    offer = OfferPageFactory(parent=catalogue_index, live=False)
    _publish(offer)
    offer.delete()
    assert not OfferChange.objects.exists()


@pytest.mark.parametrize(
    "cursor", ["nimportequoi", "b2MxOi0x", "%%%", "b2MxOjk5OTk5OTk5OTk5OTk5OTk5OTk5OQ"]
)
def test_a_foreign_cursor_is_a_400(db, call, cursor):
    response = call("get", f"{FEED}?curseur={cursor}")
    assert response.status_code == 400
    assert "Curseur invalide" in response.json()["detail"]
