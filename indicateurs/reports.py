"""PDF reports built with WeasyPrint: a neighbourhood fact sheet and a programme review."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from ecogestion.charts import fmt_number, fmt_percent, hbar_chart, line_chart, progress_bar

from . import selectors
from .models import Bilan, TypeRapport

# WeasyPrint logs every layout step at INFO; keep the worker's log readable.
logging.getLogger("weasyprint").setLevel(logging.WARNING)
logging.getLogger("fontTools").setLevel(logging.WARNING)

MOIS = [
    "janv.",
    "févr.",
    "mars",
    "avr.",
    "mai",
    "juin",
    "juil.",
    "août",
    "sept.",
    "oct.",
    "nov.",
    "déc.",
]


def _logo_uri(organisation) -> str | None:
    if organisation.logo:
        try:
            return Path(organisation.logo.path).as_uri()
        except (ValueError, NotImplementedError):
            return None
    return None


def _ligne_dict(ligne, *, with_chart: bool) -> dict:
    ind = ligne.indicateur
    item = {
        "indicateur": ind,
        "valeur": selectors.fmt_valeur(ligne.valeur),
        "cible": fmt_number(ligne.cible) if ligne.cible is not None else "—",
        "reference": fmt_number(ligne.reference) if ligne.reference is not None else "—",
        "atteinte": fmt_percent(ligne.atteinte, 0) if ligne.atteinte is not None else "—",
    }
    # Only a series with something in it is worth a chart (a flat zero line says nothing).
    if with_chart and any(v for v in ligne.mois):
        item["chart"] = line_chart(
            [
                {
                    "label": ind.nom,
                    "values": [float(v) if v is not None else None for v in ligne.mois],
                }
            ],
            title=_("%(nom)s, par mois") % {"nom": ind.nom},
            x_labels=MOIS,
            width=420,
            height=170,
        )
    return item


def _profil(quartier) -> list[str]:
    """The neighbourhood in a few words, as on the report's fact sheets."""
    parts = [quartier.commune] if quartier.commune else []
    if quartier.typologie:
        parts.append(quartier.get_typologie_display())
    for value, singular, plural in (
        (quartier.habitants, _("%(n)s habitant"), _("%(n)s habitants")),
        (quartier.logements, _("%(n)s logement"), _("%(n)s logements")),
        (quartier.nombre_ilots, _("%(n)s îlot"), _("%(n)s îlots")),
    ):
        if value:
            parts.append((singular if value == 1 else plural) % {"n": fmt_number(value)})
    statuts = [label for flag, label in ((quartier.qpv, "QPV"), (quartier.qva, "QVA")) if flag]
    if statuts:
        parts.append(", ".join(statuts))
    parts.append(_("phase %(phase)s") % {"phase": quartier.get_phase_display()})
    return parts


def _activites(quartier, annee: int) -> dict:
    """What the activity log says about the year, up to today: how many of each kind, the
    dated list, and where residents' proposals stand."""
    from datetime import date

    from django.db.models import Count, Sum

    from ateliers.indicator_sources import propositions_repartition
    from ateliers.models import Atelier, StatutProposition

    debut = date(annee, 1, 1)
    fin = min(date(annee, 12, 31), timezone.localdate())
    ateliers = Atelier.objects.filter(quartier=quartier, date__range=(debut, fin))
    par_type = list(
        ateliers.values("type_activite__nom")
        .annotate(n=Count("pk"), participants=Sum("participants"))
        .order_by("-n", "type_activite__nom")
    )
    liste = list(ateliers.select_related("type_activite").order_by("date", "heure_debut", "pk"))
    propositions = propositions_repartition(quartier, debut, fin)
    return {
        "par_type": par_type,
        "liste": liste[-LISTE_MAX:],
        "coupees": max(0, len(liste) - LISTE_MAX),
        "total": len(liste),
        "propositions": [
            (label, propositions.get(value, 0))
            for value, label in StatutProposition.choices
            if propositions.get(value)
        ],
    }


# The fact sheet lists the year's latest activities, not a whole log.
LISTE_MAX = 15


def fiche_quartier_context(rapport, progress) -> dict:
    from cartographie.rendering import notes_svg

    quartier = rapport.quartier
    indicateurs = selectors.indicateurs_actifs(rapport.organisation)
    progress(20, _("Lecture des indicateurs"))
    tableau = selectors.Tableau(indicateurs, [quartier], rapport.annee)
    lignes = [_ligne_dict(tableau.ligne(i, quartier), with_chart=True) for i in indicateurs]
    chiffres = [ln for ln in lignes if ln["indicateur"].cle and ln["valeur"] != "—"]
    progress(30, _("Journal des activités"))
    activites = _activites(quartier, rapport.annee)
    progress(40, _("Carte du quartier"))
    carte = notes_svg(quartier=quartier, width=760, height=460)
    bilan = Bilan.objects.filter(quartier=quartier, annee=rapport.annee).first()
    return {
        "titre": _("Fiche quartier : %(q)s") % {"q": quartier.nom},
        "quartier": quartier,
        "profil": _profil(quartier),
        "lignes": lignes,
        "graphiques": [ln for ln in lignes if ln.get("chart")],
        "chiffres": chiffres,
        "activites": activites,
        "carte": carte,
        "bilan": bilan,
    }


def _segment_lisible(enquete, report: dict):
    """The segment question to split a survey by in the review: the one whose groups are big
    enough to be shown for at least two of them (fewest hidden groups on a tie), else none.
    A split where every group but one is hidden tells nothing and fills pages."""
    seuil = report["seuil"]
    comptes = {q["code"]: [ln["n"] for ln in q["lignes"]] for q in report["questions"]}
    meilleur, score = None, None
    for question in enquete.questions.filter(segment=True).order_by("ordre", "pk"):
        groupes = [n for n in comptes.get(question.code, []) if n]
        visibles = sum(1 for n in groupes if n >= seuil)
        candidat = (visibles, -(len(groupes) - visibles))
        if visibles >= 2 and (score is None or candidat > score):
            meilleur, score = question, candidat
    return meilleur


def _survey_sections(organisation, annee) -> list[dict]:
    """Results of the organisation's surveys (not drafts), newest first, each split by its most
    readable segment question, through the enquetes app's print context."""
    from enquetes.models import Enquete, Statut
    from enquetes.reporting import survey_report_context

    enquetes = (
        Enquete.objects.filter(organisation=organisation)
        .exclude(statut=Statut.BROUILLON)
        .order_by("-ouverte_le", "-pk")[:3]
    )
    sections = []
    for enquete in enquetes:
        report = survey_report_context(enquete=enquete)
        segment = None if report["masque"] else _segment_lisible(enquete, report)
        if segment is not None:
            # The results themselves are cached by the enquetes app: only the split is new.
            report = survey_report_context(enquete=enquete, segment_question=segment)
        sections.append({"enquete": enquete, "report": report})
    return sections


def _resume_programme(ligne: dict) -> str:
    """ "45 · cible 450 · atteinte 10 %", leaving out what is not known."""
    parts = [ligne["valeur"]]
    if ligne["cible"] != "—":
        parts.append(_("cible %(c)s") % {"c": ligne["cible"]})
    if ligne["atteinte"] != "—":
        parts.append(_("atteinte %(a)s") % {"a": ligne["atteinte"]})
    return " · ".join(parts)


def bilan_programme_context(rapport, progress) -> dict:
    from quartiers.models import Quartier

    org = rapport.organisation
    quartiers = list(Quartier.objects.filter(organisation=org).order_by("nom"))
    indicateurs = selectors.indicateurs_actifs(org)
    progress(15, _("Objectifs"))
    atteintes = selectors.objectifs_atteinte(org, quartiers, rapport.annee)
    objectifs = [
        {
            "atteinte": a,
            "taux": fmt_percent(a.retenu, 0),
            "calcule": fmt_percent(a.calcule, 0),
            "chart": progress_bar(a.retenu, title=a.objectif.titre, width=300),
        }
        for a in atteintes
    ]
    progress(35, _("Indicateurs par quartier"))
    tableau = selectors.Tableau(indicateurs, quartiers, rapport.annee, mois=False)
    blocs = []
    for ind in indicateurs:
        programme = _ligne_dict(tableau.programme(ind), with_chart=False)
        par_quartier = [tableau.ligne(ind, q) for q in quartiers]
        items = [
            (q.nom, float(ln.valeur) if ln.valeur is not None else None)
            for q, ln in zip(quartiers, par_quartier, strict=True)
        ]
        blocs.append(
            {
                "programme": programme,
                "resume": _resume_programme(programme),
                "quartiers": [
                    {"quartier": q, **_ligne_dict(ln, with_chart=False)}
                    for q, ln in zip(quartiers, par_quartier, strict=True)
                ],
                "chart": hbar_chart(
                    sorted(items, key=lambda item: -(item[1] or 0))[:20],
                    title=ind.nom,
                    width=620,
                    label_width=200,
                    value_label=selectors.fmt_valeur,
                )
                if any(v for _nom, v in items)
                else None,
            }
        )
    progress(55, _("Résultats d'enquêtes"))
    return {
        "titre": _("Bilan du programme %(annee)s") % {"annee": rapport.annee},
        "objectifs": objectifs,
        "blocs": blocs,
        "quartiers": quartiers,
        "enquetes": _survey_sections(org, rapport.annee),
    }


def render_html(rapport, progress: Callable[[int, str], None] | None = None) -> str:
    progress = progress or (lambda pct, etape: None)
    if rapport.type_rapport == TypeRapport.FICHE_QUARTIER:
        context = fiche_quartier_context(rapport, progress)
        template = "indicateurs/pdf/fiche_quartier.html"
    else:
        context = bilan_programme_context(rapport, progress)
        template = "indicateurs/pdf/bilan_programme.html"
    context.update(
        {
            "rapport": rapport,
            "organisation": rapport.organisation,
            "logo": _logo_uri(rapport.organisation),
            "genere_le": timezone.localtime(),
        }
    )
    return render_to_string(template, context)


def render_pdf(rapport, handle, progress: Callable[[int, str], None] | None = None) -> None:
    from weasyprint import HTML

    progress = progress or (lambda pct, etape: None)
    html = render_html(rapport, progress)
    progress(70, _("Mise en page du PDF"))
    document = HTML(string=html, base_url=str(settings.BASE_DIR)).render(
        pdf_variant="pdf/ua-1", pdf_tags=True
    )
    progress(90, _("Écriture du fichier"))
    document.write_pdf(handle, pdf_variant="pdf/ua-1", pdf_tags=True)
