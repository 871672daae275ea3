"""Exports: raw responses (CSV, XLSX: one row per response, one column per question or per
box of a multiple choice) and the results summary (CSV).

The raw exports stream: participations and answers are read with two database cursors walked
side by side in participation order, and rows are written by chunks, so 200 000 responses never
sit in memory at once. Files use ";" and a BOM so that a French Excel opens them directly.
"""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Iterator
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from .models import Enquete, Participation, Question, Reponse, TypeQuestion
from .selectors import Filtres, resultats

CHUNK = 2000


def _columns(enquete: Enquete, questions: list[Question]) -> list[tuple[str, str]]:
    """(key, header) pairs in output order."""
    cols = [("id", "id"), ("soumise_le", "soumise_le")]
    if not enquete.anonyme:
        cols.append(("identite", "identite"))
    for q in questions:
        if q.type == TypeQuestion.CHOIX_MULTIPLE:
            for c in q.choix.all():
                cols.append((f"c{c.pk}", f"{q.code}/{c.valeur}"))
            if q.autre:
                cols.append((f"q{q.pk}_autre", f"{q.code}/autre_precision"))
        else:
            cols.append((f"q{q.pk}", q.code))
        if q.commentaire:
            cols.append((f"q{q.pk}_commentaire", f"{q.code}_commentaire"))
    return cols


def _rows(enquete: Enquete) -> tuple[list[tuple[str, str]], Iterator[dict]]:
    questions = list(enquete.questions.prefetch_related("choix").order_by("ordre", "id"))
    columns = _columns(enquete, questions)
    by_question = {q.pk: q for q in questions}
    choices = {c.pk: c for q in questions for c in q.choix.all()}
    tz = timezone.get_current_timezone()

    def generate() -> Iterator[dict]:
        parts = (
            Participation.objects.filter(enquete=enquete)
            .order_by("pk")
            .values_list("pk", "soumise_le", "identite")
            .iterator(chunk_size=CHUNK)
        )
        answers = (
            Reponse.objects.filter(participation__enquete=enquete)
            .order_by("participation_id", "id")
            .values_list(
                "participation_id", "question_id", "nature", "choix_id", "nombre", "date", "texte"
            )
            .iterator(chunk_size=CHUNK * 10)
        )
        pending = next(answers, None)
        for pk, soumise_le, identite in parts:
            row: dict = {
                "id": pk,
                "soumise_le": soumise_le.astimezone(tz).strftime("%Y-%m-%d %H:%M"),
            }
            if not enquete.anonyme:
                row["identite"] = identite
            # A multiple-choice question answered by this person gets 0 in the unticked boxes.
            while pending is not None and pending[0] == pk:
                _pid, qid, nature, choix_id, nombre, date, texte = pending
                question = by_question[qid]
                if nature == Reponse.Nature.COMMENTAIRE:
                    row[f"q{qid}_commentaire"] = texte
                elif choix_id is not None:
                    choix = choices[choix_id]
                    if question.type == TypeQuestion.CHOIX_MULTIPLE:
                        for other in question.choix.all():
                            row.setdefault(f"c{other.pk}", 0)
                        row[f"c{choix_id}"] = 1
                        if choix.est_autre and texte:
                            row[f"q{qid}_autre"] = texte
                    else:
                        row[f"q{qid}"] = choix.libelle
                elif nombre is not None:
                    row[f"q{qid}"] = float(nombre) if nombre != int(nombre) else int(nombre)
                elif date is not None:
                    row[f"q{qid}"] = date.isoformat()
                else:
                    row[f"q{qid}"] = texte
                pending = next(answers, None)
            yield row

    return columns, generate()


def _chunks(rows: Iterator[dict], size: int = CHUNK) -> Iterator[list[dict]]:
    chunk: list[dict] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _filename(enquete: Enquete, suffix: str) -> str:
    return f"enquete-{enquete.pk}-{suffix}-{timezone.localdate().isoformat()}"


def reponses_csv_chunks(enquete: Enquete) -> Iterator[str]:
    columns, rows = _rows(enquete)
    keys = [k for k, _h in columns]
    yield "\ufeff"
    first = True
    for chunk in _chunks(rows):
        # Missing cells as "" (not NaN) keep integer columns integers.
        frame = pd.DataFrame(
            [[row.get(k, "") for k in keys] for row in chunk], columns=keys, dtype=object
        )
        yield frame.to_csv(
            sep=";", index=False, header=[h for _k, h in columns] if first else False
        )
        first = False
    if first:  # no response yet: the header alone
        yield pd.DataFrame(columns=[h for _k, h in columns]).to_csv(sep=";", index=False)


def reponses_csv(enquete: Enquete) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        reponses_csv_chunks(enquete), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(enquete, "reponses")}.csv"'
    return response


def reponses_xlsx_file(enquete: Enquete):
    """Write the workbook in write-only mode (rows are flushed, not kept) to a temporary file."""
    columns, rows = _rows(enquete)
    keys = [k for k, _h in columns]
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_("Réponses")[:31])
    sheet.append([h for _k, h in columns])
    for row in rows:
        sheet.append([row.get(k) for k in keys])
    handle = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - FileResponse closes it
    workbook.save(handle)
    handle.seek(0)
    return handle


def reponses_xlsx(enquete: Enquete) -> FileResponse:
    return FileResponse(
        reponses_xlsx_file(enquete),
        as_attachment=True,
        filename=f"{_filename(enquete, 'reponses')}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def _one_decimal(value: float) -> str:
    """ "57,1": rounded half up like the page (not Python's banker's rounding)."""
    rounded = Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return str(rounded).replace(".", ",")


def resultats_rows(enquete: Enquete, filtres: Filtres | None = None) -> list[list]:
    data = resultats(enquete, filtres, charts=False)
    header = [
        _("question"),
        _("libellé"),
        _("réponse"),
        _("effectif"),
        _("répondant·es à la question"),
        _("pourcentage"),
        _("moyenne"),
    ]
    rows = [header]
    if data["masque"]:
        rows.append(
            [
                "",
                _("Moins de %(n)d répondant·es : résultats masqués.") % {"n": data["seuil"]},
                "",
                data["total"],
                "",
                "",
                "",
            ]
        )
        return rows
    for block in data["questions"]:
        q = block["question"]
        moyenne = block.get("moyenne")
        moyenne = "" if moyenne is None else f"{moyenne:.2f}".replace(".", ",")
        if block["lignes"]:
            for line in block["lignes"]:
                pct = "" if line["pct"] is None else _one_decimal(line["pct"])
                rows.append(
                    [
                        q.code,
                        q.libelle,
                        line["libelle"],
                        line["n"],
                        block["repondants"],
                        pct,
                        moyenne,
                    ]
                )
        else:
            rows.append([q.code, q.libelle, "", "", block["repondants"], "", moyenne])
    return rows


def resultats_csv(enquete: Enquete, filtres: Filtres | None = None) -> StreamingHttpResponse:
    rows = resultats_rows(enquete, filtres)

    def generate():
        yield "\ufeff"
        for row in rows:
            buffer = io.StringIO()
            csv.writer(buffer, delimiter=";").writerow(row)
            yield buffer.getvalue()

    response = StreamingHttpResponse(generate(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{_filename(enquete, "resultats")}.csv"'
    )
    return response
