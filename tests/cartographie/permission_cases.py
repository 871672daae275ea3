from cartographie.models import ImportAnnotations
from tests.permission_table import (
    EDIT_QUARTIER_PAGE,
    PUBLIC,
    READ_ORGANISATION,
    READ_QUARTIER,
    Case,
    expect,
)

from .factories import AnnotationFactory, CarteFactory

POINT = '{"type": "Point", "coordinates": [2.385, 48.872]}'
# The editors of world.quartier's maps: administrators and its assigned facilitator.
EDIT_POST = expect(
    anonyme=302, administrateur=302, direction=403, facilitateur=302,
    partenaire=403, partenaire_autre=404, etranger=404,
)  # fmt: skip
# Public links: no account needed; a closed session refuses notes whoever posts.
REFUSED = expect(
    anonyme=403, administrateur=403, direction=403, facilitateur=403,
    partenaire=403, partenaire_autre=403, etranger=403,
)  # fmt: skip
# The table reads an anonymous 302 as "sent to login", so the open link is posted an incomplete
# note here (400: the form answers, no login asked); test_public.py covers the accepted note.
PUBLIC_POST_INCOMPLETE = expect(
    anonyme=400, administrateur=400, direction=400, facilitateur=400,
    partenaire=400, partenaire_autre=400, etranger=400,
)  # fmt: skip


def build(world):
    world.carte = CarteFactory(quartier=world.quartier, titre="Carte A1", ouverte=True)
    world.carte_fermee = CarteFactory(quartier=world.quartier, titre="Carte fermée", ouverte=False)
    world.note = AnnotationFactory(carte=world.carte, statut="en_attente")
    world.carte_etrangere = CarteFactory(quartier=world.quartier_etranger, titre="Carte B1")
    world.import_ = ImportAnnotations.objects.create(
        carte=world.carte,
        nom_fichier="notes.geojson",
        donnees={
            "type": "FeatureCollection",
            "features": [
                {
                    "type": "Feature",
                    "geometry": {"type": "Point", "coordinates": [2.385, 48.872]},
                    "properties": {
                        "name": "Cour",
                        "description": "Trop chaud",
                        "categorie": "Lieu frais",
                    },
                },
                # Far outside: the preview (and the page sweep) shows a reject.
                {
                    "type": "Feature",
                    "geometry": {"type": "Point", "coordinates": [2.30, 48.84]},
                    "properties": {"name": "Loin", "categorie": "Lieu frais"},
                },
            ],
        },
    )


def _q(w):
    return {"pk": w.quartier.pk}


def _c(w):
    return {"pk": w.carte.pk}


def _note_data(w):
    return {
        "geometrie": POINT,
        "categorie": _cat(),
        "ressenti": "negatif",
        "commentaire": "Cour brûlante",
    }


def _cat():
    from cartographie.models import Categorie

    return Categorie.objects.get(slug="lieu-frais").pk


CASES = [
    Case("cartographie:index", READ_ORGANISATION),
    Case("cartographie:quartier_carte", READ_QUARTIER, kwargs=_q),
    Case("cartographie:quartier_notes", READ_QUARTIER, kwargs=_q),
    Case("cartographie:quartier_densite", READ_QUARTIER, kwargs=_q),
    Case("cartographie:quartier_tableau", READ_QUARTIER, kwargs=_q),
    Case("cartographie:export_geojson", READ_QUARTIER, kwargs=_q),
    Case("cartographie:export_csv", READ_QUARTIER, kwargs=_q),
    Case("cartographie:carte_creer", EDIT_QUARTIER_PAGE, kwargs=_q),
    Case(
        "cartographie:carte_creer",
        EDIT_POST,
        kwargs=_q,
        method="post",
        data=lambda w: {"titre": "Nouvelle", "echelle": "ilot", "saison": "ete", "ouverte": "on"},
    ),
    Case("cartographie:carte_detail", READ_QUARTIER, kwargs=_c),
    Case("cartographie:carte_detail", EDIT_POST, kwargs=_c, method="post", data=_note_data),
    Case("cartographie:carte_modifier", EDIT_QUARTIER_PAGE, kwargs=_c),
    Case(
        "cartographie:carte_renouveler_lien", EDIT_POST, kwargs=_c, method="post", data=lambda w: {}
    ),
    Case("cartographie:carte_qr", EDIT_QUARTIER_PAGE, kwargs=_c),
    Case("cartographie:carte_svg", READ_QUARTIER, kwargs=_c),
    Case("cartographie:carte_imprimer", READ_QUARTIER, kwargs=_c),
    Case("cartographie:moderation", EDIT_QUARTIER_PAGE, kwargs=_c),
    Case(
        "cartographie:moderation",
        EDIT_POST,
        kwargs=_c,
        method="post",
        data=lambda w: {"notes": [w.note.pk], "action": "publier"},
    ),
    Case("cartographie:import_deposer", EDIT_QUARTIER_PAGE, kwargs=_c),
    Case("cartographie:import_apercu", EDIT_QUARTIER_PAGE, kwargs=lambda w: {"pk": w.import_.pk}),
    Case("cartographie:import_rejets", EDIT_QUARTIER_PAGE, kwargs=lambda w: {"pk": w.import_.pk}),
    Case(
        "cartographie:annotation_modifier", EDIT_QUARTIER_PAGE, kwargs=lambda w: {"pk": w.note.pk}
    ),
    Case(
        "cartographie:annotation_rejeter",
        EDIT_POST,
        kwargs=lambda w: {"pk": w.note.pk},
        method="post",
        data=lambda w: {"rejet-motif": "Hors sujet"},
    ),
    # Another organisation's map data: 404 for everyone of organisation A.
    Case(
        "cartographie:carte_detail",
        expect(
            anonyme=302,
            administrateur=404,
            direction=404,
            facilitateur=404,
            partenaire=404,
            partenaire_autre=404,
            etranger=200,
        ),
        kwargs=lambda w: {"pk": w.carte_etrangere.pk},
    ),  # fmt: skip
    # Residents' public link: anonymous 200 on an open session, notes accepted (redirect).
    Case("cartographie:public_carte", PUBLIC, kwargs=lambda w: {"jeton": w.carte.jeton}),
    Case(
        "cartographie:public_carte",
        PUBLIC_POST_INCOMPLETE,
        kwargs=lambda w: {"jeton": w.carte.jeton},
        method="post",
        data=lambda w: {**_note_data(w), "geometrie": ""},
    ),
    Case("cartographie:public_carte", PUBLIC, kwargs=lambda w: {"jeton": w.carte_fermee.jeton}),
    Case(
        "cartographie:public_carte",
        REFUSED,
        kwargs=lambda w: {"jeton": w.carte_fermee.jeton},
        method="post",
        data=_note_data,
    ),
    Case("cartographie:public_notes", PUBLIC, kwargs=lambda w: {"jeton": w.carte.jeton}),
]
