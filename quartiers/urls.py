from django.urls import path

from . import views

app_name = "quartiers"
urlpatterns = [
    path("", views.quartier_list, name="list"),
    path("importer/", views.import_fichier, name="import"),
    path("importer/<slug:jeton>/", views.import_apercu, name="import_apercu"),
    path("<int:pk>/", views.quartier_detail, name="detail"),
    path("<int:pk>/modifier/", views.quartier_edit, name="modifier"),
    path("<int:pk>/equipe/", views.equipe_edit, name="equipe"),
    path("<int:pk>/phases/", views.etapes_edit, name="etapes"),
    path("<int:pk>/axes/ajouter/", views.axe_create, name="axe_ajouter"),
    path("<int:pk>/axes/<int:axe_pk>/modifier/", views.axe_edit, name="axe_modifier"),
    path("<int:pk>/axes/<int:axe_pk>/supprimer/", views.axe_delete, name="axe_supprimer"),
    path("<int:pk>/axes/<int:axe_pk>/actions/ajouter/", views.action_create, name="action_ajouter"),
    path("<int:pk>/actions/<int:action_pk>/modifier/", views.action_edit, name="action_modifier"),
    path(
        "<int:pk>/actions/<int:action_pk>/supprimer/", views.action_delete, name="action_supprimer"
    ),
]
