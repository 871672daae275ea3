"""Verbatims: automatic masking, manual edit, quotable flag, themes."""

import pytest
from django.urls import reverse

from enquetes import selectors, services
from enquetes.anonymisation import masquer
from enquetes.models import Reponse
from tests.factories import ActeurFactory

from .known import feed


@pytest.mark.parametrize(
    ("texte", "attendu"),
    [
        ("Écrivez à jean.dupont@example.org merci", "Écrivez à […] merci"),
        ("Appelez le 06 12 34 56 78 ou +33 6 12 34 56 78", "Appelez le […] ou […]"),
        ("Appelez le 01.43.55.66.77.", "Appelez le […]."),
        ("Je m'appelle Paul Durand et j'habite ici", "Je m'appelle […] et j'habite ici"),
        ("Merci à Mme Lefèvre et à M. Diallo", "Merci à Mme […] et à M. […]"),
        ("La rénovation en 2023 coûte 12 000 €", "La rénovation en 2023 coûte 12 000 €"),
    ],
)
def test_automatic_masking(texte, attendu):
    assert masquer(texte) == attendu


def test_known_actor_names_are_masked(organisation):
    assert masquer("Grâce à Sophie Martin, tout va mieux", ["Sophie Martin", "Martin"]) == (
        "Grâce à […], tout va mieux"
    )


def test_facilitator_anonymises_quotes_and_codes_a_verbatim(
    client, facilitateur, enquete, small_threshold
):
    feed(enquete)
    ActeurFactory(organisation=enquete.organisation, nature="personne", prenom="Paul", nom="Durand")
    idee = Reponse.objects.get(question__code="idee")
    client.force_login(facilitateur)
    client.post(reverse("enquetes:theme_add", args=[enquete.pk]), {"nom": "Mobilisation"})
    theme = enquete.themes.get()
    url = reverse("enquetes:verbatim_edit", args=[enquete.pk, idee.pk])
    page = client.get(url).content.decode()
    # The suggested text is already masked (name, e-mail, phone).
    assert "paul.durand@example.org" in page  # the original, shown for reference
    assert "Je m&#x27;appelle […], écrivez-moi à […] ou au […]</textarea>" in page
    client.post(
        url,
        {
            "texte_anonymise": "Je m'appelle […], un jardin svp",
            "citable": "on",
            "themes": [theme.pk],
        },
    )
    idee.refresh_from_db()
    assert idee.citable and idee.texte_anonymise == "Je m'appelle […], un jardin svp"
    assert list(idee.themes.all()) == [theme]
    listing = client.get(reverse("enquetes:verbatims", args=[enquete.pk]), {"theme": theme.pk})
    assert listing.context["page"].paginator.count == 1
    assert [t.n for t in selectors.themes_avec_compte(enquete)] == [1]
    # Quotable verbatims appear on the results page, anonymised only.
    results = client.get(reverse("enquetes:results", args=[enquete.pk])).content.decode()
    assert "un jardin svp" in results and "paul.durand@example.org" not in results


def test_bulk_anonymisation_fills_every_text(client, facilitateur, enquete, small_threshold):
    feed(enquete)
    client.force_login(facilitateur)
    client.post(reverse("enquetes:verbatims_anonymise", args=[enquete.pk]))
    texts = Reponse.objects.exclude(texte="")
    assert texts.count() == 3 and not texts.filter(texte_anonymise="").exists()
    assert "example.org" not in texts.get(question__code="idee").texte_anonymise


def test_residents_html_is_escaped_on_the_verbatims_page(client, facilitateur, enquete):
    from .factories import answer

    answer(enquete, {"idee": "<script>alert(1)</script>"})
    client.force_login(facilitateur)
    html = client.get(reverse("enquetes:verbatims", args=[enquete.pk])).content.decode()
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)" in html


def test_theme_from_another_survey_is_refused(enquete, organisation):
    from .factories import STANDARD, answer, make_enquete

    other = make_enquete(organisation, questions=STANDARD)
    theme = services.theme_ajouter(enquete=other, par=None, nom="Ailleurs")
    answer(enquete, {"idee": "Bonjour"})
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.verbatim_modifier(
            reponse=Reponse.objects.get(),
            par=None,
            texte_anonymise="",
            citable=True,
            themes=[theme],
        )


def test_verbatims_filtered_to_a_small_group_are_hidden(client, facilitateur, enquete, settings):
    from .factories import answer

    settings.SMALL_GROUP_THRESHOLD = 3
    for i in range(3):
        answer(
            enquete,
            {"statut": "habitant", "satisfait": "oui", "satisfait_commentaire": f"Habitant {i}"},
        )
    answer(
        enquete,
        {"statut": "partenaire", "satisfait": "non", "satisfait_commentaire": "Seul partenaire"},
    )
    statut = enquete.questions.get(code="statut")
    partenaire = statut.choix.get(valeur="partenaire")
    habitant = statut.choix.get(valeur="habitant")
    client.force_login(facilitateur)
    url = reverse("enquetes:verbatims", args=[enquete.pk])
    # The whole survey stays readable for coding.
    assert "Seul partenaire" in client.get(url).content.decode()
    # Narrowed to one partner: nothing, with the reason.
    html = client.get(url, {f"s{statut.pk}": partenaire.pk}).content.decode()
    assert "Seul partenaire" not in html and "Moins de 3 répondant·es" in html
    # A big enough group lists its own texts only.
    html = client.get(url, {f"s{statut.pk}": habitant.pk}).content.decode()
    assert "Habitant 2" in html and "Seul partenaire" not in html
    # Also under the threshold through a date range.
    html = client.get(url, {"du": "2000-01-01", "au": "2000-01-02"}).content.decode()
    assert "Habitant" not in html.split("Moins de 3")[-1]
