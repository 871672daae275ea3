"""Reading and checking a contact-base file (CSV or XLSX) before anything is created.

Columns (first row; names are case- and accent-insensitive; only ``nom`` and ``type`` are
required). The export of the directory uses the same columns, so an export can be re-imported:

==========================  =====================================================================
nature                      organisation | personne (default: personne when ``prenom`` is given)
type                        code or label of the type: copropriete, syndic, habitant… or
                            "Conseil syndical", "Habitant·e"…
nom                         name of the organisation, or family name of the person
prenom                      first name (persons only)
structure                   name of the organisation the person belongs to (in the base or the file)
fonction                    e.g. "Présidente du conseil syndical"
role_programme              superviseur, partenaire, beneficiaire_particulier,
                            beneficiaire_professionnel (or their labels)
famille                     family on the actor map (expertise, instances_locales…)
quartiers                   neighbourhood names separated by ";" (must exist)
email, telephone, adresse, site_web, notes
est_relais                  oui / non (also 1/0, true/false, x)
stade_diffusion             pionnier, premier_adoptant, majorite_precoce, majorite_tardive,
                            retardataire (or their labels)
consentement_date           JJ/MM/AAAA or AAAA-MM-JJ
consentement_source, consentement_finalite
==========================  =====================================================================
"""

from __future__ import annotations

import datetime
import io
import unicodedata
from dataclasses import dataclass, field

import pandas as pd
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.utils.translation import gettext as _

from quartiers.models import Quartier

from .models import Acteur, Famille, Nature, RoleProgramme, StadeDiffusion, TypeActeur

MAX_ROWS = 5000
COLUMNS = [
    "nature",
    "type",
    "nom",
    "prenom",
    "structure",
    "fonction",
    "role_programme",
    "famille",
    "quartiers",
    "email",
    "telephone",
    "adresse",
    "site_web",
    "est_relais",
    "stade_diffusion",
    "consentement_date",
    "consentement_source",
    "consentement_finalite",
    "notes",
]
# Columns the export adds and the import ignores, so that an export can be re-imported.
EXPORT_ONLY = {"nombre_contacts"}
ALIASES = {
    "type_acteur": "type",
    "prénom": "prenom",
    "e-mail": "email",
    "mail": "email",
    "courriel": "email",
    "téléphone": "telephone",
    "quartier": "quartiers",
    "role": "role_programme",
    "rôle": "role_programme",
    "relais": "est_relais",
    "personne_relais": "est_relais",
}
# A cell starting with one of these is a formula for spreadsheet apps: the CSV export prefixes
# it with an apostrophe, which the import removes.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
TRUE = {"oui", "o", "1", "true", "vrai", "x", "yes"}
FALSE = {"non", "n", "0", "false", "faux", "", "no"}


def _key(text) -> str:
    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    return text.strip().lower().replace(" ", "_").replace("-", "_").replace("·", "")


def _choice_map(choices) -> dict[str, str]:
    mapping = {}
    for value, label in choices:
        mapping[_key(value)] = value
        mapping[_key(label)] = value
    return mapping


# Model field → the column the user typed it in, for error messages.
IMPORT_LABELS = {"type_acteur": "type"}
TYPES = _choice_map(TypeActeur.choices)
NATURES = _choice_map(Nature.choices)
ROLES = _choice_map(RoleProgramme.choices)
FAMILLES = _choice_map(Famille.choices)
STADES = _choice_map(StadeDiffusion.choices)


@dataclass
class Row:
    line: int
    raw: dict
    fields: dict = field(default_factory=dict)
    quartiers: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    duplicate_of: str = ""  # an existing actor: the row will be skipped

    @property
    def label(self) -> str:
        return " ".join(p for p in (self.raw.get("prenom", ""), self.raw.get("nom", "")) if p)

    @property
    def status(self) -> str:
        if self.errors:
            return "erreur"
        if self.duplicate_of:
            return "doublon"
        return "ok"


@dataclass
class ImportPreview:
    fichier: str
    rows: list[Row] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # file-level errors

    @property
    def valid(self) -> bool:
        return not self.errors and not any(r.errors for r in self.rows)

    @property
    def to_create(self) -> list[Row]:
        return [r for r in self.rows if r.status == "ok"]

    @property
    def duplicates(self) -> list[Row]:
        return [r for r in self.rows if r.status == "doublon"]

    @property
    def wrong(self) -> list[Row]:
        return [r for r in self.rows if r.errors]

    def serialisable(self) -> list[dict]:
        """What the confirmation step needs, JSON-safe (kept in the session)."""
        rows = []
        for r in self.to_create:
            fields = dict(r.fields)
            if fields.get("consentement_date"):
                fields["consentement_date"] = fields["consentement_date"].isoformat()
            rows.append({"fields": fields, "quartiers": r.quartiers})
        return rows


def deserialise(rows: list[dict]) -> list[dict]:
    for row in rows:
        value = row["fields"].get("consentement_date")
        if value:
            row["fields"]["consentement_date"] = datetime.date.fromisoformat(value)
    return rows


def read_table(content: bytes, name: str) -> pd.DataFrame:
    """The file as a table of strings; raises ValueError with a French message."""
    try:
        if name.lower().endswith(".xlsx"):
            frame = pd.read_excel(io.BytesIO(content), dtype=str, engine="openpyxl")
        else:
            text = None
            for encoding in ("utf-8-sig", "cp1252"):
                try:
                    text = content.decode(encoding)
                    break
                except UnicodeDecodeError:
                    continue
            if text is None:
                raise ValueError(_("Encodage du fichier non reconnu (utilisez UTF-8)."))
            frame = pd.read_csv(
                io.StringIO(text), dtype=str, sep=None, engine="python", keep_default_na=False
            )
    except ValueError:
        raise
    except Exception as exc:  # noqa: BLE001 - pandas raises many kinds of parse errors
        raise ValueError(_("Fichier illisible : %(err)s") % {"err": exc}) from exc
    return frame.fillna("")


def _cell(value) -> str:
    text = str(value).strip()
    if text[:1] == "'" and text[1:2] in FORMULA_PREFIXES:
        return text[1:]
    return text


def analyse(content: bytes, name: str, organisation, *, user=None) -> ImportPreview:
    """Check every row of the file against the rules and the base; create nothing.

    With ``user`` (the form), rows may only name the neighbourhoods that user may change (a
    facilitator's own); the management command, run by an administrator, may name them all.
    """
    preview = ImportPreview(fichier=name)
    try:
        frame = read_table(content, name)
    except ValueError as exc:
        preview.errors.append(str(exc))
        return preview
    columns = {}
    for column in frame.columns:
        key = _key(column)
        key = ALIASES.get(key, key)
        columns[column] = key
    unknown = [c for c, k in columns.items() if k not in COLUMNS and k not in EXPORT_ONLY]
    if unknown:
        preview.errors.append(
            _("Colonnes inconnues : %(cols)s. Colonnes possibles : %(all)s.")
            % {"cols": ", ".join(map(str, unknown)), "all": ", ".join(COLUMNS)}
        )
    for required in ("nom", "type"):
        if required not in columns.values():
            preview.errors.append(_("Colonne obligatoire absente : %(col)s.") % {"col": required})
    if len(frame) > MAX_ROWS:
        preview.errors.append(
            _("Trop de lignes (%(n)s) : %(max)s au plus par import.")
            % {"n": len(frame), "max": MAX_ROWS}
        )
    if len(frame) == 0:
        preview.errors.append(_("Le fichier ne contient aucune ligne."))
    if preview.errors:
        return preview

    quartiers = {
        q.casefold(): q
        for q in Quartier.objects.filter(organisation=organisation).values_list("nom", flat=True)
    }
    autorises = (
        {q.casefold() for q in Quartier.objects.editable_by(user).values_list("nom", flat=True)}
        if user is not None
        else set(quartiers)
    )
    base = Acteur.objects.filter(organisation=organisation)
    emails = {
        e.lower(): str(a)
        for a, e in ((a, a.email) for a in base.exclude(email="").only("nom", "prenom", "email"))
    }
    structures = {
        n.casefold() for n in base.filter(nature="organisation").values_list("nom", flat=True)
    }
    names = {}
    for nom, prenom, qnom in base.values_list("nom", "prenom", "quartiers__nom"):
        names[(nom.casefold(), prenom.casefold(), (qnom or "").casefold())] = " ".join(
            p for p in (prenom, nom) if p
        )

    file_structures = set()
    for _index, series in frame.iterrows():
        raw = {columns[c]: _cell(v) for c, v in series.items() if columns[c] in COLUMNS}
        if raw.get("nature", "").lower().startswith("org") or (
            not raw.get("nature") and not raw.get("prenom")
        ):
            file_structures.add(raw.get("nom", "").casefold())

    seen_emails: dict[str, int] = {}
    seen_names: dict[tuple, int] = {}
    for index, series in frame.iterrows():
        raw = {columns[c]: _cell(v) for c, v in series.items() if columns[c] in COLUMNS}
        row = Row(line=int(index) + 2, raw=raw)  # +2: header line, 1-based
        preview.rows.append(row)
        if not any(raw.values()):
            row.errors.append(_("Ligne vide."))
            continue
        _check_row(row, quartiers, autorises, structures | file_structures)
        if not row.errors:
            _check_model(row, organisation)
        if row.errors:
            continue
        email = row.fields.get("email", "")
        if email:
            if email in seen_emails:
                row.errors.append(
                    _("Même e-mail que la ligne %(l)s du fichier.") % {"l": seen_emails[email]}
                )
            else:
                seen_emails[email] = row.line
                if email in emails:
                    row.duplicate_of = emails[email]
        for qnom in row.quartiers or [""]:
            key = (row.fields["nom"].casefold(), row.fields.get("prenom", "").casefold(),
                   qnom.casefold())  # fmt: skip
            if key in seen_names and not row.errors:
                row.errors.append(
                    _("Même nom et même quartier que la ligne %(l)s du fichier.")
                    % {"l": seen_names[key]}
                )
            seen_names.setdefault(key, row.line)
            if key in names and not row.duplicate_of:
                row.duplicate_of = names[key]
    return preview


def _check_row(row: Row, quartiers: dict, autorises: set, structures: set) -> None:
    raw, f, errors = row.raw, row.fields, row.errors
    f["nom"] = raw.get("nom", "")
    if not f["nom"]:
        errors.append(_("Nom manquant."))
    f["prenom"] = raw.get("prenom", "")
    nature = raw.get("nature", "")
    if nature:
        f["nature"] = NATURES.get(_key(nature))
        if not f["nature"]:
            errors.append(
                _("Nature inconnue : « %(v)s » (organisation ou personne).") % {"v": nature}
            )
    else:
        f["nature"] = Nature.PERSONNE if f["prenom"] else Nature.ORGANISATION
    type_ = raw.get("type", "")
    f["type_acteur"] = TYPES.get(_key(type_)) if type_ else None
    if not type_:
        errors.append(_("Type manquant."))
    elif not f["type_acteur"]:
        errors.append(_("Type inconnu : « %(v)s ».") % {"v": type_})
    for column, mapping, label in (
        ("role_programme", ROLES, _("Rôle")),
        ("famille", FAMILLES, _("Famille")),
        ("stade_diffusion", STADES, _("Stade de diffusion")),
    ):
        value = raw.get(column, "")
        f[column] = mapping.get(_key(value), None) if value else ""
        if f[column] is None:
            errors.append(_("%(label)s inconnu·e : « %(v)s ».") % {"label": label, "v": value})
    email = raw.get("email", "").lower()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors.append(_("E-mail invalide : « %(v)s ».") % {"v": raw.get("email")})
    f["email"] = email
    site = raw.get("site_web", "")
    if site:
        try:
            URLValidator()(site)
        except ValidationError:
            errors.append(_("Site web invalide : « %(v)s ».") % {"v": site})
    f["site_web"] = site
    relais = _key(raw.get("est_relais", ""))
    if relais in TRUE:
        f["est_relais"] = True
    elif relais in FALSE:
        f["est_relais"] = False
    else:
        errors.append(_("Personne-relais : « %(v)s » (oui ou non).") % {"v": raw.get("est_relais")})
    if f.get("stade_diffusion") and not f.get("est_relais"):
        errors.append(_("Stade de diffusion donné pour un acteur qui n'est pas relais."))
    consent = raw.get("consentement_date", "")
    f["consentement_date"] = None
    if consent:
        parsed = _parse_date(consent)
        if parsed is None:
            errors.append(
                _("Date de consentement invalide : « %(v)s » (JJ/MM/AAAA).") % {"v": consent}
            )
        elif parsed > datetime.date.today():
            errors.append(_("Date de consentement dans le futur."))
        f["consentement_date"] = parsed
    if f.get("nature") == Nature.ORGANISATION and (f["prenom"] or f["consentement_date"]):
        errors.append(_("Prénom ou consentement donnés pour une organisation."))
    structure = raw.get("structure", "")
    if structure and structure.casefold() not in structures:
        errors.append(_("Structure inconnue : « %(v)s ».") % {"v": structure})
    f["structure_nom"] = structure
    for name in ("fonction", "telephone", "adresse", "notes", "consentement_source",
                 "consentement_finalite"):  # fmt: skip
        f[name] = raw.get(name, "")
    for name in ("nom", "prenom", "fonction", "telephone", "adresse", "email", "site_web",
                 "consentement_source", "consentement_finalite"):  # fmt: skip
        size = Acteur._meta.get_field(name).max_length
        if len(f.get(name) or "") > size:
            errors.append(
                _("%(col)s trop long (%(n)s caractères au plus).") % {"col": name, "n": size}
            )
    for nom in [q.strip() for q in raw.get("quartiers", "").split(";") if q.strip()]:
        if nom.casefold() not in quartiers:
            errors.append(_("Quartier inconnu : « %(v)s ».") % {"v": nom})
        elif nom.casefold() not in autorises:
            errors.append(_("Quartier « %(v)s » : vous n'y êtes pas affecté·e.") % {"v": nom})
        else:
            row.quartiers.append(quartiers[nom.casefold()])


def _check_model(row: Row, organisation) -> None:
    """The model's own rules (field lengths, e-mail, URL…) on a row the checks above accepted,
    so that the confirmation cannot fail on a row the preview showed as correct."""
    fields = {k: v for k, v in row.fields.items() if k != "structure_nom"}
    try:
        Acteur(organisation=organisation, **fields).full_clean(
            exclude=["structure", "cree_par"], validate_unique=False, validate_constraints=False
        )
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            label = IMPORT_LABELS.get(name, name)
            row.errors.extend(f"{label} : {message}" for message in messages)


def _parse_date(value: str) -> datetime.date | None:
    value = value.strip().split(" ")[0]
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return datetime.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    return None
