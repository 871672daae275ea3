"""Note geometries are checked in ecogestion.geometry, with clear French messages."""

import pytest
from django.core.exceptions import ValidationError

from ecogestion import geometry
from tests.factories import SQUARE

from .conftest import CLOCKWISE_RING


def _error(geom):
    with pytest.raises(ValidationError) as info:
        geometry.validate_note(geom, perimetre=SQUARE, nom_zone="Quartier test")
    return " ".join(info.value.messages)


def test_point_inside_is_accepted_and_cleaned():
    clean = geometry.validate_note(
        {"type": "Point", "coordinates": [2.385, 48.872, 35.0]}, perimetre=SQUARE
    )
    assert clean == {"type": "Point", "coordinates": [2.385, 48.872]}


def test_point_just_outside_within_tolerance_is_accepted():
    # ~75 m east of the square's edge: residents tap the street around the neighbourhood.
    geometry.validate_note({"type": "Point", "coordinates": [2.391, 48.872]}, perimetre=SQUARE)


def test_far_outside_says_how_far():
    message = _error({"type": "Point", "coordinates": [2.35, 48.85]})
    assert "Hors du quartier « Quartier test »" in message
    assert "km du périmètre" in message
    assert "tolérance 150 m" in message


def test_self_intersecting_polygon_is_invalid():
    bowtie = {
        "type": "Polygon",
        "coordinates": [
            [[2.381, 48.871], [2.383, 48.873], [2.383, 48.871], [2.381, 48.873], [2.381, 48.871]]
        ],
    }
    assert "Géométrie invalide" in _error(bowtie)


def test_too_big_polygon_is_refused():
    big = {
        "type": "Polygon",
        "coordinates": [[[2.3, 48.8], [2.45, 48.8], [2.45, 48.9], [2.3, 48.9], [2.3, 48.8]]],
    }
    assert "Zone trop grande" in _error(big)


def test_too_long_line_is_refused():
    line = {"type": "LineString", "coordinates": [[2.381, 48.871], [2.389, 48.874]] * 3}
    assert "Ligne trop longue" in _error(line)


def test_placeholder_coordinates_are_named_as_such():
    assert "Coordonnées fictives" in _error({"type": "Point", "coordinates": [-59.01698, -90.0]})
    assert "Coordonnées fictives" in _error({"type": "Point", "coordinates": [0, 0]})


def test_garbage_is_refused_clearly():
    assert "Géométrie absente" in _error({"type": "Cercle"})
    assert "Coordonnées illisibles" in _error({"type": "Point", "coordinates": ["a"]})
    assert "JSON invalide" in _error("{pas du json")


def test_hexagon_counts_bin_every_point_once():
    points = [(2.385, 48.872)] * 5 + [(2.389, 48.874)] * 2
    cells = geometry.hexagon_counts(points, size_m=50)
    assert sorted(c["properties"]["count"] for c in cells) == [2, 5]
    assert all(geometry.to_shape(c["geometry"]).is_valid for c in cells)


def test_polygons_are_stored_with_the_right_hand_rule():
    """RFC 7946: exterior rings counterclockwise, holes clockwise, whatever the drawing gave."""
    from shapely.geometry import LinearRing

    clockwise = CLOCKWISE_RING
    hole_ccw = [
        [2.3815, 48.8712], [2.3825, 48.8712], [2.3825, 48.8718], [2.3815, 48.8718],
        [2.3815, 48.8712],
    ]  # fmt: skip
    assert not LinearRing(clockwise).is_ccw
    clean = geometry.validate_note(
        {"type": "Polygon", "coordinates": [clockwise, hole_ccw]}, perimetre=SQUARE
    )
    outer, hole = clean["coordinates"]
    assert LinearRing(outer).is_ccw and not LinearRing(hole).is_ccw
    assert sorted(map(tuple, outer)) == sorted(map(tuple, clockwise))  # same ring, reversed
    area = geometry.validate_area({"type": "MultiPolygon", "coordinates": [[clockwise]]})
    assert LinearRing(area["coordinates"][0][0]).is_ccw


def test_tolerance_is_in_metres_east_west_as_north_south():
    # At 48.87° N a degree of longitude is ~73 km: 0.0027° east of the square is ~200 m, which
    # is beyond the 150 m tolerance even though 0.0027° of latitude would be 300 m.
    message = _error({"type": "Point", "coordinates": [2.3927, 48.872]})
    assert "à 198 m du périmètre" in message
    # ~110 m east: inside the tolerance.
    geometry.validate_note({"type": "Point", "coordinates": [2.3915, 48.872]}, perimetre=SQUARE)
    # ~110 m north (0.001° of latitude): inside too.
    geometry.validate_note({"type": "Point", "coordinates": [2.385, 48.876]}, perimetre=SQUARE)
