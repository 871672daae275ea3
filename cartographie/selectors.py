"""Reads of the sensitive maps: filtered notes, GeoJSON features, counts."""

from __future__ import annotations

import json

from django.db.models import Count, OuterRef, Q, Subquery, TextField
from django.db.models.functions import Cast
from django.utils.timezone import localtime

from ecogestion import geometry

from .models import Annotation, Carte, Categorie, Statut


def categories_actives():
    return Categorie.objects.filter(active=True)


def notes_du_quartier(quartier, *, cartes=None, statut=Statut.PUBLIEE):
    qs = Annotation.objects.filter(carte__quartier=quartier)
    if statut:
        qs = qs.filter(statut=statut)
    if cartes is not None:
        qs = qs.filter(carte__in=cartes)
    return qs


def avec_proposition(qs):
    """Annotate each note with ``proposition_pk``: the proposal it became, if any."""
    from ateliers.models import Proposition

    return qs.annotate(
        proposition_pk=Subquery(
            Proposition.objects.filter(note_carte=OuterRef("pk")).order_by("pk").values("pk")[:1]
        )
    )


def filtrer(qs, *, carte=None, categorie=None, ressenti=None, ilot=None, q=None):
    if carte:
        qs = qs.filter(carte=carte)
    if categorie:
        qs = qs.filter(categorie=categorie)
    if ressenti:
        qs = qs.filter(ressenti=ressenti)
    if ilot == "aucun":
        qs = qs.filter(ilot__isnull=True)
    elif ilot:
        qs = qs.filter(ilot=ilot)
    if q:
        qs = qs.filter(Q(commentaire__icontains=q) | Q(auteur__icontains=q))
    return qs


FEATURE_FIELDS = (
    "pk",
    "geometrie",
    "categorie__slug",
    "categorie__nom",
    "ressenti",
    "commentaire",
    "auteur",
    "carte_id",
    "carte__titre",
    "ilot__nom",
    "cree_le",
)


def iter_features(qs, *, full: bool = False):
    """GeoJSON Features of notes in one query (values, no model instances: 10 000 notes stay
    cheap). ``full`` adds readable names for exports; the map endpoint keeps it compact."""
    for row in qs.order_by("pk").values_list(*FEATURE_FIELDS).iterator(chunk_size=2000):
        pk, geom, slug, nom, ressenti, commentaire, auteur, carte_id, carte_titre, ilot, cree = row
        props = {
            "id": pk,
            "categorie": slug,
            "ressenti": ressenti,
            "commentaire": commentaire,
            "auteur": auteur,
            "carte": carte_id,
        }
        if full:
            props.update(
                {
                    "categorie_nom": nom,
                    "carte_titre": carte_titre,
                    "ilot": ilot or "",
                    "ajoutee_le": localtime(cree).isoformat(timespec="seconds"),
                }
            )
        yield {"type": "Feature", "id": pk, "geometry": geom, "properties": props}


def feature_collection_json(qs, *, auteurs: bool = True) -> str:
    """The map endpoint's body: a GeoJSON FeatureCollection of the notes, as a string.

    10 000 notes must stay fast: one query without joins (category codes come from a small
    dict), the stored geometry read as JSON text and spliced in as is (no decode/re-encode),
    and only the properties the map uses."""
    codes = dict(Categorie.objects.values_list("pk", "slug"))
    rows = qs.order_by("pk").values_list(
        "pk",
        Cast("geometrie", output_field=TextField()),
        "categorie_id",
        "ressenti",
        "commentaire",
        "auteur",
        "carte_id",
    )
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    parts = []
    for pk, geom, categorie_id, ressenti, commentaire, auteur, carte_id in rows:
        props = {"id": pk, "categorie": codes.get(categorie_id), "ressenti": ressenti}
        if commentaire:
            props["commentaire"] = commentaire
        if auteur and auteurs:
            props["auteur"] = auteur
        props["carte"] = carte_id
        parts.append(
            f'{{"type":"Feature","id":{pk},"geometry":{geom},"properties":{dumps(props)}}}'
        )
    return '{"type":"FeatureCollection","features":[' + ",".join(parts) + "]}"


def densite(qs, *, taille_m: float = 60.0) -> list[dict]:
    """Hexagon counts of the notes (one query on the stored lon/lat)."""
    points = list(qs.values_list("lon", "lat"))
    return geometry.hexagon_counts(points, size_m=taille_m)


def compter(quartier, *, debut=None, fin=None, categorie=None, ressenti=None) -> int:
    qs = notes_du_quartier(quartier)
    if debut:
        qs = qs.filter(cree_le__date__gte=debut)
    if fin:
        qs = qs.filter(cree_le__date__lte=fin)
    if categorie:
        qs = qs.filter(categorie__slug=categorie)
    if ressenti:
        qs = qs.filter(ressenti=ressenti)
    return qs.count()


def cartes_avec_compteurs(quartier):
    return Carte.objects.filter(quartier=quartier).annotate(
        nb_publiees=Count("annotations", filter=Q(annotations__statut=Statut.PUBLIEE)),
        nb_attente=Count("annotations", filter=Q(annotations__statut=Statut.EN_ATTENTE)),
    )


def compte_par_categorie(qs) -> list[dict]:
    return list(
        qs.values("categorie__nom", "categorie__couleur", "categorie__icone")
        .annotate(n=Count("pk"))
        .order_by("-n")
    )


def panneau_accueil(user) -> dict | None:
    """Home page panel: open sessions and notes waiting for moderation in the neighbourhoods the
    user edits (None when there is nothing to show)."""
    cartes = list(
        Carte.objects.editable_by(user)
        .annotate(nb_attente=Count("annotations", filter=Q(annotations__statut=Statut.EN_ATTENTE)))
        .filter(Q(ouverte=True) | Q(nb_attente__gt=0))
        .select_related("quartier")
        .order_by("-nb_attente", "-cree_le")[:6]
    )
    if not cartes:
        return None
    return {"cartes": cartes}
