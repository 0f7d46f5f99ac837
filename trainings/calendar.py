"""iCalendar files: one event per session (per training, and a person's secret feed)."""

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from icalendar import Calendar, Event


def session_uid(session) -> str:
    """A session's UID, the same in every file and feed, so a calendar shows it once."""
    return f"session-{session.pk}@stemnet-vlaanderen"


def calendar_ics(sessions, *, name: str) -> bytes:
    """An iCalendar file with one VEVENT per session (``session.training`` is loaded)."""
    calendar = Calendar()
    calendar.add("prodid", "-//STEMNET Vlaanderen//nascholingen//NL")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    stamp = timezone.now()
    for session in sessions:
        event = Event()
        event.add("uid", session_uid(session))
        event.add("sequence", session.sequence)  # raised when the time or place changes
        event.add("dtstamp", stamp)
        event.add("dtstart", session.starts_at)
        event.add("dtend", session.ends_at)
        summary = session.training.title
        if session.theme:
            summary = f"{summary}: {session.theme}"
        event.add("summary", summary)
        if session.address:
            event.add("location", session.address)
        if session.online_url:
            event.add("url", session.online_url)
        event.add("description", f"{session.training.centre.name}")
        calendar.add_component(event)
    return calendar.to_ical()


def calendar_response(sessions, *, name: str, filename: str) -> HttpResponse:
    """An ``.ics`` download with one VEVENT per session (``session.training`` is loaded)."""
    response = HttpResponse(
        calendar_ics(sessions, name=name), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
