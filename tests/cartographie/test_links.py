"""Links with the activity log: a session belongs to an activity, notes become proposals."""

import re

import pytest
from django.urls import reverse

from ateliers import services as ateliers_services
from cartographie import services
from cartographie.models import Annotation, Carte, Statut
from tests.ateliers.factories import AtelierFactory
from tests.factories import QuartierFactory
from tests.quartiers.html import form_data

from .factories import AnnotationFactory, CarteFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def atelier(quartier):
    return AtelierFactory(quartier=quartier, titre="Atelier confort climatique")


def _options(html: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S).group(1)
    return re.findall(r"<option[^>]*>([^<]*)</option>", select)


def test_session_form_offers_only_the_neighbourhoods_activities(
    client, quartier, atelier, facilitateur
):
    ailleurs = AtelierFactory(
        quartier=QuartierFactory(organisation=quartier.organisation), titre="Atelier d'ailleurs"
    )
    client.force_login(facilitateur)
    html = client.get(reverse("cartographie:carte_creer", args=[quartier.pk])).content.decode()
    options = _options(html, "atelier")
    assert options[0] == "Aucune (carte hors atelier)"
    assert any("Atelier confort climatique" in o for o in options)
    assert not any(ailleurs.titre in o for o in options)


def test_button_from_activity_prefills_the_session_form(client, quartier, atelier, facilitateur):
    client.force_login(facilitateur)
    url = reverse("cartographie:carte_creer", args=[quartier.pk])
    page = client.get(url, {"atelier": atelier.pk})
    data = form_data(page)
    assert data["atelier"] == str(atelier.pk)
    assert data["titre"] == atelier.titre
    response = client.post(url, data)
    carte = Carte.objects.get()
    assert response["Location"] == carte.get_absolute_url()
    assert carte.atelier == atelier
    detail = client.get(carte.get_absolute_url()).content.decode()
    assert atelier.get_absolute_url() in detail and atelier.titre in detail


def test_prefill_ignores_unknown_or_foreign_activity(client, quartier, facilitateur):
    ailleurs = AtelierFactory(quartier=QuartierFactory(organisation=quartier.organisation))
    client.force_login(facilitateur)
    url = reverse("cartographie:carte_creer", args=[quartier.pk])
    for value in ("abc", ailleurs.pk, 999999):
        data = form_data(client.get(url, {"atelier": value}))
        assert data.get("atelier", "") == ""


def test_posting_another_neighbourhoods_activity_is_refused_at_the_field(
    client, quartier, facilitateur
):
    ailleurs = AtelierFactory(quartier=QuartierFactory(organisation=quartier.organisation))
    client.force_login(facilitateur)
    response = client.post(
        reverse("cartographie:carte_creer", args=[quartier.pk]),
        {"titre": "Ma carte", "atelier": ailleurs.pk, "echelle": "ilot", "saison": "ete"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Choisissez une activité de ce quartier dans la liste." in html
    assert 'value="Ma carte"' in html
    assert not Carte.objects.exists()


def test_service_refuses_an_activity_of_another_neighbourhood(quartier, facilitateur):
    from django.core.exceptions import ValidationError

    ailleurs = AtelierFactory(quartier=QuartierFactory(organisation=quartier.organisation))
    with pytest.raises(ValidationError) as exc:
        services.carte_creer(quartier=quartier, par=facilitateur, titre="X", atelier=ailleurs)
    assert "atelier" in exc.value.message_dict
    carte = CarteFactory(quartier=quartier)
    with pytest.raises(ValidationError):
        services.carte_modifier(carte=carte, par=facilitateur, atelier=ailleurs)


def test_editing_a_session_links_it_to_an_activity_and_audits(
    client, quartier, atelier, facilitateur
):
    from comptes.models import AuditEntry

    carte = CarteFactory(quartier=quartier, titre="Carte libre")
    client.force_login(facilitateur)
    url = reverse("cartographie:carte_modifier", args=[carte.pk])
    data = form_data(client.get(url))
    data["atelier"] = str(atelier.pk)
    client.post(url, data)
    carte.refresh_from_db()
    assert carte.atelier == atelier
    entry = AuditEntry.objects.filter(object_id=str(carte.pk), action="update").latest("pk")
    assert "atelier_id" in entry.changes


def test_deleting_the_activity_keeps_the_session(quartier, atelier):
    carte = CarteFactory(quartier=quartier, atelier=atelier)
    atelier.delete()
    carte.refresh_from_db()
    assert carte.atelier is None


def test_moderation_and_table_offer_the_button_then_show_the_proposal_number(
    client, carte, facilitateur
):
    waiting = AnnotationFactory(carte=carte, statut=Statut.EN_ATTENTE, commentaire="Un banc")
    published = AnnotationFactory(carte=carte, commentaire="Ombre l'été")
    client.force_login(facilitateur)
    moderation = reverse("cartographie:moderation", args=[carte.pk])
    tableau = reverse("cartographie:quartier_tableau", args=[carte.quartier_id])
    action = reverse("ateliers:proposition_depuis_note", args=[waiting.pk])
    assert f'formaction="{action}"' in client.get(moderation).content.decode()
    action = reverse("ateliers:proposition_depuis_note", args=[published.pk])
    assert f'action="{action}"' in client.get(tableau).content.decode()

    # The button inside the moderation form posts the whole form: only the note counts.
    client.post(
        reverse("ateliers:proposition_depuis_note", args=[waiting.pk]),
        {"notes": [published.pk], "action": "publier", "motif": ""},
    )
    proposition = waiting.propositions.get()
    assert not published.propositions.exists()
    assert Annotation.objects.get(pk=published.pk).statut == Statut.PUBLIEE
    html = client.get(moderation).content.decode()
    assert f"Proposition n° {proposition.pk}" in html
    assert f'formaction="{reverse("ateliers:proposition_depuis_note", args=[waiting.pk])}"' not in (
        html
    )

    prop2 = ateliers_services.proposition_depuis_note(note=published, par=facilitateur)
    html = client.get(tableau).content.decode()
    assert f"Proposition n° {prop2.pk}" in html
    assert reverse("ateliers:proposition_detail", args=[prop2.pk]) in html


def test_readers_see_proposal_numbers_but_no_button(client, carte, facilitateur, direction):
    note = AnnotationFactory(carte=carte)
    other = AnnotationFactory(carte=carte)
    proposition = ateliers_services.proposition_depuis_note(note=note, par=facilitateur)
    client.force_login(direction)
    html = client.get(
        reverse("cartographie:quartier_tableau", args=[carte.quartier_id])
    ).content.decode()
    assert f"Proposition n° {proposition.pk}" in html
    assert reverse("ateliers:proposition_depuis_note", args=[other.pk]) not in html


def test_table_query_budget_does_not_grow_with_proposals(
    client, carte, facilitateur, django_assert_max_num_queries
):
    notes = [AnnotationFactory(carte=carte) for _ in range(2)]
    ateliers_services.proposition_depuis_note(note=notes[0], par=facilitateur)
    client.force_login(facilitateur)
    url = reverse("cartographie:quartier_tableau", args=[carte.quartier_id])
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    for _ in range(15):
        note = AnnotationFactory(carte=carte)
        ateliers_services.proposition_depuis_note(note=note, par=facilitateur)
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get(url).content.decode()
    assert html.count("Proposition n° ") == 16
