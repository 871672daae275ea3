"""Demo activity log of the three neighbourhoods, from the key events of the evaluation report
(pages 26–28), with proposals, their history and follow-up tasks. Part of ``load_demo``."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from acteurs.models import Acteur
from quartiers.models import AxeTravail, Quartier

from . import services
from .models import Atelier, ChangementStatut, GroupeTravail, Proposition, Suivi, TypeActivite

ILOT13, BB, RP = "Ilot 13", "Bas-Belleville", "Rosa Parks"
GLACIERE = ("École maternelle publique Glacière", "100 rue de la Glacière, 75013 Paris")
MAISON_AIR = ("Maison de l'Air", "27 rue Piat, 75020 Paris")

# (quartier, type code, date, start, minutes, title, place, participants, prep h, site h,
#  phase, group key, number of known attendees, report)
EVENTS = [
    (
        ILOT13,
        "marche-exploratoire",
        date(2021, 11, 16),
        time(10),
        120,
        "Marche exploratoire dans l'îlot 13",
        ("Cour de l'îlot 13", "rue de la Glacière, 75013 Paris"),
        14,
        4,
        2,
        1,
        None,
        4,
        "Parcours des cours et des halls des sept copropriétés avec des membres des conseils "
        "syndicaux. Points relevés : façades non isolées, cours minérales très chaudes l'été, "
        "locaux vélos saturés, envie de récupérer l'eau de pluie.",
    ),
    (
        ILOT13,
        "balade-thermique",
        date(2021, 12, 7),
        time(18, 30),
        90,
        "Balade thermique : lecture des déperditions des façades",
        ("Îlot 13", "rue de la Glacière"),
        11,
        3,
        1.5,
        1,
        None,
        3,
        "Caméra thermique sur les façades des années 1960-1970 : ponts thermiques visibles aux "
        "planchers et aux menuiseries. Les copropriétaires demandent un diagnostic commun.",
    ),
    (
        ILOT13,
        "reunion-lancement",
        date(2022, 10, 18),
        time(19),
        120,
        "Soirée de lancement de l'éco-gestionnaire de l'îlot 13",
        GLACIERE,
        46,
        12,
        3,
        1,
        None,
        6,
        "Soirée organisée avec la Mairie du 13e : présentation du rôle de l'éco-gestionnaire, "
        "tables rondes par thème (rénovation, végétalisation, mobilités). Forte attente sur la "
        "rénovation ; idée d'un DTG commun à plusieurs copropriétés.",
    ),
    (
        ILOT13,
        "reunion-travail",
        date(2022, 11, 29),
        time(18, 30),
        90,
        "DTG mutualisé : réunion de cadrage",
        ("Loge de la copropriété A", "rue de la Glacière"),
        9,
        3,
        1.5,
        2,
        "dtg",
        4,
        "Trois copropriétés sur sept prêtes à mutualiser le DTG.",
    ),
    (
        ILOT13,
        "reunion-travail",
        date(2023, 1, 17),
        time(18, 30),
        90,
        "DTG mutualisé : rédaction de l'appel d'offres",
        ("Loge de la copropriété A", ""),
        8,
        4,
        1.5,
        2,
        "dtg",
        4,
        "Relecture du cahier des charges commun.",
    ),
    (
        ILOT13,
        "visite-projet",
        date(2023, 2, 7),
        time(14),
        120,
        "Visite de l'îlot avec un bureau d'études candidat (1/3)",
        ("Îlot 13", ""),
        6,
        1,
        2,
        2,
        None,
        2,
        "Visite des parties communes et des toitures.",
    ),
    (
        ILOT13,
        "visite-projet",
        date(2023, 2, 9),
        time(14),
        120,
        "Visite de l'îlot avec un bureau d'études candidat (2/3)",
        ("Îlot 13", ""),
        5,
        1,
        2,
        2,
        None,
        2,
        "",
    ),
    (
        ILOT13,
        "visite-projet",
        date(2023, 2, 14),
        time(10),
        120,
        "Visite de l'îlot avec un bureau d'études candidat (3/3)",
        ("Îlot 13", ""),
        5,
        1,
        2,
        2,
        None,
        2,
        "",
    ),
    (
        ILOT13,
        "reunion-travail",
        date(2023, 3, 14),
        time(18, 30),
        120,
        "DTG mutualisé : lecture des offres",
        ("Loge de la copropriété A", ""),
        9,
        5,
        2,
        2,
        "dtg",
        4,
        "Grille d'aide à la décision remplie ensemble.",
    ),
    (
        ILOT13,
        "atelier-participatif",
        date(2023, 4, 4),
        time(18, 30),
        120,
        "Construire un lieu de vie plus durable dans l'îlot 13",
        GLACIERE,
        27,
        10,
        2.5,
        2,
        None,
        5,
        "Atelier en trois tables : énergie, eau et nature, vivre ensemble. Propositions "
        "recueillies : toitures solaires, récupération d'eau de pluie, ouverture de la cour "
        "d'école, locaux vélos, biodéchets.",
    ),
    (
        ILOT13,
        "reunion-travail",
        date(2023, 4, 25),
        time(18, 30),
        90,
        "DTG mutualisé : choix du lauréat",
        ("Loge de la copropriété A", ""),
        10,
        2,
        1.5,
        3,
        "dtg",
        4,
        "",
    ),
    (
        ILOT13,
        "reunion-travail",
        date(2023, 6, 6),
        time(18, 30),
        90,
        "DTG mutualisé : lancement avec le bureau d'études",
        ("Loge de la copropriété A", ""),
        11,
        2,
        1.5,
        3,
        "dtg",
        4,
        "",
    ),
    (
        ILOT13,
        "reunion-travail",
        date(2023, 9, 19),
        time(18, 30),
        90,
        "DTG mutualisé : restitution intermédiaire",
        ("Loge de la copropriété A", ""),
        12,
        3,
        1.5,
        3,
        "dtg",
        4,
        "",
    ),
    (
        BB,
        "atelier-participatif",
        date(2021, 3, 20),
        time(10),
        180,
        "Habiter le Pressoir en toutes saisons",
        ("Copropriété du Pressoir", "rue du Pressoir, 75020 Paris"),
        22,
        8,
        3,
        1,
        None,
        4,
        "Confort d'été, végétalisation de la dalle, eaux pluviales.",
    ),
    (
        BB,
        "reunion-lancement",
        date(2022, 9, 29),
        time(18, 30),
        150,
        "Lancement et restitution du diagnostic territorial",
        MAISON_AIR,
        38,
        14,
        2.5,
        2,
        None,
        6,
        "Restitution du diagnostic partagé : îlots de chaleur, précarité énergétique, "
        "copropriétés à rénover. Liens avec l'EDL et le centre social.",
    ),
    (
        BB,
        "reunion-travail",
        date(2022, 11, 15),
        time(19),
        120,
        "Présentation du diagnostic en réunion publique (concertation PLU)",
        ("Mairie du 20e", "6 place Gambetta, 75020 Paris"),
        60,
        4,
        2,
        2,
        None,
        3,
        "",
    ),
    (
        BB,
        "balade-thermique",
        date(2022, 12, 10),
        time(10),
        120,
        "Balade climatique (concertation PCAET)",
        ("Départ place Alphonse Allais", "75020 Paris"),
        18,
        4,
        2,
        2,
        None,
        4,
        "Relevés de température et lecture des façades.",
    ),
    (
        BB,
        "visite-chantier",
        date(2023, 4, 13),
        time(14),
        90,
        "Visite de chantier Paris Habitat",
        ("Résidence Paris Habitat", "82 rue des Couronnes, 75020 Paris"),
        15,
        2,
        1.5,
        3,
        None,
        3,
        "Isolation par l'extérieur et ventilation : questions des voisins.",
    ),
    (
        BB,
        "atelier-participatif",
        date(2023, 5, 17),
        time(18),
        150,
        "Atelier pour la transition écologique du Bas-Belleville",
        MAISON_AIR,
        31,
        10,
        2.5,
        3,
        "transition",
        6,
        "Quiz de rappel du diagnostic partagé, puis tables de travail en lien avec Embellir "
        "votre quartier Belleville-Amandiers. Trois pistes retenues par le groupe.",
    ),
    (
        BB,
        "groupe-travail",
        date(2023, 6, 8),
        time(18, 30),
        120,
        "Rénovation énergétique concertée des copropriétés",
        ("Centre social", "rue de Belleville"),
        12,
        5,
        2,
        3,
        "renovation",
        4,
        "Partage des DPE ; idée d'un diagnostic « volets ».",
    ),
    (
        BB,
        "atelier-participatif",
        date(2023, 6, 24),
        time(14),
        180,
        "Atelier confort climatique place Alphonse Allais",
        ("Place Alphonse Allais", "75020 Paris"),
        26,
        8,
        3,
        3,
        None,
        4,
        "Ombrières saisonnières, brumisation, plantations.",
    ),
    (
        BB,
        "groupe-travail",
        date(2023, 7, 6),
        time(18, 30),
        120,
        "Réunion des groupes de travail",
        MAISON_AIR,
        14,
        3,
        2,
        3,
        "transition",
        5,
        "Point d'étape sur les trois actions.",
    ),
    (
        BB,
        "groupe-travail",
        date(2023, 9, 21),
        time(18, 30),
        120,
        "Groupe rénovation : FAQ de la rénovation énergétique",
        ("Centre social", ""),
        9,
        3,
        2,
        3,
        "renovation",
        4,
        "",
    ),
    (
        BB,
        "atelier-participatif",
        date(2023, 10, 12),
        time(18, 30),
        150,
        "Réaménagement du cœur d'îlot : rafraîchissement, végétalisation, eaux de pluie",
        ("Copropriété du Pressoir", "rue du Pressoir, 75020 Paris"),
        24,
        8,
        2.5,
        3,
        "transition",
        5,
        "Projet habitants « Le Pressoir tropical ».",
    ),
    (
        RP,
        "entretien",
        date(2022, 2, 8),
        time(10),
        60,
        "Rencontre des dispositifs du quartier (centre social, EDL)",
        ("Centre social", "Paris 19e"),
        4,
        1,
        1,
        1,
        None,
        2,
        "Tour des dispositifs publics et associatifs du site.",
    ),
    (
        RP,
        "entretien",
        date(2022, 3, 15),
        time(11),
        60,
        "Rencontres des entreprises avec le projet économie circulaire",
        ("Entrepôts Macdonald", "Paris 19e"),
        5,
        2,
        1.5,
        1,
        None,
        2,
        "Rencontres en binôme avec le projet quartier économie circulaire (commerces et "
        "bureaux). Peu de motivation : les décisions de transition se prennent aux sièges.",
    ),
    (
        RP,
        "entretien",
        date(2022, 4, 12),
        time(9, 30),
        180,
        "Démarchage des entreprises avec l'élu du 19e",
        ("Parvis Rosa Parks", "Paris 19e"),
        6,
        2,
        3,
        1,
        None,
        2,
        "Tournée avec l'élu d'arrondissement : Cargo, BNP, UGC, Altarea, Enedis, Leclerc. "
        "Bon accueil, peu d'engagements : les choix se font au siège.",
    ),
    (
        RP,
        "visite-projet",
        date(2022, 5, 10),
        time(14),
        120,
        "Visite du bâtiment avec le syndic des entrepôts",
        ("Entrepôts Macdonald", "Paris 19e"),
        4,
        2,
        2,
        2,
        None,
        2,
        "Espaces vacants mobilisables pour des projets de quartier.",
    ),
    (
        RP,
        "reunion-travail",
        date(2022, 9, 27),
        time(10),
        90,
        "Stationnements vélo sécurisés : exploration",
        ("Pont-de-Flandre", "Paris 19e"),
        6,
        2,
        1.5,
        2,
        None,
        2,
        "",
    ),
    (
        RP,
        "marche-exploratoire",
        date(2022, 6, 21),
        time(14),
        120,
        "Visite du quartier : le parvis de la gare, îlot de chaleur urbain",
        ("Parvis de la gare Rosa Parks", "Paris 19e"),
        12,
        2,
        2,
        2,
        None,
        3,
        "Relevés au soleil de l'après-midi : le parvis minéral est le point le plus chaud du "
        "quartier. Forte convergence des acteurs pour un aménagement participatif anti-ICU.",
    ),
    (
        RP,
        "atelier-participatif",
        date(2023, 4, 19),
        time(17),
        120,
        "Cœur d'îlot privé : un jardin d'aromates ouvert au quartier",
        ("Cœur d'îlot", "Paris 19e"),
        19,
        6,
        2,
        3,
        None,
        4,
        "Plan du jardin dessiné avec les habitants.",
    ),
]

GROUPES = {
    "dtg": (
        ILOT13,
        "DTG mutualisé des copropriétés",
        "Trois copropriétés préparent ensemble leur diagnostic technique global.",
    ),
    "transition": (
        BB,
        "Transition écologique du Bas-Belleville",
        "Récupérateurs d'eau de pluie, FAQ rénovation, diagnostic volets.",
    ),
    "renovation": (BB, "Rénovation énergétique concertée", "Copropriétaires du quartier."),
}

# (title of the activity, text, theme, carried by, [(status, days after activity, reason)],
#  [(task, due in days from today (negative = overdue), done)])
PROPOSITIONS = [
    (
        "Soirée de lancement de l'éco-gestionnaire de l'îlot 13",
        "Faire un diagnostic technique global commun à plusieurs copropriétés de l'îlot.",
        "Rénovation",
        "Conseils syndicaux de l'îlot",
        [
            ("retenue", 10, ""),
            ("en_cours", 40, ""),
            (
                "realisee",
                240,
                "DTG mutualisé lancé par trois copropriétés ; un guide raconte la démarche.",
            ),
        ],
        [],
    ),
    (
        "Construire un lieu de vie plus durable dans l'îlot 13",
        "Installer des panneaux solaires sur les toitures des copropriétés.",
        "Énergie",
        "Table énergie",
        [("retenue", 30, "Intégré au DTG mutualisé.")],
        [("Demander au bureau d'études le potentiel solaire des toitures", -12, False)],
    ),
    (
        "Construire un lieu de vie plus durable dans l'îlot 13",
        "Récupérer l'eau de pluie pour arroser les cours.",
        "Eau",
        "Table eau et nature",
        [],
        [("Chiffrer deux récupérateurs pour la cour B", 20, False)],
    ),
    (
        "Construire un lieu de vie plus durable dans l'îlot 13",
        "Ouvrir la cour de l'école aux habitants le week-end.",
        "Vivre ensemble",
        "Parents d'élèves",
        [("retenue", 20, ""), ("en_cours", 90, "Échange en cours avec la mairie.")],
        [("Relancer la Mairie du 13e sur l'ouverture de la cour", -30, False)],
    ),
    (
        "Construire un lieu de vie plus durable dans l'îlot 13",
        "Créer un local vélos sécurisé partagé entre copropriétés.",
        "Mobilités",
        "",
        [],
        [],
    ),
    (
        "Atelier pour la transition écologique du Bas-Belleville",
        "Installer des récupérateurs d'eau de pluie dans les copropriétés volontaires.",
        "Eau",
        "Groupe de travail transition",
        [("retenue", 7, ""), ("en_cours", 50, "")],
        [
            ("Identifier trois copropriétés volontaires", -45, True),
            ("Obtenir les devis de pose", -5, False),
        ],
    ),
    (
        "Atelier pour la transition écologique du Bas-Belleville",
        "Rédiger une FAQ de la rénovation énergétique pour les copropriétaires.",
        "Rénovation",
        "Groupe rénovation",
        [
            ("retenue", 7, ""),
            ("en_cours", 30, ""),
            ("realisee", 150, "FAQ diffusée au centre social et en ligne."),
        ],
        [],
    ),
    (
        "Rénovation énergétique concertée des copropriétés",
        "Lancer un diagnostic « volets » mené par les habitants.",
        "Confort d'été",
        "Habitants du groupe rénovation",
        [("retenue", 20, ""), ("en_cours", 60, "")],
        [("Préparer la fiche de relevé des volets", -3, False)],
    ),
    (
        "Atelier confort climatique place Alphonse Allais",
        "Poser des ombrières saisonnières sur la place.",
        "Rafraîchissement",
        "Riverains de la place",
        [
            ("retenue", 14, ""),
            (
                "abandonnee",
                120,
                "Le projet d'ombrières saisonnières n'a pas abouti ; la piste du rafraîchissement "
                "se poursuit avec la végétalisation du cœur d'îlot.",
            ),
        ],
        [],
    ),
    (
        "Réaménagement du cœur d'îlot : rafraîchissement, végétalisation, eaux de pluie",
        "Accompagner le projet habitants « Le Pressoir tropical » "
        "(végétalisation et eaux pluviales).",
        "Végétalisation",
        "Copropriété du Pressoir",
        [("retenue", 14, "")],
        [("Mettre le conseil syndical en relation avec un paysagiste", 15, False)],
    ),
    (
        "Cœur d'îlot privé : un jardin d'aromates ouvert au quartier",
        "Transformer le cœur d'îlot privé en jardin d'aromates ouvert aux habitants.",
        "Nature en ville",
        "Habitants et bailleur",
        [("retenue", 10, ""), ("en_cours", 45, "")],
        [("Convention d'usage avec le propriétaire", -20, False)],
    ),
    (
        "Visite du quartier : le parvis de la gare, îlot de chaleur urbain",
        "Aménager le parvis de façon participative contre l'effet d'îlot de chaleur.",
        "Rafraîchissement",
        "Assemblée citoyenne",
        [
            ("retenue", 30, ""),
            (
                "abandonnee",
                300,
                "Malgré une forte convergence des acteurs du quartier, le projet n'a pas reçu de "
                "validation politique. Le sujet est repris en partie par la Ville dans son plan "
                "ombrières.",
            ),
        ],
        [],
    ),
    (
        "Stationnements vélo sécurisés : exploration",
        "Créer des stationnements vélo sécurisés dans les entrepôts.",
        "Mobilités",
        "",
        [],
        [],
    ),
]


# Map points of a few well-known places (approximate, public places only).
POINTS = {
    "Soirée de lancement de l'éco-gestionnaire de l'îlot 13": (48.8309, 2.3434),
    "Construire un lieu de vie plus durable dans l'îlot 13": (48.8309, 2.3434),
    "Lancement et restitution du diagnostic territorial": (48.8721, 2.3833),
    "Atelier pour la transition écologique du Bas-Belleville": (48.8721, 2.3833),
    "Réunion des groupes de travail": (48.8721, 2.3833),
    "Visite de chantier Paris Habitat": (48.8697, 2.3858),
    "Atelier confort climatique place Alphonse Allais": (48.8703, 2.3868),
    "Visite du quartier : le parvis de la gare, îlot de chaleur urbain": (48.8975, 2.3735),
}


def quartiers_minimaux(ctx) -> dict:
    """The three neighbourhoods, if the quartiers demo has not built them (on this branch
    alone); otherwise those of ``ctx``."""
    if ctx.get("quartiers"):
        return ctx["quartiers"]
    users = ctx["users"]
    quartiers = {}
    for nom, membres in (
        (ILOT13, ["facilitatrice"]),
        (BB, ["facilitatrice", "facilitateur", "partenaire"]),
        (RP, ["facilitateur"]),
    ):
        quartier, _ = Quartier.objects.get_or_create(organisation=ctx["organisation"], nom=nom)
        quartier.membres.add(*(users[m] for m in membres))
        quartiers[nom] = quartier
    ctx["quartiers"] = quartiers
    return quartiers


def _animateurs(ctx, quartier):
    members = list(quartier.membres.filter(role="facilitateur").order_by("pk"))
    return members or [ctx["users"]["facilitatrice"]]


def _aware(d: date, days: int = 0):
    return timezone.make_aware(datetime.combine(d + timedelta(days=days), time(10)))


@transaction.atomic
def load(ctx: dict) -> None:
    quartiers = quartiers_minimaux(ctx)
    types = {t.code: t for t in TypeActivite.objects.all()}
    par = ctx["users"]["facilitatrice"]
    known = {
        q.pk: list(Acteur.objects.filter(quartiers=q).order_by("nom", "prenom"))
        for q in quartiers.values()
    }

    groupes = {}
    for key, (qnom, nom, description) in GROUPES.items():
        groupe, _ = GroupeTravail.objects.get_or_create(
            quartier=quartiers[qnom], nom=nom, defaults={"description": description}
        )
        groupes[key] = groupe

    ateliers = {}
    for (qnom, code, jour, heure, minutes, titre, (lieu, adresse), participants, prep, site,
         phase, groupe_key, n_known, compte_rendu) in EVENTS:  # fmt: skip
        quartier = quartiers[qnom]
        existing = Atelier.objects.filter(quartier=quartier, titre=titre, date=jour).first()
        if existing:
            ateliers[titre] = existing
            continue
        # Not always the same faces: rotate through the neighbourhood's actors.
        start = len(ateliers) % 3
        acteurs = known[quartier.pk][start : start + n_known]
        axe = AxeTravail.objects.filter(quartier=quartier).order_by("ordre", "pk").first()
        atelier = services.atelier_enregistrer(
            par=par,
            data={
                "quartier": quartier,
                "type_activite": types[code],
                "titre": titre,
                "date": jour,
                "heure_debut": heure,
                "duree_minutes": minutes,
                "lieu": lieu,
                "adresse": adresse,
                "phase": phase,
                "axe": axe,
                "groupe": groupes.get(groupe_key),
                "participants": participants,
                "heures_preparation": Decimal(str(prep)),
                "heures_terrain": Decimal(str(site)),
                "compte_rendu": compte_rendu,
                "latitude": POINTS.get(titre, (None, None))[0],
                "longitude": POINTS.get(titre, (None, None))[1],
            },
            animateurs=_animateurs(ctx, quartier),
            acteurs_presents=acteurs,
        )
        ateliers[titre] = atelier
        if groupe_key:
            groupes[groupe_key].membres.add(*acteurs)

    _permanences(ctx, quartiers, types, par)
    _propositions(ctx, ateliers, par)


def _permanences(ctx, quartiers, types, par):
    """Fortnightly permanences around today, so the calendar and feeds are never empty."""
    today = timezone.localdate()
    for qnom, lieu in ((BB, "Centre social"), (ILOT13, "Loge de la copropriété A"),
                       (RP, "Centre social")):  # fmt: skip
        quartier = quartiers[qnom]
        if Atelier.objects.filter(quartier=quartier, type_activite=types["permanence"]).exists():
            continue
        for offset in (-28, -14, 0, 14):
            jour = today + timedelta(days=offset)
            titre = f"Permanence de l'éco-gestionnaire · {lieu}"
            services.atelier_enregistrer(
                par=par,
                data={
                    "quartier": quartier,
                    "type_activite": types["permanence"],
                    "titre": titre,
                    "date": jour,
                    "heure_debut": time(16),
                    "duree_minutes": 120,
                    "lieu": lieu,
                    "participants": 3 + (offset % 5) if offset <= 0 else 0,
                    "heures_terrain": Decimal("2"),
                    "phase": 3,
                },
                animateurs=_animateurs(ctx, quartier),
                acteurs_presents=[],
            )


def _propositions(ctx, ateliers, par):
    today = timezone.localdate()
    for titre, texte, theme, porteur, statuts, suivis in PROPOSITIONS:
        atelier = ateliers[titre]
        if Proposition.objects.filter(quartier=atelier.quartier, texte=texte).exists():
            continue
        proposition = services.proposition_enregistrer(
            par=par,
            data={"texte": texte, "theme": theme, "porteur": porteur, "atelier": atelier},
            quartier=atelier.quartier,
        )
        Proposition.objects.filter(pk=proposition.pk).update(cree_le=_aware(atelier.date))
        ChangementStatut.objects.filter(proposition=proposition).update(le=_aware(atelier.date))
        for statut, days, motif in statuts:
            services.proposition_changer_statut(
                proposition=proposition,
                statut=statut,
                motif=motif,
                par=par,
                le=_aware(atelier.date, days),
            )
        responsable = _animateurs(ctx, atelier.quartier)[0]
        for tache, due, done in suivis:
            suivi = services.suivi_creer(
                proposition=proposition,
                par=par,
                titre=tache,
                responsable=responsable,
                echeance=today + timedelta(days=due),
            )
            if done:
                Suivi.objects.filter(pk=suivi.pk).update(fait_le=today + timedelta(days=due - 2))
