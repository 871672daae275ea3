"""The issue's "Done when": from the phone form to contacts, calendar, iCal and a proposal
followed through to "réalisée"."""

import icalendar
from django.urls import reverse
from django.utils import timezone

from acteurs.models import Contact
from ateliers.models import Atelier, JetonCalendrier, StatutProposition

from .htmlform import fill, read_form


def test_facilitator_logs_an_atelier_and_everything_follows(
    client, facilitateur, quartier, personnes
):
    client.force_login(facilitateur)
    page = client.get(reverse("ateliers:saisie"))
    assert page.status_code == 200
    assert b'name="viewport"' in page.content
    data, names, choices = read_form(page.content, "quick-entry")
    today = timezone.localdate()
    # Defaults: today, my neighbourhood, me.
    assert data["date"] == [today.isoformat()]
    assert data["quartier"] == [str(quartier.pk)]
    assert data["animateurs"] == [str(facilitateur.pk)]
    atelier_type = next(v for v, _ in choices["type_activite"] if v)
    fill(
        data,
        names,
        type_activite=atelier_type,
        titre="Atelier confort d'été",
        heure_debut="18:30",
        duree_minutes="120",
        participants="12",
        acteurs_presents=[str(p.pk) for p in personnes],
        lieu="Maison de l'Air",
        compte_rendu="Trois tables de travail.",
    )
    response = client.post(reverse("ateliers:saisie"), data)
    atelier = Atelier.objects.get(titre="Atelier confort d'été")
    assert response.status_code == 302
    assert response["Location"] == atelier.get_absolute_url()
    assert atelier.participants == 12
    assert list(atelier.animateurs.all()) == [facilitateur]

    # The attendees' contact histories show it.
    for person in personnes:
        contact = Contact.objects.get(acteur=person)
        assert (contact.date, contact.canal, contact.par) == (today, "atelier", facilitateur)
        assert contact.source_key == f"atelier:{atelier.pk}"
    assert Contact.objects.count() == 3

    # The month calendar shows it.
    calendar = client.get(reverse("ateliers:calendrier"), {"mois": f"{today:%Y-%m}"})
    assert "Atelier confort d&#x27;été" in calendar.content.decode()

    # The iCal feed shows it and parses.
    client.post(
        reverse("ateliers:abonnement_creer"), {"portee": "quartier", "quartier": quartier.pk}
    )
    jeton = JetonCalendrier.objects.get(user=facilitateur)
    client.logout()
    feed = client.get(reverse("ateliers:ical", args=[jeton.jeton]))
    assert feed["Content-Type"].startswith("text/calendar")
    cal = icalendar.Calendar.from_ical(feed.content)
    events = [e for e in cal.walk("VEVENT")]
    assert [str(e["SUMMARY"]) for e in events] == [
        f"{atelier.type_activite.nom} · Atelier confort d'été"
    ]
    assert events[0].decoded("DTSTART") == atelier.debut

    # A proposal from it moves from nouvelle to réalisée with its history kept.
    client.force_login(facilitateur)
    page = client.get(reverse("ateliers:proposition_creer", args=[atelier.pk]))
    data, names, _ = read_form(page.content, "proposition-form")
    fill(data, names, texte="Des récupérateurs d'eau de pluie", theme="Eau")
    client.post(reverse("ateliers:proposition_creer", args=[atelier.pk]), data)
    proposition = atelier.propositions.get()
    assert proposition.statut == StatutProposition.NOUVELLE
    for statut in ("retenue", "en_cours", "realisee"):
        response = client.post(
            reverse("ateliers:proposition_statut", args=[proposition.pk]),
            {"statut": statut, "motif": "Posés en juin" if statut == "realisee" else ""},
        )
        assert response.status_code == 302
    proposition.refresh_from_db()
    assert proposition.statut == StatutProposition.REALISEE
    history = list(proposition.historique.values_list("ancien", "nouveau"))
    assert history == [
        ("", "nouvelle"),
        ("nouvelle", "retenue"),
        ("retenue", "en_cours"),
        ("en_cours", "realisee"),
    ]
    detail = client.get(proposition.get_absolute_url()).content.decode()
    assert detail.count("<li><time") == 4
    restitution = client.get(reverse("ateliers:restitution", args=[quartier.pk])).content.decode()
    assert "Des récupérateurs d&#x27;eau de pluie" in restitution
    assert "Posés en juin" in restitution
