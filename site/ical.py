"""iCalendar feeds (RFC 5545, the ``icalendar`` package): the offers' dates, the webconferences,
a buyer's followed offers. Each event is a :class:`Event`; the feed is one response."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.http import HttpResponse
from django.utils import timezone

PRODID = "-//Espace Acheteur//Calendrier//FR"


@dataclass(frozen=True)
class Event:
    uid: str
    summary: str
    start: date | datetime
    end: date | datetime
    url: str = ""
    description: str = ""


def calendar_bytes(name, events):
    # Imported when a feed is asked for: icalendar weighs about 6 MiB, which every process
    # (the report workers included) would otherwise carry from start-up.
    from icalendar import Calendar
    from icalendar import Event as IcalEvent

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    stamp = timezone.now()
    for event in events:
        item = IcalEvent()
        item.add("uid", event.uid)
        item.add("dtstamp", stamp)
        item.add("summary", event.summary)
        item.add("dtstart", event.start)
        # An all-day event's DTEND is the day after its last day (RFC 5545).
        end = event.end + timedelta(days=1) if type(event.end) is date else event.end
        item.add("dtend", end)
        if event.url:
            item.add("url", event.url)
        if event.description:
            item.add("description", event.description)
        calendar.add_component(item)
    return calendar.to_ical()


def calendar_response(name, events, filename):
    response = HttpResponse(
        calendar_bytes(name, events), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
