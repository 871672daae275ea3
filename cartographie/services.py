"""Every write of the sensitive maps: sessions, notes, moderation and imports."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from comptes.audit import audit_record, diff_fields, snapshot
from comptes.models import AuditEntry
from ecogestion import geometry

from .models import (
    AUTEUR_MAX,
    COMMENTAIRE_MAX,
    Annotation,
    Carte,
    Categorie,
    ImportAnnotations,
    Origine,
    Ressenti,
    Statut,
)

Action = AuditEntry.Action
CARTE_FIELDS = ["atelier_id", "titre", "echelle", "saison", "consigne", "ouverte", "moderation"]
ANNOTATION_FIELDS = ["categorie_id", "ressenti", "commentaire", "auteur", "geometrie", "statut"]


def _ilot_index(quartier) -> geometry.ZoneIndex:
    return geometry.ZoneIndex({ilot.pk: ilot.geometrie for ilot in quartier.ilots.all()})


def _check_atelier(carte: Carte) -> None:
    """A session may only belong to an activity held in its own neighbourhood."""
    if carte.atelier_id and carte.atelier.quartier_id != carte.quartier_id:
        raise ValidationError(
            {"atelier": _("Cette activité a eu lieu dans un autre quartier.")}, code="quartier"
        )


def carte_creer(*, quartier, par, **fields) -> Carte:
    """Open a new map session on a neighbourhood (optionally for one of its activities)."""
    carte = Carte(quartier=quartier, cree_par=par, **fields)
    _check_atelier(carte)
    carte.full_clean()
    carte.save()
    audit_record(par=par, action=Action.CREATE, obj=carte, organisation=quartier.organisation)
    return carte


def carte_modifier(*, carte: Carte, par, **fields) -> Carte:
    before = snapshot(carte, CARTE_FIELDS)
    for name, value in fields.items():
        setattr(carte, name, value)
    _check_atelier(carte)
    carte.full_clean()
    carte.save()
    changes = diff_fields(carte, before, CARTE_FIELDS)
    if changes:
        audit_record(par=par, action=Action.UPDATE, obj=carte, changes=changes)
    return carte


def carte_renouveler_lien(*, carte: Carte, par) -> Carte:
    """A new public link: the old link and its QR code stop working."""
    from .models import new_token

    carte.jeton = new_token()
    carte.save(update_fields=["jeton", "modifie_le"])
    audit_record(par=par, action=Action.UPDATE, obj=carte, changes={"jeton": "renouvelé"})
    return carte


def _build_annotation(
    *,
    carte: Carte,
    categorie: Categorie,
    geometrie,
    ressenti: str,
    commentaire: str,
    auteur: str,
    checker: geometry.NoteChecker | None = None,
    ilots: geometry.ZoneIndex | None = None,
) -> Annotation:
    checker = checker or geometry.NoteChecker(carte.quartier.perimetre, nom_zone=carte.quartier.nom)
    try:
        clean = checker.check(geometrie)
    except ValidationError as exc:
        raise ValidationError({"geometrie": exc}) from None
    lon, lat = geometry.representative_point(clean)
    ilots = ilots or _ilot_index(carte.quartier)
    return Annotation(
        carte=carte,
        categorie=categorie,
        ressenti=ressenti,
        commentaire=(commentaire or "").strip(),
        auteur=(auteur or "").strip(),
        geometrie=clean,
        lon=lon,
        lat=lat,
        ilot_id=ilots.locate(clean),
    )


@transaction.atomic
def annotation_creer_publique(
    *,
    carte: Carte,
    categorie: Categorie,
    geometrie,
    ressenti: str,
    commentaire: str,
    auteur: str = "",
) -> Annotation:
    """A resident's note through the session's public link. Only open sessions accept notes;
    with moderation the note waits in the queue."""
    carte = Carte.objects.select_for_update().select_related("quartier").get(pk=carte.pk)
    if not carte.ouverte:
        raise ValidationError(
            _("Cette carte est fermée : elle n'accepte plus de nouvelles notes."), code="closed"
        )
    if not categorie.active:
        raise ValidationError({"categorie": _("Cette catégorie n'est plus proposée.")})
    note = _build_annotation(
        carte=carte,
        categorie=categorie,
        geometrie=geometrie,
        ressenti=ressenti,
        commentaire=commentaire,
        auteur=auteur,
    )
    note.origine = Origine.HABITANT
    note.statut = Statut.EN_ATTENTE if carte.moderation else Statut.PUBLIEE
    note.full_clean()
    note.save()
    audit_record(par=None, action=Action.CREATE, obj=note, organisation=carte.organisation)
    return note


def annotation_creer(
    *,
    carte: Carte,
    par,
    categorie: Categorie,
    geometrie,
    ressenti: str,
    commentaire: str,
    auteur: str = "",
) -> Annotation:
    """A note drawn or typed in by the team (e.g. a group's notes from a paper workshop):
    published at once, even when the session is closed."""
    note = _build_annotation(
        carte=carte,
        categorie=categorie,
        geometrie=geometrie,
        ressenti=ressenti,
        commentaire=commentaire,
        auteur=auteur,
    )
    note.origine = Origine.FACILITATEUR
    note.statut = Statut.PUBLIEE
    note.saisie_par = par
    note.full_clean()
    note.save()
    audit_record(par=par, action=Action.CREATE, obj=note, organisation=carte.organisation)
    return note


def annotation_modifier(*, annotation: Annotation, par, **fields) -> Annotation:
    """Edit a note (moderators fix typos, categories or the drawing)."""
    before = snapshot(annotation, ANNOTATION_FIELDS)
    geometrie = fields.pop("geometrie", None)
    for name, value in fields.items():
        setattr(annotation, name, value)
    if geometrie is not None and geometrie != annotation.geometrie:
        rebuilt = _build_annotation(
            carte=annotation.carte,
            categorie=annotation.categorie,
            geometrie=geometrie,
            ressenti=annotation.ressenti,
            commentaire=annotation.commentaire,
            auteur=annotation.auteur,
        )
        annotation.geometrie = rebuilt.geometrie
        annotation.lon, annotation.lat, annotation.ilot_id = (
            rebuilt.lon,
            rebuilt.lat,
            rebuilt.ilot_id,
        )
    annotation.full_clean()
    annotation.save()
    changes = diff_fields(annotation, before, ANNOTATION_FIELDS)
    if changes:
        audit_record(par=par, action=Action.UPDATE, obj=annotation, changes=changes)
    return annotation


def annotations_publier(*, annotations, par) -> int:
    """Publish notes waiting in (or rejected from) the moderation queue."""
    count = 0
    with transaction.atomic():
        for note in annotations:
            if note.statut == Statut.PUBLIEE:
                continue
            before = note.statut
            note.statut = Statut.PUBLIEE
            note.motif_rejet = ""
            note.moderee_par, note.moderee_le = par, timezone.now()
            note.save(
                update_fields=["statut", "motif_rejet", "moderee_par", "moderee_le", "modifie_le"]
            )
            audit_record(
                par=par,
                action=Action.UPDATE,
                obj=note,
                changes={"statut": [before, note.statut]},
                organisation=note.carte.quartier.organisation,
            )
            count += 1
    return count


def annotations_rejeter(*, annotations, par, motif: str) -> int:
    """Reject notes with a reason, kept on each note and in the audit trail."""
    motif = (motif or "").strip()
    if not motif:
        raise ValidationError({"motif": _("Indiquez le motif du rejet.")}, code="required")
    count = 0
    with transaction.atomic():
        for note in annotations:
            before = note.statut
            note.statut = Statut.REJETEE
            note.motif_rejet = motif[:300]
            note.moderee_par, note.moderee_le = par, timezone.now()
            note.save(
                update_fields=["statut", "motif_rejet", "moderee_par", "moderee_le", "modifie_le"]
            )
            audit_record(
                par=par,
                action=Action.UPDATE,
                obj=note,
                changes={"statut": [before, note.statut], "motif_rejet": motif},
                organisation=note.carte.quartier.organisation,
            )
            count += 1
    return count


# --- GeoJSON import -----------------------------------------------------------------------------


@dataclass
class Mapping:
    """Which properties of the file give the category, comment, author and feeling."""

    categorie: str = ""  # property holding the category; "" = use ``categorie_defaut``
    categorie_defaut: Categorie | None = None
    commentaire: str = ""
    commentaire_extra: str = ""  # e.g. uMap's "name" prepended to "description"
    auteur: str = ""
    ressenti: str = ""

    def as_dict(self) -> dict:
        """The mapping as form data (the default category by its primary key)."""
        data = {
            name: getattr(self, name)
            for name in ("categorie", "commentaire", "commentaire_extra", "auteur", "ressenti")
        }
        data["categorie_defaut"] = self.categorie_defaut.pk if self.categorie_defaut else ""
        return data


@dataclass
class Rejet:
    index: int
    raison: str
    feature: dict
    code: str = ""

    @property
    def groupe(self) -> str:
        """The kind of rejection, for the summary of a large file's rejects."""
        return str(REJECTION_GROUPS.get(self.code, REJECTION_GROUPS["invalid"]))


@dataclass
class Apercu:
    valides: list[Annotation] = field(default_factory=list)
    rejets: list[Rejet] = field(default_factory=list)
    total: int = 0

    def resume_rejets(self) -> list[tuple[str, int]]:
        """(kind of rejection, count), most frequent first: 1 500 rejected features of a
        city-wide file read as two lines before the detailed list."""
        counts: dict[str, int] = {}
        for rejet in self.rejets:
            counts[rejet.groupe] = counts.get(rejet.groupe, 0) + 1
        return sorted(counts.items(), key=lambda item: -item[1])


REJECTION_GROUPS = {
    "placeholder": gettext_lazy("Coordonnées fictives (0, 0 ou pôle)"),
    "outside": gettext_lazy("Hors du quartier"),
    "unknown_category": gettext_lazy("Catégorie inconnue"),
    "no_category": gettext_lazy("Catégorie absente"),
    "too_big": gettext_lazy("Tracé trop grand ou trop détaillé"),
    "too_many_vertices": gettext_lazy("Tracé trop grand ou trop détaillé"),
    "invalid": gettext_lazy("Géométrie absente, illisible ou invalide"),
}


BROKEN_APOSTROPHE = re.compile(r"(?<=\b[dDlLnNsSjJcCmMtT])\?(?=\w)|(?<=\bqu)\?(?=\w)")
EMPTY_TEXTS = {
    "-",
    "--",
    "pas de commentaire",
    "pas de commentaires",
    "aucun",
    "néant",
    "null",
    "none",
}


C1_MOJIBAKE = re.compile(r"[\x80-\x9f]")


def _cp1252(match: re.Match) -> str:
    try:
        return match.group().encode("latin-1").decode("cp1252")
    except UnicodeDecodeError:  # the five C1 codes cp1252 leaves undefined
        return ""


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    # Windows-1252 text read as Latin-1 leaves C1 control codes ("d\x92arbre" for "d’arbre").
    text = C1_MOJIBAKE.sub(_cp1252, text)
    # Broken apostrophes of shapefile round trips ("Plantation d?arbre").
    text = BROKEN_APOSTROPHE.sub("'", text).replace("’", "'")
    return "" if text.lower() in EMPTY_TEXTS else text


def _normalise(text: str) -> str:
    import unicodedata

    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return " ".join(text.replace("'", " ").replace("-", " ").replace("/", " ").split())


def _category_lookup() -> dict[str, Categorie]:
    lookup = {}
    for categorie in Categorie.objects.all():
        lookup[_normalise(categorie.nom)] = categorie
        lookup[_normalise(categorie.slug)] = categorie
    return lookup


RESSENTIS = {
    "positif": Ressenti.POSITIF,
    "+": Ressenti.POSITIF,
    "negatif": Ressenti.NEGATIF,
    "-": Ressenti.NEGATIF,
    "neutre": Ressenti.NEUTRE,
}


def _is_technical(key: str) -> bool:
    """Properties that style a map rather than describe a note (uMap's ``_umap_options``)."""
    return key.startswith("_")


def import_properties(imp: ImportAnnotations) -> list[str]:
    """Property names found in the file, most frequent first."""
    counts: dict[str, int] = {}
    for feature in geometry.iter_features(imp.donnees):
        for key in feature.properties:
            if not _is_technical(key):
                counts[key] = counts.get(key, 0) + 1
    return sorted(counts, key=lambda key: (-counts[key], key))


def import_apercu(*, imp: ImportAnnotations, mapping: Mapping) -> Apercu:
    """Check every feature of the file against the session; nothing is written. Every feature
    ends up either valid or rejected with its reason: none is silently dropped."""
    carte = imp.carte
    checker = geometry.NoteChecker(carte.quartier.perimetre, nom_zone=carte.quartier.nom)
    ilots = _ilot_index(carte.quartier)
    categories = _category_lookup()
    apercu = Apercu()
    for feature in geometry.iter_features(imp.donnees):
        apercu.total += 1
        raw = {"type": "Feature", "geometry": feature.geometry, "properties": feature.properties}
        props = feature.properties
        if mapping.categorie:
            value = _text(props.get(mapping.categorie))
            categorie = categories.get(_normalise(value)) if value else mapping.categorie_defaut
            if categorie is None:
                if value:
                    raison = _("Catégorie inconnue : « %(value)s ».") % {"value": value}
                    code = "unknown_category"
                else:
                    raison = _("Catégorie absente (propriété « %(prop)s » vide).") % {
                        "prop": mapping.categorie
                    }
                    code = "no_category"
                apercu.rejets.append(Rejet(feature.index, raison, raw, code))
                continue
        else:
            categorie = mapping.categorie_defaut
            if categorie is None:
                apercu.rejets.append(
                    Rejet(feature.index, _("Aucune catégorie choisie."), raw, "no_category")
                )
                continue
        commentaire = _text(props.get(mapping.commentaire)) if mapping.commentaire else ""
        if mapping.commentaire_extra:
            extra = _text(props.get(mapping.commentaire_extra))
            if extra and extra != commentaire:
                commentaire = f"{extra} — {commentaire}" if commentaire else extra
        if len(commentaire) > COMMENTAIRE_MAX:
            commentaire = commentaire[: COMMENTAIRE_MAX - 1] + "…"
        auteur = _text(props.get(mapping.auteur))[:AUTEUR_MAX] if mapping.auteur else ""
        ressenti = Ressenti.NEUTRE
        if mapping.ressenti:
            ressenti = RESSENTIS.get(
                _normalise(_text(props.get(mapping.ressenti))), Ressenti.NEUTRE
            )
        try:
            note = _build_annotation(
                carte=carte,
                categorie=categorie,
                geometrie=feature.geometry,
                ressenti=ressenti,
                commentaire=commentaire,
                auteur=auteur,
                checker=checker,
                ilots=ilots,
            )
        except ValidationError as exc:
            errors = exc.error_dict.get("geometrie", []) if hasattr(exc, "error_dict") else []
            code = (errors[0].code if errors else "") or "invalid"
            apercu.rejets.append(Rejet(feature.index, " ".join(exc.messages), raw, code))
            continue
        note.origine = Origine.IMPORT
        note.statut = Statut.PUBLIEE
        apercu.valides.append(note)
    return apercu


@transaction.atomic
def import_confirmer(*, imp: ImportAnnotations, mapping: Mapping, par) -> Apercu:
    """Create the valid notes of the file (in one transaction); the rejected ones stay listed
    and downloadable."""
    imp = ImportAnnotations.objects.select_for_update().get(pk=imp.pk)
    if imp.importe_le:
        raise ValidationError(_("Ce fichier a déjà été importé."), code="already_imported")
    apercu = import_apercu(imp=imp, mapping=mapping)
    for note in apercu.valides:
        note.saisie_par = par
    Annotation.objects.bulk_create(apercu.valides, batch_size=1000)
    imp.importe_le = timezone.now()
    imp.nombre_importees = len(apercu.valides)
    imp.nombre_rejetees = len(apercu.rejets)
    # What was decided stays as it was: the rejected list and the mapping do not change later
    # with the categories, the perimeter or someone fiddling with the form.
    imp.correspondance = mapping.as_dict()
    imp.rejets = [{"index": r.index, "raison": r.raison, "code": r.code} for r in apercu.rejets]
    imp.save(
        update_fields=[
            "importe_le",
            "nombre_importees",
            "nombre_rejetees",
            "correspondance",
            "rejets",
        ]
    )
    audit_record(
        par=par,
        action=Action.IMPORT,
        obj=imp.carte,
        changes={
            "fichier": imp.nom_fichier,
            "importees": imp.nombre_importees,
            "rejetees": imp.nombre_rejetees,
        },
    )
    return apercu


def import_rejets_enregistres(imp: ImportAnnotations) -> list[Rejet]:
    """The features rejected when the file was imported, with the reason given then."""
    features = geometry.iter_features(imp.donnees)
    rejets = []
    for item in imp.rejets:
        feature = features[item["index"]]
        raw = {"type": "Feature", "geometry": feature.geometry, "properties": feature.properties}
        rejets.append(Rejet(item["index"], item["raison"], raw, item.get("code", "")))
    return rejets


def import_exemples(imp: ImportAnnotations, *, longueur: int = 60) -> dict[str, str]:
    """For each property of the file, its first non-empty value (to help choose the mapping)."""
    exemples: dict[str, str] = {}
    for feature in geometry.iter_features(imp.donnees):
        for key, value in feature.properties.items():
            if key not in exemples and not _is_technical(key):
                text = _text(value)
                if text:
                    exemples[key] = text if len(text) <= longueur else text[: longueur - 1] + "…"
    return exemples


def import_deposer(*, carte: Carte, par, nom_fichier: str, contenu: bytes) -> ImportAnnotations:
    """Read an uploaded GeoJSON file (any bad file → a French ValidationError, nothing kept)."""
    data = geometry.load_geojson(contenu)
    features = geometry.iter_features(data)
    if not features:
        raise ValidationError(_("Le fichier ne contient aucune entité."), code="empty")
    imp = ImportAnnotations(carte=carte, par=par, nom_fichier=nom_fichier[:255], donnees=data)
    imp.full_clean()
    imp.save()
    return imp
