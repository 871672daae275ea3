"""Static SVG rendering of map notes: no tiles, no browser. Used by the printable session view
and by the indicators' PDF fact sheets (WeasyPrint renders SVG)."""

from __future__ import annotations

import math
from collections import Counter

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from ecogestion import geometry

from .models import Annotation, Categorie, Statut

# Wide enough for the longest category of the seeded list with its count
# ("➜ Mobilité (obstacle ou besoin) (12)" at 12 px), which was clipped at 230.
LEGEND_WIDTH = 290
MARGIN = 16
# Characters per legend line at 12 px DejaVu Sans in LEGEND_WIDTH (longer labels wrap).
LEGEND_CHARS = 28
LINE_HEIGHT = 15


def _legend_text(x: float, y: float, text: str, *, attrs: str = "") -> tuple[str, int]:
    """A <text> wrapped on several lines (<tspan>) so it never runs out of the picture; returns
    the markup and the number of lines."""
    import textwrap

    lines = textwrap.wrap(text, LEGEND_CHARS) or [""]
    spans = "".join(
        f'<tspan x="{x}" dy="{0 if i == 0 else LINE_HEIGHT}">{escape(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    return f'<text x="{x}" y="{y}"{attrs}>{spans}</text>', len(lines)


class _Projection:
    """Equirectangular projection fitted to a bounding box (fine at neighbourhood scale)."""

    def __init__(self, bbox, width, height):
        minx, miny, maxx, maxy = bbox
        self.kx = math.cos(math.radians((miny + maxy) / 2))
        span_x = max((maxx - minx) * self.kx, 1e-6)
        span_y = max(maxy - miny, 1e-6)
        self.scale = min((width - 2 * MARGIN) / span_x, (height - 2 * MARGIN) / span_y)
        self.ox = MARGIN + ((width - 2 * MARGIN) - span_x * self.scale) / 2
        self.oy = MARGIN + ((height - 2 * MARGIN) - span_y * self.scale) / 2
        self.minx, self.maxy = minx, maxy

    def __call__(self, lon, lat):
        x = self.ox + (lon - self.minx) * self.kx * self.scale
        y = self.oy + (self.maxy - lat) * self.scale
        return f"{x:.1f},{y:.1f}"


def _rings_path(project, rings) -> str:
    return " ".join(
        "M" + " L".join(project(lon, lat) for lon, lat in ring) + " Z" for ring in rings
    )


def _line_path(project, line) -> str:
    return "M" + " L".join(project(lon, lat) for lon, lat in line)


def _shape_svg(project, geom: dict, *, style: str, radius: float = 5) -> list[str]:
    kind, coords = geom.get("type"), geom.get("coordinates")
    out = []
    if kind == "Point":
        x, y = project(*coords[:2]).split(",")
        out.append(f'<circle cx="{x}" cy="{y}" r="{radius}" {style}/>')
    elif kind == "MultiPoint":
        for point in coords:
            out += _shape_svg(
                project, {"type": "Point", "coordinates": point}, style=style, radius=radius
            )
    elif kind == "LineString":
        out.append(f'<path d="{_line_path(project, coords)}" fill="none" {style}/>')
    elif kind == "MultiLineString":
        out += [f'<path d="{_line_path(project, line)}" fill="none" {style}/>' for line in coords]
    elif kind == "Polygon":
        out.append(f'<path d="{_rings_path(project, coords)}" fill-rule="evenodd" {style}/>')
    elif kind == "MultiPolygon":
        out += [
            f'<path d="{_rings_path(project, poly)}" fill-rule="evenodd" {style}/>'
            for poly in coords
        ]
    return out


def notes_svg(*, quartier, cartes=None, width: int = 800, height: int = 600) -> SafeString:
    """An SVG document: the neighbourhood perimeter, its îlots and the published notes of
    ``cartes`` (all published notes of the neighbourhood when None), coloured by category, with
    a legend. Every text is escaped, so the result is marked safe for templates."""
    if cartes is not None:
        cartes = list(cartes)
    notes = Annotation.objects.filter(carte__quartier=quartier, statut=Statut.PUBLIEE)
    if cartes is not None:
        notes = notes.filter(carte__in=cartes)
    rows = list(notes.order_by("pk").values_list("geometrie", "categorie_id", "ressenti"))
    categories = {c.pk: c for c in Categorie.objects.all()}
    ilots = [i.geometrie for i in quartier.ilots.all() if i.geometrie]

    map_width = max(width - LEGEND_WIDTH, 200)
    boxes = [geometry.bounds(quartier.perimetre)] if quartier.perimetre else []
    if not boxes:
        boxes = [geometry.bounds(g) for g, _c, _r in rows] + [geometry.bounds(g) for g in ilots]
    boxes = [b for b in boxes if b]
    title = escape(_("Carte sensible — %(quartier)s") % {"quartier": quartier.nom})
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-labelledby="svg-title" '
        f'font-family="DejaVu Sans, Arial, sans-serif" font-size="12">',
        f'<title id="svg-title">{title}</title>',
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>',
    ]
    if boxes:
        bbox = (
            min(b[0] for b in boxes),
            min(b[1] for b in boxes),
            max(b[2] for b in boxes),
            max(b[3] for b in boxes),
        )
        project = _Projection(bbox, map_width, height)
        if quartier.perimetre:
            parts += _shape_svg(
                project,
                quartier.perimetre,
                style='fill="#eef5f0" stroke="#134a28" stroke-width="2"',
            )
        for ilot in ilots:
            parts += _shape_svg(
                project,
                ilot,
                style='fill="none" stroke="#7a857f" stroke-width="1" stroke-dasharray="4 3"',
            )
        # Areas first, then lines, then points on top so nothing hides the small marks.
        order = {"Polygon": 0, "MultiPolygon": 0, "LineString": 1, "MultiLineString": 1}
        for geom, categorie_id, _ressenti in sorted(
            rows, key=lambda r: order.get(r[0].get("type"), 2)
        ):
            colour = (
                escape(categories[categorie_id].couleur)
                if categorie_id in categories
                else "#666666"
            )
            if geom.get("type") in ("Polygon", "MultiPolygon"):
                style = f'fill="{colour}" fill-opacity="0.3" stroke="{colour}" stroke-width="1.5"'
            elif geom.get("type") in ("LineString", "MultiLineString"):
                style = f'stroke="{colour}" stroke-width="3"'
            else:
                style = f'fill="{colour}" fill-opacity="0.85" stroke="#ffffff" stroke-width="1"'
            parts += _shape_svg(project, geom, style=style)
    else:
        parts.append(
            f'<text x="{MARGIN}" y="{height / 2:.0f}">'
            f"{escape(_('Aucun périmètre ni note à afficher.'))}</text>"
        )

    # Legend: the neighbourhood (and the session, when there is one), then the categories
    # present with their counts.
    counts = Counter(categorie_id for _g, categorie_id, _r in rows)
    x0 = map_width + 8
    y = MARGIN + 14
    markup, lines = _legend_text(x0, y, quartier.nom, attrs=' font-weight="bold" font-size="14"')
    parts.append(markup)
    y += LINE_HEIGHT * lines + 6
    if cartes is not None and len(cartes) == 1:
        markup, lines = _legend_text(x0, y, cartes[0].titre, attrs=' font-style="italic"')
        parts.append(markup)
        y += LINE_HEIGHT * lines + 4
    parts.append(
        f'<text x="{x0}" y="{y}">{escape(_("%(n)s note(s) publiée(s)") % {"n": len(rows)})}</text>'
    )
    y += 22
    for categorie in sorted(categories.values(), key=lambda c: (c.ordre, c.nom)):
        n = counts.get(categorie.pk)
        if not n:
            continue
        colour = escape(categorie.couleur)
        parts.append(f'<circle cx="{x0 + 7}" cy="{y - 4}" r="6" fill="{colour}"/>')
        markup, lines = _legend_text(x0 + 20, y, f"{categorie.icone} {categorie.nom} ({n})")
        parts.append(markup)
        y += LINE_HEIGHT * (lines - 1) + 20
    y += 10
    parts.append(
        f'<path d="M{x0},{y - 4} h18" stroke="#134a28" stroke-width="2"/>'
        f'<text x="{x0 + 24}" y="{y}">{escape(_("Périmètre du quartier"))}</text>'
    )
    if ilots:
        y += 20
        parts.append(
            f'<path d="M{x0},{y - 4} h18" stroke="#7a857f" stroke-dasharray="4 3"/>'
            f'<text x="{x0 + 24}" y="{y}">{escape(_("Îlots"))}</text>'
        )
    parts.append("</svg>")
    return mark_safe("\n".join(parts))  # noqa: S308 - every text in it is escaped above
