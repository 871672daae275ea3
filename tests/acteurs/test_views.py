import csv
import datetime
import io
from unittest import mock

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from acteurs.models import Acteur, Contact, Relation
from ateliers.querysets import AtelierQuerySet
from ateliers.services import atelier_contacts_synchroniser
from comptes.models import AuditEntry
from tests.ateliers.factories import AtelierFactory
from tests.factories import ActeurFactory, PersonneFactory

from .conftest import make_acteurs
from .htmlform import form_data

LIST = reverse("acteurs:list")


def _with_contacts(acteurs, n=2):
    Contact.objects.bulk_create(
        [Contact(acteur=a, date=datetime.date(2025, 5, 1), canal="email") for a in acteurs
         for _ in range(n)]
    )  # fmt: skip


# --- Directory --------------------------------------------------------------------------------


def test_directory_searches_name_first_name_email_and_structure(fac_client, organisation, quartier):
    structure = ActeurFactory(organisation=organisation, nom="Centre social La Passerelle")
    karim = PersonneFactory(
        organisation=organisation, nom="Ouedraogo", prenom="Karim", structure=structure,
        email="k.o@example.org",
    )  # fmt: skip
    other = PersonneFactory(organisation=organisation, nom="Durand", prenom="Léa")
    for q in ("ouedr", "karim", "k.o@example", "passerelle"):
        html = fac_client.get(LIST, {"q": q}).content.decode()
        assert karim.get_absolute_url() in html, q
        assert other.get_absolute_url() not in html, q


def test_directory_filters_by_type_neighbourhood_role_family_and_stage(
    fac_client, organisation, quartier, autre_quartier
):
    match = PersonneFactory(
        organisation=organisation, role_programme="partenaire", famille="expertise",
        est_relais=True, stade_diffusion="pionnier", type_acteur="habitant",
    )  # fmt: skip
    match.quartiers.add(quartier)
    decoy = PersonneFactory(
        organisation=organisation, role_programme="partenaire", famille="expertise",
        est_relais=True, stade_diffusion="retardataire", type_acteur="habitant",
    )  # fmt: skip
    decoy.quartiers.add(autre_quartier)
    params = {
        "type_acteur": "habitant",
        "quartier": quartier.pk,
        "role_programme": "partenaire",
        "famille": "expertise",
        "stade_diffusion": "pionnier",
        "relais": "on",
    }
    html = fac_client.get(LIST, params).content.decode()
    assert match.get_absolute_url() in html and decoy.get_absolute_url() not in html
    html = fac_client.get(LIST, {"quartier": autre_quartier.pk}).content.decode()
    assert decoy.get_absolute_url() in html and match.get_absolute_url() not in html


def test_persons_without_consent_are_flagged_with_text_and_filterable(
    fac_client, organisation, personne
):
    consented = PersonneFactory(
        organisation=organisation, consentement_date=datetime.date(2025, 1, 1)
    )
    html = fac_client.get(LIST).content.decode()
    row = html[html.index(personne.get_absolute_url()) :][:600]
    assert "Sans consentement" in row
    html = fac_client.get(LIST, {"sans_consentement": "on"}).content.decode()
    assert personne.get_absolute_url() in html
    assert consented.get_absolute_url() not in html


def test_directory_never_lists_another_organisation(fac_client, outsider):
    foreign = ActeurFactory(organisation=outsider.organisation, nom="Secret étranger")
    assert foreign.nom not in fac_client.get(LIST, {"q": "Secret"}).content.decode()


def test_exports_never_contain_another_organisation(fac_client, outsider, personne):
    """Searching or filtering on the other organisation's data exports nothing of it."""
    foreign = ActeurFactory(organisation=outsider.organisation, nom="Secret étranger")
    foreign_quartier = outsider.quartiers_affectes.get()
    foreign.quartiers.add(foreign_quartier)
    for params in ({"q": "Secret"}, {"quartier": foreign_quartier.pk}, {}):
        csv_text = b"".join(
            fac_client.get(reverse("acteurs:export_csv"), params).streaming_content
        ).decode("utf-8-sig")
        xlsx = load_workbook(
            io.BytesIO(
                b"".join(fac_client.get(reverse("acteurs:export_xlsx"), params).streaming_content)
            )
        ).active
        cells = " ".join(str(v) for row in xlsx.iter_rows(values_only=True) for v in row)
        for text in (csv_text, cells):
            assert "Secret étranger" not in text and foreign_quartier.nom not in text
    # Without a filter, the user's own organisation is exported.
    assert "Roussel" in csv_text and "Roussel" in cells


def test_directory_paginates(fac_client, organisation, quartier):
    make_acteurs(organisation, quartier, 55)
    first = fac_client.get(LIST).content.decode()
    assert "Structure 049" in first and "Structure 050" not in first
    assert "Page 1 sur 2" in first
    second = fac_client.get(LIST, {"page": 2}).content.decode()
    assert "Structure 054" in second


def test_directory_query_count_does_not_grow(
    fac_client, organisation, quartier, django_assert_max_num_queries
):
    make_acteurs(organisation, quartier, 3)
    with django_assert_max_num_queries(10) as small:
        fac_client.get(LIST, {"quartier": quartier.pk})
    acteurs = make_acteurs(organisation, quartier, 40)
    _with_contacts(acteurs)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = fac_client.get(LIST, {"quartier": quartier.pk})
    assert response.status_code == 200


def test_contacts_period_filter_lists_actors_reached_enough_times(
    fac_client, organisation, quartier
):
    a, b = make_acteurs(organisation, quartier, 2)
    _with_contacts([a], n=3)
    _with_contacts([b], n=1)
    html = fac_client.get(
        LIST, {"contacts_min": 2, "du": "2025-01-01", "au": "2025-12-31"}
    ).content.decode()
    assert a.get_absolute_url() in html and b.get_absolute_url() not in html


# --- Exports ----------------------------------------------------------------------------------


def test_csv_export_streams_the_filtered_list(fac_client, organisation, quartier, personne):
    ActeurFactory(organisation=organisation, nom="Hors filtre")
    response = fac_client.get(reverse("acteurs:export_csv"), {"quartier": quartier.pk})
    assert response.streaming
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][:3] == ["nature", "type", "nom"]
    assert [r[2] for r in rows[1:]] == ["Roussel"]
    assert rows[1][rows[0].index("email")] == "martine@example.org"


def test_csv_export_neutralises_formulas(fac_client, organisation):
    ActeurFactory(organisation=organisation, nom="=HYPERLINK(1)")
    response = fac_client.get(reverse("acteurs:export_csv"))
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in text


def test_xlsx_export_of_the_filtered_list(fac_client, organisation, personne, acteur):
    response = fac_client.get(reverse("acteurs:export_xlsx"), {"q": "Roussel"})
    assert response.streaming  # written to a temporary file, sent in chunks
    assert response["Content-Disposition"].startswith('attachment; filename="acteurs-')
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][2] == "nom" and len(rows) == 2 and rows[1][2] == "Roussel"


def test_export_query_count_does_not_grow(
    fac_client, organisation, quartier, django_assert_max_num_queries
):
    make_acteurs(organisation, quartier, 3)
    with django_assert_max_num_queries(10) as small:
        b"".join(fac_client.get(reverse("acteurs:export_csv")).streaming_content)
    make_acteurs(organisation, quartier, 30)
    with django_assert_max_num_queries(len(small.captured_queries)):
        b"".join(fac_client.get(reverse("acteurs:export_csv")).streaming_content)
    with django_assert_max_num_queries(len(small.captured_queries)):
        b"".join(fac_client.get(reverse("acteurs:export_xlsx")).streaming_content)


# --- Detail -----------------------------------------------------------------------------------


def test_detail_shows_structure_people_relations_and_history(
    fac_client, organisation, acteur, personne, facilitateur
):
    personne.structure = acteur
    personne.save()
    Relation.objects.create(source=personne, cible=acteur, type_relation="relais_infos")
    Contact.objects.create(
        acteur=acteur, date=datetime.date(2025, 3, 2), canal="telephone", par=facilitateur,
        note="Appel au président",
    )  # fmt: skip
    html = fac_client.get(acteur.get_absolute_url()).content.decode()
    assert "Personnes de la structure" in html and personne.get_absolute_url() in html
    assert "Relais d&#x27;informations" in html and "← de" in html
    assert "Historique des contacts (1)" in html
    assert "02/03/2025" in html and "Appel au président" in html and str(facilitateur) in html


def test_detail_query_count_does_not_grow(
    fac_client, organisation, acteur, facilitateur, django_assert_max_num_queries
):
    with django_assert_max_num_queries(14) as small:
        fac_client.get(acteur.get_absolute_url())
    others = make_acteurs(organisation, acteur.quartiers.get(), 10)
    for other in others:
        Relation.objects.create(source=acteur, cible=other, type_relation="partenariat")
        Relation.objects.create(source=other, cible=acteur, type_relation="financement")
    _with_contacts([acteur], n=30)
    # Contacts from activities link to them: still no query per contact.
    for atelier in AtelierFactory.create_batch(5, quartier=acteur.quartiers.get()):
        _attend(facilitateur, atelier, [acteur])
    with django_assert_max_num_queries(len(small.captured_queries)):
        html = fac_client.get(acteur.get_absolute_url()).content.decode()
    assert html.count("Voir l'activité") == 5


def _attend(facilitateur, atelier, acteurs):
    """Record ``acteurs`` as present at ``atelier`` the way the activity form does."""
    atelier.acteurs_presents.set(acteurs)
    atelier_contacts_synchroniser(atelier=atelier, par=facilitateur)


def test_a_contact_from_an_activity_links_to_the_activity(
    fac_client, organisation, quartier, personne, facilitateur
):
    atelier = AtelierFactory(quartier=quartier, titre="Balade thermique du 17 mai")
    _attend(facilitateur, atelier, [personne])
    html = fac_client.get(personne.get_absolute_url()).content.decode()
    title = "Voir l'activité « Balade thermique du 17 mai »"
    assert f'<a href="{atelier.get_absolute_url()}">{title}</a>' in html
    assert fac_client.get(atelier.get_absolute_url()).status_code == 200
    # Removed from the attendance: the contact and its link leave the history.
    _attend(facilitateur, atelier, [])
    html = fac_client.get(personne.get_absolute_url()).content.decode()
    assert atelier.get_absolute_url() not in html
    assert not Contact.objects.filter(acteur=personne).exists()


def test_a_contact_links_to_its_activity_only_when_the_reader_may_see_it(
    client, organisation, quartier, personne, facilitateur
):
    """Today every reader of the contact base reads every neighbourhood of the organisation;
    the link still follows the activities' own reading rules."""
    atelier = AtelierFactory(quartier=quartier)
    _attend(facilitateur, atelier, [personne])
    client.force_login(facilitateur)
    with mock.patch.object(
        AtelierQuerySet, "visible_to", lambda self, user: self.none(), create=False
    ):
        html = client.get(personne.get_absolute_url()).content.decode()
    assert atelier.get_absolute_url() not in html
    assert "Historique des contacts (1)" in html


def test_outsider_gets_404_on_detail(client, outsider, acteur):
    client.force_login(outsider)
    assert client.get(acteur.get_absolute_url()).status_code == 404


def test_partner_gets_403_on_the_contact_base(client, partenaire, acteur):
    client.force_login(partenaire)
    assert client.get(LIST).status_code == 403
    assert client.get(acteur.get_absolute_url()).status_code == 403


# --- Forms ------------------------------------------------------------------------------------


def test_create_an_actor_through_the_form(fac_client, quartier, facilitateur):
    page = fac_client.get(reverse("acteurs:create"))
    data = form_data(
        page.content, "acteur-form",
        nature="personne", type_acteur="habitant", nom="Lambert", prenom="Sophie",
        email="sophie@example.org", quartiers=[str(quartier.pk)], est_relais="on",
        stade_diffusion="majorite_precoce",
    )  # fmt: skip
    response = fac_client.post(reverse("acteurs:create"), data)
    acteur = Acteur.objects.get(nom="Lambert")
    assert response.status_code == 302 and response["Location"] == acteur.get_absolute_url()
    assert acteur.cree_par == facilitateur and list(acteur.quartiers.all()) == [quartier]
    assert acteur.stade_diffusion == "majorite_precoce"


def test_create_form_errors_keep_what_was_typed(fac_client, personne):
    page = fac_client.get(reverse("acteurs:create"))
    data = form_data(
        page.content, "acteur-form",
        nature="organisation", type_acteur="association", nom="Asso du square",
        prenom="Jean", email="MARTINE@example.org", stade_diffusion="pionnier",
    )  # fmt: skip
    response = fac_client.post(reverse("acteurs:create"), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Le formulaire contient des erreurs" in html
    assert "Réservé aux personnes." in html
    assert "Cette adresse est déjà celle de" in html
    assert "ne s&#x27;indique que pour une personne-relais" in html
    assert 'value="Asso du square"' in html
    assert Acteur.objects.count() == 1


def test_update_an_actor_through_the_form_is_audited(fac_client, acteur):
    page = fac_client.get(reverse("acteurs:update", args=[acteur.pk]))
    data = form_data(page.content, "acteur-form", telephone="01 00 00 00 00")
    assert data["nom"] == acteur.nom
    response = fac_client.post(reverse("acteurs:update", args=[acteur.pk]), data)
    assert response.status_code == 302
    acteur.refresh_from_db()
    assert acteur.telephone == "01 00 00 00 00"
    entry = AuditEntry.objects.get(action="update", object_id=str(acteur.pk))
    assert list(entry.changes) == ["telephone"]


def test_direction_reads_but_cannot_edit(client, direction, acteur):
    client.force_login(direction)
    assert client.get(acteur.get_absolute_url()).status_code == 200
    assert "Modifier" not in client.get(acteur.get_absolute_url()).content.decode()
    assert client.post(reverse("acteurs:update", args=[acteur.pk]), {}).status_code == 403


def test_add_and_remove_a_relation_through_the_forms(fac_client, acteur, personne):
    url = reverse("acteurs:relation_add", args=[acteur.pk])
    data = form_data(
        fac_client.get(url).content, "relation-form",
        type_relation="financement", sens="entrante", autre=str(personne.pk), note="Subvention",
    )  # fmt: skip
    assert fac_client.post(url, data).status_code == 302
    relation = Relation.objects.get()
    assert (relation.source, relation.cible) == (personne, acteur)
    again = fac_client.post(url, data)
    assert "Cette relation existe déjà." in again.content.decode()

    delete_url = reverse("acteurs:relation_delete", args=[relation.pk])
    page = fac_client.get(delete_url, {"depuis": acteur.pk})
    data = form_data(page.content, "relation-delete-form")
    response = fac_client.post(delete_url, data)
    assert response["Location"] == acteur.get_absolute_url()
    assert not Relation.objects.exists()
    assert AuditEntry.objects.filter(object_type="acteurs.relation", action="delete").exists()


def test_log_a_contact_from_the_detail_page(fac_client, personne, facilitateur):
    page = fac_client.get(personne.get_absolute_url())
    action = reverse("acteurs:contact_add", args=[personne.pk])
    data = form_data(page.content, action, date="2025-06-01", canal="permanence", note="Venue")
    response = fac_client.post(action, data)
    assert response.status_code == 302
    contact = personne.contacts.get()
    assert (contact.canal, contact.par, contact.note) == ("permanence", facilitateur, "Venue")


def test_a_contact_logged_by_mistake_is_deleted_after_confirmation(
    fac_client, personne, facilitateur
):
    contact = Contact.objects.create(acteur=personne, date="2026-01-15", canal="telephone")
    detail = fac_client.get(personne.get_absolute_url()).content.decode()
    url = reverse("acteurs:contact_delete", args=[contact.pk])
    assert f'href="{url}"' in detail and "Supprimer le contact du 15/01/2026" in detail
    page = fac_client.get(url)
    assert "Supprimer le contact du 15/01/2026 (Téléphone) avec Martine Roussel" in (
        page.content.decode()
    )
    response = fac_client.post(url, form_data(page.content, "contact-delete-form"))
    assert response["Location"] == f"{personne.get_absolute_url()}#historique"
    assert not Contact.objects.filter(pk=contact.pk).exists()
    entry = AuditEntry.objects.get(action="delete", object_type="acteurs.contact")
    assert entry.user == facilitateur and entry.changes["canal"] == "telephone"


def test_a_contact_from_an_activity_is_not_deleted_here(fac_client, personne):
    contact = Contact.objects.create(
        acteur=personne, date="2026-01-15", canal="atelier", source_key="atelier:1"
    )
    detail = fac_client.get(personne.get_absolute_url()).content.decode()
    url = reverse("acteurs:contact_delete", args=[contact.pk])
    assert f'href="{url}"' not in detail
    response = fac_client.post(url)
    assert response.status_code == 302
    assert Contact.objects.filter(pk=contact.pk).exists()
    # The demo's keys only make reloading idempotent: those contacts are deleted here.
    demo = Contact.objects.create(
        acteur=personne, date="2026-01-16", canal="email", source_key="demo:1"
    )
    fac_client.post(reverse("acteurs:contact_delete", args=[demo.pk]))
    assert not Contact.objects.filter(pk=demo.pk).exists()


def test_a_contact_cannot_be_dated_in_the_future(fac_client, personne):
    url = reverse("acteurs:contact_add", args=[personne.pk])
    future = (datetime.date.today() + datetime.timedelta(days=3)).isoformat()
    data = form_data(fac_client.get(url).content, "contact-page-form", date=future)
    html = fac_client.post(url, data).content.decode()
    assert "ne peut pas être daté dans le futur" in html
    assert not personne.contacts.exists()


def test_outsider_cannot_post_a_contact(client, outsider, personne):
    client.force_login(outsider)
    url = reverse("acteurs:contact_add", args=[personne.pk])
    response = client.post(url, {"date": "2025-01-01", "canal": "email"})
    assert response.status_code == 404
    assert not personne.contacts.exists()


def test_facilitator_cannot_edit_actors_of_a_neighbourhood_not_assigned(
    fac_client, organisation, autre_quartier
):
    other = ActeurFactory(organisation=organisation)
    other.quartiers.add(autre_quartier)
    assert fac_client.get(other.get_absolute_url()).status_code == 200
    assert fac_client.get(reverse("acteurs:update", args=[other.pk])).status_code == 403


def test_facilitator_attaches_actors_to_their_own_neighbourhoods_and_keeps_the_others(
    fac_client, organisation, quartier, autre_quartier, acteur
):
    """Rosa Parks is not the facilitator's: not offered, but an actor already attached to it
    stays attached when the facilitator edits the actor."""
    page = fac_client.get(reverse("acteurs:create")).content.decode()
    assert quartier.nom in page and autre_quartier.nom not in page
    acteur.quartiers.add(autre_quartier)
    url = reverse("acteurs:update", args=[acteur.pk])
    page = fac_client.get(url)
    assert "Aussi rattaché à : Rosa Parks" in page.content.decode()
    data = form_data(page.content, "acteur-form")
    data["notes"] = "Vue en réunion."
    assert fac_client.post(url, data).status_code == 302
    acteur.refresh_from_db()
    assert acteur.notes == "Vue en réunion."
    assert {q.nom for q in acteur.quartiers.all()} == {quartier.nom, "Rosa Parks"}
    # A forged choice of a neighbourhood that is not theirs is refused at the field.
    data["quartiers"] = [str(autre_quartier.pk)]
    response = fac_client.post(reverse("acteurs:create"), {**data, "nom": "Autre"})
    assert response.status_code == 200
    assert 'id="id_quartiers_error"' in response.content.decode()


# --- Actor map ---------------------------------------------------------------------------------


def test_actor_map_draws_actors_relations_and_a_text_alternative(
    fac_client, quartier, acteur, personne
):
    acteur.famille, personne.famille = "actions_terrain", "grand_public"
    acteur.save()
    personne.save()
    Relation.objects.create(source=personne, cible=acteur, type_relation="relais_infos")
    html = fac_client.get(reverse("acteurs:carte", args=[quartier.pk])).content.decode()
    assert "<svg" in html and 'aria-labelledby="ecran-carte-titre"' in html
    assert 'marker-end="url(#ecran-fleche-relais_infos)"' in html
    # The same map laid out for print, with its own ids.
    assert 'aria-labelledby="impression-carte-titre"' in html
    assert 'marker-end="url(#impression-fleche-relais_infos)"' in html
    assert "Actions terrain" in html and "Grand public" in html
    alternative = html[html.index('id="alternative"') :]
    assert "Martine Roussel" in alternative and "Relais d&#x27;informations" in alternative
    assert "Association des Tilleuls" in alternative


def test_actor_map_escapes_names(fac_client, organisation, quartier):
    a = ActeurFactory(organisation=organisation, nom="<script>alert(1)</script>")
    a.quartiers.add(quartier)
    html = fac_client.get(reverse("acteurs:carte", args=[quartier.pk])).content.decode()
    assert "<script>alert" not in html


def test_actor_map_query_count_does_not_grow(
    fac_client, organisation, quartier, django_assert_max_num_queries
):
    url = reverse("acteurs:carte", args=[quartier.pk])
    make_acteurs(organisation, quartier, 2)
    with django_assert_max_num_queries(8) as small:
        fac_client.get(url)
    acteurs = make_acteurs(organisation, quartier, 25)
    for a, b in zip(acteurs, acteurs[1:], strict=False):
        Relation.objects.create(source=a, cible=b, type_relation="mobilisation")
    with django_assert_max_num_queries(len(small.captured_queries)):
        fac_client.get(url)


def _overlap(a: dict, b: dict) -> bool:
    return not (
        a["x"] + a["w"] <= b["x"]
        or b["x"] + b["w"] <= a["x"]
        or a["y"] + a["h"] <= b["y"]
        or b["y"] + b["h"] <= a["y"]
    )


def test_actor_map_print_layout_is_landscape_shaped_and_keeps_every_actor(organisation, quartier):
    """Twelve actors in one cell make the screen map tall and narrow; printed on an A4
    landscape page it would shrink until unreadable. The print layout spreads crowded cells
    sideways instead."""
    from acteurs.selectors import PRINT_RATIO, carte_acteurs

    for i in range(12):
        a = ActeurFactory(
            organisation=organisation,
            nom=f"Copropriété {i:02d}",
            famille="grand_public",
            role_programme="beneficiaire_particulier",
        )
        a.quartiers.add(quartier)
    for famille in ("expertise", "actions_terrain"):
        a = ActeurFactory(
            organisation=organisation,
            nom=f"Structure {famille}",
            famille=famille,
            role_programme="partenaire",
        )
        a.quartiers.add(quartier)
    carte = carte_acteurs(quartier)
    ecran, impression = carte, carte["impression"]
    assert ecran["height"] > ecran["width"]  # one actor per row on screen: tall
    assert impression["height"] <= PRINT_RATIO * impression["width"]
    for plan in (ecran, impression):
        nodes = plan["nodes"]
        assert sorted(n["acteur"].nom for n in nodes) == sorted(a.nom for a in carte["acteurs"])
        assert not [(a, b) for i, a in enumerate(nodes) for b in nodes[i + 1 :] if _overlap(a, b)]
        for n in nodes:  # inside the drawing, and inside its family's column
            column = next(c for c in plan["columns"] if c["value"] == n["acteur"].famille)
            assert column["x"] <= n["x"] and n["x"] + n["w"] <= column["x"] + column["w"]
            assert n["y"] + n["h"] <= plan["height"]
        assert plan["columns"][-1]["x"] + plan["columns"][-1]["w"] <= plan["width"]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_sample_files_download(fac_client, fmt):
    response = fac_client.get(reverse("acteurs:import_sample", args=[fmt]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content)


def test_unknown_sample_format_is_404(fac_client):
    assert fac_client.get(reverse("acteurs:import_sample", args=["pdf"])).status_code == 404


def test_home_panel_shows_totals_for_staff_only(client, facilitateur, partenaire, personne):
    client.force_login(facilitateur)
    html = client.get(reverse("home")).content.decode()
    assert "Base des acteurs" in html and "?sans_consentement=on" in html
    client.force_login(partenaire)
    assert "Base des acteurs" not in client.get(reverse("home")).content.decode()


def test_actor_map_coordinates_keep_a_decimal_point_in_french(fac_client, organisation, quartier):
    """French formats numbers with a comma, which would break every SVG coordinate."""
    import re

    for i in range(3):
        a = ActeurFactory(organisation=organisation, nom=f"Acteur {i}", famille="expertise")
        a.quartiers.add(quartier)
    html = fac_client.get(
        reverse("acteurs:carte", args=[quartier.pk]), HTTP_ACCEPT_LANGUAGE="fr"
    ).content.decode()
    for svg in re.findall(r"<svg viewBox.*?</svg>", html, re.S):  # screen and print layouts
        coordinates = re.findall(r' (?:x|y|width|height|d)="([^"]*)"', svg)
        assert coordinates and not [c for c in coordinates if "," in c and not c.startswith("M")]
        assert not re.search(r'(?:x|y)="\d+,\d', svg)


def test_relation_form_offers_same_neighbourhood_actors_or_search_results(
    fac_client, organisation, acteur, personne, autre_quartier
):
    far = ActeurFactory(organisation=organisation, nom="Lointaine association")
    far.quartiers.add(autre_quartier)
    url = reverse("acteurs:relation_add", args=[acteur.pk])
    html = fac_client.get(url).content.decode()
    assert f'value="{personne.pk}"' in html and f'value="{far.pk}"' not in html
    html = fac_client.get(url, {"recherche": "lointaine"}).content.decode()
    assert f'value="{far.pk}"' in html and f'value="{personne.pk}"' not in html
    # Any visible actor can still be posted.
    data = form_data(html, "relation-form", type_relation="partenariat", autre=str(far.pk))
    assert fac_client.post(url, data).status_code == 302


def test_directory_in_english_when_chosen(fac_client, personne):
    from django.conf import settings

    fac_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = fac_client.get(LIST).content.decode()
    assert "Contact base" in html and "No consent" in html


def test_structure_select_escapes_names(fac_client, organisation):
    ActeurFactory(organisation=organisation, nom="<b>Asso</b>")
    html = fac_client.get(reverse("acteurs:create")).content.decode()
    assert "&lt;b&gt;Asso&lt;/b&gt;" in html and "<b>Asso</b>" not in html
