"""Exports: raw responses (Direction only, logged), results summary."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from comptes.models import AuditEntry

from .known import feed


@pytest.fixture
def fed(enquete, small_threshold):
    feed(enquete)
    return enquete


def _csv(response):
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:]), delimiter=";"))


def test_raw_csv_has_one_row_per_response_and_one_column_per_box(client, direction, fed):
    client.force_login(direction)
    response = client.get(reverse("enquetes:responses_csv", args=[fed.pk]))
    assert response.streaming
    rows = _csv(response)
    header = rows[0]
    assert header == [
        "id", "soumise_le", "statut", "satisfait", "satisfait_commentaire",
        "objets/renovation", "objets/vegetalisation", "objets/velos", "objets/autre",
        "objets/autre_precision", "note", "age", "idee",
    ]  # fmt: skip
    assert len(rows) == 8
    first, third, sixth = (dict(zip(header, rows[i], strict=True)) for i in (1, 3, 6))
    assert (first["statut"], first["satisfait"], first["objets/renovation"], first["objets/velos"], first["note"], first["age"]) == (
        "Habitant", "Oui", "1", "0", "5", "30",
    )  # fmt: skip
    assert (third["objets/autre"], third["objets/autre_precision"]) == ("1", "Compost")
    assert first["soumise_le"] == "2023-11-20 10:00"
    # No answer to the multiple choice: empty cells, not zeros.
    assert (sixth["objets/renovation"], sixth["satisfait"]) == ("", "Non")
    entry = AuditEntry.objects.get(action="export")
    assert (entry.user, entry.object_id, entry.changes) == (
        direction,
        str(fed.pk),
        {"format": "csv"},
    )


def test_raw_xlsx_matches_the_csv(client, direction, fed):
    client.force_login(direction)
    response = client.get(reverse("enquetes:responses_xlsx", args=[fed.pk]))
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    rows = list(workbook.active.iter_rows(values_only=True))
    assert rows[0][:5] == ("id", "soumise_le", "statut", "satisfait", "satisfait_commentaire")
    assert len(rows) == 8
    assert rows[2][4] == "Très utile pour la copropriété"
    assert AuditEntry.objects.filter(action="export", changes={"format": "xlsx"}).count() == 1


def test_facilitator_may_not_download_raw_responses(client, facilitateur, fed):
    client.force_login(facilitateur)
    assert client.get(reverse("enquetes:responses_csv", args=[fed.pk])).status_code == 403


def test_results_summary_csv(client, facilitateur, fed):
    client.force_login(facilitateur)
    rows = _csv(client.get(reverse("enquetes:results_csv", args=[fed.pk])))
    by_key = {(r[0], r[2]): r for r in rows[1:]}
    assert by_key[("statut", "Habitant")][3:6] == ["4", "7", "57,1"]
    assert by_key[("objets", "Autre")][3:6] == ["1", "6", "16,7"]
    assert by_key[("age", "30")][3:] == ["1", "3", "33,3", "40,00"]
    assert by_key[("note", "4")][3:] == ["2", "6", "33,3", "3,83"]


def test_results_summary_respects_filters_and_small_groups(client, facilitateur, fed, settings):
    settings.SMALL_GROUP_THRESHOLD = 5
    partenaire = fed.questions.get(code="statut").choix.get(valeur="partenaire")
    statut = fed.questions.get(code="statut")
    client.force_login(facilitateur)
    rows = _csv(
        client.get(reverse("enquetes:results_csv", args=[fed.pk]), {f"s{statut.pk}": partenaire.pk})
    )
    assert len(rows) == 2 and "masqués" in rows[1][1]
