import datetime

import pytest
from django.core.exceptions import ValidationError

from acteurs import services
from acteurs.models import Acteur, Contact, Relation
from comptes.models import AuditEntry
from tests.factories import ActeurFactory, OrganisationFactory, QuartierFactory

DAY = datetime.date(2025, 3, 14)


def test_acteur_creer_saves_neighbourhoods_and_audits(organisation, quartier, facilitateur):
    acteur = services.acteur_creer(
        par=facilitateur,
        organisation=organisation,
        quartiers=[quartier],
        nature="personne",
        type_acteur="habitant",
        nom="Lambert",
        prenom="Sophie",
        email="  Sophie.Lambert@Example.org ",
    )
    assert acteur.email == "sophie.lambert@example.org"
    assert list(acteur.quartiers.all()) == [quartier]
    entry = AuditEntry.objects.get(object_type="acteurs.acteur", object_id=str(acteur.pk))
    assert entry.action == "create" and entry.user == facilitateur


def test_acteur_creer_refuses_a_neighbourhood_of_another_organisation(organisation, facilitateur):
    foreign = QuartierFactory(organisation=OrganisationFactory(nom="Ailleurs"))
    with pytest.raises(ValidationError):
        services.acteur_creer(
            par=facilitateur,
            organisation=organisation,
            quartiers=[foreign],
            type_acteur="association",
            nom="Asso",
        )
    assert not Acteur.objects.exists()


def test_acteur_creer_validates_fields(organisation, facilitateur):
    with pytest.raises(ValidationError) as exc:
        services.acteur_creer(
            par=facilitateur, organisation=organisation, type_acteur="inconnu", nom=""
        )
    assert "nom" in exc.value.message_dict and "type_acteur" in exc.value.message_dict


def test_acteur_modifier_audits_only_changed_fields(acteur, facilitateur, quartier, autre_quartier):
    services.acteur_modifier(
        acteur=acteur, par=facilitateur, telephone="01 00 00 00 00", quartiers=[autre_quartier]
    )
    entry = AuditEntry.objects.get(action="update", object_id=str(acteur.pk))
    assert set(entry.changes) == {"telephone", "quartiers"}
    assert entry.changes["quartiers"] == [[quartier.nom], [autre_quartier.nom]]


def test_stade_is_cleared_when_not_relay(acteur, facilitateur):
    services.acteur_modifier(
        acteur=acteur, par=facilitateur, est_relais=False, stade_diffusion="pionnier"
    )
    acteur.refresh_from_db()
    assert acteur.stade_diffusion == ""


def test_relation_is_directed_and_unique(acteur, personne, facilitateur):
    services.relation_ajouter(
        source=personne, cible=acteur, type_relation="membre", par=facilitateur
    )
    services.relation_ajouter(
        source=acteur, cible=personne, type_relation="membre", par=facilitateur
    )
    with pytest.raises(ValidationError):
        services.relation_ajouter(
            source=personne, cible=acteur, type_relation="membre", par=facilitateur
        )
    assert Relation.objects.count() == 2


def test_relation_across_organisations_is_refused(acteur, facilitateur):
    other = ActeurFactory(organisation=OrganisationFactory(nom="Ailleurs"))
    with pytest.raises(ValidationError):
        services.relation_ajouter(
            source=acteur, cible=other, type_relation="financement", par=facilitateur
        )


def test_relation_to_itself_is_refused(acteur, facilitateur):
    with pytest.raises(ValidationError):
        services.relation_ajouter(
            source=acteur, cible=acteur, type_relation="autre", par=facilitateur
        )


def test_contact_enregistrer_is_idempotent_on_source_key(personne, facilitateur):
    first = services.contact_enregistrer(
        acteur=personne, date=DAY, canal="atelier", par=facilitateur, source_key="atelier:42"
    )
    again = services.contact_enregistrer(
        acteur=personne,
        date=DAY + datetime.timedelta(days=1),
        canal="atelier",
        par=facilitateur,
        note="Présente",
        source_key="atelier:42",
    )
    assert first.pk == again.pk
    assert Contact.objects.filter(acteur=personne).count() == 1
    again.refresh_from_db()
    assert again.date == DAY + datetime.timedelta(days=1) and again.note == "Présente"


def test_contacts_without_source_key_accumulate(personne, facilitateur):
    for _ in range(3):
        services.contact_enregistrer(acteur=personne, date=DAY, canal="email", par=facilitateur)
    assert personne.contacts.count() == 3
    assert AuditEntry.objects.filter(object_type="acteurs.contact", action="create").count() == 3


def test_contact_supprimer_par_source(personne, facilitateur):
    services.contact_enregistrer(
        acteur=personne, date=DAY, canal="atelier", par=None, source_key="atelier:1"
    )
    assert services.contact_supprimer_par_source(
        acteur=personne, source_key="atelier:1", par=facilitateur
    )
    assert not personne.contacts.exists()
    assert not services.contact_supprimer_par_source(
        acteur=personne, source_key="atelier:1", par=facilitateur
    )


def test_anonymiser_blanks_personal_data_and_keeps_counts(personne, acteur, facilitateur):
    services.acteur_modifier(
        acteur=personne,
        par=facilitateur,
        telephone="01 00 00 00 00",
        notes="Vit au 3e étage",
        consentement_date=DAY,
        consentement_source="fiche",
    )
    services.contact_enregistrer(
        acteur=personne, date=DAY, canal="rencontre", par=facilitateur, note="Martine inquiète"
    )
    services.relation_ajouter(
        source=personne, cible=acteur, type_relation="relais_infos", par=facilitateur, note="x"
    )
    services.acteur_anonymiser(acteur=personne, par=facilitateur)

    personne.refresh_from_db()
    assert personne.est_anonymise
    assert "Roussel" not in personne.nom and personne.prenom == ""
    assert personne.email == personne.telephone == personne.notes == ""
    assert personne.consentement_date is None and personne.consentement_source == ""
    assert personne.contacts.count() == 1 and personne.contacts.get().note == ""
    assert personne.relations_sortantes.get().note == ""
    assert not personne.sans_consentement  # no longer flagged: nothing personal is held
    # The audit trail no longer names her.
    for entry in AuditEntry.objects.all():
        assert "Roussel" not in entry.object_repr and "Martine" not in str(entry.changes)
    assert AuditEntry.objects.filter(action="anonymise", object_id=str(personne.pk)).exists()


def test_anonymiser_is_irreversible_and_only_for_persons(personne, acteur, facilitateur):
    services.acteur_anonymiser(acteur=personne, par=facilitateur)
    with pytest.raises(ValidationError):
        services.acteur_anonymiser(acteur=personne, par=facilitateur)
    with pytest.raises(ValidationError):
        services.acteur_modifier(acteur=personne, par=facilitateur, nom="Roussel")
    with pytest.raises(ValidationError):
        services.acteur_anonymiser(acteur=acteur, par=facilitateur)


def test_workshop_contacts_still_count_after_anonymisation(personne):
    services.acteur_anonymiser(acteur=personne, par=None)
    services.contact_enregistrer(
        acteur=personne, date=DAY, canal="atelier", par=None, note="nom", source_key="atelier:9"
    )
    assert personne.contacts.get().note == ""
