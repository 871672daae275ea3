"""The issue's "done when", through the pages as a facilitator and residents use them: the
evaluation survey built from the template, opened, answered through its public link, and its
results page checked figure by figure (including skipped optional questions, « Autre,
précisez », multiple choice as a share of respondents and a small group); then closed."""

import re

from django.urls import reverse

from enquetes.models import Enquete, Participation, Reponse

from .html import read_form

# Six residents. Absent keys: the question is skipped (every question is optional).
RESIDENTS = [
    {"statut": ["beneficiaire_particulier"], "territoire": ["bas_belleville"],
     "expliquer_role": "oui", "satisfaction": "oui", "contacts_directs": "plus_d_une_fois",
     "objets_prioritaires": ["renovation", "vegetalisation"], "payer": "non",
     "satisfaction_commentaire": "Très utile <b>vraiment</b>"},
    {"statut": ["beneficiaire_particulier", "partenaire"], "territoire": ["ilot_13"],
     "expliquer_role": "oui", "satisfaction": "oui", "contacts_directs": "plus_de_10_fois",
     "objets_prioritaires": ["renovation", "autre"], "objets_prioritaires_autre": "Compost",
     "payer": "oui"},
    {"statut": ["partenaire"], "territoire": ["bas_belleville"], "expliquer_role": "oui",
     "satisfaction": "non", "contacts_directs": "non",
     "objets_prioritaires": ["espaces_echange"], "payer": "non"},
    {"statut": ["superviseur"], "territoire": ["rosa_parks"], "expliquer_role": "non",
     "satisfaction": "oui", "contacts_directs": "une_fois"},
    {"territoire": ["bas_belleville", "ilot_13"], "expliquer_role": "oui", "satisfaction": "oui",
     "contacts_directs": "plus_d_une_fois", "objets_prioritaires": ["renovation"]},
    {"statut": ["beneficiaire_professionnel"], "satisfaction": "oui",
     "contacts_directs": "plus_d_une_fois", "objets_prioritaires": ["autre"],
     "objets_prioritaires_autre": "Jardins partagés"},
]  # fmt: skip

# What the results page must print: (answer, count, percentage) per question.
EXPECTED = {
    "statut": (5, [  # R5 skipped it; two boxes for R2: the column adds up to 120 %
        ("Superviseur·e ou accompagnateur·trice de l'expérimentation", 1, "20,0 %"),
        ("Chargé·e de l'expérimentation", 0, "0,0 %"),
        ("Bénéficiaire de l'expérimentation particulier·ère", 2, "40,0 %"),
        ("Bénéficiaire de l'expérimentation professionnel·le", 1, "20,0 %"),
        ("Partenaire de l'expérimentation", 2, "40,0 %"),
    ]),
    "expliquer_role": (5, [("Oui", 4, "80,0 %"), ("Non", 1, "20,0 %")]),
    "satisfaction": (6, [("Oui", 5, "83,3 %"), ("Non", 1, "16,7 %")]),
    "contacts_directs": (6, [
        ("Non", 1, "16,7 %"), ("Oui, une fois", 1, "16,7 %"),
        ("Oui et plus d'une fois", 3, "50,0 %"), ("Oui et plus de 10 fois", 1, "16,7 %"),
    ]),
    "objets_prioritaires": (5, [
        ("La rénovation énergétique des copropriétés", 3, "60,0 %"),
        ("La végétalisation des cœurs d'îlot", 1, "20,0 %"),
        ("La création d'espaces d'échange", 1, "20,0 %"),
        ("L'aménagement de locaux vélos", 0, "0,0 %"),
        ("La réduction des déchets et le réemploi", 0, "0,0 %"),
        ("Le réaménagement des espaces publics", 0, "0,0 %"),
        ("Autre", 2, "40,0 %"),
    ]),
    "payer": (3, [("Oui", 1, "33,3 %"), ("Non", 2, "66,7 %")]),
    "porteur": (0, [("Oui", 0, "—"), ("Non", 0, "—")]),  # nobody answered it
}  # fmt: skip


def _answer_through_the_public_form(client, url, values):
    page = client.get(url)
    assert page.status_code == 200
    form = read_form(page.content.decode())
    enquete = Enquete.objects.get(jeton_public=url.strip("/").split("/")[-1])
    codes = {q.code: q.pk for q in enquete.questions.all()}
    data = {"csrfmiddlewaretoken": form.fields["csrfmiddlewaretoken"][0]["value"]}
    for key, value in values.items():
        if key.endswith(("_commentaire", "_autre")):
            code, _sep, suffix = key.rpartition("_")
            data[f"q{codes[code]}_{suffix}"] = value
            continue
        name = f"q{codes[key]}"
        wanted = value if isinstance(value, list) else [value]
        offered = {attrs["value"] for attrs in form.fields[name]}
        assert set(wanted) <= offered, (key, wanted, offered)
        data[name] = wanted
    assert set(data) <= set(form.fields)
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return response


def _table(html, question):
    article = html[html.index(f'id="q-{question.pk}"') :]
    article = article[: article.index("</article>")]
    rows = re.findall(
        r'<tr><th scope="row">([^<]*)</th><td class="num">(\d+)</td><td class="num">([^<]*)</td>',
        article,
    )
    repondants = int(re.search(r"(\d+) répondant", article)[1])
    # French formatting: a non-breaking space before "%" (written as a plain one above).
    assert all(p == "—" or p.endswith("\u00a0%") for _l, _n, p in rows)
    return (
        article,
        repondants,
        [(lbl.replace("&#x27;", "'"), int(n), p.replace("\u00a0", " ")) for lbl, n, p in rows],
    )


def test_evaluation_survey_from_template_to_results(client, facilitateur, quartier, outsider):
    client.force_login(facilitateur)
    client.post(reverse("enquetes:from_template"), {"quartiers": [quartier.pk]})
    enquete = Enquete.objects.get()
    client.post(reverse("enquetes:statut", args=[enquete.pk]), {"action": "ouvrir"})
    diffusion = client.get(reverse("enquetes:diffusion", args=[enquete.pk])).content.decode()
    public = reverse("enquetes:repondre", args=[enquete.jeton_public])
    assert f"http://testserver{public}" in diffusion  # the link to share (and its QR code)

    for values in RESIDENTS:
        resident = type(client)()  # a new visitor, no account
        response = _answer_through_the_public_form(resident, public, values)
        assert (
            "Merci pour votre participation" in resident.get(response["Location"]).content.decode()
        )
    assert Participation.objects.filter(enquete=enquete).count() == 6
    assert set(Reponse.objects.filter(choix__est_autre=True).values_list("texte", flat=True)) == {
        "Compost",
        "Jardins partagés",
    }

    html = client.get(reverse("enquetes:results", args=[enquete.pk])).content.decode()
    assert re.search(r"<dt>Répondant·es</dt><dd>6</dd>", html)
    questions = {q.code: q for q in enquete.questions.all()}
    for code, (repondants, lines) in EXPECTED.items():
        article, shown, rows = _table(html, questions[code])
        assert (shown, rows) == (repondants, lines), code
        if repondants:
            assert '<svg xmlns="http://www.w3.org/2000/svg" role="img"' in article, code
    # A chart per answered question (7), none of empty bars for the 18 that nobody answered;
    # the resident's comment is counted, never rendered as HTML.
    assert html.count('class="chart chart--fluid"') == 7
    assert "<b>vraiment</b>" not in html

    # A split by status hides groups under 5 people: here, all of them.
    statut = questions["statut"]
    split = client.get(
        reverse("enquetes:results", args=[enquete.pk]), {"ventiler": statut.pk}
    ).content.decode()
    assert split.count("masqué") >= 5
    # Filtering on one status leaves 2 respondents: only their number is shown.
    partenaire = statut.choix.get(valeur="partenaire")
    filtered = client.get(
        reverse("enquetes:results", args=[enquete.pk]), {f"s{statut.pk}": partenaire.pk}
    ).content.decode()
    assert "Moins de 5 répondant·es dans cette sélection" in filtered
    assert 'id="q-' not in filtered

    # Another organisation does not even learn that the survey exists.
    client.force_login(outsider)
    assert client.get(reverse("enquetes:results", args=[enquete.pk])).status_code == 404

    # Closed: the link refuses new answers with a clear message, and stores nothing.
    client.force_login(facilitateur)
    client.post(reverse("enquetes:statut", args=[enquete.pk]), {"action": "fermer"})
    late = type(client)()
    page = late.get(public)
    assert page.status_code == 410
    assert "Cette enquête est fermée : elle n'accepte plus de réponses." in page.content.decode()
    assert late.post(public, {}).status_code == 410
    assert Participation.objects.filter(enquete=enquete).count() == 6
