"""The static SVG used by printing and by the indicators' PDF fact sheets."""

from xml.etree import ElementTree

import pytest

from cartographie.models import Statut
from cartographie.rendering import notes_svg

from .factories import AnnotationFactory, CarteFactory, categorie

pytestmark = pytest.mark.django_db


def test_svg_draws_perimeter_notes_and_legend_and_parses(carte):
    AnnotationFactory(carte=carte)
    AnnotationFactory(carte=carte, statut=Statut.EN_ATTENTE)
    svg = notes_svg(quartier=carte.quartier, cartes=[carte], width=800, height=600)
    root = ElementTree.fromstring(svg)  # noqa: S314 - our own output
    assert root.tag.endswith("svg") and root.get("width") == "800"
    assert svg.count("<circle") == 2  # one published note + its legend swatch
    assert "Îlot de chaleur (1)" in svg
    assert "1 note(s) publiée(s)" in svg


def test_svg_defaults_to_every_published_note_of_the_neighbourhood(carte):
    other = CarteFactory(quartier=carte.quartier)
    AnnotationFactory(carte=carte)
    AnnotationFactory(carte=other)
    assert "2 note(s) publiée(s)" in notes_svg(quartier=carte.quartier)


def test_svg_escapes_every_text(carte):
    carte.quartier.nom = 'Quartier <b>&"gras"'
    carte.quartier.save()
    svg = notes_svg(quartier=carte.quartier)
    ElementTree.fromstring(svg)  # noqa: S314 - our own output
    assert "<b>" not in svg and "&lt;b&gt;" in svg


def test_svg_without_perimeter_still_renders(carte):
    carte.quartier.perimetre = None
    carte.quartier.save()
    ElementTree.fromstring(notes_svg(quartier=carte.quartier))  # noqa: S314 - our own output


def test_legend_wraps_long_labels_and_names_the_session(carte):
    """A long category name ran out of the picture ("Mobilité (obstacle ou besoin) (2" cut)."""
    from cartographie.rendering import LEGEND_CHARS

    carte.titre = "Atelier du samedi <matin> au square des Envierges, avec l'école"
    carte.save()
    AnnotationFactory(carte=carte, categorie=categorie("mobilite"))
    svg = notes_svg(quartier=carte.quartier, cartes=[carte], width=800, height=600)
    root = ElementTree.fromstring(svg)  # noqa: S314 - our own output
    spans = [t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}tspan")]
    assert all(len(text) <= LEGEND_CHARS for text in spans)
    assert "(1)" in " ".join(spans) and "Mobilité" in " ".join(spans)
    assert "<matin>" in " ".join(spans)  # the session's title, escaped in the markup
    assert "&lt;matin&gt;" in svg
