"""The Direction dashboard's "Activité récente": what happened in the field, not the audit log."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ateliers import services as ateliers_services
from indicateurs import services
from indicateurs.activite import faits_recents
from quartiers.models import Quartier
from tests.ateliers.factories import AtelierFactory, PropositionFactory
from tests.cartographie.factories import AnnotationFactory, CarteFactory
from tests.enquetes.factories import STANDARD, answer, make_enquete
from tests.factories import QuartierFactory

from .factories import IndicateurFactory


def _activite(html: str) -> str:
    return html[html.index('id="h-activite"') :]


@pytest.mark.django_db
def test_recent_activity_shows_field_events_not_system_bookkeeping(client, direction, quartier):
    today = timezone.localdate()
    AtelierFactory(quartier=quartier, titre="Balade thermique rue des Couronnes", date=today)
    AtelierFactory(
        quartier=quartier,
        titre="Permanence de la semaine prochaine",
        date=today + timedelta(days=5),
    )
    proposition = PropositionFactory(
        quartier=quartier, atelier=None, texte="Des récupérateurs d'eau"
    )
    ateliers_services.proposition_changer_statut(
        proposition=proposition, statut="retenue", par=direction
    )
    carte = CarteFactory(quartier=quartier, titre="Le quartier en canicule")
    for _ in range(3):
        AnnotationFactory(carte=carte)
    enquete = make_enquete(
        direction.organisation, quartiers=[quartier], titre="Satisfaction 2026", questions=STANDARD
    )
    for _ in range(2):
        answer(enquete, {"statut": "habitant", "satisfait": "oui"})
    # What used to fill the list: a target created by the system.
    services.cible_definir(
        indicateur=IndicateurFactory(organisation=direction.organisation, nom="Acteurs touchés"),
        quartier=quartier,
        annee=today.year,
        valeur_cible=150,
        par=None,
    )
    client.force_login(direction)

    html = _activite(client.get(reverse("indicateurs:direction")).content.decode())

    assert "Balade thermique rue des Couronnes" in html and quartier.nom in html
    assert "Permanence de la semaine prochaine" not in html  # planned, not held yet
    assert "Proposition retenue" in html and "Des récupérateurs d&#x27;eau" in html
    assert "Le quartier en canicule" in html and "3 notes publiées" in html
    assert "Satisfaction 2026" in html and "2 réponses" in html
    assert "Acteurs touchés" not in html and "système" not in html


@pytest.mark.django_db
def test_recent_activity_escapes_what_residents_wrote(client, direction, quartier):
    proposition = PropositionFactory(quartier=quartier, atelier=None, texte="<script>x</script>")
    ateliers_services.proposition_changer_statut(
        proposition=proposition, statut="retenue", par=direction
    )
    client.force_login(direction)

    html = _activite(client.get(reverse("indicateurs:direction")).content.decode())

    assert "<script>x" not in html and "&lt;script&gt;x" in html


@pytest.mark.django_db
def test_recent_activity_is_newest_first_limited_and_stays_in_the_organisation(
    organisation, outsider
):
    today = timezone.localdate()
    quartier = QuartierFactory(organisation=organisation)
    for days in range(12):
        AtelierFactory(
            quartier=quartier, titre=f"Atelier J-{days}", date=today - timedelta(days=days)
        )
    AtelierFactory(
        quartier=Quartier.objects.get(nom="Quartier étranger"), titre="Ailleurs", date=today
    )

    items = faits_recents(
        organisation, Quartier.objects.filter(organisation=organisation), limit=10
    )

    assert [i.titre for i in items] == [f"Atelier J-{d}" for d in range(10)]


@pytest.mark.django_db
def test_recent_activity_costs_the_same_queries_whatever_the_volume(
    organisation, django_assert_max_num_queries
):
    quartier = QuartierFactory(organisation=organisation)
    quartiers = Quartier.objects.filter(organisation=organisation)
    AtelierFactory(quartier=quartier, date=timezone.localdate())
    with django_assert_max_num_queries(10) as small:
        faits_recents(organisation, quartiers)
    for n in range(15):
        other = QuartierFactory(organisation=organisation)
        AtelierFactory(quartier=other, date=timezone.localdate())
        AnnotationFactory(carte=CarteFactory(quartier=other))
        PropositionFactory(quartier=other, atelier=None, texte=f"Idée {n}")
    with django_assert_max_num_queries(len(small.captured_queries)):
        faits_recents(organisation, quartiers)
