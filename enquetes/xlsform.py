"""XLSForm (ODK / KoboToolbox) import and export of a survey's definition.

Import reads the sheets with pyxform's own reader (header clean-up, blank rows), then maps each
row. Any unsupported row (repeat, calculate, geopoint, cascading choices…) is listed with its row
number and reason, and then nothing is imported. Metadata rows (start, end, today, deviceid…)
carry no question and are skipped with a notice. French labels are taken where given
(``label::French (fr)``, ``label::fr``, ``label::French``), else the default label.

Export writes ``survey``, ``choices`` and ``settings`` sheets that pyxform converts to an XForm:
comment boxes become ``<name>_commentaire`` text questions, sections become groups, scales become
integers with a range constraint (recognised again on import).
"""

from __future__ import annotations

import io
import re
import warnings
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl import Workbook
from pyxform.xls2json_backends import xlsx_to_dict

from comptes.audit import audit_record

from .models import Choix, Enquete, Question, Section, TypeQuestion
from .services import enquete_creer

METADATA = {
    "start", "end", "today", "deviceid", "phonenumber", "username", "email", "simserial",
    "subscriberid", "audit", "start-geopoint", "background-audio", "imei",
}  # fmt: skip
SCALE_RE = re.compile(r"^\s*\.\s*>=\s*(-?\d+)\s+and\s+\.\s*<=\s*(-?\d+)\s*$")
FRENCH_RE = re.compile(r"^(french|français|francais|fr)(\s*\(fr\))?$", re.IGNORECASE)
TRUE_VALUES = {"yes", "true", "true()", "1", "oui"}


@dataclass
class Ligne:
    numero: int
    type: str
    code: str
    libelle: str
    message: str


@dataclass
class Rapport:
    titre: str = ""
    questions: list[dict] = field(default_factory=list)
    erreurs: list[Ligne] = field(default_factory=list)
    ignorees: list[Ligne] = field(default_factory=list)
    avertissements: list[str] = field(default_factory=list)
    erreur_fichier: str = ""

    @property
    def ok(self) -> bool:
        return not self.erreurs and not self.erreur_fichier and bool(self.questions)


def _label_keys(header: list[str], base: str) -> list[str]:
    """Columns holding ``base`` (label, hint) in order of preference: French, default, any."""
    french = [
        h for h in header
        if h.lower().startswith(f"{base}::") and FRENCH_RE.match(h.split("::", 1)[1].strip())
    ]  # fmt: skip
    default = [h for h in header if h.lower() == base]
    others = [h for h in header if h.lower().startswith(f"{base}::") and h not in french]
    return french + default + others


def _text(row: dict, keys: list[str]) -> str:
    for key in keys:
        value = row.get(key)
        if value not in (None, ""):
            return str(value).strip()
    return ""


def _headers(rows: list[dict]) -> list[str]:
    seen: list[str] = []
    for row in rows:
        for key in row:
            if key not in seen:
                seen.append(key)
    return seen


def lire(fichier) -> Rapport:
    """Parse an uploaded .xlsx into a report; nothing is written to the database."""
    rapport = Rapport()
    try:
        with warnings.catch_warnings():
            # openpyxl warns about workbooks without a default style; harmless here.
            warnings.simplefilter("ignore", UserWarning)
            data = xlsx_to_dict(io.BytesIO(fichier.read()))
    except Exception:  # pyxform raises various errors on broken files
        rapport.erreur_fichier = _("Ce fichier n'est pas un classeur XLSForm lisible (.xlsx).")
        return rapport
    survey = data.get("survey") or []
    if not survey:
        rapport.erreur_fichier = _("La feuille « survey » est absente ou vide.")
        return rapport
    choices_rows = data.get("choices") or []
    settings_rows = data.get("settings") or [{}]
    label_keys = _label_keys(_headers(survey), "label")
    hint_keys = _label_keys(_headers(survey), "hint")
    choice_label_keys = _label_keys(_headers(choices_rows), "label")
    settings = settings_rows[0] if settings_rows else {}
    rapport.titre = str(
        settings.get("form_title") or settings.get("form_id") or _("Enquête importée")
    )

    listes: dict[str, list[tuple[str, str]]] = {}
    for row in choices_rows:
        # "list name" is the older spelling of the column, still common in real files.
        name = str(row.get("list_name") or row.get("list name") or "").strip()
        value = str(row.get("name") or "").strip()
        if not name or not value:
            continue
        listes.setdefault(name, []).append((value, _text(row, choice_label_keys) or value))

    groups: list[str] = []  # titles of the open groups; the innermost one is the section
    section = None
    seen_codes: set[str] = set()
    for index, row in enumerate(survey, start=2):
        raw_type = str(row.get("type") or "").strip()
        if not raw_type:
            continue
        kind, _sep, rest = raw_type.partition(" ")
        kind = kind.strip().lower()
        rest = rest.strip()
        name = str(row.get("name") or "").strip()
        label = _text(row, label_keys)
        ligne = Ligne(index, raw_type, name, label, "")

        def refuse(message, ligne=ligne):
            ligne.message = message
            rapport.erreurs.append(ligne)

        # Before the metadata: "end group" starts with "end", a metadata type.
        if raw_type.lower() in ("begin group", "begin_group"):
            groups.append(label or name)
            section = groups[-1]
            continue
        if raw_type.lower() in ("end group", "end_group"):
            if groups:
                groups.pop()
            section = groups[-1] if groups else None
            continue
        if kind in METADATA:
            ligne.message = _("métadonnée de collecte, sans question : ignorée")
            rapport.ignorees.append(ligne)
            continue
        if kind == "note":
            ligne.message = _("note d'information : reprise comme titre de section")
            rapport.ignorees.append(ligne)
            section = (label or name)[:200]
            continue
        if row.get("choice_filter"):
            refuse(_("choix en cascade (choice_filter) non pris en charge"))
            continue
        question = {
            "numero": index,
            "code": (slugify(name).replace("-", "_") or f"q{index}")[:60],
            "libelle": (label or name)[:500],
            "aide": _text(row, hint_keys)[:500],
            "obligatoire": str(row.get("required") or "").strip().lower() in TRUE_VALUES,
            "section": section,
            "choix": [],
        }
        if not label and not name:
            refuse(_("question sans nom ni libellé"))
            continue
        if question["code"] in seen_codes:
            refuse(_("nom de question en double"))
            continue
        if kind in ("select_one", "select_multiple"):
            liste, _sep, option = rest.partition(" ")
            autre = option.strip().lower() == "or_other"
            if autre and kind == "select_one":
                refuse(
                    _(
                        "« or_other » sur un choix unique non pris en charge "
                        "(« Autre, précisez » existe pour les choix multiples)"
                    )
                )
                continue
            rest = liste if autre else rest
            if not rest or rest not in listes:
                refuse(
                    _("liste de choix « %(liste)s » introuvable dans la feuille choices")
                    % {"liste": rest}
                )
                continue
            question["type"] = (
                TypeQuestion.CHOIX_UNIQUE if kind == "select_one" else TypeQuestion.CHOIX_MULTIPLE
            )
            question["choix"] = [
                ((slugify(v).replace("-", "_") or f"c{i}")[:60], lbl[:300])
                for i, (v, lbl) in enumerate(listes[rest], start=1)
            ]
            if len({v for v, _l in question["choix"]}) != len(question["choix"]):
                refuse(_("valeurs de choix en double"))
                continue
            if kind == "select_one" and [v for v, _l in question["choix"]] == ["oui", "non"]:
                question["type"] = TypeQuestion.OUI_NON
            if autre:
                # XLSForm's "other" box: our « Autre, précisez » choice and its text field.
                question["autre"] = True
                question["choix"] = [c for c in question["choix"] if c[0] != "autre"]
                question["choix"].append(("autre", _("Autre")))
        elif kind in ("text", "string"):
            appearance = str(row.get("appearance") or "").lower()
            question["type"] = (
                TypeQuestion.TEXTE_LONG if "multiline" in appearance else TypeQuestion.TEXTE_COURT
            )
            # "<name>_commentaire" right after question <name>: its comment box.
            previous = rapport.questions[-1] if rapport.questions else None
            if previous and question["code"] == f"{previous['code']}_commentaire":
                previous["commentaire"] = True
                seen_codes.add(question["code"])
                continue
            if (
                previous
                and question["code"] == f"{previous['code']}_autre"
                and previous["type"] == TypeQuestion.CHOIX_MULTIPLE
                and any(v == "autre" for v, _l in previous["choix"])
            ):
                previous["autre"] = True
                seen_codes.add(question["code"])
                continue
        elif kind in ("integer", "int", "decimal"):
            question["type"] = TypeQuestion.NOMBRE
            match = SCALE_RE.match(str(row.get("constraint") or ""))
            if kind != "decimal" and match and (int(match[1]), int(match[2])) in ((1, 5), (0, 10)):
                question["type"] = TypeQuestion.ECHELLE
                question["echelle_min"], question["echelle_max"] = int(match[1]), int(match[2])
        elif kind == "date":
            question["type"] = TypeQuestion.DATE
        else:
            refuse(_("type « %(type)s » non pris en charge") % {"type": raw_type})
            continue
        for column in ("relevant", "constraint", "calculation"):
            if row.get(column) and not (
                column == "constraint" and question["type"] == TypeQuestion.ECHELLE
            ):
                rapport.avertissements.append(
                    _("Ligne %(n)d : la colonne « %(col)s » n'est pas reprise.")
                    % {"n": index, "col": column}
                )
        seen_codes.add(question["code"])
        rapport.questions.append(question)
    if not rapport.questions and not rapport.erreurs:
        rapport.erreur_fichier = _("Aucune question importable dans ce fichier.")
    return rapport


@transaction.atomic
def importer(rapport: Rapport, *, organisation, par) -> Enquete:
    """Create the survey from a report that is ``ok`` (all rows supported), in one transaction."""
    if not rapport.ok:
        raise ValueError("report has errors")
    enquete = enquete_creer(organisation=organisation, par=par, titre=rapport.titre[:200])
    sections: dict[str, Section] = {}
    for ordre, data in enumerate(rapport.questions, start=1):
        section = None
        if data["section"]:
            key = str(data["section"])[:200]
            if key not in sections:
                sections[key] = Section.objects.create(
                    enquete=enquete, titre=key, ordre=len(sections) + 1
                )
            section = sections[key]
        question = Question(
            enquete=enquete,
            section=section,
            ordre=ordre,
            code=data["code"],
            libelle=data["libelle"],
            aide=data["aide"],
            type=data["type"],
            obligatoire=data["obligatoire"],
            commentaire=data.get("commentaire", False),
            autre=data.get("autre", False),
            echelle_min=data.get("echelle_min", 1),
            echelle_max=data.get("echelle_max", 5),
        )
        question.full_clean()
        question.save()
        Choix.objects.bulk_create(
            Choix(
                question=question,
                valeur=v,
                libelle=lbl,
                ordre=i,
                est_autre=data.get("autre", False) and v == "autre",
            )
            for i, (v, lbl) in enumerate(data["choix"], start=1)
        )
    audit_record(
        par=par, action="import", obj=enquete, changes={"questions": len(rapport.questions)}
    )
    return enquete


LANG = "French (fr)"


def exporter(enquete: Enquete) -> bytes:
    """The survey as an XLSForm workbook (bytes)."""
    wb = Workbook()
    survey = wb.active
    survey.title = "survey"
    survey.append(
        [
            "type",
            "name",
            f"label::{LANG}",
            f"hint::{LANG}",
            "required",
            "appearance",
            "constraint",
            "relevant",
        ]
    )
    choices = wb.create_sheet("choices")
    choices.append(["list_name", "name", f"label::{LANG}"])
    settings = wb.create_sheet("settings")
    settings.append(["form_title", "form_id", "default_language", "version"])
    settings.append(
        [enquete.titre, f"enquete_{enquete.pk}", LANG, enquete.modifie_le.strftime("%Y%m%d%H%M")]
    )

    section = None
    for q in (
        enquete.questions.select_related("section")
        .prefetch_related("choix")
        .order_by("ordre", "id")
    ):
        if (q.section_id or None) != (section.pk if section else None):
            if section is not None:
                survey.append(["end group", f"section_{section.pk}"])
            section = q.section
            if section is not None:
                survey.append(["begin group", f"section_{section.pk}", section.titre])
        required = "yes" if q.obligatoire else ""
        row_type, constraint, appearance = "", "", ""
        if q.est_a_choix:
            row_type = f"{'select_multiple' if q.type == TypeQuestion.CHOIX_MULTIPLE else 'select_one'} {q.code}"
            for c in q.choix.all():
                choices.append([q.code, c.valeur, c.libelle])
        elif q.type == TypeQuestion.ECHELLE:
            row_type, constraint = "integer", f". >= {q.echelle_min} and . <= {q.echelle_max}"
        elif q.type == TypeQuestion.NOMBRE:
            row_type = "decimal"
        elif q.type == TypeQuestion.DATE:
            row_type = "date"
        else:
            row_type = "text"
            appearance = "multiline" if q.type == TypeQuestion.TEXTE_LONG else ""
        survey.append([row_type, q.code, q.libelle, q.aide, required, appearance, constraint, ""])
        if q.autre and q.type == TypeQuestion.CHOIX_MULTIPLE:
            survey.append(
                [
                    "text",
                    f"{q.code}_autre",
                    _("Autre, précisez"),
                    "",
                    "",
                    "",
                    "",
                    f"selected(${{{q.code}}}, 'autre')",
                ]
            )
        if q.commentaire:
            survey.append(
                [
                    "text",
                    f"{q.code}_commentaire",
                    _("Commentaire (facultatif)"),
                    "",
                    "",
                    "multiline",
                    "",
                    "",
                ]
            )
    if section is not None:
        survey.append(["end group", f"section_{section.pk}"])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
