import datetime

import pytest
from django.urls import reverse

from .factories import AtelierFactory

pytestmark = pytest.mark.django_db


def test_neighbourhood_page_lists_its_latest_activities(client, facilitateur, quartier, outsider):
    AtelierFactory(
        quartier=quartier, titre="Balade thermique rue Ramponeau", date=datetime.date(2023, 6, 1)
    )
    other = outsider.quartiers_affectes.first()
    AtelierFactory(quartier=other, titre="Atelier d'ailleurs", date=datetime.date(2023, 6, 2))
    client.force_login(facilitateur)
    page = client.get(reverse("quartiers:detail", args=[quartier.pk])).content.decode()
    assert "Balade thermique rue Ramponeau" in page
    assert "Atelier d'ailleurs" not in page


def test_future_activities_are_not_in_the_latest_activity(client, facilitateur, quartier):
    AtelierFactory(
        quartier=quartier,
        titre="Réunion à venir",
        date=datetime.date.today() + datetime.timedelta(days=5),
    )
    client.force_login(facilitateur)
    page = client.get(reverse("quartiers:detail", args=[quartier.pk])).content.decode()
    assert "Réunion à venir" not in page
