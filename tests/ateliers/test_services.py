from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from acteurs.models import Contact
from ateliers import services
from ateliers.models import Atelier, StatutProposition
from comptes.models import AuditEntry
from tests.factories import ActeurFactory, AxeTravailFactory, QuartierFactory

from .factories import AtelierFactory, PropositionFactory, type_activite


def _save(facilitateur, quartier, acteurs, atelier=None, **extra):
    data = {
        "quartier": quartier,
        "type_activite": type_activite(),
        "titre": "Atelier",
        "date": date(2023, 5, 17),
        "participants": 12,
        "heures_preparation": Decimal("2"),
        "heures_terrain": Decimal("3"),
        **extra,
    }
    return services.atelier_enregistrer(
        par=facilitateur,
        data=data,
        animateurs=[facilitateur],
        acteurs_presents=acteurs,
        atelier=atelier,
    )


def test_resaving_an_activity_updates_contacts_without_duplicating(
    facilitateur, quartier, personnes
):
    atelier = _save(facilitateur, quartier, personnes)
    assert Contact.objects.filter(source_key=f"atelier:{atelier.pk}").count() == 3
    atelier = _save(facilitateur, quartier, personnes, atelier=atelier, date=date(2023, 5, 18))
    assert Contact.objects.count() == 3
    assert set(Contact.objects.values_list("date", flat=True)) == {date(2023, 5, 18)}


def test_removing_an_attendee_removes_their_contact_only(facilitateur, quartier, personnes):
    other = Contact.objects.create(acteur=personnes[0], date=date(2023, 1, 1), canal="telephone")
    atelier = _save(facilitateur, quartier, personnes)
    _save(facilitateur, quartier, personnes[:1], atelier=atelier)
    assert set(Contact.objects.values_list("acteur_id", flat=True)) == {personnes[0].pk}
    assert Contact.objects.filter(pk=other.pk).exists()
    assert Contact.objects.count() == 2


def test_deleting_an_activity_removes_its_contacts(facilitateur, quartier, personnes):
    atelier = _save(facilitateur, quartier, personnes)
    services.atelier_supprimer(atelier=atelier, par=facilitateur)
    assert not Contact.objects.exists()
    assert AuditEntry.objects.filter(action="delete", object_type="ateliers.atelier").exists()


def test_activity_refuses_axis_of_another_neighbourhood(facilitateur, quartier, organisation):
    axe = AxeTravailFactory(quartier=QuartierFactory(organisation=organisation))
    with pytest.raises(ValidationError) as exc:
        _save(facilitateur, quartier, [], axe=axe)
    assert "axe" in exc.value.message_dict
    assert not Atelier.objects.exists()


def test_activity_refuses_actors_of_another_organisation(facilitateur, quartier):
    stranger = ActeurFactory()
    with pytest.raises(ValidationError):
        _save(facilitateur, quartier, [stranger])
    assert not Contact.objects.exists()


def test_inline_actor_is_created_in_the_contact_base_with_audit(facilitateur, quartier):
    acteur = services.acteur_creer_rapide(
        par=facilitateur,
        organisation=quartier.organisation,
        quartier=quartier,
        nature="personne",
        type_acteur="habitant",
        nom="Lemaire",
        prenom="Jeanne",
    )
    assert list(acteur.quartiers.all()) == [quartier]
    assert AuditEntry.objects.filter(
        object_type="acteurs.acteur", object_id=str(acteur.pk)
    ).exists()


def test_abandoning_a_proposition_needs_a_reason(facilitateur, quartier):
    proposition = PropositionFactory(atelier=AtelierFactory(quartier=quartier))
    with pytest.raises(ValidationError) as exc:
        services.proposition_changer_statut(
            proposition=proposition, statut=StatutProposition.ABANDONNEE, par=facilitateur
        )
    assert "motif" in exc.value.message_dict
    services.proposition_changer_statut(
        proposition=proposition,
        statut=StatutProposition.ABANDONNEE,
        par=facilitateur,
        motif="Pas d'autorisation de voirie.",
    )
    proposition.refresh_from_db()
    assert proposition.motif == "Pas d'autorisation de voirie."


def test_a_realised_proposition_cannot_jump_back_to_new(facilitateur, quartier):
    proposition = PropositionFactory(
        atelier=AtelierFactory(quartier=quartier), statut=StatutProposition.REALISEE
    )
    with pytest.raises(ValidationError):
        services.proposition_changer_statut(
            proposition=proposition, statut=StatutProposition.NOUVELLE, par=facilitateur
        )


def test_regenerating_a_feed_revokes_the_old_address(facilitateur, quartier):
    first = services.jeton_creer(user=facilitateur, portee="quartier", quartier=quartier)
    second = services.jeton_creer(user=facilitateur, portee="quartier", quartier=quartier)
    first.refresh_from_db()
    assert first.revoque_le is not None
    assert second.revoque_le is None
    assert first.jeton != second.jeton
