"""Helpers that build surveys and answers through the services, as the app does."""

import datetime as dt

from django.utils import timezone

from enquetes import services
from enquetes.models import Choix, Enquete, TypeQuestion


def make_enquete(
    organisation, *, quartiers=(), titre="Enquête test", questions=(), ouverte=True, **kw
):
    """``questions``: dicts with libelle, type and optional code, choix (labels), flags."""
    enquete = services.enquete_creer(
        organisation=organisation, par=None, titre=titre, quartiers=quartiers, **kw
    )
    for spec in questions:
        spec = dict(spec)
        services.question_ajouter(enquete=enquete, par=None, **spec)
    if ouverte:
        services.enquete_ouvrir(enquete=enquete, par=None)
    return Enquete.objects.get(pk=enquete.pk)


STANDARD = [
    {"code": "statut", "libelle": "Quel est votre statut ?", "type": TypeQuestion.CHOIX_UNIQUE,
     "choix": ["Habitant", "Partenaire"], "segment": True},
    {"code": "satisfait", "libelle": "Êtes-vous satisfait ?", "type": TypeQuestion.OUI_NON,
     "commentaire": True},
    {"code": "objets", "libelle": "Objets prioritaires", "type": TypeQuestion.CHOIX_MULTIPLE,
     "choix": ["Rénovation", "Végétalisation", "Vélos"], "autre": True},
    {"code": "note", "libelle": "Note globale", "type": TypeQuestion.ECHELLE,
     "echelle_min": 1, "echelle_max": 5},
    {"code": "age", "libelle": "Âge", "type": TypeQuestion.NOMBRE},
    {"code": "idee", "libelle": "Une idée ?", "type": TypeQuestion.TEXTE_LONG},
]  # fmt: skip


def answer(enquete, values: dict, *, when=None, invitation=None):
    """``values``: code -> choice value(s) / number / text; "<code>_commentaire" and
    "<code>_autre" for the extra boxes."""
    questions = {q.code: q for q in enquete.questions.all()}
    reponses: dict[int, dict] = {}
    for key, value in values.items():
        code, _, extra = key.partition("_commentaire")
        if key.endswith("_commentaire"):
            reponses.setdefault(questions[code].pk, {})["commentaire"] = value
            continue
        if key.endswith("_autre"):
            reponses.setdefault(questions[key[:-6]].pk, {})["autre"] = value
            continue
        question = questions[key]
        entry = reponses.setdefault(question.pk, {})
        if question.est_a_choix:
            wanted = value if isinstance(value, list | tuple) else [value]
            entry["choix"] = list(Choix.objects.filter(question=question, valeur__in=wanted))
            assert len(entry["choix"]) == len(wanted), (key, value)
        elif question.est_numerique:
            entry["nombre"] = value
        elif question.type == TypeQuestion.DATE:
            entry["date"] = value
        else:
            entry["texte"] = value
    return services.participation_enregistrer(
        enquete=enquete,
        reponses=reponses,
        invitation=invitation,
        soumise_le=when or timezone.now() - dt.timedelta(minutes=1),
    )
