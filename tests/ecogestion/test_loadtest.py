"""The load test's resident helpers read real public pages: they must build a valid answer."""

import importlib.util
from pathlib import Path

import pytest
from django.urls import reverse

from cartographie.models import Annotation
from enquetes.models import Participation, TypeQuestion
from tests.cartographie.factories import CarteFactory
from tests.enquetes.factories import make_enquete

SPEC = importlib.util.spec_from_file_location(
    "loadtest", Path(__file__).resolve().parents[2] / "tools" / "loadtest.py"
)
loadtest = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(loadtest)


@pytest.mark.django_db
def test_survey_answer_built_from_the_public_page_is_accepted(client, organisation, quartier):
    enquete = make_enquete(
        organisation,
        quartiers=[quartier],
        questions=[
            {"libelle": "Satisfait ?", "type": TypeQuestion.OUI_NON, "obligatoire": True},
            {"libelle": "Âge", "type": TypeQuestion.NOMBRE, "obligatoire": True},
        ],
    )
    url = reverse("enquetes:repondre", args=[enquete.jeton_public])
    data = loadtest.form_answers(client.get(url).content.decode())
    response = client.post(url, data, follow=True)
    assert "Merci pour votre participation" in response.content.decode()
    assert Participation.objects.filter(enquete=enquete).count() == 1


@pytest.mark.django_db
def test_map_note_placed_inside_the_neighbourhood_is_accepted(client, quartier):
    carte = CarteFactory(quartier=quartier, ouverte=True)
    url = reverse("cartographie:public_carte", args=[carte.jeton])
    html = client.get(url).content.decode()
    lng, lat = loadtest.inside_point(html)
    data = loadtest.form_answers(html)
    data["geometrie"] = f'{{"type": "Point", "coordinates": [{lng}, {lat}]}}'
    response = client.post(url, data, follow=True)
    assert 'id="merci"' in response.content.decode()
    assert Annotation.objects.filter(carte=carte).count() == 1
