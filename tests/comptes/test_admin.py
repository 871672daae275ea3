"""The Django admin: every model of the project is there for administrators, and it cannot be
used to skip the second factor."""

import io

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.apps import apps
from django.contrib import admin
from django.core.management import call_command
from django.urls import reverse

from comptes.models import Role, User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PROJECT_APPS = {"comptes", "quartiers", "acteurs", "ateliers", "enquetes", "cartographie",
                "indicateurs"}  # fmt: skip


def _project_models():
    return [m for m in apps.get_models() if m._meta.app_label in PROJECT_APPS]


def test_every_model_of_the_project_is_registered_in_the_admin():
    missing = [m._meta.label for m in _project_models() if m not in admin.site._registry]
    assert missing == []


def test_admin_pages_of_every_model_open_on_the_demo_data(client):
    """Changelist, search, add form and a change form of every model, with real rows."""
    call_command("load_demo", stdout=io.StringIO())
    client.force_login(User.objects.get(email="admin@demo.ecogestion.fr"))
    failures = []
    for model in _project_models():
        model_admin = admin.site._registry[model]
        info = (model._meta.app_label, model._meta.model_name)
        urls = [reverse("admin:{}_{}_changelist".format(*info))]
        if model_admin.search_fields:
            urls.append(urls[0] + "?q=a")
        if model_admin.has_add_permission(_request(client)):
            urls.append(reverse("admin:{}_{}_add".format(*info)))
        obj = model._default_manager.first()
        if obj is not None:
            urls.append(reverse("admin:{}_{}_change".format(*info), args=[obj.pk]))
        for url in urls:
            status = client.get(url).status_code
            if status != 200:
                failures.append((url, status))
    assert failures == []


def _request(client):
    from django.test import RequestFactory

    request = RequestFactory().get("/admin/")
    request.user = User.objects.get(pk=client.session["_auth_user_id"])
    return request


def test_admin_is_refused_to_non_staff_accounts(client, facilitateur):
    client.force_login(facilitateur)
    assert client.get(reverse("admin:index"), follow=True).status_code == 403


def test_admin_login_form_cannot_skip_the_second_factor(client, settings, organisation):
    """The admin's password-only form would log an administrator in without TOTP: it sends
    them to the platform's login (password, then code) instead."""
    settings.ECOGESTION_MFA_REQUIRED = True
    user = UserFactory(
        organisation=organisation, role=Role.ADMINISTRATEUR, is_staff=True, is_superuser=True
    )
    TOTP.activate(user, "JBSWY3DPEHPK3PXP")
    response = client.post(
        reverse("admin:login"), {"username": user.email, "password": "motdepasse-test"}
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "_auth_user_id" not in client.session
    # The platform's login asks for the code before opening the session.
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": "motdepasse-test"}
    )
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("admin:index")).status_code == 302
