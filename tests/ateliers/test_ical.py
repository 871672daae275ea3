from datetime import UTC, date, time, timedelta

import icalendar
from django.urls import reverse
from django.utils import timezone

from ateliers import services

from .factories import AtelierFactory


def _feed(client, jeton):
    return client.get(reverse("ateliers:ical", args=[jeton.jeton]))


def test_feed_is_a_valid_calendar_that_clients_accept(client, facilitateur, quartier):
    atelier = AtelierFactory(
        quartier=quartier,
        date=timezone.localdate(),
        heure_debut=time(19),
        duree_minutes=120,
        lieu="École maternelle Glacière",
        adresse="100 rue de la Glacière, 75013 Paris",
    )
    AtelierFactory(quartier=quartier, date=timezone.localdate(), heure_debut=None, titre="Boîtage")
    jeton = services.jeton_creer(user=facilitateur, portee="quartier", quartier=quartier)
    response = _feed(client, jeton)
    assert response.status_code == 200
    cal = icalendar.Calendar.from_ical(response.content)
    assert cal["VERSION"] == "2.0"
    assert "Ecogestion" in str(cal["PRODID"])
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Europe/Paris"]
    events = {str(e["SUMMARY"]): e for e in cal.walk("VEVENT")}
    timed = next(e for s, e in events.items() if atelier.titre in s)
    for prop in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "LOCATION", "URL"):
        assert prop in timed, prop
    assert timed["DTSTART"].params["TZID"] == "Europe/Paris"
    assert timed.decoded("DTEND") - timed.decoded("DTSTART") == timedelta(hours=2)
    assert str(timed["URL"]).startswith("http://testserver/ateliers/")
    assert "Glacière" in str(timed["LOCATION"])
    all_day = next(e for s, e in events.items() if "Boîtage" in s)
    assert all_day.decoded("DTSTART") == timezone.localdate()
    assert isinstance(all_day.decoded("DTSTART"), date)


def test_feed_escapes_what_facilitators_type_and_tells_clients_when_to_refresh(
    client, facilitateur, quartier
):
    """Commas, semicolons, backslashes and line breaks are escaped (RFC 5545 §3.3.11), long
    lines are folded, UIDs are unique to the site, and clients are told to re-read hourly."""
    titre = "Atelier ; eau, vélo \\ et ombre"
    lieu = "Maison de l'Air, salle 2; au fond\nà droite"
    atelier = AtelierFactory(
        quartier=quartier,
        date=timezone.localdate(),
        heure_debut=time(18, 30),
        duree_minutes=90,
        titre=titre,
        lieu=lieu,
        adresse="27 rue Piat, 75020 Paris" + " (bâtiment du fond, à côté du jardin partagé)" * 3,
    )
    jeton = services.jeton_creer(user=facilitateur, portee="quartier", quartier=quartier)
    body = _feed(client, jeton).content
    raw = body.decode()
    assert all(len(line.encode()) <= 75 for line in raw.split("\r\n")), "lines must be folded"
    assert "Atelier \\; eau\\, vélo \\\\ et ombre" in raw.replace("\r\n ", "")
    cal = icalendar.Calendar.from_ical(body)
    assert str(cal["REFRESH-INTERVAL"].to_ical().decode()) == "PT1H"
    assert str(cal["X-PUBLISHED-TTL"]) == "PT1H"
    (event,) = cal.walk("VEVENT")
    assert str(event["SUMMARY"]).endswith(titre)
    assert str(event["LOCATION"]).startswith(lieu)
    assert str(event["UID"]) == f"atelier-{atelier.pk}@testserver"
    assert event["DTSTAMP"].dt.tzinfo is not None


def test_feed_times_are_right_in_winter_and_in_summer(client, facilitateur, quartier):
    """18:30 in Paris is 17:30 UTC in January and 16:30 UTC in July: clients that read the
    TZID and its VTIMEZONE must land on the same instant as the activity."""
    annee = timezone.localdate().year
    hiver = AtelierFactory(quartier=quartier, date=date(annee, 1, 15), heure_debut=time(18, 30))
    ete = AtelierFactory(quartier=quartier, date=date(annee, 7, 15), heure_debut=time(18, 30))
    jeton = services.jeton_creer(user=facilitateur, portee="quartier", quartier=quartier)
    cal = icalendar.Calendar.from_ical(_feed(client, jeton).content)
    starts = {str(e["UID"]): e.decoded("DTSTART") for e in cal.walk("VEVENT")}
    winter = starts[f"atelier-{hiver.pk}@testserver"]
    summer = starts[f"atelier-{ete.pk}@testserver"]
    assert winter.astimezone(UTC).time() == time(17, 30)
    assert summer.astimezone(UTC).time() == time(16, 30)
    assert winter == hiver.debut and summer == ete.debut


def test_facilitator_feed_holds_only_my_activities(client, facilitateur, direction, quartier):
    mine = AtelierFactory(quartier=quartier, animateurs=[facilitateur], date=timezone.localdate())
    AtelierFactory(quartier=quartier, animateurs=[direction], date=timezone.localdate())
    jeton = services.jeton_creer(user=facilitateur, portee="animateur")
    cal = icalendar.Calendar.from_ical(_feed(client, jeton).content)
    assert [str(e["UID"]) for e in cal.walk("VEVENT")] == [f"atelier-{mine.pk}@testserver"]


def test_revoked_regenerated_or_deactivated_feeds_answer_404(client, facilitateur, quartier):
    first = services.jeton_creer(user=facilitateur, portee="quartier", quartier=quartier)
    second = services.jeton_creer(user=facilitateur, portee="quartier", quartier=quartier)
    assert _feed(client, first).status_code == 404
    assert _feed(client, second).status_code == 200
    client.force_login(facilitateur)
    client.post(reverse("ateliers:abonnement_revoquer", args=[second.pk]))
    client.logout()
    assert _feed(client, second).status_code == 404
    third = services.jeton_creer(user=facilitateur, portee="animateur")
    facilitateur.is_active = False
    facilitateur.save()
    assert _feed(client, third).status_code == 404


def test_feed_follows_the_owners_current_rights(client, quartier, organisation):
    from comptes.models import Role
    from tests.factories import UserFactory

    partenaire = UserFactory(organisation=organisation, role=Role.PARTENAIRE)
    quartier.membres.add(partenaire)
    jeton = services.jeton_creer(user=partenaire, portee="quartier", quartier=quartier)
    assert _feed(client, jeton).status_code == 200
    quartier.membres.remove(partenaire)
    assert _feed(client, jeton).status_code == 404


def test_subscription_page_lists_my_active_addresses(client, facilitateur, quartier):
    jeton = services.jeton_creer(user=facilitateur, portee="quartier", quartier=quartier)
    client.force_login(facilitateur)
    html = client.get(reverse("ateliers:abonnements")).content.decode()
    assert jeton.jeton in html
