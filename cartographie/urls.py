from django.urls import path

from . import views

app_name = "cartographie"
urlpatterns = [
    path("", views.index, name="index"),
    path("quartier/<int:pk>/", views.quartier_carte, name="quartier_carte"),
    path("quartier/<int:pk>/notes.geojson", views.quartier_notes, name="quartier_notes"),
    path("quartier/<int:pk>/densite.geojson", views.quartier_densite, name="quartier_densite"),
    path("quartier/<int:pk>/tableau/", views.quartier_tableau, name="quartier_tableau"),
    path("quartier/<int:pk>/export.geojson", views.export_geojson, name="export_geojson"),
    path("quartier/<int:pk>/export.csv", views.export_csv, name="export_csv"),
    path("quartier/<int:pk>/cartes/nouvelle/", views.carte_creer, name="carte_creer"),
    path("cartes/<int:pk>/", views.carte_detail, name="carte_detail"),
    path("cartes/<int:pk>/modifier/", views.carte_modifier, name="carte_modifier"),
    path(
        "cartes/<int:pk>/nouveau-lien/", views.carte_renouveler_lien, name="carte_renouveler_lien"
    ),
    path("cartes/<int:pk>/qr.svg", views.carte_qr, name="carte_qr"),
    path("cartes/<int:pk>/rendu.svg", views.carte_svg, name="carte_svg"),
    path("cartes/<int:pk>/imprimer/", views.carte_imprimer, name="carte_imprimer"),
    path("cartes/<int:pk>/moderation/", views.moderation, name="moderation"),
    path("cartes/<int:pk>/import/", views.import_deposer, name="import_deposer"),
    path("imports/<int:pk>/", views.import_apercu, name="import_apercu"),
    path("imports/<int:pk>/rejets.geojson", views.import_rejets, name="import_rejets"),
    path("notes/<int:pk>/modifier/", views.annotation_modifier, name="annotation_modifier"),
    path("notes/<int:pk>/rejeter/", views.annotation_rejeter, name="annotation_rejeter"),
    # Residents, no account: the token opens one session only.
    path("p/<str:jeton>/", views.public_carte, name="public_carte"),
    path("p/<str:jeton>/notes.geojson", views.public_notes, name="public_notes"),
]
