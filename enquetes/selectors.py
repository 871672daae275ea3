"""Survey results: exact counts and percentages computed in the database.

Every aggregate is a GROUP BY over all questions at once, so the number of queries depends on
the number of groups asked for, never on the number of responses.

Percentages are of the respondents who answered that question; for multiple choice each box is
counted and shown as a percentage of respondents (the total may exceed 100 %).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max, Min, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ecogestion.charts import fluid_bar_chart, fmt_number, fmt_percent, histogram_chart

from .models import Choix, Enquete, Participation, Question, Reponse, TypeQuestion


def seuil() -> int:
    return int(getattr(settings, "SMALL_GROUP_THRESHOLD", 5))


def pourcentage(n: int, total: int) -> float | None:
    return (100.0 * n / total) if total else None


@dataclass
class Filtres:
    """What the reader chose: choices that respondents must have ticked, and a date range."""

    choix: list[Choix] = field(default_factory=list)
    debut: dt.date | None = None
    fin: dt.date | None = None

    @property
    def actifs(self) -> bool:
        return bool(self.choix or self.debut or self.fin)


def participations(enquete: Enquete, filtres: Filtres | None = None) -> QuerySet[Participation]:
    qs = Participation.objects.filter(enquete=enquete)
    if filtres:
        for choix in filtres.choix:
            qs = qs.filter(pk__in=Reponse.objects.filter(choix=choix).values("participation_id"))
        tz = timezone.get_current_timezone()
        if filtres.debut:
            start = dt.datetime.combine(filtres.debut, dt.time.min, tzinfo=tz)
            qs = qs.filter(soumise_le__gte=start)
        if filtres.fin:
            end = dt.datetime.combine(filtres.fin + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
            qs = qs.filter(soumise_le__lt=end)
    return qs


def questions_of(enquete: Enquete) -> list[Question]:
    return list(
        enquete.questions.select_related("section")
        .prefetch_related("choix")
        .order_by("ordre", "id")
    )


def plan(enquete: Enquete) -> list[dict]:
    """The questionnaire as the builder shows it: groups of questions (questions without a
    section first, then every section in order, empty ones included), each question with its
    number and whether it can move up or down (across sections at the edges). Two queries
    plus the choices' prefetch."""
    sections = list(enquete.sections.order_by("ordre", "id"))
    questions = list(enquete.questions.prefetch_related("choix").order_by("ordre", "id"))
    par_section: dict[int | None, list[Question]] = defaultdict(list)
    for question in questions:
        par_section[question.section_id].append(question)
    groupes = []
    if par_section.get(None) or not sections:
        groupes.append({"section": None, "questions": par_section.get(None, [])})
    groupes.extend({"section": s, "questions": par_section.get(s.pk, [])} for s in sections)
    numero = 0
    last = len(groupes) - 1
    for gi, groupe in enumerate(groupes):
        for pi, question in enumerate(groupe["questions"]):
            numero += 1
            question.numero = numero
            question.peut_monter = gi > 0 or pi > 0
            question.peut_descendre = gi < last or pi < len(groupe["questions"]) - 1
    return groupes


# --- Aggregation --------------------------------------------------------------------------------


def _scope(parts: QuerySet[Participation] | None, questions: list[Question]) -> QuerySet[Reponse]:
    """The answers of the selected participations (``None``: every participation). Without
    filters, selecting by question is much cheaper than a semi-join on participations."""
    qs = Reponse.objects.filter(question_id__in=[q.pk for q in questions])
    if parts is not None:
        qs = qs.filter(participation__in=parts.values("pk"))
    # order_by(): no ORDER BY (and no joins for it) in GROUP BY queries.
    return qs.order_by()


def _valeurs(parts: QuerySet[Participation] | None, questions: list[Question]) -> QuerySet[Reponse]:
    return _scope(parts, questions).filter(nature=Reponse.Nature.VALEUR)


# Split by the month of the answers rather than by a segment question.
MOIS = "mois"


def _aggregate_uncached(
    parts: QuerySet[Participation] | None,
    questions: list[Question],
    segment: Question | str | None = None,
) -> dict:
    """Raw counts keyed by group: None without a segment, else the segment's Choix id, or the
    first day of the month with ``segment=MOIS``.

    One pass groups every answer by (question, choice, number): choice counts, distributions,
    means and, for every question but multiple choice (one row per person), the number of
    respondents. Multiple choice needs a COUNT(DISTINCT person) of its own; dates their range.
    """
    base = _valeurs(parts, questions)
    group = []
    if segment == MOIS:
        base = base.annotate(
            mois=TruncMonth("participation__soumise_le", tzinfo=timezone.get_current_timezone())
        )
        group = ["mois"]
    elif segment is not None:
        # The filter and the values() below share one join to the segment answers.
        base = base.filter(
            participation__reponses__question=segment,
            participation__reponses__choix__isnull=False,
        )
        group = ["participation__reponses__choix_id"]

    def key(row):
        return row[group[0]] if group else None

    out: dict = defaultdict(
        lambda: {
            "repondants": defaultdict(int),
            "choix": {},
            "stats": {},
            "distribution": defaultdict(dict),
        }
    )
    multiple = [q.pk for q in questions if q.type == TypeQuestion.CHOIX_MULTIPLE]
    dates = [q.pk for q in questions if q.type == TypeQuestion.DATE]
    for row in base.values("question_id", "choix_id", "nombre", *group).annotate(n=Count("id")):
        agg = out[key(row)]
        qid = row["question_id"]
        if qid not in multiple:
            agg["repondants"][qid] += row["n"]
        if row["choix_id"] is not None:
            # One row per (person, ticked box) (unique constraint): COUNT(*) is exact.
            agg["choix"][row["choix_id"]] = row["n"]
        if row["nombre"] is not None:
            agg["distribution"][qid][row["nombre"]] = row["n"]
    if multiple:
        for row in (
            base.filter(question_id__in=multiple)
            .values("question_id", *group)
            .annotate(n=Count("participation_id", distinct=True))
        ):
            out[key(row)]["repondants"][row["question_id"]] = row["n"]
    for agg in out.values():
        for qid, distribution in agg["distribution"].items():
            n = sum(distribution.values())
            total = sum(value * count for value, count in distribution.items())
            agg["stats"][qid] = {
                "moyenne": total / n if n else None,
                "mini": min(distribution),
                "maxi": max(distribution),
                "n": n,
            }
    if dates:
        for row in (
            base.filter(question_id__in=dates, date__isnull=False)
            .values("question_id", *group)
            .annotate(mini=Min("date"), maxi=Max("date"))
        ):
            out[key(row)]["stats"][row["question_id"]] = row
    return out


def _comment_counts_uncached(
    parts: QuerySet[Participation] | None, questions: list[Question], segment=None
) -> dict[int, int]:
    return dict(
        _scope(parts, questions)
        .exclude(texte="")
        .values("question_id")
        .annotate(n=Count("id"))
        .values_list("question_id", "n")
    )


# --- Cache of the aggregates ----------------------------------------------------------------------
# Answers are only ever written with their participation (a submission), and never changed
# afterwards (anonymising or coding a comment touches other columns); a question that is deleted
# takes its answers with it. So the survey's number of participations, its last participation and
# the questions asked identify the aggregates exactly: a new or deleted answer set changes the
# key, nothing has to be invalidated by hand, and stale entries expire.
CACHE_TIMEOUT = 60 * 60 * 24


def _version(enquete_id) -> dict:
    return (
        Participation.objects.filter(enquete_id=enquete_id)
        .order_by()
        .aggregate(n=Count("id"), last=Max("id"), at=Max("soumise_le"))
    )


def _cached(kind, compute, enquete_id, parts, questions, segment=None, version=None):
    version = version or _version(enquete_id)
    scope = "" if parts is None else str(parts.query)
    signature = repr(
        (kind, [q.pk for q in questions], getattr(segment, "pk", segment), scope, version)
    )
    key = f"enquetes:agg:{enquete_id}:{hashlib.sha256(signature.encode()).hexdigest()}"
    value = cache.get(key)
    if value is None:
        value = compute(parts, questions, segment)
        cache.set(key, value, CACHE_TIMEOUT)
    return value


def _plain(out: dict) -> dict:
    """The aggregates without their default factories (a lambda cannot be pickled)."""
    return {
        group: {
            "repondants": dict(agg["repondants"]),
            "choix": dict(agg["choix"]),
            "stats": dict(agg["stats"]),
            "distribution": {qid: dict(d) for qid, d in agg["distribution"].items()},
        }
        for group, agg in out.items()
    }


def _empty_group() -> dict:
    return {
        "repondants": defaultdict(int),
        "choix": {},
        "stats": {},
        "distribution": defaultdict(dict),
    }


def _aggregate(parts, questions, segment=None, version=None) -> dict:
    plain = _cached(
        "aggregate",
        lambda p, q, s: _plain(_aggregate_uncached(p, q, s)),
        questions[0].enquete_id if questions else 0,
        parts,
        questions,
        segment,
        version,
    )
    out: dict = defaultdict(_empty_group)
    for group, agg in plain.items():
        out[group] = {
            "repondants": defaultdict(int, agg["repondants"]),
            "choix": agg["choix"],
            "stats": agg["stats"],
            "distribution": defaultdict(dict, agg["distribution"]),
        }
    return out


def _comment_counts(parts, questions, version=None) -> dict[int, int]:
    return _cached(
        "comments",
        _comment_counts_uncached,
        questions[0].enquete_id if questions else 0,
        parts,
        questions,
        version=version,
    )


def _bins(distribution: dict, question: Question) -> list[tuple[str, int]]:
    """Scale: one bar per point of the scale. Number: up to 10 equal-width bins."""
    if question.type == TypeQuestion.ECHELLE:
        counts = {int(v): n for v, n in distribution.items()}
        return [
            (str(v), counts.get(v, 0))
            for v in range(question.echelle_min, question.echelle_max + 1)
        ]
    if not distribution:
        return []
    values = sorted(distribution)
    low, high = float(values[0]), float(values[-1])
    if len(values) <= 10:
        return [(fmt_number(float(v), 0 if v == int(v) else 2), distribution[v]) for v in values]
    width = (high - low) / 10 or 1
    bins = [0] * 10
    for value, n in distribution.items():
        bins[min(9, int((float(value) - low) / width))] += n
    return [
        (f"{fmt_number(low + i * width, 1)}–{fmt_number(low + (i + 1) * width, 1)}", n)
        for i, n in enumerate(bins)
    ]


def _question_block(question: Question, agg: dict, *, charts: bool = True) -> dict:
    repondants = agg["repondants"].get(question.pk, 0)
    block: dict = {"question": question, "repondants": repondants, "lignes": [], "chart": ""}
    if question.est_a_choix:
        for choix in question.choix.all():
            n = agg["choix"].get(choix.pk, 0)
            pct = pourcentage(n, repondants)
            block["lignes"].append(
                {
                    "choix": choix,
                    "libelle": choix.libelle,
                    "n": n,
                    "pct": pct,
                    "pct_txt": fmt_percent(pct),
                }
            )
        if charts and repondants:  # no empty bars for a question nobody answered
            block["chart"] = fluid_bar_chart(
                [(row["libelle"], row["pct"], row["pct_txt"]) for row in block["lignes"]],
                title=question.libelle,
                max_value=100,
            )
    elif question.est_numerique:
        stats = agg["stats"].get(question.pk) or {}
        moyenne = float(stats["moyenne"]) if stats.get("moyenne") is not None else None
        block["moyenne"] = moyenne
        block["moyenne_txt"] = fmt_number(moyenne, 1)
        block["mini"] = stats.get("mini")
        block["maxi"] = stats.get("maxi")
        bins = _bins(agg["distribution"].get(question.pk, {}), question)
        block["lignes"] = [
            {
                "libelle": label,
                "n": n,
                "pct": pourcentage(n, repondants),
                "pct_txt": fmt_percent(pourcentage(n, repondants)),
            }
            for label, n in bins
        ]
        if charts and bins and question.type == TypeQuestion.ECHELLE:
            block["chart"] = histogram_chart(bins, title=question.libelle)
        elif charts and bins:
            # Ranges such as "12,5–18,3" are too wide to sit side by side on a phone.
            block["chart"] = fluid_bar_chart(
                [(row["libelle"], row["n"], str(row["n"])) for row in block["lignes"]],
                title=question.libelle,
            )
    elif question.type == TypeQuestion.DATE:
        stats = agg["stats"].get(question.pk) or {}
        block["mini"], block["maxi"] = stats.get("mini"), stats.get("maxi")
    return block


def resultats(enquete: Enquete, filtres: Filtres | None = None, *, charts: bool = True) -> dict:
    """Every question's figures for the respondents selected by ``filtres``.

    Below the small-group threshold nothing but the number of respondents is returned.
    """
    parts = participations(enquete, filtres)
    total = parts.count()
    questions = questions_of(enquete)
    masque = total < seuil()
    blocks = []
    if not masque:
        scope = parts if filtres and filtres.actifs else None
        version = _version(enquete.pk)  # one query for both cache keys
        agg = _aggregate(scope, questions, version=version)[None]
        comments = _comment_counts(scope, questions, version=version)
        for question in questions:
            block = _question_block(question, agg, charts=charts)
            block["textes"] = comments.get(question.pk, 0)
            blocks.append(block)
    return {"total": total, "masque": masque, "seuil": seuil(), "questions": blocks}


def _group_sizes_uncached(parts, questions, segment) -> dict[int, int]:
    sizes = Reponse.objects.filter(question=segment).exclude(choix=None)
    if parts is not None:
        # Without filters every answer to the segment belongs to the survey: no semi-join.
        sizes = sizes.filter(participation__in=parts.values("pk"))
    # One row per (person, ticked box) (unique constraint): COUNT(*) per box is exact.
    return dict(
        sizes.order_by().values("choix_id").annotate(n=Count("id")).values_list("choix_id", "n")
    )


def _groupes_segment(segment: Question, parts, filtres, version=None) -> list[dict]:
    scope = parts if filtres and filtres.actifs else None
    group_sizes = _cached(
        "groupes", _group_sizes_uncached, segment.enquete_id, scope, [segment], segment, version
    )
    return [
        {"cle": choix.pk, "libelle": choix.libelle, "total": group_sizes.get(choix.pk, 0)}
        for choix in segment.choix.all()
    ]


def _groupes_mois(parts) -> list[dict]:
    """One group per month that received answers, in order."""
    rows = (
        parts.order_by()
        .annotate(mois=TruncMonth("soumise_le", tzinfo=timezone.get_current_timezone()))
        .values("mois")
        .annotate(n=Count("id"))
        .order_by("mois")
    )
    return [
        {"cle": row["mois"], "libelle": date_format(row["mois"], "F Y"), "total": row["n"]}
        for row in rows
    ]


def ventilation(enquete: Enquete, segment: Question | str, filtres: Filtres | None = None) -> dict:
    """Results split by the choices of a segment question, or by month (``segment=MOIS``).
    A respondent who ticked two boxes of a multiple-choice segment counts in both groups.
    Groups under the threshold are hidden."""
    parts = participations(enquete, filtres)
    par_mois = segment == MOIS
    version = _version(enquete.pk)  # one query for every cache key of the split
    if par_mois:
        groupes = _groupes_mois(parts)
    else:
        groupes = _groupes_segment(segment, parts, filtres, version)
    all_questions = questions_of(enquete)
    scope = parts if filtres and filtres.actifs else None
    agg = _aggregate(scope, all_questions, segment, version)
    limit = seuil()
    for groupe in groupes:
        groupe["masque"] = groupe["total"] < limit
    questions = []
    for question in all_questions:
        if not par_mois and question.pk == segment.pk:
            continue
        per_group = [
            None
            if groupe["masque"]
            else _question_block(question, agg[groupe["cle"]], charts=False)
            for groupe in groupes
        ]
        questions.append({"question": question, "groupes": per_group})
    return {
        "segment": None if par_mois else segment,
        "titre": _("Mois de réponse") if par_mois else segment.libelle,
        "groupes": groupes,
        "questions": questions,
        "seuil": limit,
    }


def tableau_croise(
    enquete: Enquete, ligne: Question, colonne: Question, filtres: Filtres | None = None
) -> dict:
    """Respondents who gave choice r to ``ligne`` and choice c to ``colonne``; cells under the
    threshold (but not empty) are hidden."""
    parts = participations(enquete, filtres)
    rows = (
        _valeurs(parts if filtres and filtres.actifs else None, [ligne, colonne])
        .filter(
            question=colonne,
            choix__isnull=False,
            participation__reponses__question=ligne,
            participation__reponses__choix__isnull=False,
        )
        .values("choix_id", "participation__reponses__choix_id")
        .annotate(n=Count("participation_id", distinct=True))
    )
    cells = {(r["participation__reponses__choix_id"], r["choix_id"]): r["n"] for r in rows}
    limit = seuil()
    col_choix = list(colonne.choix.all())
    table = []
    for choix in ligne.choix.all():
        cellules = []
        for col in col_choix:
            n = cells.get((choix.pk, col.pk), 0)
            cellules.append({"n": n, "masque": 0 < n < limit})
        table.append({"choix": choix, "cellules": cellules})
    return {
        "ligne": ligne,
        "colonne": colonne,
        "colonnes": col_choix,
        "table": table,
        "seuil": limit,
    }


def citations(
    enquete: Enquete, filtres: Filtres | None = None, *, limit: int = 50, masque=None
) -> list:
    """Quotable verbatims (anonymised text), only when the selection is not a small group.
    ``masque``: the small-group verdict when the caller already counted the selection."""
    parts = participations(enquete, filtres)
    if masque is None:
        masque = parts.count() < seuil()
    if masque:
        return []
    reponses = Reponse.objects.filter(citable=True)
    if filtres and filtres.actifs:
        reponses = reponses.filter(participation__in=parts.values("pk"))
    else:
        # The whole survey: no semi-join over every participation.
        reponses = reponses.filter(participation__enquete=enquete)
    return list(
        reponses.exclude(texte="")
        .select_related("question")
        .order_by("question__ordre", "id")[:limit]
    )


def verbatims(
    enquete: Enquete,
    *,
    question_id=None,
    theme_id=None,
    citable=None,
    filtres: Filtres | None = None,
) -> tuple[QuerySet, bool]:
    """The free texts to code, and whether they are masked.

    The whole survey's list stays readable by staff (this page is staff-only and never printed):
    they must read every text to anonymise, quote and code it, and an unfiltered list ties no
    comment to a group. Once the list is narrowed to respondents (a segment choice or a date
    range, the filters of the results page), the small-group rule of the results applies: under
    the threshold, no text is listed, as in results, dashboards and reports. Filtering by
    question, theme or quotable flag selects texts, not people, and is not restricted.
    """
    qs = (
        Reponse.objects.filter(participation__enquete=enquete)
        .exclude(texte="")
        .select_related("question", "participation")
        .prefetch_related("themes")
        .order_by("question__ordre", "participation__soumise_le", "id")
    )
    masque = False
    if filtres is not None and filtres.actifs:
        parts = participations(enquete, filtres)
        masque = parts.count() < seuil()
        qs = qs.none() if masque else qs.filter(participation__in=parts.values("pk"))
    if question_id:
        qs = qs.filter(question_id=question_id)
    if theme_id:
        qs = qs.filter(themes=theme_id)
    if citable is not None:
        qs = qs.filter(citable=citable)
    return qs, masque


def themes_avec_compte(enquete: Enquete):
    return enquete.themes.annotate(n=Count("reponses", filter=~Q(reponses__texte="")))


def invitations_stats(enquete: Enquete) -> dict:
    """Sent, used, waiting to be sent, and failed invitations (with the latest error), in one
    query."""
    stats = enquete.invitations.aggregate(
        envoyees=Count("id", filter=Q(envoyee_le__isnull=False)),
        utilisees=Count("id", filter=Q(utilisee_le__isnull=False)),
        en_attente=Count("id", filter=Q(envoyee_le__isnull=True, utilisee_le__isnull=True)),
        echecs=Count(
            "id", filter=Q(envoyee_le__isnull=True, utilisee_le__isnull=True) & ~Q(erreur_envoi="")
        ),
        erreur=Max("erreur_envoi", filter=~Q(erreur_envoi="")),
    )
    stats["en_attente"] -= stats["echecs"]
    return stats


def segments(enquete: Enquete) -> list[Question]:
    return [q for q in questions_of(enquete) if q.segment]


def enquetes_list(user) -> QuerySet[Enquete]:
    return (
        Enquete.objects.visible_to(user)
        # A count per listed survey (after the page's LIMIT), not a join of every participation
        # of the organisation grouped afterwards: ten times faster at 200 000 responses.
        .annotate(
            nombre_participations=Coalesce(
                Subquery(
                    Participation.objects.filter(enquete=OuterRef("pk"))
                    .order_by()
                    .values("enquete")
                    .annotate(n=Count("pk"))
                    .values("n")
                ),
                0,
            )
        )
        .prefetch_related("quartiers")
        .order_by("-cree_le", "-id")
    )
