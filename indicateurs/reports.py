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
        "valeur": fmt_number(ligne.valeur, 1 if ligne.valeur and ligne.valeur % 1 else 0),
        "cible": fmt_number(ligne.cible) if ligne.cible is not None else "—",
        "reference": fmt_number(ligne.reference) if ligne.reference is not None else "—",
        "atteinte": fmt_percent(ligne.atteinte, 0) if ligne.atteinte is not None else "—",
    }
    if with_chart and any(v is not None for v in ligne.mois):
        item["chart"] = line_chart(
            [
                {
                    "label": ind.nom,
                    "values": [float(v) if v is not None else None for v in ligne.mois],
                }
            ],
            title=_("%(nom)s, par mois") % {"nom": ind.nom},
            x_labels=MOIS,
            width=620,
            height=200,
        )
    return item


def fiche_quartier_context(rapport, progress) -> dict:
    from cartographie.rendering import notes_svg

    quartier = rapport.quartier
    indicateurs = selectors.indicateurs_actifs(rapport.organisation)
    progress(20, _("Lecture des indicateurs"))
    tableau = selectors.Tableau(indicateurs, [quartier], rapport.annee)
    lignes = [_ligne_dict(tableau.ligne(i, quartier), with_chart=True) for i in indicateurs]
    chiffres = [ln for ln in lignes if ln["indicateur"].cle and ln["valeur"] != "—"]
    progress(40, _("Carte du quartier"))
    carte = notes_svg(quartier=quartier, width=640, height=420)
    bilan = Bilan.objects.filter(quartier=quartier, annee=rapport.annee).first()
    return {
        "titre": _("Fiche quartier : %(q)s") % {"q": quartier.nom},
        "quartier": quartier,
        "lignes": lignes,
        "chiffres": chiffres,
        "carte": carte,
        "bilan": bilan,
    }


def _survey_sections(organisation, annee) -> list[dict]:
    """Results of the organisation's surveys (not drafts), newest first, each split by its
    first segment question, through the enquetes app's print context."""
    from enquetes.models import Enquete, Statut
    from enquetes.reporting import survey_report_context

    enquetes = (
        Enquete.objects.filter(organisation=organisation)
        .exclude(statut=Statut.BROUILLON)
        .order_by("-ouverte_le", "-pk")[:3]
    )
    sections = []
    for enquete in enquetes:
        segment = enquete.questions.filter(segment=True).order_by("ordre", "pk").first()
        sections.append(
            {
                "enquete": enquete,
                "report": survey_report_context(enquete=enquete, segment_question=segment),
            }
        )
    return sections


def bilan_programme_context(rapport, progress) -> dict:
    from quartiers.models import Quartier

    org = rapport.organisation
    quartiers = list(Quartier.objects.filter(organisation=org))
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
    tableau = selectors.Tableau(indicateurs, quartiers, rapport.annee)
    blocs = []
    for ind in indicateurs:
        prog = tableau.programme(ind)
        par_quartier = [tableau.ligne(ind, q) for q in quartiers]
        items = [
            (q.nom, float(ln.valeur) if ln.valeur is not None else None)
            for q, ln in zip(quartiers, par_quartier, strict=True)
        ]
        blocs.append(
            {
                "programme": _ligne_dict(prog, with_chart=True),
                "quartiers": [
                    {"quartier": q, **_ligne_dict(ln, with_chart=False)}
                    for q, ln in zip(quartiers, par_quartier, strict=True)
                ],
                "chart": hbar_chart(items[:20], title=ind.nom, width=620, label_width=200)
                if any(v for _, v in items)
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
