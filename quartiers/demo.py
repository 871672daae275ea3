"""The three neighbourhoods of the Paris experiment (2021–2024). Part of ``load_demo``.

Figures, typologies, axes and events come from the evaluation report (pages 26–28 and the
"Enjeux/axes de travail" table). Perimeters are stored in ``demo_data/``: Bas-Belleville and
Rosa Parks are drawn inside the quartiers administratifs 77 Belleville and 74 Pont-de-Flandre
(their polygons clipped to the area the experiment covered), Ilot 13 is one block drawn near rue
de la Glacière inside 51 Maison-Blanche. Îlot names are plausible, not official.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from django.db import transaction

from comptes.audit import audit_record
from comptes.models import AuditEntry

from .models import Action, AxeTravail, EtapePhase, Ilot, Phase, Quartier, Typologie

DATA = Path(__file__).resolve().parent / "demo_data"
S = Action.Statut

QUARTIERS = [
    {
        "nom": "Ilot 13",
        "fichier": "ilot_13.geojson",
        "responsable": "facilitatrice",
        "membres": ["facilitatrice"],
        "champs": {
            "commune": "Paris 13e",
            "code_insee": "75113",
            "typologie": Typologie.ILOT_PRIVE,
            "habitants": 1800,
            "logements": 850,
            "nombre_ilots": 1,
            "qpv": False,
            "qva": False,
            "phase": Phase.ACCOMPAGNEMENT,
            "description": (
                "Un îlot dense de sept copropriétés des Trente Glorieuses, au sud du boulevard "
                "Auguste-Blanqui près de la rue de la Glacière : une grande union de copropriétés "
                "avec des espaces extérieurs privés, une architecture homogène et d'importants "
                "besoins de rénovation.\n\n"
                "Réussite de l'expérimentation : un DTG mutualisé commun à trois copropriétés, "
                "de l'appel d'offres au choix du bureau d'études, avec l'éco-gestionnaire en "
                "tiers de confiance. Difficulté : certains copropriétaires attendent des "
                "précédents réussis avant de s'engager."
            ),
        },
        "axes": [
            (
                "Rénovation énergétique collective et mutualisée des copropriétés",
                "DTG (diagnostic technique global) mutualisé entre copropriétés de l'union.",
                [
                    (
                        "Lancer un DTG mutualisé pour 3 des 7 copropriétés",
                        S.REALISEE,
                        "Conseils syndicaux des copropriétés 1, 2 et 5",
                        date(2023, 6, 30),
                    ),
                    (
                        "Accompagner l'appel d'offres et le choix du bureau d'études",
                        S.REALISEE,
                        "Agence Parisienne du Climat",
                        date(2023, 3, 31),
                    ),
                    (
                        "Aider à la lecture du DTG et au programme de travaux",
                        S.EN_COURS,
                        "Agence Parisienne du Climat",
                        date(2024, 6, 30),
                    ),
                    (
                        "Orienter les copropriétés vers Éco-Rénovons Paris+",
                        S.PREVUE,
                        "Ville de Paris",
                        date(2024, 12, 31),
                    ),
                ],
            ),
            (
                "Gestion quotidienne durable de l'union",
                "Réseau d'entraide en cas de canicule, biodéchets, jardinage.",
                [
                    (
                        "Constituer un réseau d'entraide en cas de canicule",
                        S.EN_COURS,
                        "Union des copropriétés",
                        date(2024, 6, 1),
                    ),
                    (
                        "Étudier la mutualisation de la collecte des biodéchets",
                        S.PREVUE,
                        "",
                        date(2024, 10, 31),
                    ),
                ],
            ),
            (
                "Transformation des espaces communs",
                "Locaux vélos, parkings souterrains sous-utilisés.",
                [
                    (
                        "Recenser les places de parking souterrain sous-utilisées",
                        S.PREVUE,
                        "Conseils syndicaux",
                        date(2024, 9, 30),
                    ),
                    ("Étudier des locaux vélos partagés", S.PREVUE, "", None),
                ],
            ),
        ],
        "etapes": [
            (Phase.PREPARATION, date(2021, 1, 11), date(2021, 6, 30), "Choix des trois quartiers"),
            (
                Phase.MOBILISATION,
                date(2021, 7, 1),
                date(2022, 6, 30),
                "Marche exploratoire et balade thermique (novembre 2021)",
            ),
            (
                Phase.DIAGNOSTIC,
                date(2022, 7, 1),
                date(2022, 12, 16),
                "Réunion de lancement le 18 octobre 2022",
            ),
            (Phase.ACCOMPAGNEMENT, date(2023, 1, 9), None, "Six réunions de travail pour le DTG"),
        ],
    },
    {
        "nom": "Bas-Belleville",
        "fichier": "bas_belleville.geojson",
        "responsable": "facilitatrice",
        "membres": ["facilitatrice", "partenaire"],
        "champs": {
            "commune": "Paris 20e",
            "code_insee": "75120",
            "typologie": Typologie.MIXTE,
            "habitants": 10000,
            "logements": 4600,
            "nombre_ilots": 16,
            "qpv": True,
            "qva": True,
            "phase": Phase.ACCOMPAGNEMENT,
            "description": (
                "Quartier résidentiel mêlant grandes copropriétés, logement social et tissu "
                "faubourien, dans le quartier administratif de Belleville. Quartier politique "
                "de la ville et quartier de veille active.\n\n"
                "Une communauté de voisins réunie autour de la transition écologique : une "
                "centaine d'habitants « moteurs », des liens étroits avec l'équipe de "
                "développement local et le centre social. Difficultés : une mobilisation "
                "irrégulière, des ménages en précarité énergétique difficiles à atteindre, des "
                "bailleurs peu mobilisés."
            ),
        },
        "axes": [
            (
                "Rénovation énergétique concertée des copropriétés",
                "",
                [
                    (
                        "Groupe de travail rénovation énergétique concertée",
                        S.REALISEE,
                        "Groupe de travail transition écologique",
                        date(2023, 6, 30),
                    ),
                    (
                        "Rédiger une FAQ de la rénovation énergétique",
                        S.EN_COURS,
                        "Groupe de travail transition écologique",
                        date(2024, 3, 31),
                    ),
                    (
                        "Diagnostic « volets » initié par les habitants",
                        S.EN_COURS,
                        "Habitants du groupe de travail",
                        date(2024, 5, 31),
                    ),
                    ("Mobiliser les bailleurs sociaux", S.ABANDONNEE, "", date(2023, 12, 31)),
                ],
            ),
            (
                "Gestion quotidienne durable des immeubles",
                "Sensibilisation, achats groupés.",
                [
                    (
                        "Installer des récupérateurs d'eau de pluie",
                        S.EN_COURS,
                        "Groupe de travail transition écologique",
                        date(2024, 6, 30),
                    ),
                    ("Organiser un achat groupé d'équipements économes", S.PREVUE, "", None),
                ],
            ),
            (
                "Lutte solidaire contre les îlots de chaleur",
                "Ouverture des copropriétés plantées, aménagements.",
                [
                    (
                        "Atelier confort climatique place Alphonse-Allais",
                        S.REALISEE,
                        "Agence Parisienne du Climat",
                        date(2023, 6, 30),
                    ),
                    ("Ombrières saisonnières", S.ABANDONNEE, "Mairie du 20e", None),
                    (
                        "Réaménager le cœur d'îlot du Pressoir (végétalisation, eaux pluviales)",
                        S.EN_COURS,
                        "Copropriété du Pressoir",
                        date(2024, 9, 30),
                    ),
                ],
            ),
        ],
        "etapes": [
            (Phase.PREPARATION, date(2021, 1, 11), date(2021, 2, 26), "Choix des trois quartiers"),
            (
                Phase.MOBILISATION,
                date(2021, 3, 1),
                date(2022, 8, 31),
                "Atelier « habiter le Pressoir en toutes saisons » (mars 2021)",
            ),
            (
                Phase.DIAGNOSTIC,
                date(2022, 9, 1),
                date(2022, 12, 31),
                "Lancement et restitution du diagnostic territorial",
            ),
            (Phase.ACCOMPAGNEMENT, date(2023, 1, 2), None, "Groupes de travail"),
        ],
    },
    {
        "nom": "Rosa Parks",
        "fichier": "rosa_parks.geojson",
        "responsable": "facilitateur",
        "membres": ["facilitateur"],
        "champs": {
            "commune": "Paris 19e",
            "code_insee": "75119",
            "typologie": Typologie.RECENT_TERTIAIRE,
            "habitants": 3000,
            "logements": None,
            "nombre_ilots": 9,
            "qpv": False,
            "qva": True,
            "phase": Phase.EVALUATION,
            "description": (
                "Quartier récent et mixte autour de la gare Rosa-Parks, pôle multimodal, avec une "
                "forte présence d'entreprises d'envergure nationale et de commerces ; seulement "
                "3 000 habitants sur neuf grands îlots. Quartier de veille active.\n\n"
                "Un réseau d'acteurs qui dépasse les considérations locales : bons contacts avec "
                "les élus d'arrondissement et le syndicat des entrepôts Macdonald, mais des "
                "entreprises dont les décisions se prennent au siège et un projet anti-ICU sur le "
                "parvis resté sans validation politique."
            ),
        },
        "axes": [
            (
                "Sobriété énergétique des bureaux et des commerces",
                "Dispositif BAEP, formations, expérimentation de flexibilité électrique.",
                [
                    (
                        "Rencontrer les entreprises du quartier avec la mairie du 19e",
                        S.REALISEE,
                        "Agence Parisienne du Climat",
                        date(2022, 12, 31),
                    ),
                    ("Proposer le dispositif BAEP et des formations", S.ABANDONNEE, "", None),
                    ("Expérimenter la flexibilité électrique", S.ABANDONNEE, "Enedis", None),
                ],
            ),
            (
                "Stationnement vélo mutualisé pour les travailleurs",
                "",
                [
                    (
                        "Explorer des solutions de stationnement vélo sécurisé",
                        S.REALISEE,
                        "Agence Parisienne du Climat",
                        date(2023, 6, 30),
                    ),
                    (
                        "Identifier les espaces vacants des entrepôts Macdonald",
                        S.REALISEE,
                        "Syndic des entrepôts Macdonald",
                        date(2023, 3, 31),
                    ),
                ],
            ),
            (
                "Lutte contre l'îlot de chaleur du parvis de la gare",
                "Transformation saisonnière du parvis, en réseau avec les espaces verts voisins.",
                [
                    (
                        "Aménagement participatif anti-ICU du parvis",
                        S.ABANDONNEE,
                        "Mairie du 19e",
                        date(2023, 9, 30),
                    ),
                    (
                        "Jardin d'aromates dans un cœur d'îlot privé ouvert aux habitants",
                        S.EN_COURS,
                        "Syndic des entrepôts Macdonald",
                        date(2024, 6, 30),
                    ),
                ],
            ),
            (
                "Gestion durable : déchets, vacance, logistique",
                "Réduction des déchets des commerces, de la vacance ; logistique décarbonée.",
                [
                    (
                        "Mettre en relation les dispositifs du quartier",
                        S.REALISEE,
                        "Agence Parisienne du Climat",
                        date(2023, 12, 31),
                    ),
                ],
            ),
        ],
        "etapes": [
            (Phase.PREPARATION, date(2021, 1, 11), date(2021, 6, 30), "Choix des trois quartiers"),
            (
                Phase.MOBILISATION,
                date(2021, 7, 1),
                date(2022, 12, 31),
                "Rencontres avec les entreprises et les dispositifs du site",
            ),
            (Phase.DIAGNOSTIC, date(2023, 1, 2), date(2023, 9, 29), ""),
            (Phase.ACCOMPAGNEMENT, date(2023, 10, 2), date(2024, 3, 29), ""),
            (Phase.EVALUATION, date(2024, 4, 2), None, "Fin de l'accompagnement"),
        ],
    },
]


def _geometries(fichier: str) -> tuple[dict, list[tuple[str, dict]]]:
    data = json.loads((DATA / fichier).read_text(encoding="utf-8"))
    perimetre = None
    ilots = []
    for feature in data["features"]:
        props = feature["properties"]
        if props.get("role") == "perimetre":
            perimetre = feature["geometry"]
        else:
            ilots.append((props["nom"], feature["geometry"]))
    return perimetre, ilots


@transaction.atomic
def load(ctx: dict) -> None:
    organisation = ctx["organisation"]
    users = ctx["users"]
    ctx["quartiers"] = {}
    for spec in QUARTIERS:
        perimetre, ilots = _geometries(spec["fichier"])
        quartier, created = Quartier.objects.update_or_create(
            organisation=organisation,
            nom=spec["nom"],
            defaults={**spec["champs"], "perimetre": perimetre},
        )
        if created:
            audit_record(
                par=users.get("admin"),
                action=AuditEntry.Action.CREATE,
                obj=quartier,
                changes={"nom": [None, quartier.nom]},
            )
        # set, not add: reloading the demo restores the documented teams.
        quartier.membres.set([users[key] for key in spec["membres"]])
        for nom, geometrie in ilots:
            Ilot.objects.update_or_create(
                quartier=quartier, nom=nom, defaults={"geometrie": geometrie}
            )
        responsable = users.get(spec["responsable"])
        for ordre, (titre, description, actions) in enumerate(spec["axes"], start=1):
            axe, _ = AxeTravail.objects.update_or_create(
                quartier=quartier,
                titre=titre,
                defaults={"description": description, "ordre": ordre},
            )
            for action_titre, statut, porteur, echeance in actions:
                Action.objects.update_or_create(
                    axe=axe,
                    titre=action_titre,
                    defaults={
                        "statut": statut,
                        "porteur": porteur,
                        "echeance": echeance,
                        "responsable": responsable,
                    },
                )
        for phase, debut, fin, note in spec["etapes"]:
            EtapePhase.objects.update_or_create(
                quartier=quartier, phase=phase, defaults={"debut": debut, "fin": fin, "note": note}
            )
        ctx["quartiers"][spec["nom"]] = quartier
