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


def test_bar_labels_are_cut_to_fit_left_of_the_bars():
    label = "Superviseur·e ou accompagnateur·trice de l'expérimentation"
    for label_width in (120, 220):
        svg = hbar_chart([(label, 3)], title="t", label_width=label_width)
        shown = svg.split('text-anchor="end" fill="#1c1f1d">')[1].split("</text>")[0]
        assert shown.endswith("…")
        assert len(shown) * 7.4 <= label_width - 8  # the estimated width of DejaVu Sans 13 px


def test_line_chart_ticks_of_a_small_range_keep_their_decimal():
    with translation.override("fr"):
        svg = line_chart([{"label": "A", "values": [0, 0, 0]}], x_labels=["a", "b", "c"], title="t")
    ticks = [t.split(">")[-1] for t in svg.split("</text>") if 'text-anchor="end"' in t]
    assert ticks == ["0", "0,5", "1"]


def test_line_chart_names_its_series_only_when_there_are_several():
    one = line_chart([{"label": "Seule série", "values": [1, 2]}], x_labels=["a", "b"], title="t")
    two = line_chart(
        [{"label": "Série A", "values": [1, 2]}, {"label": "Série B", "values": [2, 1]}],
        x_labels=["a", "b"],
        title="t",
    )
    assert "Seule série</text>" not in one
    assert "Série A</text>" in two and "Série B</text>" in two


def test_narrow_line_chart_shows_every_other_month():
    mois = ["janv.", "févr.", "mars", "avr.", "mai", "juin"] * 2
    narrow = line_chart([{"label": "A", "values": [1] * 12}], x_labels=mois, title="t", width=420)
    wide = line_chart([{"label": "A", "values": [1] * 12}], x_labels=mois, title="t", width=640)
    assert narrow.count('text-anchor="middle"') == 6
    assert wide.count('text-anchor="middle"') == 12
