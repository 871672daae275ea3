import factory
from factory.django import DjangoModelFactory

from acteurs.models import Acteur, Contact, Nature, Relation, TypeActeur
from comptes.models import Organisation, Role, User
from quartiers.models import AxeTravail, Quartier

SQUARE = {
    "type": "Polygon",
    "coordinates": [[[2.38, 48.87], [2.39, 48.87], [2.39, 48.875], [2.38, 48.875], [2.38, 48.87]]],
}


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("nom",)

    nom = factory.Sequence(lambda n: f"Organisation {n}")


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.FACILITATEUR
    password = factory.PostGenerationMethodCall("set_password", "motdepasse-test")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class QuartierFactory(DjangoModelFactory):
    class Meta:
        model = Quartier

    organisation = factory.SubFactory(OrganisationFactory)
    nom = factory.Sequence(lambda n: f"Quartier {n}")
    commune = "Paris 20e"
    habitants = 10000
    logements = 4600
    nombre_ilots = 16
    perimetre = SQUARE


class AxeTravailFactory(DjangoModelFactory):
    class Meta:
        model = AxeTravail

    quartier = factory.SubFactory(QuartierFactory)
    titre = factory.Sequence(lambda n: f"Axe {n}")


class ActeurFactory(DjangoModelFactory):
    class Meta:
        model = Acteur

    organisation = factory.SubFactory(OrganisationFactory)
    nature = Nature.ORGANISATION
    type_acteur = TypeActeur.ASSOCIATION
    nom = factory.Sequence(lambda n: f"Association {n}")


class PersonneFactory(ActeurFactory):
    nature = Nature.PERSONNE
    type_acteur = TypeActeur.HABITANT
    nom = factory.Faker("last_name", locale="fr_FR")
    prenom = factory.Faker("first_name", locale="fr_FR")
    email = factory.Sequence(lambda n: f"personne{n}@example.org")


class RelationFactory(DjangoModelFactory):
    class Meta:
        model = Relation

    source = factory.SubFactory(ActeurFactory)
    cible = factory.SubFactory(
        ActeurFactory, organisation=factory.SelfAttribute("..source.organisation")
    )
    type_relation = "relais_infos"


class ContactFactory(DjangoModelFactory):
    class Meta:
        model = Contact

    acteur = factory.SubFactory(ActeurFactory)
    date = factory.Faker("date_this_year")
    canal = "rencontre"
