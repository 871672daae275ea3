"""Export of the directory, in the columns the import reads (an export can be re-imported)."""

import csv
import io
from collections.abc import Iterator

from openpyxl import Workbook

from .imports import COLUMNS
from .models import Acteur


def acteur_row(a: Acteur) -> list[str]:
    quartiers = "; ".join(q.nom for q in a.quartiers.all())
    values = {
        "nature": a.nature,
        "type": a.type_acteur,
        "nom": a.nom,
        "prenom": a.prenom,
        "structure": a.structure.nom if a.structure_id else "",
        "fonction": a.fonction,
        "role_programme": a.role_programme,
        "famille": a.famille,
        "quartiers": quartiers,
        "email": a.email,
        "telephone": a.telephone,
        "adresse": a.adresse,
        "site_web": a.site_web,
        "est_relais": "oui" if a.est_relais else "non",
        "stade_diffusion": a.stade_diffusion,
        "consentement_date": a.consentement_date.strftime("%d/%m/%Y")
        if a.consentement_date
        else "",
        "consentement_source": a.consentement_source,
        "consentement_finalite": a.consentement_finalite,
        "notes": a.notes,
    }
    row = [_safe(values[c]) for c in COLUMNS]
    row.append(str(getattr(a, "nombre_contacts", "")))
    return row


def header() -> list[str]:
    return [*COLUMNS, "nombre_contacts"]


def _safe(value: str) -> str:
    """Neutralise spreadsheet formulas (CSV injection) in free text."""
    value = value or ""
    if value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


class _Echo:
    def write(self, value):
        return value


def csv_lines(acteurs) -> Iterator[str]:
    """The CSV, one line at a time (for a StreamingHttpResponse); BOM for spreadsheet apps."""
    writer = csv.writer(_Echo(), delimiter=";")
    yield "\ufeff" + writer.writerow(header())
    for acteur in acteurs.iterator(chunk_size=500):
        yield writer.writerow(acteur_row(acteur))


def xlsx_bytes(acteurs) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Acteurs")
    sheet.append(header())
    for acteur in acteurs.iterator(chunk_size=500):
        sheet.append(acteur_row(acteur))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
