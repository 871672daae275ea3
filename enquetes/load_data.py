"""Bulk data for the benchmark: one survey with 200 000 × scale responses.

Run through the indicateurs engineer's ``generate_load_data`` command, or by
``bench/enquetes_results.py``. Idempotent: running again tops the survey up to the target.
"""

import datetime as dt
import random

from django.db import connection, transaction
from django.utils import timezone

from . import services
from .models import Choix, Enquete, Participation, Reponse, TypeQuestion

TITRE = "Enquête de charge (benchmark)"
BATCH = 5000
QUESTIONS = [
    {"code": "profil", "libelle": "Vous êtes…", "type": TypeQuestion.CHOIX_UNIQUE, "segment": True,
     "choix": ["Habitant·e", "Commerçant·e", "Association", "Bailleur", "Autre structure"]},
    {"code": "satisfait", "libelle": "Êtes-vous satisfait·e ?", "type": TypeQuestion.OUI_NON,
     "commentaire": True},
    {"code": "objets", "libelle": "Objets prioritaires", "type": TypeQuestion.CHOIX_MULTIPLE,
     "choix": ["Rénovation", "Végétalisation", "Vélo", "Déchets", "Espaces publics"], "autre": True},
    {"code": "note", "libelle": "Note", "type": TypeQuestion.ECHELLE, "echelle_min": 0,
     "echelle_max": 10},
    {"code": "foyer", "libelle": "Personnes au foyer", "type": TypeQuestion.NOMBRE},
    {"code": "idee", "libelle": "Une idée ?", "type": TypeQuestion.TEXTE_COURT},
]  # fmt: skip
IDEES = [
    "Plus d'arbres",
    "Un composteur",
    "Des bancs à l'ombre",
    "Un atelier vélo",
    "Moins de voitures",
]


def _survey(organisation) -> Enquete:
    enquete = Enquete.objects.filter(organisation=organisation, titre=TITRE).first()
    if enquete is None:
        enquete = services.enquete_creer(organisation=organisation, par=None, titre=TITRE)
        for spec in QUESTIONS:
            services.question_ajouter(enquete=enquete, par=None, **spec)
        services.enquete_ouvrir(enquete=enquete, par=None)
    return enquete


def generate(ctx, *, scale: float, total: int | None = None) -> Enquete:
    """Top the load survey up to ``total`` (default 200 000 × scale) responses."""
    enquete = _survey(ctx["organisation"])
    target = total if total is not None else int(200_000 * scale)
    existing = enquete.participations.count()
    questions = {q.code: q for q in enquete.questions.all()}
    choix = {
        code: [c for c in Choix.objects.filter(question=q).order_by("ordre")]
        for code, q in questions.items()
    }
    rng = random.Random(existing)
    start = timezone.now() - dt.timedelta(days=365)
    done = existing
    while done < target:
        size = min(BATCH, target - done)
        with transaction.atomic():
            parts = Participation.objects.bulk_create(
                Participation(
                    enquete=enquete, soumise_le=start + dt.timedelta(minutes=2 * (done + i))
                )
                for i in range(size)
            )
            rows = []
            for part in parts:
                rows.append(
                    Reponse(
                        participation=part,
                        question=questions["profil"],
                        choix=rng.choices(choix["profil"], weights=[50, 10, 20, 10, 10])[0],
                    )
                )
                if rng.random() < 0.9:
                    rows.append(
                        Reponse(
                            participation=part,
                            question=questions["satisfait"],
                            choix=choix["satisfait"][0 if rng.random() < 0.72 else 1],
                        )
                    )
                if rng.random() < 0.1:
                    rows.append(
                        Reponse(
                            participation=part,
                            question=questions["satisfait"],
                            nature=Reponse.Nature.COMMENTAIRE,
                            texte=rng.choice(IDEES),
                        )
                    )
                for c in rng.sample(choix["objets"], rng.randint(0, 3)):
                    rows.append(
                        Reponse(
                            participation=part,
                            question=questions["objets"],
                            choix=c,
                            texte="Compost" if c.est_autre else "",
                        )
                    )
                rows.append(
                    Reponse(
                        participation=part, question=questions["note"], nombre=rng.randint(0, 10)
                    )
                )
                if rng.random() < 0.6:
                    rows.append(
                        Reponse(
                            participation=part,
                            question=questions["foyer"],
                            nombre=rng.randint(1, 6),
                        )
                    )
                if rng.random() < 0.2:
                    rows.append(
                        Reponse(
                            participation=part, question=questions["idee"], texte=rng.choice(IDEES)
                        )
                    )
            Reponse.objects.bulk_create(rows, batch_size=10_000)
        done += size
    if connection.vendor == "postgresql":
        # Fresh statistics, or the planner sorts a million rows instead of hashing them
        # (autovacuum would get there later).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE enquetes_participation, enquetes_reponse")
    return enquete
