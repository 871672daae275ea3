from datetime import date

from django.core.files.base import ContentFile

from tests.permission_table import (
    DIRECTION_ONLY,
    EDIT_QUARTIER_PAGE,
    READ_ORGANISATION,
    READ_QUARTIER,
    Case,
    expect,
)

MANAGER_POST = expect(
    anonyme=302, administrateur=302, direction=302, facilitateur=403,
    partenaire=403, partenaire_autre=403, etranger=403,
)  # fmt: skip
EDIT_QUARTIER_POST = expect(
    anonyme=302, administrateur=302, direction=403, facilitateur=302,
    partenaire=403, partenaire_autre=404, etranger=404,
)  # fmt: skip
READ_QUARTIER_POST = expect(
    anonyme=302, administrateur=302, direction=302, facilitateur=302,
    partenaire=302, partenaire_autre=404, etranger=404,
)  # fmt: skip
# A fact sheet can be requested by whoever sees the neighbourhood; others get the form back.
DEMANDE_FICHE = expect(
    anonyme=302, administrateur=302, direction=302, facilitateur=302,
    partenaire=302, partenaire_autre=400, etranger=400,
)  # fmt: skip
READ_PROGRAMME = expect(
    anonyme=302, administrateur=200, direction=200, facilitateur=200,
    partenaire=404, partenaire_autre=404, etranger=404,
)  # fmt: skip


def build(world):
    from indicateurs.models import EtatRapport, PlanificationRapport
    from tests.indicateurs.factories import (
        IndicateurFactory,
        ObjectifFactory,
        RapportFactory,
        ValeurManuelleFactory,
    )

    world.indicateur = IndicateurFactory(organisation=world.organisation)
    valeur = ValeurManuelleFactory(indicateur=world.indicateur, quartier=world.quartier)
    valeur.justificatif.save("preuve.pdf", ContentFile(b"%PDF-1.4 preuve"), save=True)
    world.valeur = valeur
    world.objectif = ObjectifFactory(organisation=world.organisation)
    fiche = RapportFactory(organisation=world.organisation, quartier=world.quartier)
    fiche.fichier.save("fiche.pdf", ContentFile(b"%PDF-1.4 fiche"), save=False)
    fiche.etat = EtatRapport.PRET
    fiche.save()
    world.fiche = fiche
    world.fiche_echec = RapportFactory(
        organisation=world.organisation, quartier=world.quartier, etat=EtatRapport.ECHEC
    )
    world.bilan_programme = RapportFactory(
        organisation=world.organisation, type_rapport="bilan_programme", quartier=None
    )
    world.planification = PlanificationRapport.objects.create(
        organisation=world.organisation,
        type_rapport="bilan_programme",
        destinataires="direction@example.org",
    )


CASES = [
    Case("indicateurs:direction", READ_ORGANISATION),
    Case("indicateurs:direction", READ_ORGANISATION, query="annee=2025&axe=energie"),
    Case("indicateurs:definitions", READ_ORGANISATION),
    Case("indicateurs:quartier", READ_QUARTIER, kwargs=lambda w: {"pk": w.quartier.pk}),
    Case("indicateurs:valeur_ajouter", EDIT_QUARTIER_PAGE, kwargs=lambda w: {"pk": w.quartier.pk}),
    Case("indicateurs:cibles", DIRECTION_ONLY, kwargs=lambda w: {"pk": w.quartier.pk}),
    Case("indicateurs:bilan", EDIT_QUARTIER_PAGE, kwargs=lambda w: {"pk": w.quartier.pk}),
    Case("indicateurs:justificatif", READ_QUARTIER, kwargs=lambda w: {"pk": w.valeur.pk}),
    Case(
        "indicateurs:valeur_supprimer",
        EDIT_QUARTIER_POST,
        kwargs=lambda w: {"pk": w.valeur.pk},
        method="post",
    ),
    Case("indicateurs:objectif", DIRECTION_ONLY, kwargs=lambda w: {"pk": w.objectif.pk}),
    Case("indicateurs:rapports", READ_ORGANISATION),
    Case(
        "indicateurs:rapport_demander",
        DEMANDE_FICHE,
        method="post",
        data=lambda w: {
            "type_rapport": "fiche_quartier",
            "annee": date.today().year,
            "quartier": w.quartier.pk,
        },
    ),
    Case("indicateurs:rapport", READ_QUARTIER, kwargs=lambda w: {"pk": w.fiche.pk}),
    Case("indicateurs:rapport", READ_PROGRAMME, kwargs=lambda w: {"pk": w.bilan_programme.pk}),
    Case("indicateurs:rapport_etat", READ_QUARTIER, kwargs=lambda w: {"pk": w.fiche.pk}),
    Case("indicateurs:rapport_telecharger", READ_QUARTIER, kwargs=lambda w: {"pk": w.fiche.pk}),
    Case(
        "indicateurs:rapport_relancer",
        READ_QUARTIER_POST,
        kwargs=lambda w: {"pk": w.fiche_echec.pk},
        method="post",
    ),
    Case("indicateurs:planifications", DIRECTION_ONLY),
    Case(
        "indicateurs:planification_supprimer",
        MANAGER_POST,
        kwargs=lambda w: {"pk": w.planification.pk},
        method="post",
    ),
    Case("indicateurs:export", READ_ORGANISATION, kwargs=lambda w: {"fmt": "csv"}),
    Case("indicateurs:export", READ_ORGANISATION, kwargs=lambda w: {"fmt": "xlsx"}),
    Case("indicateurs:recalculer", MANAGER_POST, method="post"),
]
