from django.urls import reverse
from django.utils import timezone

from acteurs.models import Acteur, Contact
from ateliers.models import Atelier

from .factories import AtelierFactory, type_activite
from .htmlform import fill, read_form

URL = "ateliers:saisie"


def _page(client):
    page = client.get(reverse(URL))
    return read_form(page.content, "quick-entry")


def test_failed_entry_keeps_what_was_typed_as_a_draft(client, facilitateur):
    client.force_login(facilitateur)
    data, names, _ = _page(client)
    fill(data, names, participants="-3", compte_rendu="Beaucoup d'idées sur la cour.")
    response = client.post(reverse(URL), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="error-summary"' in html
    assert "Beaucoup d&#x27;idées sur la cour." in html
    assert not Atelier.objects.exists()
    # The draft survives leaving the page.
    again = client.get(reverse(URL)).content.decode()
    assert "Beaucoup d&#x27;idées sur la cour." in again
    assert "brouillon" in again
    # And can be discarded.
    client.get(reverse(URL), {"effacer_brouillon": 1})
    assert "Beaucoup d" not in client.get(reverse(URL)).content.decode()


def test_duplicate_same_type_neighbourhood_and_day_asks_for_confirmation(
    client, facilitateur, quartier
):
    existing = AtelierFactory(
        quartier=quartier, date=timezone.localdate(), titre="Permanence du mardi"
    )
    client.force_login(facilitateur)
    data, names, _ = _page(client)
    fill(data, names, type_activite=str(existing.type_activite_id), participants="5")
    response = client.post(reverse(URL), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Permanence du mardi" in html
    assert 'name="confirmer_doublon"' in html
    assert Atelier.objects.count() == 1
    data, names, _ = read_form(response.content, "quick-entry")
    fill(data, names, confirmer_doublon="on")
    assert client.post(reverse(URL), data).status_code == 302
    assert Atelier.objects.count() == 2


def test_a_new_actor_can_be_added_while_logging(client, facilitateur, quartier):
    client.force_login(facilitateur)
    data, names, _ = _page(client)
    fill(
        data,
        names,
        type_activite=str(type_activite("permanence").pk),
        participants="3",
        nouvel_prenom="Jeanne",
        nouvel_nom="Lemaire",
    )
    assert client.post(reverse(URL), data).status_code == 302
    acteur = Acteur.objects.get(nom="Lemaire")
    assert acteur.prenom == "Jeanne"
    assert acteur.organisation == quartier.organisation
    atelier = Atelier.objects.get()
    assert list(atelier.acteurs_presents.all()) == [acteur]
    assert Contact.objects.get(acteur=acteur).source_key == f"atelier:{atelier.pk}"
    assert atelier.titre == "Permanence"


def test_form_offers_only_my_organisations_actors(client, facilitateur, personnes):
    from tests.factories import PersonneFactory

    stranger = PersonneFactory(nom="Inconnu-Ailleurs")
    client.force_login(facilitateur)
    html = client.get(reverse(URL)).content.decode()
    assert personnes[0].nom in html
    assert stranger.nom not in html


def test_stranger_cannot_log_into_another_organisations_neighbourhood(client, outsider, quartier):
    client.force_login(outsider)
    data, names, _ = _page(client)
    data["quartier"] = [str(quartier.pk)]
    fill(data, names, type_activite=str(type_activite().pk), participants="3")
    response = client.post(reverse(URL), data)
    assert response.status_code == 200
    assert not Atelier.objects.filter(quartier=quartier).exists()


def test_save_and_log_another_opens_a_fresh_form_in_the_same_neighbourhood(
    client, facilitateur, quartier, organisation
):
    from tests.factories import QuartierFactory

    autre = QuartierFactory(organisation=organisation, nom="Zone B")
    autre.membres.add(facilitateur)
    client.force_login(facilitateur)
    data, names, _ = _page(client)
    data["quartier"] = [str(autre.pk)]
    fill(data, names, type_activite=str(type_activite("boitage-affichage").pk), participants="0")
    data["ajouter_autre"] = ["1"]
    response = client.post(reverse(URL), data)
    assert Atelier.objects.get().quartier == autre
    assert response["Location"] == f"{reverse(URL)}?quartier={autre.pk}"
    fresh, _names, _ = read_form(client.get(response["Location"]).content, "quick-entry")
    assert fresh["quartier"] == [str(autre.pk)]
    assert fresh["participants"] == ["0"] and fresh.get("titre") == [""]


def _logged(client, **values):
    data, names, _ = _page(client)
    fill(data, names, type_activite=str(type_activite("permanence").pk), **values)
    return data


def test_photos_taken_on_site_are_attached_when_the_activity_is_saved(client, facilitateur):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from .factories import pdf_bytes, png_bytes

    client.force_login(facilitateur)
    data = _logged(
        client,
        participants="12",
        pieces=[
            SimpleUploadedFile("cour.png", png_bytes()),
            SimpleUploadedFile("feuille.pdf", pdf_bytes()),
        ],
    )
    assert client.post(reverse(URL), data).status_code == 302
    atelier = Atelier.objects.get()
    assert sorted(atelier.pieces.values_list("nom", "type_mime")) == [
        ("cour.png", "image/png"),
        ("feuille.pdf", "application/pdf"),
    ]


def test_a_refused_file_saves_nothing_and_says_which_file(client, facilitateur):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from .factories import png_bytes

    client.force_login(facilitateur)
    data = _logged(
        client,
        participants="12",
        compte_rendu="Visite de la cour.",
        pieces=[
            SimpleUploadedFile("cour.png", png_bytes()),
            SimpleUploadedFile("photo.jpg", b"<script>alert(1)</script>"),
        ],
    )
    response = client.post(reverse(URL), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "photo.jpg : Ce type de fichier n&#x27;est pas accepté" in html
    assert 'id="id_pieces_error"' in html and "Visite de la cour." in html
    assert not Atelier.objects.exists()


def test_files_chosen_in_a_form_that_fails_are_asked_for_again(client, facilitateur):
    """A browser never refills a file input: the page says so instead of losing them."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from .factories import png_bytes

    client.force_login(facilitateur)
    data = _logged(client, participants="-3", pieces=[SimpleUploadedFile("a.png", png_bytes())])
    html = client.post(reverse(URL), data).content.decode()
    assert "1 fichier choisi n&#x27;a pas été enregistré : choisissez-le de nouveau." in html
    assert not Atelier.objects.exists()
