import html as html_lib
import re

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.utils import timezone
from django.utils.html import strip_tags
from wagtail import hooks

from catalogue.content import INTERMEDIARY_STEPS, WHOLESALE_STEPS
from catalogue.hooks import (
    OFFER_ACTIONS_HOOK,
    OFFER_SECTIONS_HOOK,
    OfferAction,
    OfferSection,
)

pytestmark = pytest.mark.django_db

TITRES_URL = "/offres/equipements-generaux/titres-restaurant/"
RETRO_URL = "/offres/biomedical/retro-alveolaire/"


def text(response):
    return " ".join(html_lib.unescape(strip_tags(response.content.decode())).split())


def test_the_offer_page_shows_every_element_of_the_guide(client, catalogue):
    response = client.get(TITRES_URL)

    assert response.status_code == 200
    html = response.content.decode()
    page_text = text(response)
    assert html.count("<h1") == 1
    assert "Titres restaurant et cartes cadeaux" in page_text
    assert "Réf. Offre : 2023-R087-000-000-0000000" in page_text
    assert "DU 15/01/2024 AU 01/11/2027" in page_text
    assert "Disponibilité : Disponible" in page_text
    assert "Mode d'accès : Intermédiaire" in page_text
    assert "Famille d'achat : Équipements généraux" in page_text
    assert "Fourniture de titres restaurant et de cartes cadeaux dématérialisées." in page_text
    assert "Cartes 100 % dématérialisées" in page_text
    assert "Frais d'adhésion : 0,5 % du montant commandé." in page_text
    for anchor, label in [
        ("les-plus", "Les + de l'offre"),
        ("tarifs", "Les tarifs d'accès"),
        ("contacts-titulaires", "Les contacts titulaires"),
        ("documents", "Documents disponibles"),
        ("beneficiaire", "Bénéficiaire de l'offre"),
    ]:
        assert f'<a href="#{anchor}">{label}</a>' in html_lib.unescape(html)
        assert f'id="{anchor}"' in html
    breadcrumbs = re.search(r'<nav class="breadcrumbs.*?</nav>', html, re.S).group(0)
    assert 'href="/offres/"' in breadcrumbs
    assert 'href="/offres/equipements-generaux/"' in breadcrumbs
    assert 'aria-current="page">Titres restaurant et cartes cadeaux' in breadcrumbs


def test_holders_are_listed_with_their_lots_and_contacts(client, catalogue):
    page_text = text(client.get(TITRES_URL))

    assert "BIMPLI Lot 1 – Titres restaurant" in page_text
    assert "UP COOP Lot 2 – Cartes cadeaux" in page_text
    assert "Interlocuteur : Camille Martin" in page_text
    assert "Téléphone : 01 52 94 56 00" in page_text
    assert catalogue.holders["upcoop"].email in page_text


def test_documents_table_shows_kind_date_and_french_size(client, catalogue):
    response = client.get(TITRES_URL)

    page_text = text(response)
    csac = catalogue.documents["csac"]
    assert "2023-R087-000-0000000_CSAC (pdf)" in page_text
    assert timezone.localtime(csac.updated_at).strftime("%d/%m/%Y") in page_text
    assert "Télécharger 2023-R087-000-0000000_CSAC (70,9 ko)" in page_text
    assert f'href="{csac.url}"' in response.content.decode()


def test_restricted_documents_are_announced_never_linked(client, catalogue):
    response = client.get(TITRES_URL)

    html = response.content.decode()
    page_text = text(response)
    for key in ("ccp", "market"):
        document = catalogue.documents[key]
        assert f"/documents/{document.pk}/" not in html
    assert "Réservé aux adhérents" in page_text
    assert "Réservé aux acheteurs habilités" in page_text
    assert "35,4 Mo" not in page_text
    login = resolve_url(settings.LOGIN_URL)
    assert f'href="{login}?next={TITRES_URL.replace("/", "%2F")}"' in html


def test_restricted_documents_stay_unlinked_for_a_logged_in_buyer(
    client, catalogue, django_user_model
):
    client.force_login(django_user_model.objects.create_user("acheteur", password="x"))

    html = client.get(TITRES_URL).content.decode()

    assert f"/documents/{catalogue.documents['ccp'].pk}/" not in html
    assert f"/documents/{catalogue.documents['csac'].pk}/" in html
    assert "Se connecter" not in html


def test_an_editor_sees_the_restricted_documents_linked(client, catalogue, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("editeur", password="x"))

    response = client.get(TITRES_URL)

    html = response.content.decode()
    assert f'href="{catalogue.documents["market"].url}"' in html
    assert "(35,4 Mo)" in text(response)


def test_default_actions_anonymous_intermediary(client, catalogue):
    html = client.get(TITRES_URL).content.decode()

    actions = re.search(r'<ul class="offer-actions".*?</ul>', html, re.S).group(0)
    assert "Se connecter" in actions
    assert "?next=" in actions
    assert 'href="/aide/contacts/">Poser une question' in actions
    assert "Demander un devis" not in actions


def test_wholesale_offers_offer_a_quote_request(client, catalogue, django_user_model):
    client.force_login(django_user_model.objects.create_user("acheteur", password="x"))

    html = client.get(RETRO_URL).content.decode()

    actions = re.search(r'<ul class="offer-actions".*?</ul>', html, re.S).group(0)
    assert "Demander un devis" in actions
    assert "Poser une question" in actions
    assert "Se connecter" not in actions


def test_plugins_add_and_replace_actions_through_the_hook(client, catalogue):
    def actions_hook(request, page, actions):
        actions["ask-question"] = OfferAction(
            name="ask-question", label="Écrire à la centrale", url="/echanges/", order=20
        )
        actions["bell"] = OfferAction(
            name="bell", label="Suivre cette offre", url="/abonnement/", method="post", order=5
        )

    with hooks.register_temporarily(OFFER_ACTIONS_HOOK, actions_hook):
        html = client.get(TITRES_URL).content.decode()

    actions = re.search(r'<ul class="offer-actions".*?</ul>', html, re.S).group(0)
    assert "Poser une question" not in actions
    assert 'href="/echanges/">Écrire à la centrale' in actions
    assert '<form method="post" action="/abonnement/">' in actions
    assert actions.index("Suivre cette offre") < actions.index("Se connecter")


def test_plugins_add_sections_listed_in_the_menu(client, catalogue, tmp_path, settings):
    (tmp_path / "section.html").write_text("<p>Marché de {{ page.title }}</p>")
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], tmp_path]}
    ]

    def sections_hook(request, page):
        return OfferSection(
            anchor="marche-en-cours", title="Marché en cours", template="section.html"
        )

    with hooks.register_temporarily(OFFER_SECTIONS_HOOK, sections_hook):
        response = client.get(TITRES_URL)

    html = response.content.decode()
    assert '<a href="#marche-en-cours">Marché en cours</a>' in html
    assert 'id="marche-en-cours"' in html
    assert "Marché de Titres restaurant et cartes cadeaux" in text(response)


@pytest.mark.parametrize(
    ("url", "steps"), [(TITRES_URL, INTERMEDIARY_STEPS), (RETRO_URL, WHOLESALE_STEPS)]
)
def test_beneficiary_steps_follow_the_access_mode(client, catalogue, url, steps):
    html = client.get(url).content.decode()

    section = re.search(r'<section id="beneficiaire".*?</section>', html, re.S).group(0)
    shown = [html_lib.unescape(s) for s in re.findall(r'class="steps__title">([^<]+)<', section)]
    assert shown == [str(step) for step in steps]
    assert len(shown) == 5


def test_the_editors_steps_replace_the_guides(client, catalogue):
    offer = catalogue.offers["retro"]
    offer.beneficiary_steps = [("step", {"title": "Appelez le titulaire", "text": ""})]
    offer.save_revision().publish()

    section_text = text(client.get(RETRO_URL))

    assert "Appelez le titulaire" in section_text
    assert str(WHOLESALE_STEPS[0]) not in section_text


def test_an_mp4_video_is_embedded_another_is_linked(client, catalogue):
    retro = client.get(RETRO_URL).content.decode()
    scanner = client.get("/offres/biomedical/scanners/").content.decode()
    titres = client.get(TITRES_URL).content.decode()

    assert (
        '<video controls preload="metadata" src="https://videos.example.org/retro-alveolaire.mp4">'
        in retro
    )
    assert "<video" not in scanner
    assert 'href="https://www.youtube.com/watch?v=abcdef"' in scanner
    assert "vidéo de présentation" not in titres


def test_upcoming_and_expired_offers_show_their_status(client, catalogue):
    assert "Disponibilité : À venir" in text(client.get("/offres/biomedical/scanners/"))
    assert "Disponibilité : Expirée" in text(client.get("/offres/biomedical/irm/"))


def test_unpublished_offer_answers_404(client, catalogue):
    assert client.get("/offres/biomedical/brouillon/").status_code == 404
    assert client.get("/offres/biomedical/nexiste-pas/").status_code == 404


def test_what_every_visitor_sees_is_refreshed_by_a_publication(client, catalogue):
    offer = catalogue.offers["titres"]
    assert "Cartes 100 % dématérialisées" in text(client.get(TITRES_URL))

    offer.advantages = "<p>Cartes acceptées partout</p>"
    offer.save_revision()
    assert "Cartes 100 % dématérialisées" in text(client.get(TITRES_URL))  # a draft: unchanged

    offer.get_latest_revision().publish()
    page_text = text(client.get(TITRES_URL))
    assert "Cartes acceptées partout" in page_text
    assert "Cartes 100 % dématérialisées" not in page_text


def test_a_preview_shows_the_draft_not_the_cached_page(client, catalogue):
    offer = catalogue.offers["titres"]
    client.get(TITRES_URL)  # what every visitor sees of the live page is cached

    offer.advantages = "<p>Cartes acceptées partout</p>"
    offer.beneficiary_steps = [("step", {"title": "Signer la convention", "text": ""})]
    response = offer.make_preview_request()

    preview = text(response)
    assert "Cartes acceptées partout" in preview and "Signer la convention" in preview
    assert "Cartes 100 % dématérialisées" not in preview
    assert "Cartes 100 % dématérialisées" in text(client.get(TITRES_URL))


def start_section(html):
    match = re.search(r'<section id="pour-commencer".*?</section>', html, re.S)
    return match.group(0) if match else ""


def test_a_wholesale_offer_shows_its_cge_and_holder_to_a_logged_in_buyer(
    client, catalogue, django_user_model
):
    from catalogue.models import OfferPage, OfferPageDocument
    from tests.factories.catalogue import CatalogueDocumentFactory

    retro = OfferPage.objects.get(slug="retro-alveolaire")
    cefla = retro.lots.get().holder
    cefla.email, cefla.phone = "commandes@cefla.example", "04 11 22 33 44"
    cefla.save()
    cge = CatalogueDocumentFactory(title="2021-058-007_CGE CEFLA")
    retro.documents.add(OfferPageDocument(document=cge))
    retro.save_revision().publish()
    client.force_login(django_user_model.objects.create_user("acheteur", password="x"))

    html = client.get(RETRO_URL).content.decode()
    section = start_section(html)
    assert "Pour commencer : les CGE et les coordonnées du titulaire" in section
    assert f'href="{cge.url}"' in section
    assert "CEFLA Dental" in section
    assert 'href="mailto:commandes@cefla.example"' in section
    assert 'href="tel:0411223344"' in section
    assert '<a href="#pour-commencer">Pour commencer</a>' in html


def test_a_wholesale_offer_invites_anonymous_visitors_to_log_in_first(client, catalogue):
    section = start_section(client.get(RETRO_URL).content.decode())
    assert "Connectez-vous pour retrouver les CGE et les coordonnées du titulaire" in section
    assert "?next=" in section
    assert "mailto:" not in section


def test_an_intermediary_offer_has_no_wholesale_first_step(client, catalogue):
    html = client.get(TITRES_URL).content.decode()
    assert start_section(html) == ""
    assert "#pour-commencer" not in html


def test_the_anonymous_content_kept_in_the_cache_follows_publications(client, catalogue):
    offer = catalogue.offers["retro"]
    assert "Retro-alvéolaire - CEFLA" in text(client.get(RETRO_URL))

    offer.title = "Retro-alvéolaire nouvelle génération"
    offer.summary = "Un résumé revu."
    offer.save_revision().publish()

    shown = text(client.get(RETRO_URL))
    assert "Retro-alvéolaire nouvelle génération" in shown
    assert "Un résumé revu." in shown


def test_the_anonymous_content_kept_in_the_cache_is_never_shown_to_an_account(
    client, catalogue, django_user_model
):
    url = catalogue.offers["titres"].url
    assert "restricted__login" in client.get(url).content.decode()

    client.force_login(django_user_model.objects.create_superuser("chef", "c@example.com", "x"))
    html = client.get(url).content.decode()

    assert "restricted__login" not in html
    assert html.count('class="download-link"') == len(catalogue.documents)
    client.logout()
    assert "restricted__login" in client.get(url).content.decode()
