"""Reading a GeoJSON file of perimeters and previewing what importing it would do.

Used by the administrators' import form and by ``manage.py import_perimetres``; the write
itself is ``services.perimetres_importer``. A file is refused as a whole (French message, nothing
imported) when it is not GeoJSON, declares another CRS than WGS84, has projected coordinates
(e.g. Lambert-93) or holds no polygon; otherwise each feature is previewed, valid or with the
reason it is refused.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ecogestion import geometry

from .models import Quartier

MAX_FEATURES = 2000
SAMPLE_VALUES = 3


@dataclass
class FichierPerimetres:
    features: list[geometry.Feature]
    proprietes: list[str]
    exemples: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class LignePerimetre:
    index: int
    nom: str
    perimetre: dict | None = None
    surface: str = ""
    erreur: str = ""
    quartier: Quartier | None = None

    @property
    def valide(self) -> bool:
        return not self.erreur

    @property
    def cree(self) -> bool:
        return self.quartier is None


def lire_fichier(raw: bytes | str) -> FichierPerimetres:
    """Parse and check a whole file; raise ValidationError (French) if it cannot be imported."""
    data = geometry.load_geojson(raw)
    features = geometry.iter_features(data)
    if not features:
        raise ValidationError(_("Le fichier ne contient aucune entité."), code="empty")
    if len(features) > MAX_FEATURES:
        raise ValidationError(
            _("Le fichier contient trop d'entités (%(n)s, maximum %(max)s)."),
            code="too_many",
            params={"n": len(features), "max": MAX_FEATURES},
        )
    polygones = 0
    for feature in features:
        kind = (feature.geometry or {}).get("type") if isinstance(feature.geometry, dict) else None
        if kind in geometry.AREA_TYPES:
            polygones += 1
            try:
                geometry.to_shape(feature.geometry)
            except ValidationError as exc:
                # Projected coordinates concern the whole file: refuse it at once.
                if exc.code == "bad_crs":
                    raise ValidationError(
                        _(
                            "Les coordonnées ne sont pas en WGS84 (longitude, latitude) : le "
                            "fichier semble être dans un système projeté comme le Lambert-93. "
                            "Réexportez-le en WGS84 (EPSG:4326)."
                        ),
                        code="bad_crs",
                    ) from None
    if not polygones:
        raise ValidationError(
            _("Le fichier ne contient aucun polygone : un périmètre doit être une surface."),
            code="no_polygon",
        )
    proprietes = geometry.property_names(features)
    exemples: dict[str, list[str]] = {}
    for name in proprietes:
        values = []
        for feature in features:
            value = feature.properties.get(name)
            if value not in (None, "") and str(value) not in values:
                values.append(str(value))
            if len(values) >= SAMPLE_VALUES:
                break
        exemples[name] = values
    return FichierPerimetres(features=features, proprietes=proprietes, exemples=exemples)


def apercu(
    *,
    organisation,
    fichier: FichierPerimetres,
    propriete: str,
    noms: set[str] | None = None,
) -> list[LignePerimetre]:
    """One line per feature (restricted to ``noms`` if given): name, area, error or the
    neighbourhood whose perimeter it would replace (None: a new neighbourhood)."""
    if propriete not in fichier.proprietes:
        raise ValidationError(
            _("La propriété « %(p)s » n'existe dans aucune entité du fichier."),
            code="bad_property",
            params={"p": propriete},
        )
    existants = {q.nom.casefold(): q for q in Quartier.objects.filter(organisation=organisation)}
    lignes: list[LignePerimetre] = []
    vus: dict[str, LignePerimetre] = {}
    for feature in fichier.features:
        nom = str(feature.properties.get(propriete) or "").strip()
        if noms is not None and nom not in noms:
            continue
        ligne = LignePerimetre(index=feature.index + 1, nom=nom)
        lignes.append(ligne)
        if not nom:
            ligne.erreur = _("Pas de nom (propriété « %(p)s » vide).") % {"p": propriete}
            continue
        if len(nom) > Quartier._meta.get_field("nom").max_length:
            ligne.erreur = _("Nom trop long.")
            continue
        try:
            ligne.perimetre = geometry.validate_area(feature.geometry)
        except ValidationError as exc:
            ligne.erreur = " ".join(exc.messages)
            continue
        ligne.surface = geometry.area_label(ligne.perimetre)
        if nom.casefold() in vus:
            ligne.erreur = _("Nom en double dans le fichier (entité n° %(n)s).") % {
                "n": vus[nom.casefold()].index
            }
            continue
        vus[nom.casefold()] = ligne
        ligne.quartier = existants.get(nom.casefold())
    if noms is not None:
        absents = sorted(noms - {ligne.nom for ligne in lignes})
        if absents:
            raise ValidationError(
                _("Noms introuvables dans le fichier : %(noms)s."),
                code="unknown_names",
                params={"noms": ", ".join(absents)},
            )
    return lignes
