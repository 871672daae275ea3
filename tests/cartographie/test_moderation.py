"""Moderation queue, team entry of notes and session management."""

import json

import pytest
from django.urls import reverse

from cartographie.models import Annotation, Carte, Categorie, Statut
from comptes.models import AuditEntry

from .factories import AnnotationFactory

pytestmark = pytest.mark.django_db


def test_facilitator_opens_a_session_through_the_form(client, quartier, facilitateur):
    client.force_login(facilitateur)
    url = reverse("cartographie:carte_creer", args=[quartier.pk])
    html = client.get(url).content.decode()
    for name in ("titre", "echelle", "saison", "ouverte", "moderation"):
        assert f'name="{name}"' in html
    response = client.post(
        url, {"titre": "Atelier du 12 juin", "echelle": "ilot", "saison": "ete", "ouverte": "on"}
    )
    carte = Carte.objects.get()
    assert response["Location"] == carte.get_absolute_url()
    assert carte.ouverte and carte.cree_par == facilitateur
    detail = client.get(response["Location"]).content.decode()
    assert carte.jeton in detail  # the public link
    assert reverse("cartographie:carte_qr", args=[carte.pk]) in detail
    qr = client.get(reverse("cartographie:carte_qr", args=[carte.pk]))
    assert qr["Content-Type"] == "image/svg+xml" and b"<svg" in qr.content


def test_invalid_session_form_keeps_input_and_explains(client, quartier, facilitateur):
    client.force_login(facilitateur)
    response = client.post(
        reverse("cartographie:carte_creer", args=[quartier.pk]),
        {"titre": "", "echelle": "lune", "saison": "ete"},
    )
    html = response.content.decode()
    assert response.status_code == 200 and "error-summary" in html


def test_bulk_publish_and_reject_with_reason_kept(client, carte, facilitateur):
    waiting = [AnnotationFactory(carte=carte, statut=Statut.EN_ATTENTE) for _ in range(4)]
    client.force_login(facilitateur)
    url = reverse("cartographie:moderation", args=[carte.pk])
    html = client.get(url).content.decode()
    assert html.count('name="notes"') == 4
    published = client.post(
        url, {"notes": [waiting[0].pk, waiting[1].pk], "action": "publier"}, follow=True
    )
    assert "2 notes publiées." in published.content.decode()
    response = client.post(
        url, {"notes": [waiting[2].pk, waiting[3].pk], "action": "rejeter", "motif": ""}
    )
    assert "Indiquez le motif du rejet." in response.content.decode()
    client.post(
        url,
        {"notes": [waiting[2].pk, waiting[3].pk], "action": "rejeter", "motif": "Propos injurieux"},
    )
    statuses = dict(Annotation.objects.values_list("pk", "statut"))
    assert [statuses[n.pk] for n in waiting] == ["publiee", "publiee", "rejetee", "rejetee"]
    assert set(
        Annotation.objects.filter(statut="rejetee").values_list("motif_rejet", flat=True)
    ) == {"Propos injurieux"}
    assert (
        AuditEntry.objects.filter(action="update", changes__motif_rejet="Propos injurieux").count()
        == 2
    )
    assert Annotation.objects.get(pk=waiting[0].pk).moderee_par == facilitateur


def test_edit_one_note_then_publish(client, carte, facilitateur):
    note = AnnotationFactory(carte=carte, statut=Statut.EN_ATTENTE, commentaire="cour tres chaude")
    client.force_login(facilitateur)
    url = reverse("cartographie:annotation_modifier", args=[note.pk])
    html = client.get(url).content.decode()
    assert 'name="geometrie"' in html
    client.post(
        url,
        {
            "geometrie": json.dumps({"type": "Point", "coordinates": [2.386, 48.873]}),
            "categorie": Categorie.objects.get(slug="ilot-de-chaleur").pk,
            "ressenti": "negatif",
            "commentaire": "Cour très chaude",
            "auteur": "",
            "publier": "1",
        },
    )
    note.refresh_from_db()
    assert note.commentaire == "Cour très chaude" and note.statut == Statut.PUBLIEE
    assert note.geometrie["coordinates"] == [2.386, 48.873] and note.lon == 2.386


def test_team_enters_a_group_note_even_on_a_closed_session(client, carte, facilitateur):
    carte.ouverte = False
    carte.save()
    client.force_login(facilitateur)
    url = reverse("cartographie:carte_detail", args=[carte.pk])
    line = {"type": "LineString", "coordinates": [[2.381, 48.871], [2.384, 48.873]]}
    response = client.post(
        url,
        {"geometrie": json.dumps(line), "categorie": Categorie.objects.get(slug="mobilite").pk,
         "ressenti": "negatif", "commentaire": "Trottoir étroit", "auteur": "Groupe B"},
    )  # fmt: skip
    assert response.status_code == 302
    note = Annotation.objects.get()
    assert (
        note.origine == "facilitateur"
        and note.statut == Statut.PUBLIEE
        and note.auteur == "Groupe B"
    )
    # The next note of the same group's sheet: back at the form, the signature kept.
    assert response["Location"] == f"{url}?auteur=Groupe+B#ajout"
    html = client.get(response["Location"]).content.decode()
    assert 'name="auteur" value="Groupe B"' in html


def test_team_note_with_bad_geometry_keeps_what_was_typed(client, carte, facilitateur):
    client.force_login(facilitateur)
    response = client.post(
        reverse("cartographie:carte_detail", args=[carte.pk]),
        {"geometrie": json.dumps({"type": "Point", "coordinates": [2.2, 48.8]}),
         "categorie": Categorie.objects.get(slug="autre").pk, "ressenti": "neutre",
         "commentaire": "Texte conservé", "auteur": ""},
    )  # fmt: skip
    html = response.content.decode()
    assert "Hors du quartier" in html and "Texte conservé" in html
    assert not Annotation.objects.exists()


def test_renewing_the_link_kills_the_old_one(client, carte, facilitateur):
    old = carte.jeton
    client.force_login(facilitateur)
    client.post(reverse("cartographie:carte_renouveler_lien", args=[carte.pk]))
    carte.refresh_from_db()
    assert carte.jeton != old
    client.logout()
    assert client.get(reverse("cartographie:public_carte", args=[old])).status_code == 404


def test_home_panel_points_facilitators_to_the_moderation_queue(
    client, carte, facilitateur, outsider
):
    AnnotationFactory(carte=carte, statut=Statut.EN_ATTENTE)
    client.force_login(facilitateur)
    html = client.get(reverse("home")).content.decode()
    assert "1 note à modérer" in html
    assert reverse("cartographie:moderation", args=[carte.pk]) in html
    client.force_login(outsider)
    assert carte.titre not in client.get(reverse("home")).content.decode()
