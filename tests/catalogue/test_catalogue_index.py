import html as html_lib
import re

import pytest
from django.utils.html import strip_tags

from tests.catalogue.conftest import add_offers
from tests.factories.catalogue import OfferPageFactory

pytestmark = pytest.mark.django_db


def result_titles(response):
    """Titles of the offer cards, in order."""
    html = response.content.decode()
    titles = re.findall(r'class="offer-card__title"><a href="[^"]+">([^<]+)</a>', html)
    return [html_lib.unescape(title) for title in titles]


def text(response):
    return " ".join(html_lib.unescape(strip_tags(response.content.decode())).split())


def test_the_index_lists_live_offers_available_first(client, catalogue):
    response = client.get("/offres/")

    assert response.status_code == 200
    assert result_titles(response) == [
        "Retro-alvéolaire - CEFLA",
        "Titres restaurant et cartes cadeaux",
        "Scanners d'imagerie médicale",
        "IRM et maintenance",
    ]
    assert "4 offres" in text(response)
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert '<form class="filter-form" method="get"' in html
    assert 'href="/offres/biomedical/irm/"' in html


def test_each_card_shows_reference_family_status_mode_and_dates(client, catalogue):
    response = client.get("/offres/", {"q": "2023-R087"})

    page_text = text(response)
    assert "Réf. Offre : 2023-R087-000-000-0000000" in page_text
    assert "Famille : Équipements généraux" in page_text
    assert "Disponibilité : Disponible" in page_text
    assert "Mode d'accès : Intermédiaire" in page_text
    assert "du 15/01/2024 au" in page_text


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        (
            {"famille": "biomedical"},
            {"Retro-alvéolaire - CEFLA", "Scanners d'imagerie médicale", "IRM et maintenance"},
        ),
        ({"mode": "grossiste"}, {"Retro-alvéolaire - CEFLA", "IRM et maintenance"}),
        ({"statut": "a-venir"}, {"Scanners d'imagerie médicale"}),
        ({"statut": "expiree"}, {"IRM et maintenance"}),
        (
            {"statut": "disponible"},
            {"Retro-alvéolaire - CEFLA", "Titres restaurant et cartes cadeaux"},
        ),
        (
            {"famille": "biomedical", "mode": "grossiste", "statut": "disponible"},
            {"Retro-alvéolaire - CEFLA"},
        ),
        ({"famille": "equipements-generaux", "mode": "grossiste"}, set()),
        (
            {"famille": "biomedical", "q": "maintenance"},
            {"Scanners d'imagerie médicale", "IRM et maintenance"},
        ),
        ({"mode": "intermediaire", "q": "maintenance"}, {"Scanners d'imagerie médicale"}),
    ],
)
def test_filters_apply_alone_and_combined(client, catalogue, params, expected):
    response = client.get("/offres/", params)

    assert response.status_code == 200
    assert set(result_titles(response)) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("titres", ["Titres restaurant et cartes cadeaux"]),
        ("Cartes Cadeaux", ["Titres restaurant et cartes cadeaux"]),
        ("UP COOP", ["Titres restaurant et cartes cadeaux"]),
        ("bimpli", ["Titres restaurant et cartes cadeaux"]),
        ("odontologie", ["Retro-alvéolaire - CEFLA"]),
        ("2023-R087-000-000-0000000", ["Titres restaurant et cartes cadeaux"]),
        ("2023-R087", ["Titres restaurant et cartes cadeaux"]),
        ("2021-058-007", ["Retro-alvéolaire - CEFLA"]),
        ("2021-058-007-000-00000000", ["Retro-alvéolaire - CEFLA"]),
        ("préparation", []),
    ],
)
def test_search_by_title_holder_summary_and_reference(client, catalogue, query, expected):
    response = client.get("/offres/", {"q": query})

    assert response.status_code == 200
    assert result_titles(response) == expected


def test_a_holder_added_later_makes_the_offer_findable(client, catalogue):
    from tests.factories.catalogue import HolderFactory, LotFactory

    LotFactory(offer=catalogue.offers["irm"], number=1, holder=HolderFactory(name="Magnétix"))

    assert result_titles(client.get("/offres/", {"q": "Magnétix"})) == ["IRM et maintenance"]


def test_family_facets_count_offers_under_the_other_filters(client, catalogue):
    response = client.get("/offres/", {"mode": "grossiste", "famille": "biomedical"})

    facets = response.context["family_facets"]
    assert [(f["family"].slug, f["count"], f["selected"]) for f in facets] == [
        ("biomedical", 2, True),
    ]
    assert response.context["result_count"] == 2
    html = response.content.decode()
    assert 'href="/offres/?mode=grossiste"' in html  # "Toutes les familles" keeps the mode


def test_empty_state_offers_to_reset_the_filters(client, catalogue):
    response = client.get("/offres/", {"q": "introuvable", "mode": "grossiste"})

    page_text = text(response)
    assert "Aucune offre ne correspond à votre recherche." in page_text
    assert 'href="/offres/">Réinitialiser les filtres</a>' in response.content.decode()


def test_pagination_keeps_the_filters(client, catalogue):
    add_offers(catalogue.sectors["biomedical"], 45)

    first = client.get("/offres/", {"famille": "biomedical", "mode": "grossiste"})
    html = first.content.decode()
    assert len(result_titles(first)) == 20
    assert first.context["result_count"] == 25
    assert 'href="?famille=biomedical&amp;mode=grossiste&amp;page=2"' in html

    second = client.get("/offres/", {"famille": "biomedical", "mode": "grossiste", "page": 2})
    assert len(result_titles(second)) == 5
    assert not set(result_titles(first)) & set(result_titles(second))
    assert (
        'aria-current="page"><span class="visually-hidden">Page </span>2' in second.content.decode()
    )


@pytest.mark.parametrize(
    "params",
    [
        {"famille": "inconnue"},
        {"mode": "bus"},
        {"statut": "perime"},
        {"page": "abc"},
        {"page": "-3"},
        {"page": "99999"},
        {"page": "9" * 40},
        {"q": "x" * 5000},
        {"q": "titres\x00"},
        {"q": '"(*) AND NOT OR NEAR( ^'},
        {"q": "' OR 1=1 --"},
        {"q": "%%%___"},
        {"q": "   "},
        {"famille": ["biomedical", "x"], "unknown": "1"},
    ],
)
def test_garbage_parameters_never_give_a_server_error(client, catalogue, params):
    response = client.get("/offres/", params)

    assert response.status_code == 200


def test_invalid_values_are_explained_in_french_and_ignored(client, catalogue):
    response = client.get("/offres/", {"famille": "inconnue", "mode": "grossiste"})

    page_text = text(response)
    assert "Certains critères n'ont pas été pris en compte" in page_text
    assert "Sélectionnez un choix valide" in page_text
    assert set(result_titles(response)) == {"Retro-alvéolaire - CEFLA", "IRM et maintenance"}
    assert 'aria-invalid="true"' in response.content.decode()


def test_nul_bytes_and_overlong_queries_are_refused_with_a_message(client, catalogue):
    nul = text(client.get("/offres/", {"q": "titres\x00"}))
    long = text(client.get("/offres/", {"q": "x" * 201}))

    assert "Le caractère nul n’est pas autorisé." in nul
    assert "au plus 200 caractères" in long


def test_a_page_number_past_the_end_shows_the_last_page(client, catalogue):
    response = client.get("/offres/", {"page": "99999"})

    assert response.context["offers"].number == 1
    assert "Certains critères" not in text(response)


def test_unpublished_and_private_offers_are_not_listed(client, catalogue):
    from wagtail.models import PageViewRestriction

    hidden_sector = catalogue.sectors["equipements"]
    PageViewRestriction.objects.create(page=hidden_sector, restriction_type="login")
    OfferPageFactory(parent=catalogue.sectors["biomedical"], title="Offre brouillon", live=False)

    titles = result_titles(client.get("/offres/"))

    assert "Titres restaurant et cartes cadeaux" not in titles
    assert "Offre brouillon" not in titles
    assert "Offre en préparation" not in titles
    assert titles


@pytest.mark.postgres
def test_postgresql_full_text_ranks_title_matches_first(client, catalogue):
    from modelsearch.backends.database.postgres.postgres import PostgresSearchBackend
    from wagtail.search.backends import get_search_backend

    response = client.get("/offres/", {"q": "maintenance"})

    assert isinstance(get_search_backend(), PostgresSearchBackend)
    assert result_titles(response) == ["IRM et maintenance", "Scanners d'imagerie médicale"]


@pytest.mark.parametrize("url", ["/offres/", "/offres/?famille=biomedical", "/offres/biomedical/"])
def test_the_lists_kept_per_content_version_follow_publications(client, catalogue, url):
    """The counts and the ids of a page of results are kept per content version: a
    publication, an unpublication and a new view restriction show at once."""
    before = result_titles(client.get(url))
    assert "Retro-alvéolaire - CEFLA" in before

    new = OfferPageFactory(
        parent=catalogue.sectors["biomedical"], title="Échographes portables", live=False
    )
    new.save_revision().publish()
    assert "Échographes portables" in result_titles(client.get(url))

    catalogue.offers["retro"].unpublish()
    assert "Retro-alvéolaire - CEFLA" not in result_titles(client.get(url))

    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(page=new, restriction_type="login")
    assert "Échographes portables" not in result_titles(client.get(url))
