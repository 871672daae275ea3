import json

from django.urls import reverse

from acteurs import services
from acteurs.models import Contact
from comptes.models import AuditEntry

from .htmlform import form_data


def test_rgpd_page_shows_everything_held_and_is_logged(fac_client, personne, acteur, facilitateur):
    services.contact_enregistrer(
        acteur=personne, date=__import__("datetime").date(2025, 2, 3), canal="email",
        par=facilitateur, note="Demande d'infos",
    )  # fmt: skip
    services.relation_ajouter(
        source=personne, cible=acteur, type_relation="membre", par=facilitateur
    )
    html = fac_client.get(reverse("acteurs:rgpd", args=[personne.pk])).content.decode()
    for expected in ("martine@example.org", "Demande d&#x27;infos", "Association des Tilleuls",
                     "Journal des modifications", "03/02/2025"):  # fmt: skip
        assert expected in html
    # Read by the person concerned: words and French dates, not Python values.
    assert "False" not in html and "None" not in html and "acteurs.contact" not in html
    assert '<th scope="row">Personne-relais</th><td class="pre-line">Non</td>' in html
    entry = AuditEntry.objects.filter(action="export").get()
    assert entry.object_id == str(personne.pk) and entry.user == facilitateur


def test_rgpd_json_export_contains_fields_relations_contacts_and_audit(fac_client, personne):
    services.contact_enregistrer(
        acteur=personne, date=__import__("datetime").date(2025, 2, 3), canal="email", par=None
    )
    response = fac_client.get(reverse("acteurs:rgpd_json", args=[personne.pk]))
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["champs"]["email"]["valeur"] == "martine@example.org"
    assert data["champs"]["type_acteur"]["valeur"] == "Habitant·e"
    assert len(data["contacts"]) == 1
    assert any(e["objet"] == "acteurs.contact" for e in data["journal"])
    assert AuditEntry.objects.filter(action="export", object_id=str(personne.pk)).count() == 1


def test_anonymise_through_the_confirmation_form(fac_client, personne, facilitateur):
    Contact.objects.create(acteur=personne, date="2025-01-01", canal="email", note="privé")
    url = reverse("acteurs:anonymise", args=[personne.pk])
    wrong = fac_client.post(url, form_data(fac_client.get(url).content, "anonymise-form",
                                           confirmation="oui"))  # fmt: skip
    assert "Tapez exactement ANONYMISER" in wrong.content.decode()
    personne.refresh_from_db()
    assert not personne.est_anonymise

    data = form_data(fac_client.get(url).content, "anonymise-form", confirmation="anonymiser")
    response = fac_client.post(url, data)
    assert response.status_code == 302
    personne.refresh_from_db()
    assert personne.est_anonymise and personne.email == ""
    assert personne.contacts.count() == 1
    html = fac_client.get(personne.get_absolute_url()).content.decode()
    assert "Roussel" not in html and "Anonymisé" in html
    assert "Historique des contacts (1)" in html
    assert AuditEntry.objects.filter(action="anonymise", user=facilitateur).exists()


def test_anonymised_person_is_not_flagged_without_consent_and_cannot_be_edited(
    fac_client, personne
):
    services.acteur_anonymiser(acteur=personne, par=None)
    html = fac_client.get(reverse("acteurs:list"), {"sans_consentement": "on"}).content.decode()
    assert personne.get_absolute_url() not in html
    response = fac_client.get(reverse("acteurs:update", args=[personne.pk]))
    assert response.status_code == 302


def test_direction_cannot_anonymise(client, direction, personne):
    client.force_login(direction)
    url = reverse("acteurs:anonymise", args=[personne.pk])
    assert client.post(url, {"confirmation": "ANONYMISER"}).status_code == 403
    personne.refresh_from_db()
    assert not personne.est_anonymise


def test_outsider_cannot_export_or_anonymise(client, outsider, personne):
    client.force_login(outsider)
    assert client.get(reverse("acteurs:rgpd_json", args=[personne.pk])).status_code == 404
    response = client.post(
        reverse("acteurs:anonymise", args=[personne.pk]), {"confirmation": "ANONYMISER"}
    )
    assert response.status_code == 404
    assert not AuditEntry.objects.filter(action__in=["export", "anonymise"]).exists()
