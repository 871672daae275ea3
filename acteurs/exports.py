"""Export of the directory, in the columns the import reads (an export can be re-imported)."""

import csv
import tempfile
from collections.abc import Iterator
from typing import IO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from .imports import COLUMNS, FORMULA_PREFIXES
from .models import Acteur


def acteur_values(a: Acteur) -> list[str]:
    """One actor as the import columns (plus the number of contacts), plain text."""
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
    return [values[c] or "" for c in COLUMNS] + [str(getattr(a, "nombre_contacts", ""))]


def header() -> list[str]:
    return [*COLUMNS, "nombre_contacts"]


def _csv_safe(value: str) -> str:
    """Neutralise spreadsheet formulas (CSV injection): a leading apostrophe, which the import
    removes again, so that "+33 1 …" or "=…" survive an export and re-import unchanged."""
    if value[:1] in FORMULA_PREFIXES:
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
        yield writer.writerow([_csv_safe(v) for v in acteur_values(acteur)])


def xlsx_file(acteurs) -> IO[bytes]:
    """The XLSX in a temporary file (rows written as they are read, never all in memory).

    Every cell is typed as text: a value starting with "=" stays text, not a formula, and needs
    no apostrophe."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Acteurs")
    sheet.append(header())
    for acteur in acteurs.iterator(chunk_size=500):
        row = []
        for value in acteur_values(acteur):
            cell = WriteOnlyCell(sheet, value=value)
            cell.data_type = "s"
            row.append(cell)
        sheet.append(row)
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
    workbook.save(handle)
    handle.seek(0)
    return handle
