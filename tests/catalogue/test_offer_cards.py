"""The offer cards of a list: rendered with Jinja2, with the plugins' card actions."""

import re
from html.parser import HTMLParser

import pytest
from django import forms
from wagtail import hooks

from catalogue.forms import PlainSelect
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
        {**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], tmp_path]},
        *settings.TEMPLATES[1:],
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


class _Parsed(HTMLParser):
    """The tags and attributes of a fragment, in order (whitespace and attribute order aside)."""

    def __init__(self, markup):
        super().__init__()
        self.items = []
        self.feed(markup)

    def handle_starttag(self, tag, attrs):
        self.items.append((tag, sorted(attrs)))

    def handle_data(self, data):
        if data.strip():
            self.items.append(data.strip())


@pytest.mark.parametrize("value", ["", "a", None, "inconnue"])
@pytest.mark.parametrize(
    "attrs",
    [{"id": "id_x"}, {"id": "id_x", "aria-invalid": "true", "required": True, "disabled": False}],
)
def test_the_plain_select_renders_what_djangos_select_renders(value, attrs):
    choices = [("", "Toutes"), ("a", "A & <b>"), ("b", "B")]

    expected = forms.Select(choices=choices).render("famille", value, attrs=attrs)
    rendered = PlainSelect(choices=choices).render("famille", value, attrs=attrs)

    assert _Parsed(rendered).items == _Parsed(expected).items
