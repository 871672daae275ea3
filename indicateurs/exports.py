"""Spreadsheet exports of indicators and their values (pandas). CSV streams in chunks; XLSX is
built from chunks into a temporary file, so memory stays bounded by the chunk size."""

import csv
import io
import tempfile

from django.db.models import Case, OuterRef, Subquery, When
from django.db.models.functions import ExtractYear
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone

from .models import Cible, Granularite
from .selectors import export_rows

COLUMNS = [
    "code",
    "indicateur",
    "unite",
    "source",
    "quartier",
    "granularite",
    "debut",
    "fin",
    "valeur",
    "cible",
]
CHUNK = 5000


def _queryset(user, annee):
    cible = Cible.objects.filter(
        indicateur_id=OuterRef("indicateur_id"),
        quartier_id=OuterRef("quartier_id"),
        annee=ExtractYear(OuterRef("debut")),
    ).values("valeur_cible")[:1]
    # A target is set for the year: a month's row has none (the year's target is not the
    # month's).
    qs = export_rows(user, annee=annee).annotate(
        cible=Case(When(granularite=Granularite.ANNEE, then=Subquery(cible)), default=None)
    )
    return qs.values_list(*qs.query.values_select, "cible")


def _filename(ext: str) -> str:
    return f"indicateurs-{timezone.localdate():%Y-%m-%d}.{ext}"


def csv_response(user, *, annee=None):
    import pandas as pd

    def generate():
        buffer = io.StringIO()
        buffer.write("\ufeff")  # Excel opens UTF-8 CSV correctly with a BOM
        writer = csv.writer(buffer, delimiter=";")
        writer.writerow(COLUMNS)
        yield buffer.getvalue()
        rows = []
        for row in _queryset(user, annee).iterator(chunk_size=CHUNK):
            rows.append(row)
            if len(rows) >= CHUNK:
                yield _chunk(pd, rows)
                rows = []
        if rows:
            yield _chunk(pd, rows)

    response = StreamingHttpResponse(generate(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename("csv")}"'
    return response


def _nombre_fr(value) -> str:
    """A stored Decimal as French spreadsheets read it: "7,4", "17" (no "17.00")."""
    if value is None or value != value:  # noqa: PLR0124 - NaN, for a column pandas made float
        return ""
    return format(value.normalize(), "f").replace(".", ",")


def _chunk(pd, rows) -> str:
    frame = pd.DataFrame(rows, columns=COLUMNS)
    # French decimal comma, as in the rest of the interface (``decimal=","`` only applies to
    # floats; the values are Decimals).
    for column in ("valeur", "cible"):
        frame[column] = frame[column].map(_nombre_fr)
    return frame.to_csv(sep=";", header=False, index=False)


def xlsx_response(user, *, annee=None):
    import pandas as pd

    # Closed by FileResponse once sent.
    handle = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115
    with pd.ExcelWriter(handle, engine="openpyxl") as writer:
        start = 0
        rows: list = []
        for row in _queryset(user, annee).iterator(chunk_size=CHUNK):
            rows.append(row)
            if len(rows) >= CHUNK:
                _write(pd, writer, rows, start)
                start += len(rows)
                rows = []
        _write(pd, writer, rows, start)
    handle.seek(0)
    return FileResponse(
        handle,
        as_attachment=True,
        filename=_filename("xlsx"),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def _write(pd, writer, rows, start):
    frame = pd.DataFrame(rows, columns=COLUMNS)
    for column in ("valeur", "cible"):
        frame[column] = pd.to_numeric(frame[column], errors="coerce")
    frame.to_excel(
        writer,
        sheet_name="Indicateurs",
        index=False,
        header=start == 0,
        startrow=0 if start == 0 else start + 1,
    )
