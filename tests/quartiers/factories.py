import datetime

import factory
from factory.django import DjangoModelFactory

from quartiers.models import Action, EtapePhase, Ilot
from tests.factories import SQUARE, AxeTravailFactory, QuartierFactory


class IlotFactory(DjangoModelFactory):
    class Meta:
        model = Ilot

    quartier = factory.SubFactory(QuartierFactory)
    nom = factory.Sequence(lambda n: f"Îlot {n}")
    geometrie = SQUARE


class ActionFactory(DjangoModelFactory):
    class Meta:
        model = Action

    axe = factory.SubFactory(AxeTravailFactory)
    titre = factory.Sequence(lambda n: f"Action {n}")
    porteur = "Conseil syndical"
    echeance = datetime.date(2024, 6, 30)


class EtapePhaseFactory(DjangoModelFactory):
    class Meta:
        model = EtapePhase

    quartier = factory.SubFactory(QuartierFactory)
    phase = 0
    debut = datetime.date(2021, 1, 11)
