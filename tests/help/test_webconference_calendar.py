"""``/aide/webconferences/calendrier.ics``: the public webconferences at their time."""

import datetime

import pytest
from icalendar import Calendar

from tests.factories.help import WebconferencePageFactory

pytestmark = pytest.mark.django_db


def test_the_webconferences_calendar(client, webconference_index):
    start = datetime.datetime(2027, 3, 4, 10, 0, tzinfo=datetime.UTC)
    WebconferencePageFactory(
        parent=webconference_index, title="Nouvelles offres", starts_at=start, duration_minutes=90
    )
    WebconferencePageFactory(parent=webconference_index, title="Brouillon", live=False)
    response = client.get("/aide/webconferences/calendrier.ics")
    assert response.status_code == 200
    events = list(Calendar.from_ical(response.content).walk("VEVENT"))
    assert [str(e["summary"]) for e in events] == ["Webconférence – Nouvelles offres"]
    assert events[0]["dtstart"].dt == start
    assert events[0]["dtend"].dt == start + datetime.timedelta(minutes=90)
    assert "inscription.example" in str(events[0]["description"])
