"""Ready-made indicator definitions matching the éco-gestionnaire experiment (APC, 2021–2023).

Computed definitions name the source code their app registers in ``<app>/indicator_sources.py``;
a definition whose source is not registered (its app is absent) is skipped with a warning.
"""

from .models import MANUEL, Agregation, Axe, Periodicite, Sens

H, B = Sens.HAUSSE, Sens.BAISSE
M, T, A = Periodicite.MENSUELLE, Periodicite.TRIMESTRIELLE, Periodicite.ANNUELLE

DEFINITIONS: list[dict] = [
    # Mobilisation (acteurs app).
    dict(
        code="acteurs-touches",
        nom="Acteurs touchés",
        unite="acteurs",
        source="acteurs.atteints",
        axe=Axe.MOBILISATION,
        periodicite=M,
        cle=True,
        description="Acteurs distincts ayant eu au moins un contact dans la période.",
    ),
    dict(
        code="acteurs-touches-plus-une-fois",
        nom="Acteurs touchés plus d'une fois",
        unite="acteurs",
        source="acteurs.atteints_plus_d_une_fois",
        axe=Axe.MOBILISATION,
        periodicite=M,
    ),
    dict(
        code="acteurs-touches-plus-dix-fois",
        nom="Acteurs touchés plus de dix fois",
        unite="acteurs",
        source="acteurs.atteints_plus_de_dix_fois",
        axe=Axe.MOBILISATION,
        periodicite=M,
    ),
    dict(
        code="personnes-relais",
        nom="Personnes-relais",
        unite="personnes",
        source="acteurs.personnes_relais",
        axe=Axe.MOBILISATION,
        periodicite=T,
        agregation=Agregation.MOYENNE,
    ),
    # Participation (ateliers, cartographie, enquetes apps).
    dict(
        code="evenements-tenus",
        nom="Événements tenus",
        unite="événements",
        source="ateliers.evenements",
        axe=Axe.PARTICIPATION,
        periodicite=M,
        cle=True,
    ),
    dict(
        code="participants",
        nom="Participants aux événements",
        unite="participants",
        source="ateliers.participants",
        axe=Axe.PARTICIPATION,
        periodicite=M,
    ),
    dict(
        code="heures-facilitation",
        nom="Heures de facilitation",
        unite="heures",
        source="ateliers.heures_facilitateur",
        axe=Axe.PARTICIPATION,
        periodicite=M,
    ),
    dict(
        code="propositions",
        nom="Propositions des habitants réalisées",
        unite="propositions",
        source="ateliers.propositions_par_statut",
        params={"statut": "realisee"},
        axe=Axe.PARTICIPATION,
        periodicite=T,
    ),
    dict(
        code="remarques-carte",
        nom="Remarques sur la carte sensible",
        unite="remarques",
        source="cartographie.notes",
        axe=Axe.PARTICIPATION,
        periodicite=M,
    ),
    dict(
        code="reponses-enquetes",
        nom="Réponses aux enquêtes",
        unite="réponses",
        source="enquetes.reponses",
        axe=Axe.SATISFACTION,
        periodicite=T,
    ),
    # Computed from the neighbourhoods' working axes (this app).
    dict(
        code="actions-realisees",
        nom="Actions réalisées",
        unite="actions",
        source="indicateurs.actions_realisees",
        axe=Axe.PARTICIPATION,
        periodicite=T,
    ),
    # Entered by hand, with evidence.
    dict(
        code="energie-economisee",
        nom="Énergie économisée",
        unite="kWh/an",
        source=MANUEL,
        axe=Axe.ENERGIE,
        periodicite=A,
        cle=True,
        description="Économies estimées des travaux et écogestes accompagnés (factures, DPE).",
    ),
    dict(
        code="co2-evite",
        nom="Émissions évitées",
        unite="tCO2e/an",
        source=MANUEL,
        axe=Axe.CLIMAT,
        periodicite=A,
        cle=True,
        description="Conversion des kWh économisés (facteurs ADEME).",
    ),
    dict(
        code="surface-vegetalisee",
        nom="Surface végétalisée",
        unite="m²",
        source=MANUEL,
        axe=Axe.VEGETALISATION,
        periodicite=A,
        cle=True,
        description="Cours, pieds d'arbres, toitures et parvis végétalisés avec l'accompagnement.",
    ),
    dict(
        code="coproprietes-dtg",
        nom="Copropriétés engagées dans le DTG mutualisé",
        unite="copropriétés",
        source=MANUEL,
        axe=Axe.ENERGIE,
        periodicite=T,
        agregation=Agregation.MOYENNE,
        cle=True,
        description="Copropriétés ayant voté leur participation au diagnostic technique global mutualisé.",
    ),
    dict(
        code="menages-rencontres",
        nom="Ménages rencontrés en porte-à-porte",
        unite="ménages",
        source=MANUEL,
        axe=Axe.MOBILISATION,
        periodicite=M,
    ),
    dict(
        code="places-velo",
        nom="Places de stationnement vélo mutualisées",
        unite="places",
        source=MANUEL,
        axe=Axe.MOBILITE,
        periodicite=A,
    ),
    # Satisfaction by hand, for organisations that survey outside the platform; the
    # survey-derived figure is in SURVEY_DEFINITIONS below.
    dict(
        code="satisfaction",
        nom="Habitants satisfaits de l'accompagnement",
        unite="%",
        source=MANUEL,
        axe=Axe.SATISFACTION,
        periodicite=A,
        agregation=Agregation.MOYENNE,
        cle=True,
        description="Part des répondants satisfaits (questionnaire d'évaluation).",
    ),
]

# Computed from a survey question: the source needs the question's id, known only once the
# survey exists, so these are not in DEFINITIONS (loaded for every organisation); the demo
# resolves "question" (survey title prefix, question code, choice value) into params.
SURVEY_DEFINITIONS: list[dict] = [
    dict(
        code="satisfaction-parcours",
        nom="% satisfaits du parcours",
        unite="%",
        source="enquetes.part_choix",
        axe=Axe.SATISFACTION,
        periodicite=A,
        agregation=Agregation.MOYENNE,
        cle=True,
        description="Part des répondant·es au questionnaire d'évaluation qui se disent "
        "satisfait·es de leur parcours avec les éco-gestionnaires (question 13, réponse « oui »).",
        question=("Évaluation de l'expérimentation", "satisfaction", "oui"),
    ),
]

# The three objectives of the experiment and the grades the evaluation report gave them.
OBJECTIFS: list[dict] = [
    dict(
        ordre=1,
        titre="Construire et mettre en pratique un modèle de travail pour l'éco-gestionnaire "
        "pertinent, appropriable et efficace",
        taux_force=90,
        justification="Méthode en cinq phases éprouvée sur trois quartiers de typologies "
        "différentes ; 93,1 % des acteurs interrogés savent expliquer le rôle de "
        "l'éco-gestionnaire. Reste à outiller la transmission (fiche métier, guides).",
        indicateurs=[
            ("acteurs-touches", 2),
            ("evenements-tenus", 2),
            ("satisfaction", 1),
            ("menages-rencontres", 1),
        ],
    ),
    dict(
        ordre=2,
        titre="Obtenir des preuves d'avancées ou d'impacts en termes de transition écologique",
        taux_force=40,
        justification="Des avancées concrètes (DTG mutualisé, végétalisation, stationnement "
        "vélo) mais des impacts énergétiques et carbone encore peu mesurables à l'échelle de "
        "trois ans : les travaux votés n'ont pas encore produit leurs économies.",
        indicateurs=[
            ("energie-economisee", 3),
            ("co2-evite", 3),
            ("surface-vegetalisee", 1),
            ("coproprietes-dtg", 2),
        ],
    ),
    dict(
        ordre=3,
        titre="Trouver le modèle économique et juridique soutenant ce processus d'aide à la "
        "transition écologique des quartiers",
        taux_force=100,
        justification="Les pistes ont été explorées jusqu'au bout (formation, amorçage, "
        "mutualisation, AMO privée) : l'objectif d'exploration est atteint, même si "
        "l'écogestion n'est pas rentable aujourd'hui.",
        indicateurs=[("coproprietes-dtg", 1)],
    ),
]
