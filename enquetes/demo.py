"""Demo data: the experiment's evaluation survey with 29 invented respondents whose answers
reproduce the figures published in the report (Dec. 2023), and a small open survey to try.

Published figures reproduced exactly: statut (4/3/12/8/3 of 28, multiple), territoire (9/15/4/3
of 29, multiple), Q7 93,1 % oui (27/29), Q8 50 % "oui et plus d'une fois" and 28,6 % "plus de
10 fois" (of 28), Q9 93,1 %, Q13 4 non of 24 (2 partenaires, 1 superviseur, 1 bénéficiaire),
Q15 73,1 %, Q16 46,2 %, Q17 42,3 % (of 26), Q18 96,4 % (27/28), Q19 84 % (21/25), Q21 28/29,
Q22 10 oui of 28 of whom 4 bénéficiaires, Q23 60 % entremise (15/25), Q24 22/6/21/13/16/1 of 29.
Other questions are plausible inventions.
"""

import datetime as dt

from django.utils import timezone

from quartiers.models import Quartier

from . import services
from .models import Choix, Enquete, Reponse, TypeQuestion

N = 29
TITRE_OUVERTE = "Atelier « confort d'été » : votre avis"


def ensure_demo_quartiers(ctx) -> dict:
    """The three neighbourhoods, when the quartiers demo has not created them (enquetes branch
    alone). Harmless once the quartiers demo runs first: get_or_create finds them."""
    if ctx.get("quartiers"):
        return ctx["quartiers"]
    organisation = ctx["organisation"]
    quartiers = {}
    for nom, commune in (
        ("Ilot 13", "Paris 13e"),
        ("Bas-Belleville", "Paris 20e"),
        ("Rosa Parks", "Paris 19e"),
    ):
        quartiers[nom], created = Quartier.objects.get_or_create(
            organisation=organisation, nom=nom, defaults={"commune": commune}
        )
        if created:
            users = ctx.get("users", {})
            members = [users.get(k) for k in ("facilitatrice", "facilitateur", "partenaire")]
            quartiers[nom].membres.add(*[u for u in members if u])
    ctx["quartiers"] = quartiers
    return quartiers


def _sets(spec: dict[str, set[int]], default: str | None = None, skip: set[int] = frozenset()):
    """Respondent index -> list of choice values, from {valeur: {indices}}."""
    out: dict[int, list[str]] = {}
    for i in range(N):
        if i in skip:
            continue
        values = [v for v, who in spec.items() if i in who]
        if not values and default:
            values = [default]
        if values:
            out[i] = values
    return out


def _yes(no: set[int], skip: set[int] = frozenset()):
    return _sets({"non": no}, default="oui", skip=skip)


R = set(range(N))

ANSWERS: dict[str, dict[int, list[str]]] = {
    "statut": _sets(
        {
            "superviseur": {0, 1, 2, 3},
            "charge": {4, 5, 6},
            "beneficiaire_particulier": set(range(7, 19)),
            "beneficiaire_professionnel": set(range(19, 27)),
            "partenaire": {25, 26, 27},
        }
    ),
    "territoire": _sets(
        {
            "ilot_13": {3, 4, 7, 8, 9, 10, 19, 20, 21},
            "bas_belleville": {3, 5, 11, 12, 13, 14, 15, 16, 17, 22, 23, 24, 25, 27, 28},
            "rosa_parks": {4, 6, 18, 26},
            "aucun": {0, 1, 2},
        }
    ),
    "connaissance": _sets(
        {"lancement": set(range(0, 17)), "annee_2023": set(range(17, 27))},
        default="enquete",
    ),
    "canal": _sets(
        {
            "atelier": {7, 9, 11, 12, 13, 14, 15, 16, 22, 23},
            "copropriete": {8, 10, 17, 19, 20, 21},
            "mairie": {0, 1, 2, 25, 27},
            "agence": {3, 4, 5, 6, 18, 24, 26},
            "bouche_a_oreille": {12, 16, 28},
        }
    ),
    "atelier": _yes({0, 1, 8, 18, 26, 28}),
    "porteur": _yes({14, 16, 28}),
    "expliquer_role": _yes({6, 26}),
    "contacts_directs": _sets(
        {
            "non": {7, 8},
            "une_fois": {9, 10, 11, 12},
            "plus_de_10_fois": {0, 1, 2, 3, 4, 5, 19, 20},
        },
        default="plus_d_une_fois",
        skip={28},
    ),
    "lien_transition": _yes({18, 27}),
    "mise_en_relation": _yes({7, 8, 12, 18, 24, 26}, skip={0, 1, 2}),
    "disponibilite": _yes({18}, skip={28}),
    "attentes": _yes({18, 22, 26, 27, 15}, skip={0, 1, 2, 28}),
    "satisfaction": _yes({0, 15, 26, 27}, skip={7, 8, 9, 14, 28}),
    "recommandation": _yes({26, 27}, skip={28}),
    "information": _yes({7, 8, 9, 18, 22, 26, 27}, skip={0, 1, 2}),
    "mise_en_action": _sets(
        {"oui": {3, 4, 5, 6, 10, 11, 12, 13, 19, 20, 21, 23}}, default="non", skip={0, 1, 2}
    ),
    "mise_en_capacite": _sets(
        {"oui": {3, 4, 5, 10, 11, 12, 13, 19, 20, 21, 23}}, default="non", skip={0, 1, 2}
    ),
    "contribution": _yes({18}, skip={28}),
    "outils_communication": _yes({14, 18, 22, 26}, skip={7, 8, 9, 28}),
    "ateliers_utiles": _yes({18, 26, 27}, skip={0, 1}),
    "bonne_echelle": _yes({26}),
    "payer": _sets({"oui": {0, 1, 4, 5, 6, 27, 10, 11, 19, 20}}, default="non", skip={28}),
    "competence_prioritaire": _sets(
        {
            "technique": {10, 11, 19, 20, 21},
            "animation": {12, 13, 24},
            "conseil": {15, 16},
        },
        default="entremise",
        skip={7, 8, 9, 28},
    ),
    "objets_prioritaires": _sets(
        {
            "renovation": set(range(0, 22)),
            "vegetalisation": {11, 12, 13, 14, 15, 16},
            "espaces_echange": set(range(8, 29)),
            "locaux_velos": set(range(0, 13)),
            "dechets": set(range(13, 29)),
            "espaces_publics": {28},
        }
    ),
    "poursuite": _yes({26}, skip={28}),
}

COMMENTS = {
    (1, "satisfaction"): "L'accompagnement a permis aux copropriétés de l'îlot de se parler enfin.",
    (
        8,
        "contacts_directs",
    ): "J'ai surtout croisé l'éco-gestionnaire lors des ateliers de quartier.",
    (
        12,
        "information",
    ): "On est guidé directement vers la bonne information, c'est un gain de temps.",
    (15, "satisfaction"): "Je m'appelle Claire Besson : j'aurais aimé un suivi plus régulier "
    "(claire.besson@example.org).",
    (20, "payer"): "Une adhésion modeste à une association dédiée pourrait mobiliser davantage.",
    (22, "bonne_echelle"): "Assez petit pour agir, assez grand pour mutualiser.",
    (26, "payer"): "Ce métier relève clairement du service public.",
    (11, "objets_prioritaires"): "La végétalisation et la lutte contre les îlots de chaleur sont "
    "très attendues.",
}


def _load_evaluation(ctx, quartiers) -> Enquete:
    organisation = ctx["organisation"]
    users = ctx.get("users", {})
    enquete = Enquete.objects.filter(
        organisation=organisation, titre__startswith="Évaluation de l'expérimentation"
    ).first()
    if enquete is None:
        enquete = services.enquete_depuis_modele(
            organisation=organisation,
            par=users.get("facilitatrice"),
            quartiers=list(quartiers.values()),
        )
    if enquete.participations.exists():
        return enquete
    if enquete.est_brouillon:
        services.enquete_ouvrir(enquete=enquete, par=None)
    questions = {q.code: q for q in enquete.questions.all()}
    choices = {
        (c.question_id, c.valeur): c for c in Choix.objects.filter(question__enquete=enquete)
    }
    # The report's survey ran over three weeks (Nov.-Dec. 2023); the demo replays it in the
    # weeks before today, within the current year, so that the survey-derived indicators of the
    # current year's dashboards have their figure.
    now = timezone.now()
    year_start = timezone.make_aware(dt.datetime(now.year, 1, 1, 0, 0))
    start = max(year_start, now - dt.timedelta(days=24))
    step = min(dt.timedelta(hours=17), (now - start) / (N + 1))
    for i in range(N):
        reponses: dict[int, dict] = {}
        for code, by_person in ANSWERS.items():
            if i in by_person:
                q = questions[code]
                reponses[q.pk] = {"choix": [choices[(q.pk, v)] for v in by_person[i]]}
        for (who, code), texte in COMMENTS.items():
            if who == i:
                reponses.setdefault(questions[code].pk, {})["commentaire"] = texte
        services.participation_enregistrer(
            enquete=enquete,
            reponses=reponses,
            soumise_le=start + step * i,
        )
    services.enquete_fermer(enquete=enquete, par=None)
    Enquete.objects.filter(pk=enquete.pk).update(ouverte_le=start, fermee_le=start + step * N)
    # Two comments anonymised, quoted and coded, as a facilitator would.
    services.verbatims_anonymiser(enquete=enquete, par=None)
    modele_eco, _created = enquete.themes.get_or_create(nom="Modèle économique")
    proximite, _created = enquete.themes.get_or_create(nom="Proximité et lien social")
    for reponse in Reponse.objects.filter(participation__enquete=enquete).exclude(texte=""):
        if "service public" in reponse.texte or "adhésion" in reponse.texte:
            reponse.themes.add(modele_eco)
        else:
            reponse.themes.add(proximite)
        reponse.citable = "Claire" not in reponse.texte
        reponse.save(update_fields=["citable"])
    return enquete


def _load_open_survey(ctx, quartiers) -> Enquete:
    organisation = ctx["organisation"]
    enquete = Enquete.objects.filter(organisation=organisation, titre=TITRE_OUVERTE).first()
    if enquete is not None:
        return enquete
    enquete = services.enquete_creer(
        organisation=organisation,
        par=None,
        titre=TITRE_OUVERTE,
        introduction="Quelques questions sur l'atelier de juin au Bas-Belleville (2 minutes).",
        quartiers=[quartiers["Bas-Belleville"]],
    )
    specs = [
        {"libelle": "Avez-vous participé à l'atelier ?", "type": TypeQuestion.OUI_NON,
         "obligatoire": True, "code": "participe"},
        {"libelle": "Vous êtes…", "type": TypeQuestion.CHOIX_UNIQUE, "segment": True,
         "choix": ["Habitant·e", "Commerçant·e", "Membre d'une association"], "code": "profil"},
        {"libelle": "Quelle note donnez-vous à l'atelier ?", "type": TypeQuestion.ECHELLE,
         "echelle_min": 1, "echelle_max": 5, "commentaire": True, "code": "note"},
        {"libelle": "Quelles actions vous intéressent ?", "type": TypeQuestion.CHOIX_MULTIPLE,
         "choix": ["Végétaliser la rue", "Brasseurs d'air partagés", "Volets et stores",
                   "Fontaines et points d'eau"], "autre": True, "code": "actions"},
        {"libelle": "Une idée pour l'été prochain ?", "type": TypeQuestion.TEXTE_LONG, "code": "idee"},
    ]  # fmt: skip
    for spec in specs:
        services.question_ajouter(enquete=enquete, par=None, **spec)
    services.enquete_ouvrir(enquete=enquete, par=None)
    questions = {q.code: q for q in enquete.questions.all()}
    opts = {code: [c for c in q.choix.all() if not c.est_autre] for code, q in questions.items()}
    start = timezone.now() - dt.timedelta(days=12)
    for i in range(14):
        reponses = {
            questions["participe"].pk: {"choix": [opts["participe"][0 if i % 4 else 1]]},
            questions["profil"].pk: {"choix": [opts["profil"][(0, 0, 1, 2)[i % 4]]]},
            questions["note"].pk: {"nombre": 3 + (i % 3)},
            questions["actions"].pk: {
                "choix": [opts["actions"][i % 4], opts["actions"][(i + 1) % 4]]
            },
        }
        if i % 5 == 0:
            reponses[questions["idee"].pk] = {"texte": "Des bancs à l'ombre près de la place."}
        services.participation_enregistrer(
            enquete=enquete, reponses=reponses, soumise_le=start + dt.timedelta(hours=19 * i)
        )
    return enquete


def load(ctx):
    quartiers = ensure_demo_quartiers(ctx)
    evaluation = _load_evaluation(ctx, quartiers)
    ouverte = _load_open_survey(ctx, quartiers)
    ctx["enquetes"] = {"evaluation": evaluation, "ouverte": ouverte}
