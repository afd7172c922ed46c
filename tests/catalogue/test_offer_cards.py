"""The offer cards of a list: cached per offer and content version, with the plugins' card
actions rendered for each visitor."""

import re

import pytest
from wagtail import hooks

from catalogue.hooks import OFFER_CARD_ACTIONS_HOOK, OfferAction

pytestmark = pytest.mark.django_db


def cards_html(response):
    return re.search(r'<ul class="offer-list">.*?\n</ul>', response.content.decode(), re.S).group(0)


def test_card_actions_of_every_kind_are_rendered_and_escaped(client, catalogue, tmp_path, settings):
    (tmp_path / "card_action.html").write_text(
        '<span class="gabarit">{{ action.label }} – {{ page.title }}'
        "{% if card %} (carte){% endif %}</span>"
    )
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], tmp_path]}
    ]

    def card_actions(request, offers, actions):
        for offer in offers:
            actions[offer.pk] += [
                OfferAction(name="lien", label="Voir <vite>", url="/a/?x=1&y=2", order=1),
                OfferAction(name="form", label="Suivre", url="/suivre/", method="post", order=2),
                OfferAction(name="gabarit", label="Gabarit", url="", template="card_action.html"),
            ]

    with hooks.register_temporarily(OFFER_CARD_ACTIONS_HOOK, card_actions):
        html = cards_html(client.get("/offres/"))

    assert html.count('class="offer-card__action offer-card__action--lien"') == 4
    assert '<a class="button" href="/a/?x=1&amp;y=2">Voir &lt;vite&gt;</a>' in html
    assert (
        '<form method="post" action="/suivre/"><input type="hidden" name="csrfmiddlewaretoken"'
        in html
    )
    assert '<span class="gabarit">Gabarit – Retro-alvéolaire - CEFLA (carte)</span>' in html
    # Actions in their order, the core's bell (plugin) after them.
    first_card = html.split("</article>")[0]
    assert (
        first_card.index("Voir &lt;vite&gt;")
        < first_card.index("Suivre")
        < first_card.index("Gabarit")
    )


def test_card_values_are_escaped(client, catalogue):
    offer = catalogue.offers["retro"]
    offer.title = "Capteurs <b>rétro</b> & co"
    offer.summary = "Résumé avec <script>alert(1)</script>"
    offer.save_revision().publish()

    html = cards_html(client.get("/offres/"))

    assert "Capteurs &lt;b&gt;rétro&lt;/b&gt; &amp; co" in html
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_the_actions_follow_the_visitor_while_the_card_is_cached(
    client, catalogue, django_user_model
):
    def card_actions(request, offers, actions):
        who = request.user.get_username() or "anonyme"
        for offer in offers:
            actions[offer.pk].append(OfferAction(name="qui", label=f"Pour {who}", url="/q/"))

    with hooks.register_temporarily(OFFER_CARD_ACTIONS_HOOK, card_actions):
        anonymous = cards_html(client.get("/offres/"))
        client.force_login(django_user_model.objects.create_user("acheteuse", password="x"))
        logged_in = cards_html(client.get("/offres/"))

    assert anonymous.count("Pour anonyme") == 4 and "Pour acheteuse" not in anonymous
    assert logged_in.count("Pour acheteuse") == 4 and "Pour anonyme" not in logged_in
    without_actions = re.compile(r'<ul class="offer-card__actions".*?</ul>', re.S)
    assert without_actions.sub("", anonymous) == without_actions.sub("", logged_in)


def test_a_publication_refreshes_the_cached_card(client, catalogue):
    offer = catalogue.offers["retro"]
    assert "Retro-alvéolaire - CEFLA" in cards_html(client.get("/offres/"))

    offer.title = "Capteurs rétro-alvéolaires"
    offer.save_revision().publish()

    html = cards_html(client.get("/offres/"))
    assert "Capteurs rétro-alvéolaires" in html and "Retro-alvéolaire - CEFLA" not in html


def test_a_card_changes_with_the_offers_status(client, catalogue, monkeypatch):
    import datetime

    from django.utils import timezone

    assert 'badge--a-venir">' in cards_html(client.get("/offres/"))

    later = timezone.localdate() + datetime.timedelta(days=31)
    monkeypatch.setattr(timezone, "localdate", lambda *args: later)

    html = cards_html(client.get("/offres/"))
    assert 'badge--a-venir">' not in html
