from django.utils import translation

from ecogestion.charts import fmt_percent, hbar_chart, line_chart, progress_bar


def test_percentages_use_french_formatting():
    with translation.override("fr"):
        assert fmt_percent(93.1034) == "93,1\u00a0%"
        assert fmt_percent(None) == "—"


def test_bar_chart_escapes_labels_and_describes_values():
    with translation.override("fr"):
        svg = hbar_chart([("<script>x</script>", 3), ("Non", 1)], title="Réponses")
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg
    assert 'role="img"' in svg and "<title>Réponses</title>" in svg
    assert "Non : 1" in svg


def test_line_chart_draws_one_point_per_known_value_and_the_target():
    svg = line_chart(
        [{"label": "A", "values": [1, None, 3]}], x_labels=["a", "b", "c"], title="t", target=2
    )
    assert svg.count("<circle") == 2
    assert "cible" in svg


def test_progress_bar_caps_the_bar_but_shows_the_real_figure():
    with translation.override("fr"):
        svg = progress_bar(140, title="Objectif")
    assert "140\u00a0%" in svg
