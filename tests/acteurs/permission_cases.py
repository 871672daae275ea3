"""Every URL of the contact base, for every role. Partners never see the base (403); other
organisations get 404 on objects; direction reads but does not edit."""

from acteurs.models import Nature, Relation, TypeActeur
from tests.factories import ActeurFactory
from tests.permission_table import (
    CREATE_PAGE,
    EDIT_STAFF_OBJECT,
    STAFF_LIST,
    STAFF_OBJECT,
    Case,
)


def build(world):
    world.personne = ActeurFactory(
        organisation=world.organisation,
        nature=Nature.PERSONNE,
        type_acteur=TypeActeur.HABITANT,
        nom="Habitante",
        prenom="Alice",
    )
    world.personne.quartiers.add(world.quartier)
    world.relation = Relation.objects.create(
        source=world.personne, cible=world.acteur, type_relation="membre"
    )


def _acteur(w):
    return {"pk": w.acteur.pk}


def _personne(w):
    return {"pk": w.personne.pk}


CASES = [
    Case("acteurs:list", STAFF_LIST),
    Case("acteurs:list", STAFF_LIST, query="q=asso&sans_consentement=on"),
    Case("acteurs:export_csv", STAFF_LIST),
    Case("acteurs:export_xlsx", STAFF_LIST),
    Case("acteurs:create", CREATE_PAGE),
    Case("acteurs:import", CREATE_PAGE),
    Case("acteurs:import_sample", STAFF_LIST, kwargs=lambda w: {"fmt": "csv"}),
    Case("acteurs:carte", STAFF_OBJECT, kwargs=lambda w: {"quartier_pk": w.quartier.pk}),
    Case("acteurs:detail", STAFF_OBJECT, kwargs=_acteur),
    Case("acteurs:update", EDIT_STAFF_OBJECT, kwargs=_acteur),
    Case("acteurs:relation_add", EDIT_STAFF_OBJECT, kwargs=_acteur),
    Case("acteurs:relation_delete", EDIT_STAFF_OBJECT, kwargs=lambda w: {"pk": w.relation.pk}),
    Case("acteurs:contact_add", EDIT_STAFF_OBJECT, kwargs=_acteur),
    Case("acteurs:rgpd", STAFF_OBJECT, kwargs=_personne),
    Case("acteurs:rgpd_json", STAFF_OBJECT, kwargs=_personne),
    Case("acteurs:anonymise", EDIT_STAFF_OBJECT, kwargs=_personne),
]
