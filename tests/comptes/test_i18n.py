"""English is real: one complete catalogue, and pages switch to it from the footer."""

import ast
import re
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path

from django.conf import settings
from django.urls import reverse

from tests.enquetes.factories import STANDARD, make_enquete

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"
PLACEHOLDER = re.compile(r"%(?:\(\w+\))?[-#0 +]*\d*(?:\.\d+)?[sdifr%]")


@dataclass
class Entry:
    line: int
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    obsolete: bool = False


def read_catalogue(path: Path) -> list[Entry]:
    """The entries of a .po file (enough of the format for makemessages' output)."""
    entries: list[Entry] = []
    entry, target = None, None
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            entry, target = None, None
            continue
        if entry is None:
            entry = Entry(line=number)
            entries.append(entry)
        if line.startswith("#~"):
            entry.obsolete = True
        elif line.startswith("#,"):
            entry.flags |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            _append(entry, target, ast.literal_eval(line))
        else:
            keyword, value = line.split(" ", 1)
            target = keyword
            if keyword.startswith("msgstr"):
                entry.msgstr[int(keyword[7:-1]) if "[" in keyword else 0] = ""
            _append(entry, target, ast.literal_eval(value))
    return entries


def _append(entry: Entry, target: str, text: str) -> None:
    if target == "msgid":
        entry.msgid += text
    elif target == "msgid_plural":
        entry.msgid_plural = (entry.msgid_plural or "") + text
    else:
        index = int(target[7:-1]) if "[" in target else 0
        entry.msgstr[index] += text


def _messages() -> list[Entry]:
    return [e for e in read_catalogue(CATALOGUE) if e.msgid and not e.obsolete]


def test_english_catalogue_translates_every_message():
    messages = _messages()
    assert len(messages) > 1000  # the whole interface, not a handful of strings
    untranslated = [e.msgid for e in messages if not all(e.msgstr.values())]
    fuzzy = [e.msgid for e in messages if "fuzzy" in e.flags]
    assert untranslated == [], "untranslated: run `make makemessages`, translate, `make messages`"
    assert fuzzy == [], "fuzzy entries are not used by Django: check and unflag them"


def test_english_plurals_have_both_forms():
    plurals = [e for e in _messages() if e.msgid_plural is not None]
    assert plurals
    for entry in plurals:
        assert sorted(entry.msgstr) == [0, 1], entry.msgid


def test_english_translations_keep_the_placeholders():
    """A placeholder lost or renamed breaks the page in English only (KeyError at render)."""
    for entry in _messages():
        expected = set(PLACEHOLDER.findall(entry.msgid + (entry.msgid_plural or "")))
        for text in entry.msgstr.values():
            assert set(PLACEHOLDER.findall(text)) == expected, (entry.line, entry.msgid)
        assert entry.msgid.endswith("\n") == entry.msgstr[0].endswith("\n"), entry.msgid


def test_translations_live_in_one_catalogue():
    """Django also reads <app>/locale/: a second catalogue there would shadow this one."""
    app_catalogues = [
        path
        for path in Path(settings.BASE_DIR).glob("*/locale")
        if (path.parent / "apps.py").exists()
    ]
    assert app_catalogues == []
    assert [Path(settings.BASE_DIR) / "locale"] == settings.LOCALE_PATHS


def test_compiled_catalogue_is_current():
    compiled = CATALOGUE.with_suffix(".mo")
    assert compiled.exists(), "run `make messages`"
    assert compiled.stat().st_mtime >= CATALOGUE.stat().st_mtime, "run `make messages`"


def _choose_english(client, page) -> str:
    """Submit the footer's language form as a browser would; returns the page it leads to."""
    html = page.content.decode()
    form = re.search(
        r'<form action="([^"]+)" method="post" class="lang-form">(.*?)</form>', html, re.S
    )
    assert form, "the footer has a language form"
    action, body = form.groups()
    fields = dict(re.findall(r'<input name="(\w+)" type="hidden" value="([^"]*)"', body))
    fields.update(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', body))
    assert '<option value="en"' in body
    response = client.post(unescape(action), {**fields, "language": "en"})
    assert response.status_code == 302
    return response["Location"]


def test_neighbourhood_list_switches_to_english(client, facilitateur, quartier):
    client.force_login(facilitateur)
    url = reverse("quartiers:list")
    french = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert '<html lang="fr">' in french.content.decode()
    assert "<h1>Quartiers</h1>" in french.content.decode()

    assert _choose_english(client, french) == url
    html = client.get(url).content.decode()

    assert '<html lang="en">' in html
    assert "<h1>Neighbourhoods</h1>" in html
    assert "1 neighbourhood supported." in html
    assert "Current phase:" in html
    assert quartier.get_phase_display() in html  # model choices follow the language too
    assert "Skip to content" in html
    for french_text in ("Quartiers", "Phase actuelle", "Aller au contenu", "Habitants"):
        assert french_text not in html


def test_public_survey_switches_to_english_for_a_resident(client, organisation, quartier):
    # One required question: the note about asterisks only shows then.
    questions = [{**STANDARD[0], "obligatoire": True}, *STANDARD[1:]]
    enquete = make_enquete(organisation, quartiers=[quartier], questions=questions)
    url = reverse("enquetes:repondre", args=[enquete.jeton_public])
    french = client.get(url)
    assert "Envoyer mes réponses" in french.content.decode()

    assert _choose_english(client, french) == url
    html = client.get(url).content.decode()

    assert '<html lang="en">' in html
    assert "Send my answers" in html
    assert "Questions marked with an asterisk (*) are required." in html
    assert "Comment (optional)" in html
    assert enquete.titre in html  # what the team wrote stays as written
    for french_text in ("Envoyer mes réponses", "obligatoires", "Commentaire (facultatif)"):
        assert french_text not in html


def test_french_stays_the_default_for_an_english_browser(client, organisation, quartier):
    enquete = make_enquete(organisation, quartiers=[quartier], questions=STANDARD)
    url = reverse("enquetes:repondre", args=[enquete.jeton_public])
    html = client.get(url, HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9").content.decode()
    assert '<html lang="fr">' in html
    assert "Envoyer mes réponses" in html
