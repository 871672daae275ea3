"""Every URL of the contact base, for every role. Partners never see the base (403); other
organisations get 404 on objects; direction reads but does not edit."""

from acteurs.models import Contact, Nature, Relation, TypeActeur
from tests.factories import ActeurFactory
from tests.permission_table import (
    CREATE_PAGE,
    EDIT_STAFF_OBJECT,
    STAFF_LIST,
    STAFF_OBJECT,
    Case,
    also,
    expect,
)

LIST = also(STAFF_LIST, facilitateur_autre=200)
CREATE = also(CREATE_PAGE, facilitateur_autre=200)
READ = also(STAFF_OBJECT, facilitateur_autre=200)
# world.acteur and world.habitante belong to world.quartier: its facilitator edits them, a
# facilitator of another neighbourhood reads them only.
EDIT = also(EDIT_STAFF_OBJECT, facilitateur_autre=403)
# An actor of world.autre_quartier: the other way round.
EDIT_AUTRE = expect(
    anonyme=302, administrateur=200, direction=403, facilitateur=403,
    partenaire=403, partenaire_autre=403, etranger=404, facilitateur_autre=200,
)  # fmt: skip


def build(world):
    # Not world.personne: the ateliers build sets its own (a person of no neighbourhood).
    world.habitante = ActeurFactory(
        organisation=world.organisation,
        nature=Nature.PERSONNE,
        type_acteur=TypeActeur.HABITANT,
        nom="Habitante",
        prenom="Alice",
    )
    world.habitante.quartiers.add(world.quartier)
    world.relation = Relation.objects.create(
        source=world.habitante, cible=world.acteur, type_relation="membre"
    )
    world.contact = Contact.objects.create(
        acteur=world.habitante, date="2026-01-15", canal="telephone", note="Appel"
    )
    world.acteur_autre = ActeurFactory(organisation=world.organisation, nom="Régie du quartier A2")
    world.acteur_autre.quartiers.add(world.autre_quartier)


def _acteur(w):
    return {"pk": w.acteur.pk}


def _personne(w):
    return {"pk": w.habitante.pk}


CASES = [
    Case("acteurs:list", LIST),
    Case("acteurs:list", LIST, query="q=asso&sans_consentement=on"),
    Case("acteurs:export_csv", LIST),
    Case("acteurs:export_xlsx", LIST),
    Case("acteurs:create", CREATE),
    Case("acteurs:import", CREATE),
    Case("acteurs:import_sample", LIST, kwargs=lambda w: {"fmt": "csv"}),
    Case("acteurs:carte", READ, kwargs=lambda w: {"quartier_pk": w.quartier.pk}),
    Case("acteurs:detail", READ, kwargs=_acteur),
    Case("acteurs:update", EDIT, kwargs=_acteur),
    Case("acteurs:update", EDIT_AUTRE, kwargs=lambda w: {"pk": w.acteur_autre.pk}),
    Case("acteurs:relation_add", EDIT, kwargs=_acteur),
    Case("acteurs:relation_delete", EDIT, kwargs=lambda w: {"pk": w.relation.pk}),
    Case("acteurs:contact_add", EDIT, kwargs=_acteur),
    Case("acteurs:contact_add", EDIT_AUTRE, kwargs=lambda w: {"pk": w.acteur_autre.pk}),
    Case("acteurs:contact_delete", EDIT, kwargs=lambda w: {"pk": w.contact.pk}),
    Case("acteurs:rgpd", READ, kwargs=_personne),
    Case("acteurs:rgpd_json", READ, kwargs=_personne),
    Case("acteurs:anonymise", EDIT, kwargs=_personne),
]
