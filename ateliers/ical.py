"""The iCalendar feed (RFC 5545) of a set of activities."""

from datetime import timedelta

from django.utils import timezone
from icalendar import Calendar, Event, vText

PRODID = "-//Ecogestion//Activites de quartier//FR"


def calendrier(ateliers, *, nom: str, url_for, domaine: str) -> bytes:
    """``url_for(atelier)`` gives the absolute URL of an activity's page; ``domaine`` (the
    site's host name) makes the UIDs globally unique, as RFC 5545 asks, so that two
    installations' feeds in one calendar client never overwrite each other's events."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", nom)
    cal.add("x-wr-timezone", timezone.get_current_timezone_name())
    # How often subscribed clients should re-read the feed (RFC 7986, and Outlook's/Apple's
    # older property); without it some clients wait a day or more.
    cal.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "PT1H")
    stamp = timezone.now()
    for atelier in ateliers:
        event = Event()
        event.add("uid", f"atelier-{atelier.pk}@{domaine}")
        event.add("dtstamp", stamp)
        event.add("last-modified", atelier.modifie_le)
        if atelier.debut is not None:
            event.add("dtstart", timezone.localtime(atelier.debut))
            event.add("dtend", timezone.localtime(atelier.fin))
        else:
            event.add("dtstart", atelier.date)
            event.add("dtend", atelier.date + timedelta(days=1))
        event.add("summary", f"{atelier.type_activite.nom} · {atelier.titre}")
        lieu = ", ".join(part for part in (atelier.lieu, atelier.adresse) if part)
        if lieu:
            event.add("location", vText(lieu))
        if atelier.latitude is not None and atelier.longitude is not None:
            event.add("geo", (atelier.latitude, atelier.longitude))
        event.add("description", f"{atelier.quartier.nom}\n{url_for(atelier)}")
        event.add("url", url_for(atelier))
        event.add("categories", [atelier.type_activite.nom])
        cal.add_component(event)
    # Clients need a VTIMEZONE for every TZID used.
    cal.add_missing_timezones()
    return cal.to_ical()
