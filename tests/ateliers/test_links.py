"""Links with the sensitive maps: a note becomes a proposal, an activity lists its sessions."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ateliers import services
from ateliers.models import ChangementStatut, Proposition
from comptes.models import AuditEntry
from tests.cartographie.factories import AnnotationFactory, CarteFactory, categorie
from tests.factories import OrganisationFactory, QuartierFactory, UserFactory

from .factories import AtelierFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def atelier(quartier, facilitateur):
    return AtelierFactory(
        quartier=quartier, titre="Atelier confort d'été", animateurs=[facilitateur]
    )


@pytest.fixture
def note(quartier, atelier):
    carte = CarteFactory(quartier=quartier, titre="Canicule", atelier=atelier)
    return AnnotationFactory(
        carte=carte,
        categorie=categorie("a-vegetaliser"),
        commentaire="Planter des arbres rue Ramponeau",
        auteur="Amina",
    )


def test_note_becomes_proposal_with_text_theme_activity_and_history(note, atelier, facilitateur):
    proposition = services.proposition_depuis_note(note=note, par=facilitateur)

    assert proposition.texte == "Planter des arbres rue Ramponeau"
    assert proposition.theme == "À végétaliser"
    assert proposition.porteur == "Amina"
    assert proposition.atelier == atelier
    assert proposition.note_carte == note
    assert proposition.quartier == note.carte.quartier
    assert proposition.statut == "nouvelle"
    assert ChangementStatut.objects.filter(proposition=proposition).count() == 1
    assert AuditEntry.objects.filter(
        object_id=str(proposition.pk), action="create", user=facilitateur
    ).exists()


def test_note_of_session_without_activity_gives_proposal_without_activity(quartier, facilitateur):
    note = AnnotationFactory(carte=CarteFactory(quartier=quartier), commentaire="Un banc ici")
    proposition = services.proposition_depuis_note(note=note, par=facilitateur)
    assert proposition.atelier is None
    assert proposition.texte == "Un banc ici"


def test_note_without_comment_takes_its_category_as_text(quartier, facilitateur):
    note = AnnotationFactory(carte=CarteFactory(quartier=quartier), commentaire="")
    proposition = services.proposition_depuis_note(note=note, par=facilitateur)
    assert proposition.texte == "Îlot de chaleur"


def test_note_cannot_become_two_proposals(note, facilitateur):
    first = services.proposition_depuis_note(note=note, par=facilitateur)
    with pytest.raises(services.NoteDejaProposition) as exc:
        services.proposition_depuis_note(note=note, par=facilitateur)
    assert exc.value.proposition == first
    assert f"proposition n° {first.pk}" in exc.value.messages[0]
    assert Proposition.objects.filter(note_carte=note).count() == 1


def test_rejected_note_is_refused(quartier, facilitateur):
    note = AnnotationFactory(
        carte=CarteFactory(quartier=quartier), statut="rejetee", motif_rejet="Hors sujet"
    )
    with pytest.raises(ValidationError) as exc:
        services.proposition_depuis_note(note=note, par=facilitateur)
    assert "rejetée" in exc.value.messages[0]
    assert not Proposition.objects.exists()


def test_proposal_cannot_point_to_another_neighbourhoods_note(quartier, facilitateur):
    ailleurs = QuartierFactory(organisation=quartier.organisation)
    note = AnnotationFactory(carte=CarteFactory(quartier=ailleurs))
    with pytest.raises(ValidationError) as exc:
        services.proposition_enregistrer(
            par=facilitateur, quartier=quartier, data={"texte": "Idée", "note_carte": note}
        )
    assert "note_carte" in exc.value.message_dict


def test_button_turns_note_into_proposal_and_pages_link_both_ways(client, note, facilitateur):
    client.force_login(facilitateur)
    page = client.get(reverse("cartographie:annotation_modifier", args=[note.pk]))
    action = reverse("ateliers:proposition_depuis_note", args=[note.pk])
    assert f'action="{action}"' in page.content.decode()

    response = client.post(action, follow=True)
    proposition = Proposition.objects.get(note_carte=note)
    assert response.redirect_chain[-1][0] == proposition.get_absolute_url()
    html = response.content.decode()
    assert f"proposition n° {proposition.pk}" in html
    assert reverse("cartographie:carte_detail", args=[note.carte_id]) in html
    assert reverse("cartographie:annotation_modifier", args=[note.pk]) in html
    assert "Planter des arbres rue Ramponeau" in html

    page = client.get(reverse("cartographie:annotation_modifier", args=[note.pk])).content.decode()
    assert f"Proposition n° {proposition.pk}" in page
    assert f'action="{action}"' not in page


def test_second_click_leads_to_the_existing_proposal(client, note, facilitateur):
    client.force_login(facilitateur)
    url = reverse("ateliers:proposition_depuis_note", args=[note.pk])
    client.post(url)
    response = client.post(url, follow=True)
    proposition = Proposition.objects.get(note_carte=note)
    assert response.redirect_chain[-1][0] == proposition.get_absolute_url()
    assert "déjà devenue la proposition" in response.content.decode()
    assert Proposition.objects.count() == 1


def test_rejected_note_button_reports_the_reason(client, quartier, facilitateur):
    note = AnnotationFactory(
        carte=CarteFactory(quartier=quartier), statut="rejetee", motif_rejet="Doublon"
    )
    client.force_login(facilitateur)
    response = client.post(reverse("ateliers:proposition_depuis_note", args=[note.pk]), follow=True)
    assert "Une note rejetée ne peut pas devenir une proposition" in response.content.decode()
    assert not Proposition.objects.exists()


def test_other_organisation_gets_404_on_note_conversion(client, note):
    etranger = UserFactory(organisation=OrganisationFactory(), role="facilitateur")
    client.force_login(etranger)
    response = client.post(reverse("ateliers:proposition_depuis_note", args=[note.pk]))
    assert response.status_code == 404
    assert not Proposition.objects.exists()


def test_direction_reads_proposal_link_to_map_but_gets_no_button(
    client, note, direction, facilitateur
):
    proposition = services.proposition_depuis_note(note=note, par=facilitateur)
    client.force_login(direction)
    html = client.get(proposition.get_absolute_url()).content.decode()
    assert reverse("cartographie:carte_detail", args=[note.carte_id]) in html
    assert reverse("cartographie:annotation_modifier", args=[note.pk]) not in html
    response = client.post(reverse("ateliers:proposition_depuis_note", args=[note.pk]))
    assert response.status_code == 403


def test_activity_page_lists_its_map_sessions_and_offers_a_new_one(
    client, atelier, note, facilitateur, direction
):
    autre = CarteFactory(quartier=atelier.quartier, titre="Carte hors atelier")
    client.force_login(facilitateur)
    html = client.get(atelier.get_absolute_url()).content.decode()
    assert reverse("cartographie:carte_detail", args=[note.carte_id]) in html
    assert "Canicule" in html
    assert "1 note publiée" in html
    assert autre.titre not in html
    creer = reverse("cartographie:carte_creer", args=[atelier.quartier_id])
    assert f"{creer}?atelier={atelier.pk}" in html
    assert "Ouvrir une carte sensible pour cet atelier" in html

    client.force_login(direction)
    html = client.get(atelier.get_absolute_url()).content.decode()
    assert "Canicule" in html
    assert "Ouvrir une carte sensible pour cet atelier" not in html
