import factory
from factory.django import DjangoModelFactory

from indicateurs.models import MANUEL, Cible, Indicateur, Objectif, Rapport, ValeurManuelle
from tests.factories import OrganisationFactory, QuartierFactory


class IndicateurFactory(DjangoModelFactory):
    class Meta:
        model = Indicateur

    organisation = factory.SubFactory(OrganisationFactory)
    code = factory.Sequence(lambda n: f"indicateur-{n}")
    nom = factory.Sequence(lambda n: f"Indicateur {n}")
    unite = "kWh"
    source = MANUEL
    cle = True


class CibleFactory(DjangoModelFactory):
    class Meta:
        model = Cible

    indicateur = factory.SubFactory(IndicateurFactory)
    annee = 2025
    valeur_cible = 100


class ValeurManuelleFactory(DjangoModelFactory):
    class Meta:
        model = ValeurManuelle

    indicateur = factory.SubFactory(IndicateurFactory)
    quartier = factory.SubFactory(
        QuartierFactory, organisation=factory.SelfAttribute("..indicateur.organisation")
    )
    date = factory.Faker("date_this_year")
    valeur = 10
    note = "Relevé des factures"


class ObjectifFactory(DjangoModelFactory):
    class Meta:
        model = Objectif

    organisation = factory.SubFactory(OrganisationFactory)
    titre = factory.Sequence(lambda n: f"Objectif {n}")


class RapportFactory(DjangoModelFactory):
    class Meta:
        model = Rapport

    organisation = factory.SubFactory(OrganisationFactory)
    type_rapport = "fiche_quartier"
    annee = 2025
    quartier = factory.SubFactory(
        QuartierFactory, organisation=factory.SelfAttribute("..organisation")
    )
