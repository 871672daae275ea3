"""Every geometry operation of the platform, on GeoJSON (RFC 7946, WGS84) with shapely.

Models store GeoJSON geometries in JSON fields; this module is the one place that reads and checks
them, so that a move to PostGIS/GeoDjango replaces this file and the field types, nothing else.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from shapely.geometry import mapping, shape
from shapely.geometry.base import BaseGeometry
from shapely.validation import explain_validity

GEOMETRY_TYPES = {
    "Point",
    "LineString",
    "Polygon",
    "MultiPoint",
    "MultiLineString",
    "MultiPolygon",
}
AREA_TYPES = {"Polygon", "MultiPolygon"}
# RFC 7946 is WGS84 longitude/latitude; these are the only CRS names older files use for it.
WGS84_NAMES = {
    "urn:ogc:def:crs:OGC:1.3:CRS84",
    "urn:ogc:def:crs:OGC::CRS84",
    "urn:ogc:def:crs:EPSG::4326",
    "EPSG:4326",
}
# Metres per degree of latitude; good enough for "near the perimeter" tolerances.
METRES_PER_DEGREE = 111_320.0


@dataclass(frozen=True)
class Feature:
    index: int
    geometry: dict | None
    properties: dict


def load_geojson(raw: bytes | str) -> dict:
    """Parse a GeoJSON document, refusing non-JSON and non-WGS84 CRS with a French message."""
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise ValidationError(
            _("Le fichier n'est pas un fichier GeoJSON valide (JSON illisible)."), code="not_json"
        ) from None
    if isinstance(data, dict) and data.get("type") == "umap":
        data = _umap_backup_features(data)
    if not isinstance(data, dict) or data.get("type") not in (
        {"FeatureCollection", "Feature"} | GEOMETRY_TYPES
    ):
        raise ValidationError(
            _("Le fichier n'est pas un GeoJSON : il faut un objet « FeatureCollection »."),
            code="not_geojson",
        )
    crs = data.get("crs")
    if crs:
        name = (crs.get("properties") or {}).get("name", "") if isinstance(crs, dict) else ""
        if name not in WGS84_NAMES:
            raise ValidationError(
                _(
                    "Le système de coordonnées « %(crs)s » n'est pas accepté : le fichier doit "
                    "être en WGS84 (longitude, latitude), comme l'exige la norme GeoJSON."
                ),
                code="bad_crs",
                params={"crs": name or "?"},
            )
    return data


def _umap_backup_features(data: dict) -> dict:
    """A uMap full backup (``.umap``: ``{"type": "umap", "layers": [FeatureCollection…]}``) as
    one FeatureCollection. uMap users often make one layer per theme, so each feature gets its
    layer's name as a ``calque`` property (unless it has one), which can give the category."""
    features = []
    for layer in data.get("layers") or []:
        if not isinstance(layer, dict):
            continue
        options = layer.get("_umap_options")
        name = options.get("name", "") if isinstance(options, dict) else ""
        for item in layer.get("features") or []:
            if isinstance(item, dict):
                props = item.get("properties") if isinstance(item.get("properties"), dict) else {}
                item = {**item, "properties": {"calque": name, **props} if name else props}
            features.append(item)
    return {"type": "FeatureCollection", "features": features}


def iter_features(data: dict) -> list[Feature]:
    """The features of a GeoJSON document (a lone Feature or geometry counts as one)."""
    kind = data.get("type")
    if kind == "FeatureCollection":
        raw_features = data.get("features")
        if not isinstance(raw_features, list):
            raise ValidationError(
                _("La FeatureCollection n'a pas de liste « features »."), code="no_features"
            )
    elif kind == "Feature":
        raw_features = [data]
    else:
        raw_features = [{"type": "Feature", "geometry": data, "properties": {}}]
    features = []
    for index, item in enumerate(raw_features):
        if not isinstance(item, dict):
            item = {}
        props = item.get("properties") if isinstance(item.get("properties"), dict) else {}
        features.append(Feature(index=index, geometry=item.get("geometry"), properties=props))
    return features


def to_shape(geometry: Any, *, allowed: set[str] | None = None) -> BaseGeometry:
    """Check one GeoJSON geometry and return it as a shapely shape, or raise ValidationError."""
    if not isinstance(geometry, dict) or geometry.get("type") not in GEOMETRY_TYPES:
        raise ValidationError(_("Géométrie absente ou de type inconnu."), code="no_geometry")
    if allowed and geometry["type"] not in allowed:
        raise ValidationError(
            _("Géométrie de type %(type)s refusée (attendu : %(allowed)s)."),
            code="wrong_type",
            params={"type": geometry["type"], "allowed": ", ".join(sorted(allowed))},
        )
    try:
        geom = shape(geometry)
    except (ValueError, TypeError, AttributeError, IndexError):
        raise ValidationError(_("Coordonnées illisibles."), code="bad_coordinates") from None
    if geom.is_empty:
        raise ValidationError(_("Géométrie vide."), code="empty")
    minx, miny, maxx, maxy = geom.bounds
    if not all(math.isfinite(v) for v in (minx, miny, maxx, maxy)):
        raise ValidationError(_("Coordonnées non numériques."), code="bad_coordinates")
    if minx < -180 or maxx > 180 or miny < -90 or maxy > 90:
        raise ValidationError(
            _(
                "Coordonnées hors de la plage longitude/latitude : le fichier n'est probablement "
                "pas en WGS84."
            ),
            code="bad_crs",
        )
    if not geom.is_valid:
        raise ValidationError(
            _("Géométrie invalide : %(reason)s."),
            code="invalid",
            params={"reason": validity_reason(geom)},
        )
    return geom


def validity_reason(geom: BaseGeometry) -> str:
    """Why GEOS finds a shape invalid, in French, with where (e.g. "le contour se recoupe
    (près de longitude 2,35500, latitude 48,85500)"). GEOS says "Self-intersection[2.355 48.855]".
    """
    from django.utils.formats import number_format

    text = explain_validity(geom)
    match = re.match(r"^(?P<reason>[^\[]+?)\s*(?:\[(?P<x>\S+) (?P<y>\S+)\])?$", text)
    reason = match.group("reason").strip().lower() if match else text
    reasons = {
        "self-intersection": _("le contour se recoupe"),
        "ring self-intersection": _("un anneau se recoupe"),
        "too few points in geometry component": _("trop peu de points pour former une surface"),
        "hole lies outside shell": _("un trou sort du contour extérieur"),
        "interior is disconnected": _("l'intérieur est coupé en plusieurs morceaux"),
        "nested shells": _("des polygones sont imbriqués"),
        "nested holes": _("des trous sont imbriqués"),
        "duplicate rings": _("un anneau est répété"),
        "invalid coordinate": _("une coordonnée n'est pas un nombre"),
        "ring is not closed": _("un anneau n'est pas fermé"),
    }
    label = str(reasons.get(reason, text))
    if match and match.group("x"):
        try:
            x, y = float(match.group("x")), float(match.group("y"))
        except ValueError:
            return label
        return _("%(reason)s (près de longitude %(x)s, latitude %(y)s)") % {
            "reason": label,
            "x": number_format(x, 5),
            "y": number_format(y, 5),
        }
    return label


def validate_area(geometry: Any) -> dict:
    """A valid Polygon/MultiPolygon, returned as a clean GeoJSON geometry dict."""
    return mapping_of(rfc7946(to_shape(geometry, allowed=AREA_TYPES)))


def rfc7946(geom: BaseGeometry) -> BaseGeometry:
    """The shape as RFC 7946 wants it stored and exported: 2D, and polygons following the
    right-hand rule (exterior rings counterclockwise, holes clockwise). Older files and
    Leaflet.draw give either winding; RFC 7946 parsers accept both, but our exports must not."""
    from shapely import force_2d, orient_polygons

    if geom.has_z:
        geom = force_2d(geom)
    if geom.geom_type in AREA_TYPES:
        geom = orient_polygons(geom, exterior_cw=False)
    return geom


def mapping_of(geom: BaseGeometry) -> dict:
    """A shapely shape as a plain JSON-serialisable GeoJSON dict (lists, not tuples)."""
    return json.loads(json.dumps(mapping(geom)))


def bounds(geometry: dict | None) -> tuple[float, float, float, float] | None:
    """(min lon, min lat, max lon, max lat) of a geometry, or None."""
    if not geometry:
        return None
    return shape(geometry).bounds


def centroid(geometry: dict | None) -> tuple[float, float] | None:
    """(lon, lat) of a geometry's centre, or None."""
    if not geometry:
        return None
    point = shape(geometry).centroid
    return (point.x, point.y)


def is_within(geometry: dict, area: dict, *, tolerance_m: float = 0.0) -> bool:
    """True when ``geometry`` lies within ``area``, allowing ``tolerance_m`` metres outside."""
    zone = shape(area)
    if not tolerance_m:
        return zone.covers(shape(geometry))
    lat0 = zone.centroid.y
    near = _to_local_metres(zone, lat0).buffer(tolerance_m)
    return near.covers(_to_local_metres(shape(geometry), lat0))


def area_m2(geometry: dict) -> float:
    """Approximate area in square metres (equirectangular projection at the shape's latitude)."""
    geom = shape(geometry)
    lat = math.radians(geom.centroid.y)
    return geom.area * METRES_PER_DEGREE * METRES_PER_DEGREE * math.cos(lat)


def feature_collection(features: list[dict]) -> dict:
    return {"type": "FeatureCollection", "features": features}


def property_names(features: list[Feature]) -> list[str]:
    """Every property name found in the features, in order of first appearance."""
    names: dict[str, None] = {}
    for feature in features:
        for key in feature.properties:
            names.setdefault(str(key), None)
    return list(names)


def area_label(geometry: dict) -> str:
    """A human area for previews: "3,2 ha" or "850 m²" (French decimal comma)."""
    m2 = area_m2(geometry)
    if m2 >= 10_000:
        return f"{m2 / 10_000:.1f} ha".replace(".", ",")
    return f"{round(m2)} m²"


# --- Map notes (cartographie): size limits, placeholder detection, near-perimeter checks -------

# Residents tap roughly: a note may lie a little outside the perimeter (the street around it).
NOTE_TOLERANCE_M = 150.0
NOTE_MAX_LENGTH_M = 3_000.0
NOTE_MAX_AREA_M2 = 500_000.0  # 50 ha
NOTE_MAX_VERTICES = 1_000
NOTE_TYPES = {"Point", "LineString", "Polygon", "MultiPoint", "MultiLineString", "MultiPolygon"}


def _format_m(metres: float) -> str:
    from django.utils.formats import number_format

    if metres >= 1000:
        return _("%(n)s km") % {"n": number_format(metres / 1000, 1)}
    return _("%(n)s m") % {"n": number_format(round(metres), 0)}


def _format_area(m2: float) -> str:
    from django.utils.formats import number_format

    return _("%(n)s ha") % {"n": number_format(m2 / 10_000, 1)}


def is_placeholder(geometry: Any) -> bool:
    """Coordinates that geocoders write when they fail: (0, 0) or a pole (latitude ±90)."""
    for lon, lat in iter_positions(geometry):
        if (abs(lon) < 1e-9 and abs(lat) < 1e-9) or abs(lat) >= 89.999:
            return True
    return False


def iter_positions(geometry: Any):
    """Every (lon, lat) position of a GeoJSON geometry, without validating it."""

    def walk(coords):
        if (
            isinstance(coords, (list, tuple))
            and len(coords) >= 2
            and all(isinstance(c, (int, float)) and not isinstance(c, bool) for c in coords[:2])
        ):
            yield float(coords[0]), float(coords[1])
        elif isinstance(coords, (list, tuple)):
            for item in coords:
                yield from walk(item)

    if isinstance(geometry, dict):
        yield from walk(geometry.get("coordinates"))


def _to_local_metres(geom: BaseGeometry, lat0: float) -> BaseGeometry:
    """The shape in metres on a plane tangent at latitude ``lat0`` (equirectangular): distances
    and buffers of a few hundred metres are then right in every direction, east–west included."""
    from shapely.affinity import scale

    kx = METRES_PER_DEGREE * math.cos(math.radians(lat0))
    return scale(geom, xfact=kx, yfact=METRES_PER_DEGREE, origin=(0, 0))


def length_m(geom: BaseGeometry) -> float:
    lat = math.radians(geom.centroid.y)
    scale = METRES_PER_DEGREE * math.sqrt((1 + math.cos(lat) ** 2) / 2)
    return geom.length * scale


def validate_note(geometry: Any, *, perimetre: dict | None, nom_zone: str = "") -> dict:
    """A map note's geometry, checked (see ``NoteChecker``); the cleaned GeoJSON geometry or a
    ValidationError with a French message."""
    return NoteChecker(perimetre, nom_zone=nom_zone).check(geometry)


class NoteChecker:
    """Checks map-note geometries against one neighbourhood: readable, valid, not a placeholder,
    not too big, within ``NOTE_TOLERANCE_M`` of the perimeter. Prepares the perimeter once so an
    import of thousands of features stays fast."""

    def __init__(self, perimetre: dict | None, *, nom_zone: str = ""):
        from shapely.prepared import prep

        self.nom_zone = nom_zone
        self.zone = None
        if perimetre:
            zone = shape(perimetre)
            self.lat0 = zone.centroid.y
            self.zone = _to_local_metres(zone, self.lat0)
            self.near = prep(self.zone.buffer(NOTE_TOLERANCE_M))

    def check(self, geometry: Any) -> dict:
        if isinstance(geometry, str):
            try:
                geometry = json.loads(geometry)
            except ValueError:
                raise ValidationError(
                    _("Géométrie illisible (JSON invalide)."), code="bad_json"
                ) from None
        if isinstance(geometry, dict) and is_placeholder(geometry):
            raise ValidationError(
                _(
                    "Coordonnées fictives (0, 0 ou pôle) : la localisation de ce point a "
                    "probablement échoué."
                ),
                code="placeholder",
            )
        geom = to_shape(geometry, allowed=NOTE_TYPES)
        vertices = sum(1 for _position in iter_positions(geometry))
        if vertices > NOTE_MAX_VERTICES:
            raise ValidationError(
                _("Tracé trop détaillé : %(n)s sommets (maximum %(max)s)."),
                code="too_many_vertices",
                params={"n": vertices, "max": NOTE_MAX_VERTICES},
            )
        if geom.geom_type in AREA_TYPES:
            area = area_m2(geometry)
            if area > NOTE_MAX_AREA_M2:
                raise ValidationError(
                    _("Zone trop grande : %(area)s (maximum %(max)s)."),
                    code="too_big",
                    params={"area": _format_area(area), "max": _format_area(NOTE_MAX_AREA_M2)},
                )
        elif geom.geom_type in {"LineString", "MultiLineString"}:
            length = length_m(geom)
            if length > NOTE_MAX_LENGTH_M:
                raise ValidationError(
                    _("Ligne trop longue : %(length)s (maximum %(max)s)."),
                    code="too_big",
                    params={"length": _format_m(length), "max": _format_m(NOTE_MAX_LENGTH_M)},
                )
        if self.zone is not None and not self.near.covers(_to_local_metres(geom, self.lat0)):
            from shapely.geometry import Point

            distance = max(
                self.zone.distance(_to_local_metres(Point(lon, lat), self.lat0))
                for lon, lat in iter_positions(geometry)
            )
            raise ValidationError(
                _(
                    "Hors du quartier%(zone)s : à %(distance)s du périmètre "
                    "(tolérance %(tolerance)s)."
                ),
                code="outside",
                params={
                    "zone": f" « {self.nom_zone} »" if self.nom_zone else "",
                    "distance": _format_m(distance),
                    "tolerance": _format_m(NOTE_TOLERANCE_M),
                },
            )
        return mapping_of(rfc7946(geom))


class ZoneIndex:
    """Finds which zone (e.g. îlot) holds a geometry's representative point; zones prepared once
    so that locating thousands of notes stays cheap."""

    def __init__(self, zones: dict[Any, dict | None]):
        from shapely.prepared import prep

        self._zones = []
        for key, geometry in zones.items():
            if not geometry:
                continue
            try:
                self._zones.append((key, prep(shape(geometry))))
            except (ValueError, TypeError, AttributeError):
                continue

    def locate(self, geometry: dict) -> Any:
        point = shape(geometry).representative_point()
        for key, zone in self._zones:
            if zone.covers(point):
                return key
        return None


def representative_point(geometry: dict) -> tuple[float, float]:
    """(lon, lat) of a point guaranteed to lie on the geometry (for CSV and density counts)."""
    point = shape(geometry).representative_point()
    return (point.x, point.y)


def hexagon_counts(
    points: list[tuple[float, float]], *, size_m: float = 60.0, max_cells: int = 5_000
) -> list[dict]:
    """Counts of points per hexagon (pointy-top, ``size_m`` from centre to corner), as GeoJSON
    Features with a ``count`` property. Binning is O(n) in plain arithmetic; only non-empty
    cells are returned."""
    if not points:
        return []
    lat0 = sum(lat for _lon, lat in points) / len(points)
    kx = METRES_PER_DEGREE * math.cos(math.radians(lat0))
    ky = METRES_PER_DEGREE
    sqrt3 = math.sqrt(3)
    counts: dict[tuple[int, int], int] = {}
    for lon, lat in points:
        x, y = lon * kx, lat * ky
        q = (sqrt3 / 3 * x - y / 3) / size_m
        r = (2 / 3 * y) / size_m
        # Cube rounding to the nearest hexagon.
        cx, cz = q, r
        cy = -cx - cz
        rx, ry, rz = round(cx), round(cy), round(cz)
        dx, dy, dz = abs(rx - cx), abs(ry - cy), abs(rz - cz)
        if dx > dy and dx > dz:
            rx = -ry - rz
        elif dy <= dz:
            rz = -rx - ry
        counts[(rx, rz)] = counts.get((rx, rz), 0) + 1
    features = []
    for (q, r), count in sorted(counts.items(), key=lambda item: -item[1])[:max_cells]:
        cx = size_m * sqrt3 * (q + r / 2)
        cy = size_m * 1.5 * r
        ring = []
        for i in range(7):
            angle = math.radians(60 * (i % 6) - 30)
            ring.append(
                [
                    round((cx + size_m * math.cos(angle)) / kx, 6),
                    round((cy + size_m * math.sin(angle)) / ky, 6),
                ]
            )
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Polygon", "coordinates": [ring]},
                "properties": {"count": count},
            }
        )
    return features


def random_points_within(area: dict, count: int, rng) -> list[tuple[float, float]]:
    """``count`` random (lon, lat) points inside an area (benchmark and demo data)."""
    from shapely.geometry import Point
    from shapely.prepared import prep

    zone = shape(area)
    prepared = prep(zone)
    minx, miny, maxx, maxy = zone.bounds
    points: list[tuple[float, float]] = []
    attempts = 0
    while len(points) < count and attempts < count * 50:
        attempts += 1
        lon, lat = round(rng.uniform(minx, maxx), 6), round(rng.uniform(miny, maxy), 6)
        if prepared.contains(Point(lon, lat)):
            points.append((lon, lat))
    return points
