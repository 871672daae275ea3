"""The report context and its print partial (used by the programme-review PDF)."""

import pytest
from django.template.loader import render_to_string

from enquetes.models import Reponse
from enquetes.reporting import survey_report_context

from .known import feed


def test_report_context_numbers_charts_and_quotes(enquete, small_threshold):
    feed(enquete)
    Reponse.objects.filter(question__code="satisfait", nature="commentaire").update(
        citable=True, texte_anonymise="Très utile"
    )
    context = survey_report_context(
        enquete=enquete, segment_question=enquete.questions.get(code="statut")
    )
    statut = context["questions"][0]
    assert context["total"] == 7
    assert [(line["libelle"], line["n"], line["pct_txt"]) for line in statut["lignes"]] == [
        ("Habitant", 4, "57,1\u00a0%"), ("Partenaire", 3, "42,9\u00a0%"),
    ]  # fmt: skip
    assert statut["chart_svg"].startswith("<svg")
    assert context["citations"] == [{"question": "Êtes-vous satisfait ?", "texte": "Très utile"}]
    satisfait = context["ventilation"]["questions"][0]
    assert satisfait["libelle"] == "Êtes-vous satisfait ?"
    assert [c["txt"] for c in satisfait["lignes"][0]["cellules"]] == [
        "3 (75,0\u00a0%)",
        "1 (50,0\u00a0%)",
    ]
    html = render_to_string("enquetes/includes/results_print.html", {"report": context})
    assert "<script" not in html and "57,1\u00a0%" in html and "Très utile" in html


def test_report_hides_small_groups(enquete, settings):
    feed(enquete)
    settings.SMALL_GROUP_THRESHOLD = 4
    context = survey_report_context(
        enquete=enquete, segment_question=enquete.questions.get(code="statut")
    )
    assert [g["masque"] for g in context["ventilation"]["groupes"]] == [False, True]
    cells = context["ventilation"]["questions"][0]["lignes"][0]["cellules"]
    assert cells[1] == {"masque": True, "txt": "masqué"}
    settings.SMALL_GROUP_THRESHOLD = 10
    context = survey_report_context(enquete=enquete)
    assert context["masque"] and context["questions"] == [] and context["citations"] == []


@pytest.mark.parametrize("role", ["facilitateur", "direction"])
def test_results_page_shows_counts_percentages_and_charts(
    client, enquete, small_threshold, role, request
):
    feed(enquete)
    client.force_login(request.getfixturevalue(role))
    from django.urls import reverse

    html = client.get(reverse("enquetes:results", args=[enquete.pk])).content.decode()
    assert "57,1\u00a0%" in html and "66,7\u00a0%" in html
    assert (
        html.count('<svg xmlns="http://www.w3.org/2000/svg" role="img"') == 5
    )  # 3 choices, scale, number
    assert ("Réponses brutes (CSV)" in html) is (role == "direction")
