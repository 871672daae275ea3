"""The Django admin (administrators) works under the strict CSP: no blocked script or style."""

import pytest
from django.urls import reverse

from comptes.models import Role
from tests.factories import UserFactory

from .conftest import authenticate, visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_admin_pages_run_under_the_csp(page, world):
    admin = UserFactory(
        organisation=world.organisation, role=Role.ADMINISTRATEUR, is_staff=True, is_superuser=True
    )
    authenticate(page, admin)
    for name, url in [
        ("admin-index", reverse("admin:index")),
        ("admin-organisations", reverse("admin:comptes_organisation_changelist")),
        (
            "admin-organisation",
            reverse("admin:comptes_organisation_change", args=[world.organisation.pk]),
        ),
        ("admin-utilisateur-ajout", reverse("admin:comptes_user_add")),
    ]:
        # Django's admin is not ours to restyle: console errors (CSP) are checked, axe is not.
        visit(page, url, name=name, axe=False)
