import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from comptes.audit import audit_record
from comptes.models import AuditEntry, Role
from tests.factories import ActeurFactory, QuartierFactory, UserFactory

pytestmark = pytest.mark.django_db


def _rows(response) -> list[str]:
    return [entry.object_repr for entry in response.context["page"]]


@pytest.fixture
def journal(organisation, direction, facilitateur):
    """Entries by two people, on two object types, with two actions, on two dates."""
    quartier = QuartierFactory(organisation=organisation, nom="Bas-Belleville")
    acteur = ActeurFactory(organisation=organisation, nom="Régie de quartier")
    audit_record(par=facilitateur, action=AuditEntry.Action.UPDATE, obj=quartier,
                 changes={"phase": [1, 2]})  # fmt: skip
    audit_record(par=direction, action=AuditEntry.Action.EXPORT, obj=acteur)
    old = audit_record(par=facilitateur, action=AuditEntry.Action.CREATE, obj=acteur)
    AuditEntry.objects.filter(pk=old.pk).update(
        created_at=timezone.make_aware(dt.datetime(2025, 3, 10, 12, 0))
    )
    return {"quartier": quartier, "acteur": acteur}


def test_direction_reads_the_whole_journal_of_its_organisation(
    client, direction, journal, outsider
):
    audit_record(par=outsider, action=AuditEntry.Action.CREATE, obj=outsider.organisation)
    client.force_login(direction)
    response = client.get(reverse("audit_log"))
    assert response.status_code == 200
    assert sorted(_rows(response)) == ["Bas-Belleville", "Régie de quartier", "Régie de quartier"]
    html = response.content.decode()
    assert "3 entrées" in html
    assert "Quartier · Bas-Belleville" in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("action=export", ["Régie de quartier"]),
        ("object_type=quartiers.quartier", ["Bas-Belleville"]),
        ("du=2025-03-01&au=2025-03-31", ["Régie de quartier"]),
        ("du=2026-01-01", None),  # filled in below: everything but the old entry
    ],
)
def test_filters_narrow_the_journal(client, direction, journal, query, expected):
    client.force_login(direction)
    response = client.get(f"{reverse('audit_log')}?{query}")
    rows = _rows(response)
    if expected is None:
        assert len(rows) == 2
    else:
        assert rows == expected


def test_filter_by_user(client, direction, facilitateur, journal):
    client.force_login(direction)
    response = client.get(reverse("audit_log"), {"user": facilitateur.pk})
    assert sorted(_rows(response)) == ["Bas-Belleville", "Régie de quartier"]
    assert all(entry.user == facilitateur for entry in response.context["page"])


def test_user_filter_offers_only_members_of_the_organisation(client, direction, outsider, journal):
    client.force_login(direction)
    html = client.get(reverse("audit_log")).content.decode()
    assert outsider.email not in html
    response = client.get(reverse("audit_log"), {"user": outsider.pk})
    assert 'aria-invalid="true"' in response.content.decode()


def test_inverted_period_is_a_french_error_at_the_field(client, direction, journal):
    client.force_login(direction)
    response = client.get(reverse("audit_log"), {"du": "2026-05-01", "au": "2026-04-01"})
    html = response.content.decode()
    assert "La fin de la période doit suivre son début." in html
    assert 'id="id_au_error"' in html
    assert 'aria-describedby="id_au_error"' in html
    assert 'value="2026-05-01"' in html  # what was typed is kept


def test_pagination_keeps_the_filters(client, direction, organisation):
    quartier = QuartierFactory(organisation=organisation)
    for _ in range(55):
        audit_record(
            par=direction,
            action=AuditEntry.Action.UPDATE,
            obj=quartier,
            changes={"nom": ["a", "b"]},
        )
    client.force_login(direction)
    response = client.get(reverse("audit_log"), {"action": "update"})
    assert "?action=update&amp;page=2" in response.content.decode()
    assert (
        len(client.get(reverse("audit_log"), {"action": "update", "page": 2}).context["page"]) == 5
    )


def test_facilitator_may_not_read_the_journal(client, facilitateur):
    client.force_login(facilitateur)
    response = client.get(reverse("audit_log"))
    assert response.status_code == 403
    assert "Accès refusé" in response.content.decode()


@pytest.mark.parametrize("rows", [5, 60])
def test_journal_query_count_does_not_grow_with_rows(
    client, organisation, django_assert_max_num_queries, rows
):
    admin = UserFactory(organisation=organisation, role=Role.ADMINISTRATEUR)
    authors = [UserFactory(organisation=organisation) for _ in range(3)]
    quartier = QuartierFactory(organisation=organisation)
    acteur = ActeurFactory(organisation=organisation)
    for i in range(rows):
        audit_record(par=authors[i % 3], action=AuditEntry.Action.UPDATE,
                     obj=quartier if i % 2 else acteur, changes={"nom": ["a", "b"]})  # fmt: skip
    client.force_login(admin)
    with django_assert_max_num_queries(9):
        response = client.get(reverse("audit_log"), {"action": "update", "du": "2020-01-01"})
    assert response.status_code == 200


def test_an_update_that_changed_nothing_leaves_no_entry(facilitateur, quartier):
    from quartiers import services

    services.quartier_update(quartier=quartier, data={"nom": quartier.nom}, par=facilitateur)
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.UPDATE).exists()
    before = quartier.habitants
    services.quartier_update(quartier=quartier, data={"habitants": 1234}, par=facilitateur)
    entry = AuditEntry.objects.get(action=AuditEntry.Action.UPDATE)
    assert entry.changes == {"habitants": [before, 1234]}


# --- The Django admin leaves the same trail ---------------------------------------------------


@pytest.fixture
def admin_user(organisation):
    return UserFactory(organisation=organisation, role=Role.ADMINISTRATEUR, is_staff=True,
                       is_superuser=True)  # fmt: skip


def test_a_change_made_in_the_admin_is_in_the_journal(rf, admin_user, organisation):
    from django.contrib import admin
    from django.forms import modelform_factory

    from acteurs.models import Acteur

    acteur = ActeurFactory(organisation=organisation, nom="Régie")
    model_admin = admin.site._registry[Acteur]
    request = rf.post("/admin/")
    request.user = admin_user
    form = modelform_factory(Acteur, fields=["nom", "fonction"])(
        {"nom": "Régie de quartier", "fonction": ""}, instance=acteur
    )
    assert form.is_valid()
    # The admin's own sequence for a change form.
    obj = form.save(commit=False)
    model_admin.save_model(request, obj, form, change=True)
    model_admin.save_related(request, form, [], change=True)

    entry = AuditEntry.objects.get(object_id=str(acteur.pk))
    assert entry.action == AuditEntry.Action.UPDATE
    assert entry.user == admin_user and entry.organisation == organisation
    assert entry.changes == {"via": "admin", "nom": ["Régie", "Régie de quartier"]}
    assert entry.change_lines == [
        {"champ": "Nom", "avant": "Régie", "apres": "Régie de quartier"},
        {"champ": "Saisi dans", "valeur": "l'administration Django"},
    ]


def test_a_deletion_in_the_admin_is_in_the_journal_with_its_organisation(
    client, admin_user, quartier
):
    """A manual indicator value has no organisation of its own: its neighbourhood's is used."""
    from tests.indicateurs.factories import IndicateurFactory, ValeurManuelleFactory

    valeur = ValeurManuelleFactory(
        indicateur=IndicateurFactory(organisation=quartier.organisation), quartier=quartier
    )
    client.force_login(admin_user)
    url = reverse("admin:indicateurs_valeurmanuelle_delete", args=[valeur.pk])
    assert client.post(url, {"post": "yes"}).status_code == 302

    entry = AuditEntry.objects.get(action=AuditEntry.Action.DELETE)
    assert entry.object_type == "indicateurs.valeurmanuelle"
    assert entry.organisation == quartier.organisation and entry.user == admin_user


def test_journal_shows_facts_and_changes_each_in_their_own_way(client, direction, organisation):
    acteur = ActeurFactory(organisation=organisation, nom="Régie")
    audit_record(par=direction, action=AuditEntry.Action.EXPORT, obj=acteur,
                 changes={"format": "csv"})  # fmt: skip
    audit_record(par=direction, action=AuditEntry.Action.UPDATE, obj=acteur,
                 changes={"quartiers": [["Glacière"], ["Glacière", "Rosa Parks"]],
                          "telephone": ["", "01 02 03 04 05"]})  # fmt: skip
    client.force_login(direction)
    html = client.get(reverse("audit_log")).content.decode()
    assert "<strong>format</strong> : csv</div>" in html
    # Fields by the names the forms give them; an empty value reads as a dash.
    assert "<strong>Quartiers</strong> : Glacière → Glacière, Rosa Parks</div>" in html
    assert "<strong>Téléphone</strong> : — → 01 02 03 04 05</div>" in html


def test_an_inline_row_added_in_the_admin_is_in_the_journal(client, admin_user, organisation):
    """An objective and the indicator weighted in it, added from one admin page."""
    from tests.indicateurs.factories import IndicateurFactory

    indicateur = IndicateurFactory(organisation=organisation)
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:indicateurs_objectif_add"),
        {
            "organisation": organisation.pk,
            "titre": "Informer les habitants",
            "ordre": 0,
            "liens-TOTAL_FORMS": 1,
            "liens-INITIAL_FORMS": 0,
            "liens-0-indicateur": indicateur.pk,
            "liens-0-poids": 2,
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    types = sorted(
        AuditEntry.objects.filter(action=AuditEntry.Action.CREATE, organisation=organisation)
        .exclude(object_type="acteurs.acteur")
        .values_list("object_type", flat=True)
    )
    assert types == ["indicateurs.objectif", "indicateurs.objectifindicateur"]
