"""Residents answer without an account, through the rendered form."""

import re
import time

import pytest
from django.urls import reverse

from enquetes import services
from enquetes.models import Invitation, Participation, Reponse

from .html import option_value, read_form


def _url(enquete):
    return reverse("enquetes:repondre", args=[enquete.jeton_public])


def _fill(client, enquete, **overrides):
    page = client.get(_url(enquete))
    assert page.status_code == 200
    form = read_form(page.content.decode())
    q = {x.code: x.pk for x in enquete.questions.all()}
    data = {
        "csrfmiddlewaretoken": form.fields["csrfmiddlewaretoken"][0]["value"],
        f"q{q['statut']}": option_value(form, f"q{q['statut']}", "Habitant"),
        f"q{q['satisfait']}": option_value(form, f"q{q['satisfait']}", "Oui"),
        f"q{q['satisfait']}_commentaire": "Très bien <b>merci</b>",
        f"q{q['objets']}": [
            option_value(form, f"q{q['objets']}", "Rénovation"),
            option_value(form, f"q{q['objets']}", "Autre"),
        ],
        f"q{q['objets']}_autre": "Compost",
        f"q{q['note']}": option_value(form, f"q{q['note']}", "4"),
        f"q{q['age']}": "42",
        f"q{q['idee']}": "Un jardin partagé",
        "site_web": "",
    }
    data.update(overrides)
    assert set(data) <= set(form.fields), set(data) - set(form.fields)
    return data


def test_resident_answers_and_sees_the_confirmation(client, enquete):
    response = client.post(_url(enquete), _fill(client, enquete))
    assert response.status_code == 302
    assert response["Location"] == reverse("enquetes:merci", args=[enquete.jeton_public])
    assert "Merci pour votre participation" in client.get(response["Location"]).content.decode()
    participation = Participation.objects.get(enquete=enquete)
    rows = Reponse.objects.filter(participation=participation)
    assert sorted(r.choix.valeur for r in rows if r.choix_id) == [
        "autre",
        "habitant",
        "oui",
        "renovation",
    ]
    assert rows.get(choix__valeur="autre").texte == "Compost"
    assert rows.get(nature="commentaire").texte == "Très bien <b>merci</b>"
    assert rows.get(nombre__isnull=False, question__code="note").nombre == 4
    assert participation.identite == ""


def test_form_is_accessible_markup(client, enquete):
    html = client.get(_url(enquete)).content.decode()
    assert html.count("<fieldset") >= 4  # each choice or scale question is a group
    assert "<legend>" in html
    assert 'maxlength="3000"' in html  # long text and comment boxes
    assert 'class="hp" aria-hidden="true"' in html
    # Works without JavaScript: no inline script, only the site's deferred enhancements.
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)


def test_errors_keep_every_answer_and_link_to_the_field(client, enquete):
    question = enquete.questions.get(code="satisfait")
    services.question_modifier(question=question, par=None, obligatoire=True)
    data = _fill(client, enquete)
    del data[f"q{question.pk}"]
    data[f"q{enquete.questions.get(code='age').pk}"] = "quarante"
    response = client.post(_url(enquete), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="error-summary"' in html
    assert f'href="#id_q{question.pk}_0"' in html
    assert "Ce champ est obligatoire." in html
    assert 'value="quarante"' in html
    assert "Un jardin partagé</textarea>" in html
    assert "Très bien &lt;b&gt;merci&lt;/b&gt;</textarea>" in html  # kept, escaped
    assert re.search(r'value="renovation"[^>]*checked', html)
    assert not Participation.objects.exists()
    # A screen reader reads each error with its field.
    age = enquete.questions.get(code="age")
    field = read_form(html).fields[f"q{age.pk}"][0]
    assert field["aria-invalid"] == "true"
    assert field["aria-describedby"] == f"id_q{age.pk}_error"
    assert f'id="id_q{age.pk}_error"' in html


def test_a_precision_without_autre_is_an_error_tied_to_its_box(client, enquete):
    objets = enquete.questions.get(code="objets")
    data = _fill(client, enquete)
    data[f"q{objets.pk}"] = data[f"q{objets.pk}"][:1]  # « Autre » unticked, précision kept
    html = client.post(_url(enquete), data).content.decode()
    box = read_form(html).fields[f"q{objets.pk}_autre"][0]
    assert box["value"] == "Compost"
    assert box["aria-describedby"] == f"id_q{objets.pk}_autre_error"
    assert "Cochez « Autre » pour préciser votre réponse." in html
    assert f'href="#id_q{objets.pk}_autre"' in html
    assert not Participation.objects.exists()


def test_too_long_text_is_refused(client, enquete):
    idee = enquete.questions.get(code="idee")
    response = client.post(_url(enquete), _fill(client, enquete, **{f"q{idee.pk}": "x" * 3001}))
    assert response.status_code == 200
    assert "3000 caractères" in response.content.decode()
    assert not Participation.objects.exists()


def test_honeypot_stores_nothing_and_says_thanks(client, enquete):
    response = client.post(_url(enquete), _fill(client, enquete, site_web="http://spam.example"))
    assert response.status_code == 302
    assert not Participation.objects.exists()


def test_rate_limit_per_connection(client, enquete, settings):
    settings.ENQUETES_SUBMISSIONS_PER_HOUR = 2
    for _ in range(2):
        assert client.post(_url(enquete), _fill(client, enquete)).status_code == 302
    response = client.post(_url(enquete), _fill(client, enquete))
    assert response.status_code == 429
    assert "Trop d'envois" in response.content.decode()
    assert Participation.objects.count() == 2
    # Another connection is not affected.
    other = client.post(_url(enquete), _fill(client, enquete), REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 302


def test_rate_limit_counts_only_accepted_answers(client, enquete, settings):
    """A resident who corrects mistakes several times is not taken for a robot."""
    settings.ENQUETES_SUBMISSIONS_PER_HOUR = 1
    age = enquete.questions.get(code="age")
    for _ in range(3):
        wrong = client.post(_url(enquete), _fill(client, enquete, **{f"q{age.pk}": "quarante"}))
        assert wrong.status_code == 200 and 'id="error-summary"' in wrong.content.decode()
    assert client.post(_url(enquete), _fill(client, enquete)).status_code == 302
    assert client.post(_url(enquete), _fill(client, enquete)).status_code == 429
    assert Participation.objects.count() == 1


def test_rate_limit_behind_a_proxy_counts_each_visitor(client, enquete, settings):
    """Behind the reverse proxy REMOTE_ADDR is the proxy's: the configured header tells
    residents apart (its last value, the one the proxy wrote)."""
    settings.ENQUETES_SUBMISSIONS_PER_HOUR = 1
    settings.CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    first = {"HTTP_X_FORWARDED_FOR": "198.51.100.7", **proxy}
    assert client.post(_url(enquete), _fill(client, enquete), **first).status_code == 302
    assert client.post(_url(enquete), _fill(client, enquete), **first).status_code == 429
    # A forged first value does not escape the counter.
    forged = {"HTTP_X_FORWARDED_FOR": "203.0.113.99, 198.51.100.7", **proxy}
    assert client.post(_url(enquete), _fill(client, enquete), **forged).status_code == 429
    other = {"HTTP_X_FORWARDED_FOR": "198.51.100.8", **proxy}
    assert client.post(_url(enquete), _fill(client, enquete), **other).status_code == 302
    assert Participation.objects.count() == 2


def test_an_empty_form_is_refused_and_stores_nothing(client, enquete):
    csrf = _fill(client, enquete)["csrfmiddlewaretoken"]
    response = client.post(_url(enquete), {"csrfmiddlewaretoken": csrf, "site_web": ""})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="error-summary"' in html
    assert "Répondez à au moins une question avant d&#x27;envoyer." in html
    assert not Participation.objects.exists()
    # One comment alone is an answer.
    satisfait = enquete.questions.get(code="satisfait")
    response = client.post(
        _url(enquete),
        {"csrfmiddlewaretoken": csrf, f"q{satisfait.pk}_commentaire": "Rien à signaler"},
    )
    assert response.status_code == 302 and Participation.objects.count() == 1


def test_required_note_only_when_a_question_is_required(client, enquete):
    note = "astérisque (*) sont obligatoires."
    assert note not in client.get(_url(enquete)).content.decode()
    question = enquete.questions.get(code="satisfait")
    services.question_modifier(question=question, par=None, obligatoire=True)
    assert note in client.get(_url(enquete)).content.decode()


def test_rate_limit_key_does_not_contain_the_ip(rf, enquete):
    from ecogestion.ratelimit import client_key

    request = rf.get("/", REMOTE_ADDR="192.0.2.44")
    assert "192.0.2.44" not in client_key(request, f"enquetes:{enquete.pk}")


def test_closed_survey_refuses_with_a_clear_message(client, enquete):
    data = _fill(client, enquete)
    services.enquete_fermer(enquete=enquete, par=None)
    response = client.post(_url(enquete), data)
    assert response.status_code == 410
    assert "Cette enquête est fermée" in response.content.decode()
    assert not Participation.objects.exists()


def test_draft_survey_link_is_404(client, organisation):
    from .factories import STANDARD, make_enquete

    draft = make_enquete(organisation, questions=STANDARD, ouverte=False)
    assert client.get(_url(draft)).status_code == 404


def test_invitation_link_answers_once_and_is_not_tied_to_the_answers(client, enquete):
    invitation = Invitation.objects.create(enquete=enquete)
    url = reverse("enquetes:invitation", args=[invitation.jeton])
    page = client.get(url)
    form_data = _fill(client, enquete)
    response = client.post(url, form_data)
    assert page.status_code == 200 and response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.utilisee_le is not None
    again = client.post(url, form_data)
    assert again.status_code == 410
    assert "déjà servi" in again.content.decode()
    assert Participation.objects.count() == 1
    field_names = {f.name for f in Participation._meta.get_fields()}
    assert not field_names & {"invitation", "email", "ip"}


def test_named_survey_asks_for_an_optional_name(client, organisation):
    from .factories import STANDARD, make_enquete

    enquete = make_enquete(organisation, questions=STANDARD[:2], anonyme=False)
    page = client.get(_url(enquete)).content.decode()
    assert 'name="identite"' in page
    q = {x.code: x.pk for x in enquete.questions.all()}
    form = read_form(page)
    client.post(
        _url(enquete),
        {f"q{q['statut']}": option_value(form, f"q{q['statut']}", "Habitant"), "identite": "Awa"},
    )
    assert Participation.objects.get().identite == "Awa"


def test_qr_code_is_a_standalone_svg_of_the_public_link(client, facilitateur, enquete):
    client.force_login(facilitateur)
    response = client.get(reverse("enquetes:qr", args=[enquete.pk]))
    body = response.content.decode()
    assert response["Content-Type"] == "image/svg+xml"
    assert 'xmlns="http://www.w3.org/2000/svg"' in body
    poster = client.get(reverse("enquetes:affiche", args=[enquete.pk])).content.decode()
    assert f"/enquetes/r/{enquete.jeton_public}/" in poster and "<svg" in poster


def _invitable(enquete, quartier, **kw):
    from tests.factories import ActeurFactory

    acteur = ActeurFactory(organisation=enquete.organisation, nature="personne", **kw)
    acteur.quartiers.add(quartier)
    return acteur


@pytest.mark.django_db(transaction=True)
def test_invitations_are_emailed_by_the_worker_once_from_the_contact_base(
    client, celery_worker_session, facilitateur, enquete, quartier, mailoutbox
):
    awa = _invitable(enquete, quartier, prenom="Awa", nom="Diop", email="awa@example.org")
    _invitable(enquete, quartier, nom="Sans Mail", email="")
    client.force_login(facilitateur)
    url = reverse("enquetes:diffusion", args=[enquete.pk])
    page = client.get(url).content.decode()
    assert "Awa Diop" in page and "Sans Mail" not in page
    response = client.post(url, {"acteurs": [awa.pk]})
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    _wait_until(lambda: Invitation.objects.get().envoyee_le is not None)
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["awa@example.org"]
    assert f"http://testserver/enquetes/i/{invitation.jeton}/" in mailoutbox[0].body
    assert "1 envoyée(s), 0 utilisée(s)." in client.get(url).content.decode()
    # Already invited: no longer offered, never e-mailed twice.
    assert "Awa Diop" not in client.get(url).content.decode()
    services.invitations_envoyer(enquete=enquete, acteurs=[awa], par=None, base_url="http://x")
    services.invitation_envoyer(invitation_id=invitation.pk, base_url="http://x")
    assert len(mailoutbox) == 1
    # The answer given through the link holds no trace of the address.
    client.logout()
    client.post(reverse("enquetes:invitation", args=[invitation.jeton]), _fill(client, enquete))
    assert not Reponse.objects.filter(texte__contains="awa@").exists()
    assert Participation.objects.get().identite == ""


def _wait_until(condition, timeout=60):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the worker did not finish in time"
        time.sleep(0.2)


def test_invite_the_whole_list_at_once(
    client, facilitateur, enquete, quartier, django_capture_on_commit_callbacks
):
    """As the experiment did: one e-mail to every person reached, not one box per person."""
    people = [
        _invitable(enquete, quartier, nom=f"Nom{i}", email=f"p{i}@example.org") for i in range(3)
    ]
    client.force_login(facilitateur)
    url = reverse("enquetes:diffusion", args=[enquete.pk])
    refused = client.post(url, {})
    assert refused.status_code == 200
    assert "Cochez au moins une personne, ou toute la liste." in refused.content.decode()
    with django_capture_on_commit_callbacks() as queued:
        assert client.post(url, {"tous": "on"}).status_code == 302
    assert sorted(Invitation.objects.values_list("acteur_id", flat=True)) == sorted(
        p.pk for p in people
    )
    assert len(queued) == 1  # one task for the whole list, after the commit


def test_a_sending_error_is_shown_and_can_be_retried(
    client, facilitateur, enquete, quartier, mailoutbox, settings
):
    awa = _invitable(enquete, quartier, prenom="Awa", nom="Diop", email="awa@example.org")
    invitation = Invitation.objects.create(enquete=enquete, acteur=awa)
    # An SMTP server that refuses the connection (nothing listens on port 9 here).
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 5
    assert services.invitation_envoyer(invitation_id=invitation.pk, base_url="http://x") is False
    invitation.refresh_from_db()
    assert invitation.envoyee_le is None and invitation.erreur_envoi
    client.force_login(facilitateur)
    url = reverse("enquetes:diffusion", args=[enquete.pk])
    page = client.get(url).content.decode()
    assert (
        "1 invitation(s) n&#x27;ont pas pu partir" in page
        or "1 invitation(s) n'ont pas pu partir" in page
    )
    assert "Relancer l&#x27;envoi" in page or "Relancer l'envoi" in page
    # The server is back: the retry sends it.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    client.post(url, {"action": "relancer"})
    invitation.refresh_from_db()
    assert invitation.erreur_envoi == ""
    assert services.invitation_envoyer(invitation_id=invitation.pk, base_url="http://x")
    assert len(mailoutbox) == 1
    assert "0 en cours" not in client.get(url).content.decode()


def test_survey_past_its_last_day_refuses_answers(client, enquete, facilitateur):
    import datetime as dt

    from django.utils import timezone

    data = _fill(client, enquete)
    enquete = services.enquete_modifier(
        enquete=enquete, par=None, fin_prevue=timezone.localdate() - dt.timedelta(days=1)
    )
    response = client.post(_url(enquete), data)
    assert response.status_code == 410
    assert "Les réponses étaient possibles jusqu" in response.content.decode()
    assert not Participation.objects.exists()
    services.enquete_modifier(enquete=enquete, par=None, fin_prevue=timezone.localdate())
    assert client.post(_url(enquete), data).status_code == 302
