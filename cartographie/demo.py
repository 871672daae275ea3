"""Demo sensitive maps for the three neighbourhoods of the experiment. Part of ``load_demo``;
idempotent (sessions by title, notes only added to a session that has none)."""

from __future__ import annotations

import json
import random
from pathlib import Path

from django.db import transaction

from ecogestion import geometry
from quartiers.models import Quartier

from . import services
from .models import Annotation, Carte, Categorie, Echelle, Ressenti, Saison, Statut

PERIMETRES = Path(__file__).parent / "data" / "demo_perimetres.json"

# (slug, feeling, comments) — what residents said in the experiment's workshops, reworded.
NOTES = {
    "ilot-de-chaleur": (
        Ressenti.NEGATIF,
        [
            "La cour en enrobé noir est brûlante l'après-midi, impossible d'y rester en juillet.",
            "Appartement sous les toits : 31 °C la nuit pendant la canicule.",
            "Parking sans un arbre, la chaleur remonte jusqu'aux fenêtres.",
            "Dalle minérale au soleil toute la journée, les enfants n'y jouent plus l'été.",
        ],
    ),
    "lieu-frais": (
        Ressenti.POSITIF,
        [
            "Sous les platanes il fait nettement plus frais, on s'y retrouve le soir.",
            "Le hall traversant reste frais, les anciens s'y assoient.",
            "Jardin partagé ombragé : le meilleur endroit l'été.",
        ],
    ),
    "nuisance-sonore": (
        Ressenti.NEGATIF,
        [
            "Livraisons à 5 h du matin, on ne peut pas dormir fenêtres ouvertes.",
            "La ventilation du supermarché tourne toute la nuit.",
        ],
    ),
    "lieu-agreable": (
        Ressenti.POSITIF,
        ["Petit square calme avec des bancs.", "Belle vue depuis la passerelle."],
    ),
    "lieu-de-rencontre": (
        Ressenti.POSITIF,
        ["Devant l'école à 16 h 30, tout le monde se croise.", "Le banc près de la loge."],
    ),
    "insecurite": (
        Ressenti.NEGATIF,
        [
            "Passage mal éclairé le soir, on fait le détour.",
            "Trottoir trop étroit avec les poussettes.",
        ],
    ),
    "a-vegetaliser": (
        Ressenti.NEUTRE,
        [
            "Ce pied de mur pourrait accueillir une jardinière.",
            "Cour à désimperméabiliser : la copropriété est d'accord pour en parler.",
            "Des bacs sur le toit-terrasse du local vélos ?",
            "Pieds d'arbres à planter avec les voisins.",
        ],
    ),
    "eau": (Ressenti.POSITIF, ["Fontaine à boire appréciée, mais souvent en panne."]),
    "mobilite": (
        Ressenti.NEGATIF,
        ["Pas d'arceaux vélos près des commerces.", "Escalier sans rampe pour les poussettes."],
    ),
}
AUTEURS = ["", "", "", "Groupe du mardi", "Amina", "Conseil syndical", "Jo", ""]

SESSIONS = {
    "Ilot 13": [
        ("Mon logement l'été", Echelle.LOGEMENT, Saison.ETE, False, False, 14),
        ("Notre îlot en été", Echelle.ILOT, Saison.ETE, True, True, 22),
    ],
    "Bas-Belleville": [
        ("Le quartier en canicule", Echelle.QUARTIER, Saison.ETE, False, False, 45),
        ("Où végétaliser ?", Echelle.QUARTIER, Saison.PRINTEMPS, True, True, 18),
    ],
    "Rosa Parks": [
        ("Autour de ma résidence", Echelle.ILOT, Saison.ETE, False, False, 26),
        (
            "Le quartier Rosa Parks, été comme hiver",
            Echelle.QUARTIER,
            Saison.TOUTES,
            True,
            False,
            30,
        ),
    ],
}


def _creer_quartiers_manquants(ctx: dict) -> dict:
    """Only when the quartiers demo has not run (e.g. this branch alone): the three
    neighbourhoods with a perimeter (Paris open data, quartiers administratifs, ODbL,
    simplified; Ilot 13 drawn near rue de la Glacière)."""
    perimetres = json.loads(PERIMETRES.read_text())
    quartiers = dict(ctx.get("quartiers") or {})
    crees = []
    for nom, perimetre in perimetres.items():
        if nom in quartiers:
            continue
        quartier, _created = Quartier.objects.get_or_create(
            organisation=ctx["organisation"], nom=nom, defaults={"perimetre": perimetre}
        )
        if not quartier.perimetre:
            quartier.perimetre = perimetre
            quartier.save(update_fields=["perimetre"])
        quartiers[nom] = quartier
        crees.append(quartier)
    # Only the neighbourhoods built here get a team: those of the quartiers demo keep theirs
    # (each facilitator edits only the neighbourhoods assigned to them).
    for user in (ctx["users"].get("facilitatrice"), ctx["users"].get("facilitateur")):
        if user:
            for quartier in crees:
                quartier.membres.add(user)
    ctx["quartiers"] = quartiers
    return quartiers


def _random_point(rng: random.Random, quartier) -> dict:
    minx, miny, maxx, maxy = geometry.bounds(quartier.perimetre)
    for _attempt in range(200):
        point = {
            "type": "Point",
            "coordinates": [round(rng.uniform(minx, maxx), 6), round(rng.uniform(miny, maxy), 6)],
        }
        if geometry.is_within(point, quartier.perimetre):
            return point
    lon, lat = geometry.centroid(quartier.perimetre)
    return {"type": "Point", "coordinates": [lon, lat]}


def _random_area(rng: random.Random, quartier) -> dict:
    lon, lat = _random_point(rng, quartier)["coordinates"]
    dx, dy = 0.0004, 0.00025
    ring = [[lon, lat], [lon + dx, lat], [lon + dx, lat + dy], [lon, lat + dy], [lon, lat]]
    return {"type": "Polygon", "coordinates": [[[round(x, 6), round(y, 6)] for x, y in ring]]}


@transaction.atomic
def load(ctx: dict) -> None:
    quartiers = _creer_quartiers_manquants(ctx)
    facilitatrice = ctx["users"].get("facilitatrice")
    categories = {c.slug: c for c in Categorie.objects.all()}
    slugs = list(NOTES)
    for nom, sessions in SESSIONS.items():
        quartier = quartiers.get(nom)
        if quartier is None or not quartier.perimetre:
            continue
        for titre, echelle, saison, ouverte, moderation, nombre in sessions:
            carte, created = Carte.objects.get_or_create(
                quartier=quartier,
                titre=titre,
                defaults={
                    "echelle": echelle,
                    "saison": saison,
                    "ouverte": ouverte,
                    "moderation": moderation,
                    "cree_par": facilitatrice,
                    "consigne": "Placez les endroits où vous avez trop chaud, ceux où il fait "
                    "bon, et ceux qu'il faudrait végétaliser.",
                },
            )
            if Annotation.objects.filter(carte=carte).exists():
                continue
            rng = random.Random(f"{nom}:{titre}")
            for i in range(nombre):
                slug = slugs[i % len(slugs)] if i < len(slugs) else rng.choice(slugs)
                ressenti, comments = NOTES[slug]
                geom = _random_area(rng, quartier) if i % 9 == 4 else _random_point(rng, quartier)
                note = services.annotation_creer(
                    carte=carte,
                    par=facilitatrice,
                    categorie=categories[slug],
                    geometrie=geom,
                    ressenti=ressenti,
                    commentaire=rng.choice(comments),
                    auteur=rng.choice(AUTEURS),
                )
                note.origine = "habitant" if i % 3 else "facilitateur"
                # The last notes of a moderated session still wait in the queue.
                if moderation and i >= nombre - 6:
                    note.statut = Statut.EN_ATTENTE
                note.save(update_fields=["origine", "statut"])
    _lier_aux_ateliers(quartiers, facilitatrice)


# (neighbourhood, session title, activity title, category of the note turned into a proposal)
LIENS_ATELIERS = [
    (
        "Bas-Belleville",
        "Le quartier en canicule",
        "Atelier confort climatique place Alphonse Allais",
        "a-vegetaliser",
    ),
]


def _lier_aux_ateliers(quartiers, facilitatrice) -> None:
    """The canicule map was made at the 2023 climate-comfort workshop, and one of its notes
    became a proposal followed on the board. Idempotent: links are only made once."""
    from ateliers.models import Atelier, Proposition
    from ateliers.services import proposition_depuis_note

    for nom, titre_carte, titre_atelier, slug in LIENS_ATELIERS:
        quartier = quartiers.get(nom)
        carte = Carte.objects.filter(quartier=quartier, titre=titre_carte).first()
        atelier = Atelier.objects.filter(quartier=quartier, titre=titre_atelier).first()
        if carte is None or atelier is None:
            continue
        if carte.atelier_id is None:
            services.carte_modifier(carte=carte, par=facilitatrice, atelier=atelier)
        if Proposition.objects.filter(note_carte__carte=carte).exists():
            continue
        note = (
            Annotation.objects.filter(carte=carte, statut=Statut.PUBLIEE, categorie__slug=slug)
            .exclude(commentaire="")
            .order_by("pk")
            .first()
        )
        if note is not None:
            proposition_depuis_note(note=note, par=facilitatrice)
