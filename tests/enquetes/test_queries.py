"""Results and export pages: the number of queries does not grow with responses."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from .factories import answer
from .known import ANSWERS, feed


def _count(client, url, **params):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params)
        if getattr(response, "streaming", False):
            b"".join(response.streaming_content)
    assert response.status_code == 200
    return len(ctx)


@pytest.mark.parametrize(
    "name",
    [
        "enquetes:results",
        "enquetes:results#mois",
        "enquetes:results_csv",
        "enquetes:responses_csv",
        "enquetes:responses_xlsx",
        "enquetes:verbatims",
        "enquetes:list",
    ],
)
def test_query_count_does_not_grow_with_responses(
    client, direction, enquete, small_threshold, name
):
    client.force_login(direction)
    statut = enquete.questions.get(code="statut")
    objets = enquete.questions.get(code="objets")
    satisfait = enquete.questions.get(code="satisfait")
    params = {
        "enquetes:results": {
            "ventiler": statut.pk,
            "ligne": statut.pk,
            "colonne": satisfait.pk,
            "du": "2020-01-01",
        },
        "enquetes:results#mois": {
            "ventiler": "mois",
            f"s{statut.pk}": statut.choix.get(valeur="habitant").pk,
        },
    }.get(name, {})
    name = name.split("#")[0]
    url = reverse(name) if name == "enquetes:list" else reverse(name, args=[enquete.pk])
    feed(enquete)
    few = _count(client, url, **params)
    for _ in range(4):
        feed(enquete)
    for values in ANSWERS * 2:
        answer(enquete, values)
    many = _count(client, url, **params)
    assert many == few, (name, few, many)
    if "ventiler" in params:
        page = client.get(url, params).content.decode()
        assert 'id="ventilation-titre"' in page
    assert objets  # the multiple choice is part of the survey


def test_results_page_budget(
    client, direction, enquete, small_threshold, django_assert_max_num_queries
):
    client.force_login(direction)
    feed(enquete)
    statut = enquete.questions.get(code="statut")
    with django_assert_max_num_queries(40):
        client.get(reverse("enquetes:results", args=[enquete.pk]), {"ventiler": statut.pk})
