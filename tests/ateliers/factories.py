import io
from datetime import date, time

import factory
from factory.django import DjangoModelFactory

from ateliers.models import (
    Atelier,
    GroupeTravail,
    JetonCalendrier,
    Proposition,
    Suivi,
    TypeActivite,
)
from tests.factories import QuartierFactory


def type_activite(code="atelier-participatif"):
    # get_or_create: browser tests flush the database, seeded types included.
    return TypeActivite.objects.get_or_create(
        code=code, defaults={"nom": code.replace("-", " ").capitalize()}
    )[0]


class AtelierFactory(DjangoModelFactory):
    class Meta:
        model = Atelier
        skip_postgeneration_save = True

    quartier = factory.SubFactory(QuartierFactory)
    type_activite = factory.LazyFunction(type_activite)
    titre = factory.Sequence(lambda n: f"Atelier {n}")
    date = date(2023, 5, 17)
    heure_debut = time(18)
    duree_minutes = 120
    participants = 10

    @factory.post_generation
    def animateurs(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.animateurs.set(extracted)

    @factory.post_generation
    def acteurs_presents(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.acteurs_presents.set(extracted)


class GroupeTravailFactory(DjangoModelFactory):
    class Meta:
        model = GroupeTravail

    quartier = factory.SubFactory(QuartierFactory)
    nom = factory.Sequence(lambda n: f"Groupe {n}")


class PropositionFactory(DjangoModelFactory):
    class Meta:
        model = Proposition

    atelier = factory.SubFactory(AtelierFactory)
    quartier = factory.SelfAttribute("atelier.quartier")
    texte = factory.Sequence(lambda n: f"Idée n° {n} : récupérer l'eau de pluie")


class SuiviFactory(DjangoModelFactory):
    class Meta:
        model = Suivi

    proposition = factory.SubFactory(PropositionFactory)
    titre = factory.Sequence(lambda n: f"Tâche {n}")


class JetonFactory(DjangoModelFactory):
    class Meta:
        model = JetonCalendrier

    portee = "quartier"


def png_bytes(size=(4, 3)) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, (29, 107, 58)).save(buffer, format="PNG")
    return buffer.getvalue()


def pdf_bytes() -> bytes:
    return (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    )
