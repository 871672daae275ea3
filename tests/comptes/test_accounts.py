import pytest
from django.core import mail
from django.urls import reverse

from comptes.models import Role
from tests.factories import QuartierFactory, UserFactory

pytestmark = pytest.mark.django_db


def _login(client, email, password="motdepasse-test"):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def test_login_page_is_in_french(client):
    response = client.get(reverse("account_login"))
    assert response.status_code == 200
    assert 'lang="fr"' in response.content.decode()
    assert "Mot de passe" in response.content.decode()


def test_user_logs_in_with_email_and_lands_on_home(client, facilitateur):
    response = _login(client, facilitateur.email)
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.get(reverse("home")).status_code == 200


def test_wrong_password_is_refused_with_a_french_message(client, facilitateur):
    response = _login(client, facilitateur.email, "pas-le-bon")
    assert response.status_code == 200
    assert "mot de passe sont incorrects" in response.content.decode()


def test_repeated_failed_logins_are_rate_limited(client, facilitateur):
    for _ in range(5):
        _login(client, facilitateur.email, "pas-le-bon")
    response = _login(client, facilitateur.email, "motdepasse-test")
    # Even the right password is refused while the limit holds.
    assert response.status_code in (200, 429)
    assert "_auth_user_id" not in client.session


def test_open_signup_is_closed(client):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "intrus@example.org",
            "password1": "Un-mot-de-passe-long",
            "password2": "Un-mot-de-passe-long",
        },
    )
    from comptes.models import User

    assert not User.objects.filter(email="intrus@example.org").exists()
    assert response.status_code in (200, 302)


def test_password_reset_sends_an_email(client, facilitateur):
    client.post(reverse("account_reset_password"), {"email": facilitateur.email})
    assert len(mail.outbox) == 1
    assert facilitateur.email in mail.outbox[0].to


@pytest.mark.parametrize("role", [Role.DIRECTION, Role.ADMINISTRATEUR])
def test_direction_and_admin_must_set_up_totp_when_required(client, settings, organisation, role):
    settings.ECOGESTION_MFA_REQUIRED = True
    user = UserFactory(organisation=organisation, role=role)
    client.force_login(user)
    response = client.get(reverse("quartiers:list"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_facilitator_is_not_forced_into_totp(client, settings, facilitateur):
    settings.ECOGESTION_MFA_REQUIRED = True
    client.force_login(facilitateur)
    assert client.get(reverse("quartiers:list")).status_code == 200


def test_mfa_requirement_can_be_turned_off_for_the_demo(client, settings, direction):
    settings.ECOGESTION_MFA_REQUIRED = False
    client.force_login(direction)
    assert client.get(reverse("quartiers:list")).status_code == 200


def test_home_lists_only_the_users_organisation(client, facilitateur, quartier, outsider):
    client.force_login(facilitateur)
    page = client.get(reverse("home")).content.decode()
    assert quartier.nom in page
    assert "Quartier étranger" not in page


def test_partner_sees_only_the_neighbourhoods_given_to_them(client, organisation, quartier):
    other = QuartierFactory(organisation=organisation, nom="Quartier non confié")
    partner = UserFactory(organisation=organisation, role=Role.PARTENAIRE)
    quartier.membres.add(partner)
    client.force_login(partner)
    page = client.get(reverse("home")).content.decode()
    assert quartier.nom in page
    assert other.nom not in page


def test_home_shows_a_facilitator_their_own_neighbourhoods_first(
    client, organisation, facilitateur, quartier
):
    other = QuartierFactory(organisation=organisation, nom="Quartier d'un collègue")
    client.force_login(facilitateur)
    page = client.get(reverse("home")).content.decode()
    section = page.split('id="mes-quartiers"', 1)[1].split("</section>", 1)[0]
    assert "Mes quartiers" in section and quartier.nom in section
    assert other.nom not in section.replace("&#x27;", "'")
    assert f'href="{reverse("quartiers:list")}">Tous les quartiers de l' in section
    assert "(2)" in section


def test_home_query_count_does_not_grow_with_neighbourhoods(
    client, organisation, direction, django_assert_max_num_queries
):
    client.force_login(direction)
    for i in range(2):
        QuartierFactory(organisation=organisation, nom=f"Quartier {i:02d}")
    with django_assert_max_num_queries(30) as few:
        client.get(reverse("home"))
    for i in range(2, 30):
        QuartierFactory(organisation=organisation, nom=f"Quartier {i:02d}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("home"))
    # Twelve cards at most, then a link to the list page.
    assert response.content.decode().count('<li class="card">') == 12
    assert "Tous les quartiers de l'organisation (30)" in response.content.decode()


def test_interface_is_french_even_for_an_english_browser(client):
    response = client.get(reverse("account_login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "Mot de passe" in response.content.decode()


def test_user_can_switch_to_english(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.get(reverse("account_login"))
    assert 'lang="en"' in response.content.decode()
    assert "Password" in response.content.decode()
