"""Survey results for printed reports (the programme-review PDF built by indicateurs).

``survey_report_context`` returns plain data plus SVG charts as strings; the partial
``enquetes/includes/results_print.html`` renders it without JavaScript (WeasyPrint-safe).
Small groups are hidden exactly as on the results page.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from ecogestion.charts import fmt_percent

from . import selectors
from .models import Enquete, Question


def survey_report_context(*, enquete: Enquete, segment_question: Question | None = None) -> dict:
    """Per-question counts and percentages, charts (SVG strings), quotable anonymised
    verbatims, and, with ``segment_question``, the split by its choices."""
    data = selectors.resultats(enquete)
    questions = []
    for block in data["questions"]:
        q = block["question"]
        questions.append(
            {
                "code": q.code,
                "libelle": q.libelle,
                "type": q.type,
                "type_label": q.get_type_display(),
                "repondants": block["repondants"],
                "lignes": [
                    {
                        "libelle": str(line["libelle"]),
                        "n": line["n"],
                        "pct": line["pct"],
                        "pct_txt": line["pct_txt"],
                    }
                    for line in block["lignes"]
                ],
                "moyenne": block.get("moyenne"),
                "moyenne_txt": block.get("moyenne_txt", ""),
                "chart_svg": str(block["chart"]) if block["chart"] else "",
            }
        )
    context = {
        "enquete": {
            "id": enquete.pk,
            "titre": enquete.titre,
            "statut": enquete.get_statut_display(),
        },
        "total": data["total"],
        "masque": data["masque"],
        "seuil": data["seuil"],
        "questions": questions,
        "citations": [
            {"question": c.question.libelle, "texte": c.texte_affiche}
            for c in selectors.citations(enquete)
        ],
        "ventilation": None,
        "note_masquage": _(
            "Les groupes de moins de %(n)d répondant·es sont masqués pour préserver l'anonymat."
        )
        % {"n": data["seuil"]},
    }
    if segment_question is not None and not data["masque"]:
        split = selectors.ventilation(enquete, segment_question)
        context["ventilation"] = {
            "segment": segment_question.libelle,
            "groupes": [
                {
                    "libelle": str(g["libelle"]),
                    "total": None if g["masque"] else g["total"],
                    "masque": g["masque"],
                }
                for g in split["groupes"]
            ],
            "questions": [
                {
                    "libelle": row["question"].libelle,
                    "lignes": _split_lines(row),
                }
                for row in split["questions"]
                if row["question"].est_a_choix
            ],
        }
    return context


def _split_lines(row: dict) -> list[dict]:
    question = row["question"]
    lines = []
    for index, choix in enumerate(question.choix.all()):
        cells = []
        for block in row["groupes"]:
            if block is None:
                cells.append({"masque": True, "txt": _("masqué")})
            else:
                line = block["lignes"][index]
                cells.append(
                    {
                        "masque": False,
                        "n": line["n"],
                        "pct": line["pct"],
                        "txt": f"{line['n']} ({fmt_percent(line['pct'])})",
                    }
                )
        lines.append({"libelle": choix.libelle, "cellules": cells})
    return lines
