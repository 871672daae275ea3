import factory
from factory.django import DjangoModelFactory

from cartographie.models import Annotation, Carte, Categorie, Statut
from tests.factories import QuartierFactory


class CarteFactory(DjangoModelFactory):
    class Meta:
        model = Carte

    quartier = factory.SubFactory(QuartierFactory)
    titre = factory.Sequence(lambda n: f"Carte {n}")
    ouverte = True


def categorie(slug="ilot-de-chaleur"):
    return Categorie.objects.get(slug=slug)


class AnnotationFactory(DjangoModelFactory):
    class Meta:
        model = Annotation

    carte = factory.SubFactory(CarteFactory)
    categorie = factory.LazyFunction(categorie)
    ressenti = "negatif"
    commentaire = factory.Sequence(lambda n: f"Note {n}")
    lon = 2.385
    lat = 48.872
    geometrie = factory.LazyAttribute(lambda o: {"type": "Point", "coordinates": [o.lon, o.lat]})
    statut = Statut.PUBLIEE
