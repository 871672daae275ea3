from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from acteurs.models import Acteur, Contact
from ateliers import services
from ateliers.models import Atelier, StatutProposition
from comptes.models import AuditEntry
from tests.factories import ActeurFactory, AxeTravailFactory, QuartierFactory

from .factories import AtelierFactory, PropositionFactory, type_activite


def _save(facilitateur, quartier, acteurs, atelier=None, nouvel_acteur=None, **extra):
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
        nouvel_acteur=nouvel_acteur,
    )


def test_resaving_an_activity_updates_contacts_without_duplicating(
    facilitateur, quartier, personnes
):
    atelier = _save(facilitateur, quartier, personnes)
    assert Contact.objects.filter(source_key=f"atelier:{atelier.pk}").count() == 3
    atelier = _save(facilitateur, quartier, personnes, atelier=atelier, date=date(2023, 5, 18))
    assert Contact.objects.count() == 3
    assert set(Contact.objects.values_list("date", flat=True)) == {date(2023, 5, 18)}
    # Each contact records the activity whose attendance created it.
    assert list(atelier.contacts.order_by("acteur")) == list(Contact.objects.order_by("acteur"))


def test_removing_an_attendee_removes_their_contact_only(facilitateur, quartier, personnes):
    other = Contact.objects.create(acteur=personnes[0], date=date(2023, 1, 1), canal="telephone")
    atelier = _save(facilitateur, quartier, personnes)
    _save(facilitateur, quartier, personnes[:1], atelier=atelier)
    assert set(Contact.objects.values_list("acteur_id", flat=True)) == {personnes[0].pk}
    assert list(atelier.contacts.values_list("acteur_id", flat=True)) == [personnes[0].pk]
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
    atelier = _save(
        facilitateur,
        quartier,
        [],
        nouvel_acteur={
            "nature": "personne",
            "type_acteur": "habitant",
            "nom": " Lemaire ",
            "prenom": "Jeanne",
        },
    )
    acteur = Acteur.objects.get(nom="Lemaire")
    assert acteur.prenom == "Jeanne"
    assert list(acteur.quartiers.all()) == [quartier]
    assert list(atelier.acteurs_presents.all()) == [acteur]
    assert Contact.objects.get(acteur=acteur).source_key == f"atelier:{atelier.pk}"
    assert AuditEntry.objects.filter(
        object_type="acteurs.acteur", object_id=str(acteur.pk), action="create"
    ).exists()


def test_a_refused_inline_actor_saves_nothing_and_names_the_inline_field(facilitateur, quartier):
    with pytest.raises(ValidationError) as exc:
        _save(
            facilitateur,
            quartier,
            [],
            nouvel_acteur={"nature": "personne", "type_acteur": "inconnu", "nom": "Lemaire"},
        )
    assert "nouvel_type" in exc.value.message_dict
    assert not Atelier.objects.exists()
    assert not Acteur.objects.filter(nom="Lemaire").exists()


def test_deleting_an_activity_audits_each_removed_contact(facilitateur, quartier, personnes):
    atelier = _save(facilitateur, quartier, personnes)
    services.atelier_supprimer(atelier=atelier, par=facilitateur)
    assert AuditEntry.objects.filter(action="delete", object_type="acteurs.contact").count() == 3


def test_status_history_takes_the_day_it_happened_in_order(facilitateur, quartier):
    from datetime import timedelta

    from django.utils import timezone

    proposition = services.proposition_enregistrer(
        par=facilitateur,
        quartier=quartier,
        data={"texte": "Des bancs à l'ombre", "atelier": AtelierFactory(quartier=quartier)},
    )
    today = timezone.localdate()
    with pytest.raises(ValidationError) as exc:
        services.proposition_changer_statut(
            proposition=proposition, statut="retenue", par=facilitateur, le=today + timedelta(1)
        )
    assert "le" in exc.value.message_dict
    # Recorded afterwards: retenue last week, then réalisée today; the history reads in order.
    services.proposition_changer_statut(
        proposition=proposition, statut="en_cours", par=facilitateur, le=today
    )
    with pytest.raises(ValidationError) as exc:
        services.proposition_changer_statut(
            proposition=proposition, statut="realisee", par=facilitateur, le=today - timedelta(7)
        )
    assert "précède" in exc.value.message_dict["le"][0]
    services.proposition_changer_statut(
        proposition=proposition, statut="realisee", par=facilitateur, le=today, motif="Posés."
    )
    historique = list(proposition.historique.all())
    assert [h.nouveau for h in historique] == ["nouvelle", "en_cours", "realisee"]
    assert [timezone.localdate(h.le) for h in historique] == [today] * 3
    assert historique[1].le < historique[2].le


def test_a_past_day_is_accepted_when_recorded_afterwards(facilitateur, quartier):
    from datetime import timedelta

    from django.utils import timezone

    proposition = services.proposition_enregistrer(
        par=facilitateur, quartier=quartier, data={"texte": "Un composteur"}
    )
    proposition.historique.update(le=timezone.now() - timedelta(days=30))
    jour = timezone.localdate() - timedelta(days=10)
    services.proposition_changer_statut(
        proposition=proposition, statut="retenue", par=facilitateur, le=jour
    )
    assert timezone.localdate(proposition.historique.last().le) == jour
    with pytest.raises(ValidationError):  # before the proposal was even noted
        services.proposition_changer_statut(
            proposition=proposition,
            statut="en_cours",
            par=facilitateur,
            le=timezone.localdate() - timedelta(days=40),
        )


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
