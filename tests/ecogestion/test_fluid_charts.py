"""Charts that stretch to their container (survey results): legible on a 375 px phone."""

import re

from ecogestion.charts import fluid_bar_chart, histogram_chart


def test_fluid_bar_chart_writes_long_labels_in_full_and_stretches_to_its_container():
    label = "Superviseur·e ou accompagnateur·trice de l'expérimentation"
    svg = fluid_bar_chart(
        [(label, 37.5, "37,5 %"), ("<b>Non</b>", 0, "0,0 %")], title="Statut", max_value=100
    )
    assert "viewBox" not in svg and 'width="100%"' in svg
    lines = re.findall(r'<text x="0" y="\d+" fill="[^"]+">([^<]*)</text>', svg)
    assert " ".join(lines[:-1]) == label.replace("'", "&#x27;")  # wrapped, nothing cut
    assert lines[-1] == "&lt;b&gt;Non&lt;/b&gt;"
    # Bars are percentages of the width: 37,5 % of the 78 % track.
    assert 'width="29.25%"' in svg and 'width="0.00%"' in svg
    assert "<title>Statut</title>" in svg and "0,0 %" in svg


def test_very_long_labels_stop_after_three_lines():
    svg = fluid_bar_chart([("mot " * 60, 1, "1")], title="t", wrap=20)
    lines = re.findall(r'<text x="0" y="\d+" fill="[^"]+">([^<]*)</text>', svg)
    assert len(lines) == 3 and lines[-1].endswith("…")
    assert all(len(line) <= 20 for line in lines)


def test_histogram_places_every_point_of_a_scale_across_the_width():
    svg = histogram_chart([(str(v), v) for v in range(11)], title="Note")
    assert "viewBox" not in svg
    centres = re.findall(r'<text x="([\d.]+)%" y="\d+" text-anchor="middle" fill="#4d5550">', svg)
    assert len(centres) == 11 and float(centres[0]) < 5 and float(centres[-1]) > 95
