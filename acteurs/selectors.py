"""Reads and aggregations on the contact base."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import (
    Count,
    DateField,
    Exists,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Cast, Coalesce, Greatest
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ateliers.models import Atelier
from comptes.forms import object_type_label
from comptes.models import AuditEntry

from .models import Acteur, Contact, Famille, Relation, RoleProgramme, TypeRelation


@dataclass
class DirectoryFilters:
    q: str = ""
    type_acteur: str = ""
    nature: str = ""
    quartier: int | None = None
    role_programme: str = ""
    famille: str = ""
    stade_diffusion: str = ""
    relais: bool = False
    sans_consentement: bool = False
    contacts_min: int | None = None
    du: datetime.date | None = None
    au: datetime.date | None = None


def annuaire(user, filters: DirectoryFilters) -> QuerySet[Acteur]:
    """The directory as ``user`` may see it, filtered; one query per page whatever the rows."""
    qs = Acteur.objects.visible_to(user)
    if filters.q:
        for word in filters.q.split():
            qs = qs.filter(
                Q(nom__icontains=word)
                | Q(prenom__icontains=word)
                | Q(email__icontains=word)
                | Q(structure__nom__icontains=word)
                | Q(fonction__icontains=word)
            )
    for name in ("type_acteur", "nature", "role_programme", "famille", "stade_diffusion"):
        value = getattr(filters, name)
        if value:
            qs = qs.filter(**{name: value})
    if filters.quartier:
        qs = qs.filter(quartiers=filters.quartier)
    if filters.relais:
        qs = qs.filter(est_relais=True)
    if filters.sans_consentement:
        qs = qs.filter(nature="personne", consentement_date__isnull=True, anonymise_le__isnull=True)
    # Correlated subqueries rather than a join + GROUP BY: the database computes them only for
    # the rows of the page (unless they filter), which keeps a 20 000-actor base fast.
    contacts = Contact.objects.filter(acteur=OuterRef("pk"))
    if filters.du:
        contacts = contacts.filter(date__gte=filters.du)
    if filters.au:
        contacts = contacts.filter(date__lte=filters.au)
    qs = qs.annotate(
        nombre_contacts=Coalesce(
            Subquery(
                contacts.order_by().values("acteur").annotate(n=Count("pk")).values("n"),
                output_field=IntegerField(),
            ),
            0,
        ),
        dernier_contact=Subquery(
            Contact.objects.filter(acteur=OuterRef("pk")).order_by("-date").values("date")[:1]
        ),
    )
    if filters.contacts_min:
        qs = qs.filter(nombre_contacts__gte=filters.contacts_min)
    elif filters.du or filters.au:
        qs = qs.filter(nombre_contacts__gte=1)
    return (
        qs.select_related("structure").prefetch_related("quartiers").order_by("nom", "prenom", "pk")
    )


def contacts_par_acteur(quartier, debut, fin) -> QuerySet:
    """Actors of ``quartier`` with their number of contacts in [debut, fin]."""
    period = Q()
    if debut:
        period &= Q(contacts__date__gte=debut)
    if fin:
        period &= Q(contacts__date__lte=fin)
    return (
        Acteur.objects.filter(quartiers=quartier)
        .annotate(n=Count("contacts", filter=period or None, distinct=True))
        .filter(n__gte=1)
    )


def acteurs_atteints(quartier, debut=None, fin=None) -> dict[str, int]:
    """Actors of a neighbourhood reached at least once, more than once, more than ten times.

    Anonymised persons still count (their contacts are kept anonymously).
    """
    rows = contacts_par_acteur(quartier, debut, fin).aggregate(
        au_moins_une_fois=Count("pk"),
        plus_d_une_fois=Count("pk", filter=Q(n__gt=1)),
        plus_de_dix_fois=Count("pk", filter=Q(n__gt=10)),
    )
    return {key: value or 0 for key, value in rows.items()}


def personnes_relais(quartier, fin=None, stade: str = "") -> QuerySet[Acteur]:
    qs = Acteur.objects.filter(quartiers=quartier, est_relais=True)
    if fin:
        qs = qs.filter(cree_le__date__lte=fin)
    if stade:
        qs = qs.filter(stade_diffusion=stade)
    return qs


def acteur_page(acteur: Acteur, user) -> dict:
    """What the detail page shows to ``user``, in a fixed number of queries. A contact that an
    activity's attendance created carries its activity, with ``atelier_visible`` telling whether
    ``user`` may open that activity's page (its neighbourhood's reading rules)."""
    relations_sortantes = acteur.relations_sortantes.select_related("cible").order_by(
        "type_relation", "cible__nom"
    )
    relations_entrantes = acteur.relations_entrantes.select_related("source").order_by(
        "type_relation", "source__nom"
    )
    contacts = (
        acteur.contacts.select_related("par", "atelier")
        .annotate(
            atelier_visible=Exists(Atelier.objects.visible_to(user).filter(pk=OuterRef("atelier")))
        )
        .order_by("-date", "-id")
    )
    return {
        "quartiers": list(acteur.quartiers.all()),
        "personnes": list(acteur.personnes.all()) if not acteur.est_personne else [],
        "relations_sortantes": list(relations_sortantes),
        "relations_entrantes": list(relations_entrantes),
        "contacts": list(contacts[:200]),
        "nombre_contacts": contacts.count(),
    }


def acteur_donnees_personnelles(acteur: Acteur) -> dict:
    """Everything held on one actor: fields, relations, contacts and audit entries."""
    fields = {}
    for field in Acteur._meta.concrete_fields:
        if field.name in ("organisation", "cree_par"):
            continue
        value = getattr(acteur, field.attname)
        if field.name == "structure":
            value = str(acteur.structure) if acteur.structure_id else None
        valeur = _display(acteur, field, value)
        fields[field.name] = {
            "libelle": str(field.verbose_name),
            "valeur": valeur,
            "affichage": _readable(value if not field.choices else valeur),
        }
    contact_ids = list(acteur.contacts.values_list("pk", flat=True))
    relation_ids = list(
        Relation.objects.filter(Q(source=acteur) | Q(cible=acteur)).values_list("pk", flat=True)
    )
    audit = AuditEntry.objects.filter(
        Q(object_type="acteurs.acteur", object_id=str(acteur.pk))
        | Q(object_type="acteurs.contact", object_id__in=[str(pk) for pk in contact_ids])
        | Q(object_type="acteurs.relation", object_id__in=[str(pk) for pk in relation_ids])
    ).select_related("user")
    return {
        "acteur": {"id": acteur.pk, "nom": str(acteur)},
        "organisation": acteur.organisation.nom,
        "genere_le": timezone.now().isoformat(),
        "champs": fields,
        "quartiers": sorted(acteur.quartiers.values_list("nom", flat=True)),
        "relations_sortantes": [
            {"type": r.get_type_relation_display(), "vers": str(r.cible), "note": r.note}
            for r in acteur.relations_sortantes.select_related("cible")
        ],
        "relations_entrantes": [
            {"type": r.get_type_relation_display(), "de": str(r.source), "note": r.note}
            for r in acteur.relations_entrantes.select_related("source")
        ],
        "contacts": [
            {
                "date": c.date.isoformat(),
                "date_affichage": date_format(c.date, "SHORT_DATE_FORMAT"),
                "canal": c.get_canal_display(),
                "par": str(c.par) if c.par else "",
                "note": c.note,
                "origine": c.source_key,
            }
            for c in acteur.contacts.select_related("par")
        ],
        "journal": [
            {
                "date": e.created_at.isoformat(),
                "date_affichage": date_format(
                    timezone.localtime(e.created_at), "SHORT_DATETIME_FORMAT"
                ),
                "action": e.get_action_display(),
                "objet": e.object_type,
                "objet_libelle": object_type_label(e.object_type),
                "par": str(e.user) if e.user else "",
                "changements": e.changes,
            }
            for e in audit
        ],
    }


def _readable(value) -> str:
    """A field's value as the person reads it on the page ("Oui", "05/02/2026"…)."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return str(_("Oui") if value else _("Non"))
    if isinstance(value, datetime.datetime):
        return date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return date_format(value, "SHORT_DATE_FORMAT")
    return str(value)


def _display(acteur, field, value):
    if value is None or value == "":
        return value
    if field.choices:
        return str(getattr(acteur, f"get_{field.name}_display")())
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return value


def personnes_a_anonymiser(now=None, jours: int | None = None) -> QuerySet[Acteur]:
    """Persons without consent whose last contact (or creation) is older than the retention."""
    now = now or timezone.now()
    jours = settings.ACTEURS_RETENTION_SANS_CONSENTEMENT_JOURS if jours is None else jours
    limite = (now - datetime.timedelta(days=jours)).date()
    return (
        Acteur.objects.sans_consentement()
        .annotate(
            derniere_activite=Greatest(
                Coalesce(Max("contacts__date"), Cast("cree_le", DateField())),
                Cast("cree_le", DateField()),
            )
        )
        .filter(derniere_activite__lt=limite)
        .order_by("pk")
    )


# --- Actor map ---------------------------------------------------------------------------------

MAP_ROLES: list[tuple[str, Any]] = [  # lazy labels, translated when drawn
    (RoleProgramme.SUPERVISEUR, RoleProgramme.SUPERVISEUR.label),
    (RoleProgramme.PARTENAIRE, RoleProgramme.PARTENAIRE.label),
    (RoleProgramme.BENEFICIAIRE_PROFESSIONNEL, RoleProgramme.BENEFICIAIRE_PROFESSIONNEL.label),
    (RoleProgramme.BENEFICIAIRE_PARTICULIER, RoleProgramme.BENEFICIAIRE_PARTICULIER.label),
    ("", None),
]
# Each relation type: a colour AND a dash pattern, so the legend does not rely on colour alone.
RELATION_STYLES: dict[str, tuple[str, str]] = {
    TypeRelation.RELAIS_INFOS: ("#1d6b3a", ""),
    TypeRelation.ORGANISATION_VISITE: ("#8a3ffc", "8 4"),
    TypeRelation.FINANCEMENT: ("#a4161a", "2 4"),
    TypeRelation.PARTENARIAT: ("#0b5cad", "12 4 2 4"),
    TypeRelation.MEMBRE: ("#4d5550", "4 2"),
    TypeRelation.PRESTATION: ("#7a4b00", "10 3 3 3 3 3"),
    TypeRelation.MOBILISATION: ("#b8336a", "1 3"),
    TypeRelation.AUTRE: ("#333333", "6 6"),
}
MAP_LIMIT = 150
COL_W, COL_GAP, BOX_W, BOX_H, BOX_GAP = 170, 30, 154, 54, 12
HEAD_H, BAND_LABEL_H, MARGIN = 56, 26, 20
TARGET_W = 1120
# Height / width of the printed map: an A4 landscape page (277 × 190 mm inside the margins)
# less the title and legend above it.
PRINT_RATIO = 0.58


def carte_acteurs(quartier) -> dict:
    """The actor map of ``quartier``: families as columns, roles as bands, relations as arrows.

    Two layouts of the same content: one for the screen (one actor per row in each cell, the
    page's width) and one for an A4 landscape page (crowded cells spread over several columns
    so that the map is wide rather than tall, and its text stays legible once printed). Plus
    the same content as lists for the text alternative.
    """
    acteurs_qs = (
        Acteur.objects.filter(quartiers=quartier)
        .order_by("famille", "role_programme", "nom", "prenom")
        .only("pk", "nom", "prenom", "nature", "famille", "role_programme", "est_relais",
              "type_acteur", "anonymise_le")
    )  # fmt: skip
    acteurs = list(acteurs_qs[: MAP_LIMIT + 1])
    tronque = len(acteurs) > MAP_LIMIT
    acteurs = acteurs[:MAP_LIMIT]
    ids = {a.pk for a in acteurs}
    relations = list(
        Relation.objects.filter(source_id__in=ids, cible_id__in=ids)
        .select_related("source", "cible")
        .order_by("type_relation", "source__nom", "cible__nom")
    )
    familles: list[tuple[str, str]] = [(value, str(label)) for value, label in Famille.choices]
    if any(not a.famille for a in acteurs):
        familles.append(("", str(_("Sans famille"))))
    used_familles = [(v, lab) for v, lab in familles if any(a.famille == v for a in acteurs)]
    used_roles = [(v, lab) for v, lab in MAP_ROLES if any(a.role_programme == v for a in acteurs)]
    cells: dict[tuple[str, str], list[Acteur]] = {}
    for a in acteurs:
        cells.setdefault((a.famille, a.role_programme), []).append(a)

    ecran = _layout(used_familles, used_roles, cells, relations, ratio=None)
    used_types = {r.type_relation for r in relations}
    legend = [
        {
            "type": value,
            "label": label,
            "colour": RELATION_STYLES[value][0],
            "dash": RELATION_STYLES[value][1],
        }
        for value, label in TypeRelation.choices
        if value in used_types
    ]
    return {
        **ecran,
        "impression": _layout(used_familles, used_roles, cells, relations, ratio=PRINT_RATIO),
        "acteurs": acteurs,
        "tronque": tronque,
        "limite": MAP_LIMIT,
        "relations": relations,
        "legend": legend,
        "groupes": [
            {
                "famille": c["label"],
                "roles": [
                    {"role": b["label"], "acteurs": cells.get((c["value"], b["value"]), [])}
                    for b in ecran["bands"]
                    if cells.get((c["value"], b["value"]))
                ],
            }
            for c in ecran["columns"]
        ],
    }


def _layout(familles, roles, cells, relations, *, ratio: float | None) -> dict:
    """Positions of columns, bands, boxes and arrows. Each family column holds ``per_row``
    boxes side by side: 1 on screen; with ``ratio``, as many as it takes for the map's height /
    width to be at most ``ratio`` (crowded cells spread sideways)."""
    n_cols = max(len(familles), 1)
    # Few families: wider boxes, so that the map fills the page and names fit.
    col_w = int(max(COL_W, min(240, (TARGET_W - 2 * MARGIN + COL_GAP) / n_cols - COL_GAP)))
    box_w = col_w - (COL_W - BOX_W)
    per_row = {value: 1 for value, _label in familles}

    def size(per_row) -> tuple[int, int]:
        width = (
            MARGIN * 2
            - COL_GAP
            + sum(col_w + (k - 1) * (box_w + BOX_GAP) + COL_GAP for k in per_row.values())
        )
        height = HEAD_H + MARGIN * 2
        for role, _label in roles:
            depth = max(-(-len(cells.get((f, role), [])) // per_row[f]) for f in per_row)
            height += BAND_LABEL_H + depth * (BOX_H + BOX_GAP) + BOX_GAP + 8
        return width, height

    if ratio is not None:
        # At most ``rows`` boxes stacked in any cell: crowded families get the columns they
        # need for that. The tallest layout that fits the page's shape wins.
        largest = {f: max(len(cells.get((f, r), [])) for r, _l in roles) for f in per_row}
        for rows in range(max(largest.values(), default=1), 0, -1):
            per_row = {f: max(1, -(-n // rows)) for f, n in largest.items()}
            width, height = size(per_row)
            if height <= ratio * width:
                break

    chars = int(box_w / 7.4)
    columns: list[dict] = []
    x = MARGIN
    for value, label in familles:
        w = col_w + (per_row[value] - 1) * (box_w + BOX_GAP)
        columns.append(
            {
                "value": value,
                "label": label or _("Sans famille"),
                "lines": _wrap(str(label or _("Sans famille")), int(w / 8.2)),
                "x": x,
                "w": w,
                "cx": x + w / 2,
                "per_row": per_row[value],
            }
        )
        x += w + COL_GAP
    width, height = size(per_row)
    bands: list[dict] = []
    nodes: dict[int, dict] = {}
    y = HEAD_H + MARGIN
    role_label: str | None
    for value, role_label in roles:
        depth = max(-(-len(cells.get((c["value"], value), [])) // c["per_row"]) for c in columns)
        band_h = BAND_LABEL_H + depth * (BOX_H + BOX_GAP) + BOX_GAP
        bands.append(
            {"value": value, "label": role_label or _("Sans rôle"), "y": y, "height": band_h}
        )
        for column in columns:
            k = column["per_row"]
            inner = k * box_w + (k - 1) * BOX_GAP
            left = column["x"] + (column["w"] - inner) / 2
            for i, a in enumerate(cells.get((column["value"], value), [])):
                nodes[a.pk] = {
                    "acteur": a,
                    "x": left + (i % k) * (box_w + BOX_GAP),
                    "y": y + BAND_LABEL_H + (i // k) * (BOX_H + BOX_GAP),
                    "w": box_w,
                    "h": BOX_H,
                    "lines": _wrap(a.nom_complet, chars),
                    "label2": _short(a.get_type_acteur_display(), int(chars * 1.15)),
                }
        y += band_h + 8

    edges = []
    for r in relations:
        start, end = nodes[r.source_id], nodes[r.cible_id]
        x1, y1 = _anchor(start, end)
        x2, y2 = _anchor(end, start)
        colour, dash = RELATION_STYLES.get(r.type_relation, RELATION_STYLES[TypeRelation.AUTRE])
        # A slight curve, bending to the right of the direction of travel, so that A→B and B→A
        # (and lines running along a column) stay distinct.
        mx, my = (x1 + x2) / 2, (y1 + y2) / 2
        length = max(((x2 - x1) ** 2 + (y2 - y1) ** 2) ** 0.5, 1)
        bend = min(40, 12 + length / 10)
        cx, cy = mx - (y2 - y1) / length * bend, my + (x2 - x1) / length * bend
        edges.append(
            {
                "relation": r,
                "d": f"M{x1},{y1} Q{cx:.1f},{cy:.1f} {x2},{y2}",
                "colour": colour,
                "dash": dash,
                "type": r.type_relation,
            }
        )
    return {
        "columns": columns,
        "bands": bands,
        "nodes": list(nodes.values()),
        "edges": edges,
        "width": width,
        "height": height,
    }


def _wrap(text: str, size: int) -> list[dict]:
    """At most two lines of about ``size`` characters, cut between words, the rest elided."""
    words, lines, current = text.split(), [], ""
    for word in words:
        if current and len(current) + 1 + len(word) > size:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    lines.append(current)
    if len(lines) > 2:
        lines = [lines[0], " ".join(lines[1:])]
    lines = [_short(line, size) for line in lines]
    return [{"text": line, "dy": i * 14} for i, line in enumerate(lines)]


def _short(text: str, size: int) -> str:
    return text if len(text) <= size else text[: size - 1] + "…"


def _anchor(a: dict, b: dict) -> tuple[float, float]:
    """Where a line from box ``a`` towards box ``b`` leaves ``a``'s border."""
    ax, ay = a["x"] + a["w"] / 2, a["y"] + a["h"] / 2
    bx, by = b["x"] + b["w"] / 2, b["y"] + b["h"] / 2
    dx, dy = bx - ax, by - ay
    if dx == 0 and dy == 0:
        return ax, ay
    # Scale the direction so that it touches the nearest side of the rectangle.
    sx = (a["w"] / 2) / abs(dx) if dx else float("inf")
    sy = (a["h"] / 2) / abs(dy) if dy else float("inf")
    s = min(sx, sy)
    return round(ax + dx * s, 1), round(ay + dy * s, 1)


def panneau_accueil(user) -> dict | None:
    """The home-page panel of the contact base (staff only): totals and the latest contacts."""
    if not user.is_authenticated or not user.reads_whole_organisation:
        return None
    totals = Acteur.objects.visible_to(user).aggregate(
        total=Count("pk"),
        relais=Count("pk", filter=Q(est_relais=True)),
        sans_consentement=Count(
            "pk",
            filter=Q(nature="personne", consentement_date__isnull=True, anonymise_le__isnull=True),
        ),
    )
    return {
        "template": "acteurs/includes/home_panel.html",
        "context": {"totals": totals, "contacts": list(contacts_recents(user, limit=5))},
    }


def contacts_recents(user, limit: int = 10) -> QuerySet[Contact]:
    return (
        Contact.objects.filter(acteur__in=Acteur.objects.visible_to(user))
        .select_related("acteur", "par")
        .order_by("-date", "-id")[:limit]
    )
