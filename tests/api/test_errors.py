"""Bad query parameters answer 400 with a JSON message, never a 500."""

import pytest

from tests.api.helpers import DOCUMENTS_URL, IMAGES_URL, OFFER_TYPE, PAGES_URL

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999999"


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"type": OFFER_TYPE, "famille": "inconnue"}, "Famille d'achat inconnue : « inconnue »."),
        ({"type": OFFER_TYPE, "mode": "direct"}, "Mode d'accès inconnu : « direct »"),
        ({"type": OFFER_TYPE, "statut": "bientot"}, "Statut inconnu : « bientot »"),
        ({"famille": "biomedical"}, "ne s'appliquent qu'avec type=catalogue.OfferPage"),
        ({"type": "catalogue.SectorPage", "mode": "grossiste"}, "type=catalogue.OfferPage"),
        ({"limit": "abc"}, "limit must be a positive integer"),
        ({"limit": "-3"}, "limit must be a positive integer"),
        ({"limit": "1000"}, "limit cannot be higher than 100"),
        ({"offset": "-1"}, "offset must be a positive integer"),
        ({"offset": "deux"}, "offset must be a positive integer"),
        ({"type": OFFER_TYPE, "fields": "prix"}, "unknown fields: prix"),
        ({"fields": "title("}, "fields error"),
        ({"type": "catalogue.Inconnu"}, "type doesn't exist"),
        ({"order": "prix"}, "cannot order by 'prix' (unknown field)"),
        ({"unknown": "1"}, "query parameter is not an operation or a recognised field: unknown"),
        ({"child_of": "abc"}, "child_of must be a positive integer"),
        ({"id": "abc"}, "Le paramètre id doit être un nombre entier."),
        ({"type": OFFER_TYPE, "start_date": "demain"}, "Paramètre invalide"),
        ({"type": OFFER_TYPE, "end_date": "2024-02-30"}, "Paramètre invalide"),
        # A family given by a slug that names no family (family takes an id or a slug).
        ({"type": OFFER_TYPE, "family": "abc"}, "Famille d'achat inconnue : « abc »."),
        ({"type": OFFER_TYPE, "documents": "abc"}, "Le paramètre documents doit être"),
        ({"type": OFFER_TYPE, "family": HUGE}, "Le paramètre family est hors limites"),
        ({"offset": HUGE}, "Le paramètre offset est hors limites"),
        ({"search": "écho\x00graphes"}, "caractère nul"),
        ({"type": OFFER_TYPE, "famille": "bio\x00medical"}, "caractère nul"),
        ({"rich_text_format": "pdf"}, "rich_text_format"),
        ({"search": "écho", "search_operator": "xor"}, "search_operator doit valoir"),
    ],
)
def test_bad_page_parameters_answer_400_with_a_message(api_get, catalogue, params, message):
    response = api_get(PAGES_URL, params, status=400)

    assert message in response.json()["message"]


@pytest.mark.parametrize(
    "params",
    [
        {"offset": HUGE},
        {"limit": "10", "offset": HUGE},
        {"id": HUGE},
        {"child_of": HUGE},
        {"descendant_of": HUGE},
        {"ancestor_of": HUGE},
        {"type": OFFER_TYPE, "documents": HUGE},
        {"search": "l'offre \"du (centre) * -x ^ OR AND: &|!"},
        {"search": "  "},
        {"search": '"'},
        {"search": "échographe", "search_operator": "AND"},
        {"search": "", "type": OFFER_TYPE},
    ],
)
def test_awkward_values_never_give_a_500(api_get, catalogue, params):
    response = api_get(PAGES_URL, params, status=None)

    assert response.status_code in (200, 400)
    assert "message" in response.json() or "items" in response.json()


def test_out_of_range_detail_id_is_not_found(client, catalogue):
    assert client.get(f"{PAGES_URL}{HUGE}/").status_code == 404
    assert client.get(f"{DOCUMENTS_URL}{HUGE}/").status_code == 404


@pytest.mark.parametrize("url", [DOCUMENTS_URL, IMAGES_URL])
@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"limit": "abc"}, "limit must be a positive integer"),
        ({"offset": "-1"}, "offset must be a positive integer"),
        ({"fields": "secret"}, "unknown fields: secret"),
        ({"offset": HUGE}, "Le paramètre offset est hors limites"),
        ({"visibility": "public"}, "query parameter is not an operation or a recognised field"),
        ({"search": "a\x00b"}, "caractère nul"),
        ({"search": "a", "search_operator": "not"}, "search_operator doit valoir"),
        ({"id": HUGE}, "Le paramètre id est hors limites"),
    ],
)
def test_bad_document_and_image_parameters_answer_400(api_get, catalogue, url, params, message):
    response = api_get(url, params, status=400)

    assert message in response.json()["message"]


def test_images_field_filter_out_of_range_answers_400(api_get, catalogue):
    response = api_get(IMAGES_URL, {"width": HUGE}, status=400)

    assert response.json() == {"message": f"Le paramètre width est hors limites : {HUGE}."}


def test_bad_document_date_filter_answers_400(api_get, catalogue):
    response = api_get(DOCUMENTS_URL, {"updated_at": "hier"}, status=400)

    assert response.json()["message"].startswith("Paramètre invalide")
