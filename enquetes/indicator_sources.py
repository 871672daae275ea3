"""Numbers the indicateurs app can follow over time (see indicateurs/sources.py)."""

import datetime as dt
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.db.models.functions import TruncDate
from django.urls import reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from indicateurs.activite import Fait, depuis, fait_source
from indicateurs.sources import source

from . import selectors
from .models import Enquete, Participation, Question, Reponse


def _period(qs, debut: dt.date | None, fin: dt.date | None, field="soumise_le"):
    if debut:
        qs = qs.filter(**{f"{field}__date__gte": debut})
    if fin:
        qs = qs.filter(**{f"{field}__date__lte": fin})
    return qs


def _query(debut, fin) -> str:
    params = {k: v.isoformat() for k, v in (("du", debut), ("au", fin)) if v}
    return f"?{urlencode(params)}" if params else ""


def _enquete(quartier, enquete_id):
    return Enquete.objects.filter(organisation_id=quartier.organisation_id, pk=enquete_id).first()


@source(
    "enquetes.reponses",
    _("Réponses aux enquêtes du quartier"),
    unit=_("réponses"),
    detail_url=lambda quartier, debut, fin, **params: reverse("enquetes:list"),
    description=_("Participations reçues sur la période par les enquêtes rattachées au quartier."),
)
def reponses(quartier, debut, fin, **params):
    qs = Participation.objects.filter(enquete__quartiers=quartier)
    return _period(qs, debut, fin).count()


def _enquete_url(quartier, debut, fin, enquete_id=None, **params):
    enquete = _enquete(quartier, enquete_id)
    return reverse("enquetes:results", args=[enquete.pk]) + _query(debut, fin) if enquete else None


@source(
    "enquetes.reponses_enquete",
    _("Réponses à une enquête"),
    unit=_("réponses"),
    params=("enquete_id",),
    detail_url=_enquete_url,
    description=_("Participations reçues sur la période par l'enquête choisie."),
)
def reponses_enquete(quartier, debut, fin, enquete_id=None, **params):
    enquete = _enquete(quartier, enquete_id)
    if enquete is None:
        return None
    return _period(enquete.participations.all(), debut, fin).count()


def _question(quartier, question_id):
    return (
        Question.objects.filter(enquete__organisation_id=quartier.organisation_id, pk=question_id)
        .select_related("enquete")
        .first()
    )


def _choice_url(quartier, debut, fin, question_id=None, **params):
    question = _question(quartier, question_id)
    if question is None:
        return None
    url = reverse("enquetes:results", args=[question.enquete_id]) + _query(debut, fin)
    return f"{url}#q-{question.pk}"


@source(
    "enquetes.part_choix",
    _("Part des répondant·es ayant choisi une réponse"),
    unit="%",
    params=("question_id", "choix"),
    detail_url=_choice_url,
    description=_(
        "Pourcentage des personnes ayant répondu à la question qui ont choisi la réponse donnée "
        "(valeur du choix, ex. « oui »). Rien sous le seuil des petits groupes."
    ),
)
def part_choix(quartier, debut, fin, question_id=None, choix=None, **params):
    question = _question(quartier, question_id)
    if question is None or not choix:
        return None
    answers = _period(
        Reponse.objects.filter(question=question, nature=Reponse.Nature.VALEUR).order_by(),
        debut,
        fin,
        field="participation__soumise_le",
    )
    repondants = answers.values("participation_id").distinct().count()
    if repondants < selectors.seuil():
        return None
    n = (
        answers.filter(Q(choix__valeur=choix) | Q(choix__libelle__iexact=choix))
        .values("participation_id")
        .distinct()
        .count()
    )
    return round(100.0 * n / repondants, 1)


# --- The Direction dashboard's recent field activity (see indicateurs/activite.py) ------------


@fait_source
def reponses_recues(organisation, quartiers, limit: int) -> list[Fait]:
    """Answers received, one line per survey and day (a survey may cover no neighbourhood)."""
    enquetes = Enquete.objects.filter(organisation=organisation).filter(
        Q(quartiers__in=quartiers) | Q(quartiers__isnull=True)
    )
    rows = (
        Participation.objects.filter(enquete__in=enquetes, soumise_le__gte=depuis())
        .annotate(jour=TruncDate("soumise_le"))
        .values("jour", "enquete_id", "enquete__titre")
        .annotate(n=Count("pk"))
        .order_by("-jour", "enquete_id")[:limit]
    )
    return [
        Fait(
            quand=row["jour"],
            categorie=gettext("Enquête"),
            titre=row["enquete__titre"],
            detail=ngettext("%(n)d réponse", "%(n)d réponses", row["n"]) % {"n": row["n"]},
            url=reverse("enquetes:results", args=[row["enquete_id"]]),
        )
        for row in rows
    ]
