"""``manage.py seed_demo``: the demo site, built once whatever the number of runs."""

import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from wagtail import hooks
from wagtail.models import Page, Revision, Site

from catalogue.choices import AccessMode, DocumentVisibility
from catalogue.hooks import SEED_DEMO_HOOK
from catalogue.models import (
    CatalogueDocument,
    CatalogueIndexPage,
    Holder,
    HomePage,
    Lot,
    OfferCalendarPage,
    OfferPage,
    PurchaseFamily,
    SectorPage,
)
from catalogue.services.demo import ADMIN_PASSWORD, seed_catalogue
from help.models import (
    ContactPage,
    HelpIndexPage,
    HelpPage,
    RegionalCorrespondent,
    WebconferenceIndexPage,
    WebconferencePage,
)

pytestmark = pytest.mark.django_db


def seed(offers=6):
    out = io.StringIO()
    call_command("seed_demo", offers=offers, stdout=out)
    return out.getvalue()


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (
            Page,
            Revision,
            OfferPage,
            SectorPage,
            PurchaseFamily,
            Holder,
            Lot,
            CatalogueDocument,
            RegionalCorrespondent,
            Site,
            get_user_model(),
        )
    }


def test_a_second_run_changes_nothing():
    seed()
    first = counts()
    latest_change = Page.objects.order_by("-latest_revision_created_at").values_list(
        "latest_revision_created_at", flat=True
    )[0]

    seed()

    assert counts() == first
    assert first["OfferPage"] == 6
    assert (
        Page.objects.order_by("-latest_revision_created_at").values_list(
            "latest_revision_created_at", flat=True
        )[0]
        == latest_change
    )


def test_the_home_page_replaces_the_welcome_page_as_site_root(settings):
    settings.PUBLIC_BASE_URL = "https://achats.example"
    seed()

    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    # The public address's host and port (PUBLIC_BASE_URL), not the demo's localhost:8000.
    assert (site.hostname, site.port) == ("achats.example", 443)
    assert Site.objects.count() == 1
    assert not Page.objects.filter(depth=2).exclude(pk=site.root_page_id).exists()


def test_the_guides_intermediary_offer():
    seed()

    offer = OfferPage.objects.get(reference="2023-R087-000-000-0000000")
    assert offer.title == "Titres restaurant et cartes cadeaux"
    assert (offer.start_date, offer.end_date) == (
        datetime.date(2024, 1, 15),
        datetime.date(2027, 11, 1),
    )
    assert offer.access_mode == AccessMode.INTERMEDIARY
    assert offer.family.name == "Équipements généraux"
    assert offer.get_parent().specific.family == offer.family
    assert sorted(lot.holder.name for lot in offer.lots.all()) == ["BIMPLI", "UP COOP"]
    documents = {
        link.document.title: (link.document.file_extension, link.document.visibility)
        for link in offer.documents.select_related("document")
    }
    assert documents == {
        "2023-R087-002_DOCUMENTS DE MARCHÉ_UP COOP": ("zip", DocumentVisibility.FAMILY),
        "2023-R087-001_DOCUMENTS DE MARCHÉ_BIMPLI": ("zip", DocumentVisibility.FAMILY),
        "2023-R087-000-0000000_CCP": ("pdf", DocumentVisibility.MEMBERS),
        "2023-R087-000-0000000_CSAC": ("docx", DocumentVisibility.PUBLIC),
    }
    family_document = CatalogueDocument.objects.get(title__endswith="_UP COOP")
    assert family_document.family == offer.family
    assert family_document.updated_at.date() == datetime.date(2024, 2, 7)
    with family_document.file.open("rb") as file:
        assert file.read(2) == b"PK"
    assert offer.live and offer.live_revision is not None


def test_the_guides_wholesale_offer():
    seed()

    offer = OfferPage.objects.get(reference="2021-058-007-000-00000000")
    assert offer.title == "Retro-alvéolaire - CEFLA"
    assert (offer.start_date, offer.end_date) == (
        datetime.date(2021, 9, 28),
        datetime.date(2025, 9, 27),
    )
    assert offer.access_mode == AccessMode.WHOLESALE
    assert offer.family.name == "Biomédical"
    assert offer.summary.startswith("La centrale vous propose")
    assert [lot.holder.name for lot in offer.lots.all()] == ["CEFLA"]
    cge = offer.documents.get().document
    assert cge.title.endswith("_CGE") and cge.visibility == DocumentVisibility.PUBLIC
    with cge.file.open("rb") as file:
        assert file.read(5) == b"%PDF-"


def test_the_catalogue_help_and_contacts_are_built():
    output = seed()

    assert PurchaseFamily.objects.count() == 10
    assert {"Biomédical", "Bâtiment et énergie", "Dispositifs médicaux", "EHPAD"} <= set(
        PurchaseFamily.objects.values_list("name", flat=True)
    )
    catalogue = CatalogueIndexPage.objects.get(slug="offres")
    assert catalogue.title == "Les offres"
    assert SectorPage.objects.child_of(catalogue).count() == 10
    assert OfferCalendarPage.objects.child_of(catalogue).get().slug == "calendrier"
    assert Holder.objects.exclude(email__endswith=".example.fr").count() == 0

    help_index = HelpIndexPage.objects.get(slug="aide")
    assert {
        "Adhérer à la centrale d'achat",
        "Les offres de la centrale d'achat",
        "Créer un compte sur l'espace acheteur",
    } <= set(HelpPage.objects.child_of(help_index).values_list("title", flat=True))
    offers_help = HelpPage.objects.get(slug="les-offres")
    assert HelpPage.objects.child_of(offers_help).get().title == "Les modalités d'accès aux offres"
    assert [p.slug for p in help_index.get_children()][-2:] == ["contacts", "webconferences"]
    webconferences = WebconferenceIndexPage.objects.get(slug="webconferences")
    sessions = WebconferencePage.objects.child_of(webconferences)
    assert len([s for s in sessions if s.is_upcoming and s.registration_url]) == 3
    assert len([s for s in sessions if not s.is_upcoming and s.replay_url]) == 4
    assert ContactPage.objects.get(slug="contacts").director_name
    assert RegionalCorrespondent.objects.count() == 9
    assert not RegionalCorrespondent.objects.exclude(email__endswith="@centrale-achat.example")

    # Published with a revision, as an editor would have.
    assert not Page.objects.filter(depth__gt=1, live_revision__isnull=True).exists()
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser and admin.check_password(ADMIN_PASSWORD)
    assert ADMIN_PASSWORD in output


def test_the_demo_site_answers(client):
    seed()

    for url in ("/", "/offres/", "/offres/calendrier/", "/aide/", "/aide/contacts/"):
        assert client.get(url).status_code == 200, url
    offer = OfferPage.objects.get(reference="2023-R087-000-000-0000000")
    response = client.get(offer.url)
    assert response.status_code == 200
    assert "2023-R087-000-000-0000000" in response.content.decode()


def test_bulk_offers_are_a_sound_part_of_the_tree(client):
    seed_catalogue(offers=30, detailed=8)
    call_command("seed_demo", offers=30, stdout=io.StringIO())

    assert OfferPage.objects.count() == 30
    assert all(not problems for problems in Page.find_problems())
    for sector in SectorPage.objects.all():
        assert sector.numchild == sector.get_children().count()
    bulk_offer = OfferPage.objects.filter(live_revision__isnull=True).order_by("pk").last()
    assert bulk_offer is not None
    assert bulk_offer.family_id == bulk_offer.get_parent().specific.family_id
    assert bulk_offer.lots.exists() and bulk_offer.documents.exists()
    assert client.get(bulk_offer.url).status_code == 200
    found = OfferPage.objects.live().search(bulk_offer.title.split()[0])
    assert bulk_offer.pk in [offer.pk for offer in found]
    holder = bulk_offer.lots.first().holder.name
    assert bulk_offer.pk in [offer.pk for offer in OfferPage.objects.live().search(holder)]


def test_plugins_add_their_demo_data_through_the_hook():
    calls = []

    def plugin_seeder(stdout, options):
        calls.append(options["offers"])

    with hooks.register_temporarily(SEED_DEMO_HOOK, plugin_seeder):
        seed(offers=3)

    assert calls == [3]


def test_fewer_than_the_guides_two_offers_is_refused():
    with pytest.raises(CommandError):
        call_command("seed_demo", offers=1, stdout=io.StringIO())
