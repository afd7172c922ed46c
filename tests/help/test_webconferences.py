"""The webconference list splits upcoming sessions from replays; a past session never registers."""

import datetime
import zoneinfo

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from help.templatetags.help_tags import duration
from tests.factories.help import WebconferencePageFactory

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def soup(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def section_titles(page, section_id):
    return [h.get_text(strip=True) for h in page.select(f"#{section_id} .webconference__title")]


def test_sessions_split_at_now_into_upcoming_and_replays(client, webconference_index):
    now = timezone.now()
    WebconferencePageFactory(parent=webconference_index, title="Hier", starts_at=now - DAY)
    WebconferencePageFactory(parent=webconference_index, title="Demain", starts_at=now + DAY)
    WebconferencePageFactory(
        parent=webconference_index, title="Dans une semaine", starts_at=now + 7 * DAY
    )
    WebconferencePageFactory(
        parent=webconference_index, title="Le mois dernier", starts_at=now - 30 * DAY
    )

    page = soup(client.get("/aide/webconferences/"))

    assert section_titles(page, "a-venir") == ["Demain", "Dans une semaine"]
    assert section_titles(page, "replays") == ["Hier", "Le mois dernier"]


def test_upcoming_session_shows_french_date_duration_and_registration(client, webconference_index):
    starts_at = datetime.datetime(2099, 1, 15, 14, 0, tzinfo=zoneinfo.ZoneInfo("Europe/Paris"))
    WebconferencePageFactory(
        parent=webconference_index,
        starts_at=starts_at,
        duration_minutes=90,
        description="<p>Les nouveautés du catalogue.</p>",
        registration_url="https://inscription.example/janvier",
    )

    card = soup(client.get("/aide/webconferences/")).select_one("#a-venir .webconference")

    assert card.time.get_text(strip=True) == "jeudi 15 janvier 2099 à 14h00"
    assert "Durée : 1 h 30" in card.get_text(" ", strip=True)
    assert "Les nouveautés du catalogue." in card.get_text()
    button = card.select_one(".webconference__action a")
    assert button["href"] == "https://inscription.example/janvier"
    assert button.get_text(strip=True).startswith("S'inscrire")


def test_date_is_shown_in_paris_time(client, webconference_index):
    WebconferencePageFactory(
        parent=webconference_index,
        starts_at=datetime.datetime(2099, 7, 1, 12, 0, tzinfo=datetime.UTC),
    )

    card = soup(client.get("/aide/webconferences/")).select_one("#a-venir .webconference")

    assert card.time.get_text(strip=True) == "mercredi 1 juillet 2099 à 14h00"


def test_replays_offer_the_replay_or_say_it_is_coming(client, webconference_index):
    WebconferencePageFactory(
        parent=webconference_index, title="Avec replay", past=True, replay_url="https://r.example/1"
    )
    WebconferencePageFactory(
        parent=webconference_index,
        title="Sans replay",
        starts_at=timezone.now() - 20 * DAY,
        replay_url="",
    )

    page = soup(client.get("/aide/webconferences/"))

    cards = page.select("#replays .webconference")
    assert [c.select_one(".webconference__action").get_text(" ", strip=True) for c in cards] == [
        "Voir le replay de la webconférence « Avec replay » (nouvelle fenêtre)",
        "Replay bientôt disponible",
    ]
    assert cards[0].select_one(".webconference__action a")["href"] == "https://r.example/1"
    assert not page.select("#replays a[href^='https://inscription.example']")


def test_empty_states_for_both_sections(client, webconference_index):
    page = soup(client.get("/aide/webconferences/"))

    assert "Aucune webconférence n'est programmée" in page.select_one("#a-venir").get_text()
    assert "Aucun replay n'est disponible" in page.select_one("#replays").get_text()


def test_replays_are_paginated_by_ten(client, webconference_index):
    now = timezone.now()
    for day in range(1, 13):
        WebconferencePageFactory(
            parent=webconference_index, title=f"Séance J-{day}", starts_at=now - day * DAY
        )

    first = soup(client.get("/aide/webconferences/"))
    second = soup(client.get("/aide/webconferences/", {"page": "2"}))

    assert len(first.select("#replays .webconference")) == 10
    assert section_titles(second, "replays") == ["Séance J-11", "Séance J-12"]
    assert first.select_one(".pagination a[rel=next]")["href"] == "?page=2"
    assert (
        second.select_one(".pagination [aria-current=page]").get_text(" ", strip=True) == "Page 2"
    )


@pytest.mark.parametrize("garbage", ["abc", "0", "-3", "99999", "1.5", "%00", "2" * 40])
def test_garbage_page_parameter_never_fails(client, webconference_index, garbage):
    now = timezone.now()
    for day in range(1, 13):
        WebconferencePageFactory(parent=webconference_index, starts_at=now - day * DAY)

    page = soup(client.get("/aide/webconferences/", {"page": garbage}))

    assert 1 <= len(page.select("#replays .webconference")) <= 10


def test_upcoming_detail_page_offers_registration(client, webconference_index):
    session = WebconferencePageFactory(
        parent=webconference_index, slug="janvier", registration_url="https://i.example/janvier"
    )

    page = soup(client.get(session.url))

    assert page.h1.get_text(strip=True) == session.title
    assert "Présentation des nouvelles offres." in page.get_text()
    assert page.select_one("a[href='https://i.example/janvier']") is not None
    assert "Replay" not in [h.get_text(strip=True) for h in page.find_all("h2")]


def test_upcoming_detail_page_without_link_says_registration_opens_soon(
    client, webconference_index
):
    session = WebconferencePageFactory(parent=webconference_index, registration_url="")

    page = soup(client.get(session.url))

    assert "Les inscriptions ouvriront prochainement." in page.get_text()


def test_past_detail_page_never_shows_the_registration_link(client, webconference_index):
    session = WebconferencePageFactory(
        parent=webconference_index,
        starts_at=timezone.now() - DAY,
        registration_url="https://i.example/passee",
        replay_url="https://r.example/passee",
    )

    response = client.get(session.url)
    page = soup(response)

    assert b"https://i.example/passee" not in response.content
    assert "S'inscrire" not in page.get_text()
    assert (
        page.select_one("a[href='https://r.example/passee']")
        .get_text(strip=True)
        .startswith("Voir le replay")
    )


def test_past_detail_page_without_replay_says_it_is_coming(client, webconference_index):
    session = WebconferencePageFactory(parent=webconference_index, past=True, replay_url="")

    page = soup(client.get(session.url))

    assert "Replay bientôt disponible." in page.get_text()


@pytest.mark.parametrize(
    ("minutes", "expected"),
    [(45, "45 min"), (60, "1 h"), (90, "1 h 30"), (125, "2 h 05"), ("x", ""), (None, "")],
)
def test_duration_is_written_the_french_way(minutes, expected):
    assert duration(minutes) == expected
