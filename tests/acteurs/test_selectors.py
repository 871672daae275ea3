import datetime

from acteurs import selectors
from acteurs.indicator_sources import atteints  # noqa: F401 - registers the sources
from acteurs.models import Contact
from indicateurs.sources import get_source
from tests.factories import ActeurFactory

from .conftest import make_acteurs

D = datetime.date
JAN_1 = D(2025, 1, 1)


def _contacts(acteur, n, start=JAN_1):
    Contact.objects.bulk_create(
        [Contact(acteur=acteur, date=start + datetime.timedelta(days=i), canal="email")
         for i in range(n)]
    )  # fmt: skip


def test_reached_counts_once_more_than_once_more_than_ten(organisation, quartier):
    a, b, c, d = make_acteurs(organisation, quartier, 4)
    _contacts(a, 1)
    _contacts(b, 2)
    _contacts(c, 11)
    _contacts(d, 10)
    elsewhere = ActeurFactory(organisation=organisation)
    _contacts(elsewhere, 5)
    counts = selectors.acteurs_atteints(quartier, D(2025, 1, 1), D(2025, 12, 31))
    assert counts == {"au_moins_une_fois": 4, "plus_d_une_fois": 3, "plus_de_dix_fois": 1}


def test_reached_counts_only_contacts_in_the_period(organisation, quartier):
    (a,) = make_acteurs(organisation, quartier, 1)
    _contacts(a, 3, start=D(2024, 12, 30))  # 30/12, 31/12, 01/01
    assert selectors.acteurs_atteints(quartier, D(2025, 1, 1), D(2025, 6, 30)) == {
        "au_moins_une_fois": 1,
        "plus_d_une_fois": 0,
        "plus_de_dix_fois": 0,
    }
    assert selectors.acteurs_atteints(quartier)["plus_d_une_fois"] == 1


def test_indicator_sources_give_numbers_and_directory_links(organisation, quartier):
    a, b = make_acteurs(organisation, quartier, 2)
    _contacts(a, 2)
    b.est_relais, b.stade_diffusion = True, "pionnier"
    b.save()
    debut, fin = D(2025, 1, 1), D(2025, 12, 31)
    assert get_source("acteurs.atteints").value(quartier, debut, fin) == 1
    assert get_source("acteurs.atteints_plus_d_une_fois").value(quartier, debut, fin) == 1
    assert get_source("acteurs.atteints_plus_de_dix_fois").value(quartier, debut, fin) == 0
    assert get_source("acteurs.personnes_relais").value(quartier, debut, None) == 1
    par_stade = get_source("acteurs.personnes_relais_par_stade")
    assert par_stade.params == ("stade",)
    assert par_stade.value(quartier, debut, None, stade="pionnier") == 1
    assert par_stade.value(quartier, debut, None, stade="retardataire") == 0
    url = get_source("acteurs.atteints_plus_d_une_fois").detail_url(quartier, debut, fin)
    assert url == f"/acteurs/?quartier={quartier.pk}&du=2025-01-01&au=2025-12-31&contacts_min=2"


def test_directory_link_of_an_indicator_lists_the_same_actors(fac_client, organisation, quartier):
    a, b = make_acteurs(organisation, quartier, 2)
    _contacts(a, 2)
    _contacts(b, 1)
    src = get_source("acteurs.atteints_plus_d_une_fois")
    html = fac_client.get(src.detail_url(quartier, D(2025, 1, 1), D(2025, 12, 31))).content
    assert a.nom.encode() in html and b.nom.encode() not in html
