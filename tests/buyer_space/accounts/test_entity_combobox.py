"""The registration's entity field as a combobox: the suggestions endpoint, the page's hooks for
the script, the second step's selects, and the whole choice made with the keyboard in Chromium."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from playwright.sync_api import expect

from buyer_space.accounts.models import Affiliation
from buyer_space.accounts.services.registration import SEARCH_LIMIT
from tests.factories.membership import EstablishmentFactory

User = get_user_model()
SUGGESTIONS_URL = "/compte/inscription/entites.json"


@pytest.fixture
def hospital(db):
    return EstablishmentFactory(name="CH DE TEST", acronym="CHT", city="Testville")


@pytest.mark.django_db
def test_suggestions_match_name_city_or_siret(client, hospital):
    EstablishmentFactory(name="CHU DE LOIN", city="Loinville")
    for query in ("test", "Testville", hospital.siret):
        data = client.get(SUGGESTIONS_URL, {"q": query}).json()
        assert [result["id"] for result in data["results"]] == [hospital.pk], query
    [result] = client.get(SUGGESTIONS_URL, {"q": "test"}).json()["results"]
    assert result["label"] == f"CH DE TEST — {hospital.siret}"
    assert "Testville" in result["detail"]


@pytest.mark.django_db
def test_suggestions_are_capped_and_cost_one_query(client):
    for index in range(SEARCH_LIMIT + 5):
        EstablishmentFactory(name=f"EHPAD LES PINS {index:02d}")
    with CaptureQueriesContext(connection) as queries:
        data = client.get(SUGGESTIONS_URL, {"q": "pins"}).json()
    assert len(data["results"]) == SEARCH_LIMIT
    assert len(queries) == 1


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["", " ", "—", "x" * 5000, "<script>", "%00"])
def test_odd_queries_answer_an_empty_or_plain_list(client, hospital, query):
    response = client.get(SUGGESTIONS_URL, {"q": query})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert isinstance(response.json()["results"], list)


@pytest.mark.django_db
def test_suggestions_only_answer_get(client):
    assert client.post(SUGGESTIONS_URL, {"q": "test"}).status_code == 405


@pytest.mark.django_db
def test_the_page_gives_the_script_its_hooks_and_keeps_the_fallback(client, hospital):
    html = client.get("/compte/inscription/").content.decode()
    assert "accounts/entity-combobox.js" in html
    assert f'data-suggestions-url="{SUGGESTIONS_URL}"' in html
    assert "data-entity-combobox" in html
    # Without JavaScript: the Rechercher button and the browser's list remain.
    assert 'value="search"' in html
    assert '<datalist id="entity-options">' in html


@pytest.mark.django_db
def test_the_second_steps_selects_say_choisir(client):
    from membership.establishments.forms import EntityRequestForm

    form = EntityRequestForm()
    for name in ("activity_domain", "legal_status", "revenue_title_method"):
        assert list(form.fields[name].choices)[0] == ("", "Choisir…"), name
        assert '<option value="" selected>Choisir…</option>' in str(form[name])


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_choose_the_entity_with_the_keyboard_and_register(browser_page, live_site):
    hospital = EstablishmentFactory(name="CH DE TEST", acronym="CHT", city="Testville")
    EstablishmentFactory(name="CH DE TESTEVILLE-SUR-MER", city="Mer")
    page = browser_page
    page.goto(f"{live_site}{reverse('buyer_space:register')}")

    page.get_by_label("Civilité").select_option("Mme")
    page.get_by_label("Prénom").fill("Claire")
    page.locator("#id_last_name").fill("Dupont")
    page.get_by_label("Email").fill("claire.dupont@ch-test.example")
    page.get_by_label("Téléphone").fill("01 23 45 67 89")

    entity = page.get_by_role("combobox", name="Entité juridique de rattachement")
    expect(page.get_by_role("button", name="Rechercher")).to_be_hidden()
    entity.focus()
    page.keyboard.type("ch de test")
    listbox = page.get_by_role("listbox")
    listbox.wait_for()
    assert entity.get_attribute("aria-expanded") == "true"
    assert listbox.get_by_role("option").count() == 2
    page.keyboard.press("ArrowDown")
    first = listbox.get_by_role("option").first
    assert first.get_attribute("aria-selected") == "true"
    assert entity.get_attribute("aria-activedescendant") == first.get_attribute("id")
    page.keyboard.press("Enter")  # chooses, does not submit
    assert entity.input_value() == f"CH DE TEST — {hospital.siret}"
    assert entity.get_attribute("aria-expanded") == "false"
    assert "Entité choisie" in page.locator("[data-entity-status]").inner_text()

    page.get_by_label("Service").fill("Pharmacie")
    page.get_by_label("Intitulé exact de votre poste").fill("Acheteuse hospitalière")
    page.get_by_label("Fonction").select_option("acheteur")
    page.locator("#id_password1").fill("Une phrase de passe solide 42")
    page.get_by_label("Confirmation du mot de passe").fill("Une phrase de passe solide 42")
    page.get_by_label("J'accepte").check()
    page.get_by_role("button", name="S'inscrire").last.click()
    page.wait_for_url("**/verifiez-vos-e-mails/")

    user = User.objects.get(email="claire.dupont@ch-test.example")
    assert Affiliation.objects.get(user=user).establishment == hospital
