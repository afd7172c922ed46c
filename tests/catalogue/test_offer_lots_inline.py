"""The offer editor: lots and their holders edited on the offer itself (saved with its
revisions), a new holder created from the lot's chooser, the lots' snippet list read-only."""

import warnings

import pytest
from django.urls import reverse
from django.utils.deprecation import RemovedInDjango60Warning
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from catalogue.choices import AccessMode
from catalogue.models import Holder, Lot, OfferPage
from catalogue.wagtail_hooks import HolderViewSet

pytestmark = pytest.mark.django_db


def offer_form(**overrides):
    data = {
        "title": "Retro-alvéolaire - CEFLA",
        "slug": "retro-alveolaire-2",
        "reference": "2021-058-007-000-00000001",
        "start_date": "2021-09-28",
        "end_date": "2099-09-27",
        "access_mode": AccessMode.WHOLESALE,
        "family": "",
        "summary": "Acquisition de retro-alvéolaire.",
        "body": streamfield([]),
        "video_url": "",
        "advantages": rich_text(""),
        "pricing": rich_text(""),
        "lots": inline_formset([]),
        "documents": inline_formset([]),
        "beneficiary_steps": streamfield([]),
        "action-publish": "action-publish",
    }
    data.update(overrides)
    return nested_form_data(data)


def add_url(sector):
    return reverse("wagtailadmin_pages:add", args=["catalogue", "offerpage", sector.pk])


def test_the_offer_editor_edits_its_lots_inline(admin_client, catalogue):
    sector = OfferPage.objects.get(slug="retro-alveolaire").get_parent()
    html = admin_client.get(add_url(sector)).content.decode()
    assert "Lots et titulaires" in html
    assert 'name="lots-TOTAL_FORMS"' in html

    cefla, upcoop = catalogue.holders["cefla"], catalogue.holders["upcoop"]
    lots = inline_formset(
        [
            {"number": "1", "title": "Capteurs numériques", "holder": str(cefla.pk)},
            {"number": "2", "title": "Logiciels d'imagerie", "holder": str(upcoop.pk)},
        ]
    )
    response = admin_client.post(add_url(sector), offer_form(lots=lots))
    assert response.status_code == 302, response.content.decode()[:3000]

    offer = OfferPage.objects.get(slug="retro-alveolaire-2")
    assert [(lot.number, lot.title, lot.holder) for lot in offer.lots.order_by("number")] == [
        (1, "Capteurs numériques", cefla),
        (2, "Logiciels d'imagerie", upcoop),
    ]
    # Saved with the revision: the lots are in it, and the public page shows them.
    assert len(offer.live_revision.content["lots"]) == 2
    page = admin_client.get(offer.url).content.decode()
    assert "Lot 2 – Logiciels d&#x27;imagerie" in page


def test_a_duplicate_lot_number_is_refused_and_nothing_is_lost(admin_client, catalogue):
    sector = OfferPage.objects.get(slug="retro-alveolaire").get_parent()
    holder = catalogue.holders["cefla"]
    lots = inline_formset(
        [
            {"number": "1", "title": "Capteurs", "holder": str(holder.pk)},
            {"number": "1", "title": "Doublon", "holder": str(holder.pk)},
        ]
    )
    response = admin_client.post(add_url(sector), offer_form(lots=lots))
    assert response.status_code == 200
    assert not OfferPage.objects.filter(slug="retro-alveolaire-2").exists()
    html = response.content.decode()
    assert "Doublon" in html and "Capteurs" in html


def test_the_holder_chooser_creates_a_holder(admin_client):
    chooser = HolderViewSet().chooser_viewset
    url = reverse(f"{chooser.name}:create")
    data = {
        "name": "NOUVEAU TITULAIRE",
        "contact_name": "Inès Roy",
        "email": "ines@t.example",
        "website": "www.titulaire.example",
    }
    with warnings.catch_warnings():
        # Django 5's warning about the default scheme of an address typed without one.
        warnings.simplefilter("error", RemovedInDjango60Warning)
        response = admin_client.post(url, data)
    assert response.status_code == 200
    assert response.json()["step"] == "chosen"
    holder = Holder.objects.get(name="NOUVEAU TITULAIRE")
    assert holder.contact_name == "Inès Roy"
    assert holder.website == "https://www.titulaire.example"


def test_the_lot_snippets_are_listed_not_edited(admin_client, catalogue):
    lot = Lot.objects.first()
    assert admin_client.get(reverse("wagtailsnippets_catalogue_lot:list")).status_code == 200
    assert admin_client.get(reverse("wagtailsnippets_catalogue_lot:add")).status_code in (302, 403)
    edit = reverse("wagtailsnippets_catalogue_lot:edit", args=[lot.pk])
    assert admin_client.get(edit).status_code in (302, 403)
    assert admin_client.post(edit, {"title": "Modifié"}).status_code in (302, 403)
    lot.refresh_from_db()
    assert lot.title != "Modifié"
