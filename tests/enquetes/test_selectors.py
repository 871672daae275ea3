"""Every count and percentage of a known answer set, exactly."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from enquetes import selectors
from enquetes.models import Choix

from .known import DAY, feed


@pytest.fixture
def fed(enquete, small_threshold):
    feed(enquete)
    return enquete


def _by_code(data):
    return {b["question"].code: b for b in data["questions"]}


def _lines(block):
    return {str(line["choix"].valeur): (line["n"], line["pct"]) for line in block["lignes"]}


def test_counts_and_percentages_of_every_question(fed):
    data = selectors.resultats(fed)
    assert data["total"] == 7
    assert not data["masque"]
    q = _by_code(data)
    assert q["statut"]["repondants"] == 7
    assert _lines(q["statut"]) == {
        "habitant": (4, pytest.approx(400 / 7)),
        "partenaire": (3, pytest.approx(300 / 7)),
    }
    # One respondent skipped the question: percentages are of the 6 who answered it.
    assert q["satisfait"]["repondants"] == 6
    assert _lines(q["satisfait"]) == {
        "oui": (4, pytest.approx(400 / 6)),
        "non": (2, pytest.approx(200 / 6)),
    }
    # Multiple choice: each box as a share of the 6 respondents (total above 100 %).
    assert q["objets"]["repondants"] == 6
    assert _lines(q["objets"]) == {
        "renovation": (4, pytest.approx(400 / 6)),
        "vegetalisation": (2, pytest.approx(200 / 6)),
        "velos": (2, pytest.approx(200 / 6)),
        "autre": (1, pytest.approx(100 / 6)),
    }
    # Scale: mean and the full distribution 1..5.
    assert q["note"]["repondants"] == 6
    assert q["note"]["moyenne"] == pytest.approx(23 / 6)
    assert q["note"]["moyenne_txt"] == "3,8"
    assert [(line["libelle"], line["n"]) for line in q["note"]["lignes"]] == [
        ("1", 0), ("2", 1), ("3", 1), ("4", 2), ("5", 2),
    ]  # fmt: skip
    assert q["age"]["repondants"] == 3
    assert q["age"]["moyenne"] == pytest.approx(40)
    assert q["idee"]["repondants"] == 1
    # Free texts per question: one comment, one "autre" précision, one idea.
    assert (q["satisfait"]["textes"], q["objets"]["textes"], q["idee"]["textes"]) == (1, 1, 1)


def test_percentages_are_shown_with_one_decimal_in_french(fed):
    q = _by_code(selectors.resultats(fed))
    assert [line["pct_txt"] for line in q["statut"]["lignes"]] == ["57,1\u00a0%", "42,9\u00a0%"]
    assert [line["pct_txt"] for line in q["satisfait"]["lignes"]] == ["66,7\u00a0%", "33,3\u00a0%"]


def test_filter_by_segment_choice(fed):
    partenaire = Choix.objects.get(question__enquete=fed, valeur="partenaire")
    data = selectors.resultats(fed, selectors.Filtres(choix=[partenaire]))
    q = _by_code(data)
    assert data["total"] == 3
    assert _lines(q["satisfait"]) == {"oui": (1, 50.0), "non": (1, 50.0)}
    assert _lines(q["objets"])["renovation"] == (1, 50.0)


def test_filter_by_date_range_includes_both_ends(fed):
    data = selectors.resultats(
        fed, selectors.Filtres(debut=dt.date(2023, 11, 21), fin=dt.date(2023, 11, 23))
    )
    assert data["total"] == 3  # respondents 2, 3 and 4
    assert _lines(_by_code(data)["statut"]) == {
        "habitant": (2, pytest.approx(200 / 3)),
        "partenaire": (1, pytest.approx(100 / 3)),
    }


def test_split_by_segment(fed):
    segment = fed.questions.get(code="statut")
    split = selectors.ventilation(fed, segment)
    assert [(str(g["libelle"]), g["total"]) for g in split["groupes"]] == [
        ("Habitant", 4),
        ("Partenaire", 3),
    ]
    rows = {row["question"].code: row["groupes"] for row in split["questions"]}
    habitant, partenaire = rows["satisfait"]
    assert _lines(habitant) == {"oui": (3, 75.0), "non": (1, 25.0)}
    assert _lines(partenaire) == {"oui": (1, 50.0), "non": (1, 50.0)}
    habitant, partenaire = rows["objets"]
    assert habitant["repondants"] == 4
    assert _lines(habitant)["renovation"] == (3, 75.0)
    assert _lines(partenaire) == {
        "renovation": (1, 50.0),
        "vegetalisation": (1, 50.0),
        "velos": (1, 50.0),
        "autre": (0, 0.0),
    }
    habitant, partenaire = rows["note"]
    assert habitant["moyenne"] == pytest.approx(16 / 4)
    assert partenaire["moyenne"] == pytest.approx(7 / 2)


def test_split_by_month_of_answer(fed):
    """Respondents answer on 20…26 November 2023; move the last two to December."""
    late = fed.participations.order_by("soumise_le")[5:]
    for participation in late:
        participation.soumise_le += dt.timedelta(days=20)
        participation.save(update_fields=["soumise_le"])
    split = selectors.ventilation(fed, selectors.MOIS)
    assert [(g["libelle"], g["total"]) for g in split["groupes"]] == [
        ("novembre 2023", 5),
        ("décembre 2023", 2),
    ]
    rows = {row["question"].code: row["groupes"] for row in split["questions"]}
    # Respondents 1-5: statut H H H P P; respondents 6-7: P H.
    novembre, decembre = rows["statut"]
    assert _lines(novembre) == {"habitant": (3, 60.0), "partenaire": (2, 40.0)}
    assert _lines(decembre) == {"habitant": (1, 50.0), "partenaire": (1, 50.0)}
    novembre, decembre = rows["note"]
    assert (novembre["repondants"], novembre["moyenne"]) == (5, pytest.approx(18 / 5))
    assert (decembre["repondants"], decembre["moyenne"]) == (1, 5)


def test_split_by_month_hides_small_months(fed, settings):
    settings.SMALL_GROUP_THRESHOLD = 3
    fed.participations.filter(pk=fed.participations.order_by("soumise_le").last().pk).update(
        soumise_le=DAY + dt.timedelta(days=40)
    )
    split = selectors.ventilation(fed, selectors.MOIS)
    assert [(g["total"], g["masque"]) for g in split["groupes"]] == [(6, False), (1, True)]
    assert all(row["groupes"][1] is None for row in split["questions"])


def test_results_page_splits_by_month_and_shows_means_per_group(client, direction, fed):
    client.force_login(direction)
    url = reverse("enquetes:results", args=[fed.pk])
    html = client.get(url, {"ventiler": "mois"}).content.decode()
    assert "Ventilation selon « Mois de réponse »" in html
    assert "novembre 2023" in html and "n = 7" in html
    html = client.get(url, {"ventiler": fed.questions.get(code="statut").pk}).content.decode()
    split = html[html.index('id="ventilation-titre"') : html.index('id="questions-titre"')]
    # The scale question has its mean per group (habitant 16/4, partenaire 7/2).
    note = split[split.index("<caption>Note globale</caption>") :]
    note = note[: note.index("</table>")]
    assert re.findall(r'<td class="num">([^<]*)</td>', note) == ["4", "2", "4,0", "3,5"]


def test_split_by_multiple_choice_segment_counts_a_person_in_each_ticked_group(fed):
    objets = fed.questions.get(code="objets")
    split = selectors.ventilation(fed, objets)
    assert [g["total"] for g in split["groupes"]] == [4, 2, 2, 1]
    rows = {row["question"].code: row["groupes"] for row in split["questions"]}
    renovation = rows["statut"][0]
    assert _lines(renovation) == {"habitant": (3, 75.0), "partenaire": (1, 25.0)}


def test_small_groups_are_hidden_in_splits(fed, settings):
    settings.SMALL_GROUP_THRESHOLD = 4
    segment = fed.questions.get(code="statut")
    split = selectors.ventilation(fed, segment)
    assert [g["masque"] for g in split["groupes"]] == [False, True]
    rows = {row["question"].code: row["groupes"] for row in split["questions"]}
    assert rows["satisfait"][1] is None


def test_small_selection_hides_everything_but_the_count(fed, settings):
    settings.SMALL_GROUP_THRESHOLD = 5
    partenaire = Choix.objects.get(question__enquete=fed, valeur="partenaire")
    data = selectors.resultats(fed, selectors.Filtres(choix=[partenaire]))
    assert data["masque"] and data["total"] == 3 and data["questions"] == []
    assert selectors.citations(fed, selectors.Filtres(choix=[partenaire])) == []


def test_cross_tab_counts_and_hides_small_cells(fed, settings):
    statut = fed.questions.get(code="statut")
    satisfait = fed.questions.get(code="satisfait")
    table = selectors.tableau_croise(fed, statut, satisfait)
    cells = {
        (row["choix"].valeur, col.valeur): cell["n"]
        for row in table["table"]
        for col, cell in zip(table["colonnes"], row["cellules"], strict=True)
    }
    assert cells == {
        ("habitant", "oui"): 3, ("habitant", "non"): 1,
        ("partenaire", "oui"): 1, ("partenaire", "non"): 1,
    }  # fmt: skip
    settings.SMALL_GROUP_THRESHOLD = 2
    table = selectors.tableau_croise(fed, statut, satisfait)
    assert [[c["masque"] for c in row["cellules"]] for row in table["table"]] == [
        [False, True],
        [True, True],
    ]


def test_cross_tab_with_multiple_choice_columns(fed):
    statut = fed.questions.get(code="statut")
    objets = fed.questions.get(code="objets")
    table = selectors.tableau_croise(fed, statut, objets)
    assert [[c["n"] for c in row["cellules"]] for row in table["table"]] == [
        [3, 1, 1, 1],
        [1, 1, 1, 0],
    ]


def test_split_group_sizes_follow_a_new_answer(fed):
    """Group sizes are cached with the aggregates: a new answer set must show at once."""
    from .factories import answer

    segment = fed.questions.get(code="statut")
    assert [g["total"] for g in selectors.ventilation(fed, segment)["groupes"]] == [4, 3]
    answer(fed, {"statut": "partenaire", "satisfait": "oui"})
    assert [g["total"] for g in selectors.ventilation(fed, segment)["groupes"]] == [4, 4]


def test_quotes_come_from_this_survey_only(fed, organisation):
    from enquetes.models import Reponse

    from .factories import STANDARD, answer, make_enquete

    other = make_enquete(organisation, questions=STANDARD)
    answer(other, {"idee": "Ailleurs"})
    Reponse.objects.exclude(texte="").update(citable=True)
    quoted = {r.texte for r in selectors.citations(fed)}
    assert "Ailleurs" not in quoted
    assert "Très utile pour la copropriété" in quoted
