from django.urls import path

from . import views

app_name = "ateliers"
urlpatterns = [
    path("", views.journal_mien, name="mien"),
    path("saisie/", views.saisie, name="saisie"),
    path("calendrier/", views.calendrier, name="calendrier"),
    path("abonnements/", views.abonnements, name="abonnements"),
    path("abonnements/creer/", views.abonnement_creer, name="abonnement_creer"),
    path("abonnements/<int:pk>/revoquer/", views.abonnement_revoquer, name="abonnement_revoquer"),
    path("ical/<str:jeton>.ics", views.ical, name="ical"),
    path("quartier/<int:pk>/", views.journal_quartier, name="journal_quartier"),
    path("quartier/<int:pk>/groupes/", views.groupes_quartier, name="groupes_quartier"),
    path("quartier/<int:pk>/propositions/", views.propositions_tableau, name="propositions"),
    path(
        "quartier/<int:pk>/propositions/restitution/",
        views.propositions_restitution,
        name="restitution",
    ),
    path(
        "quartier/<int:pk>/propositions/statut/<slug:statut>/",
        views.propositions_statut,
        name="propositions_statut",
    ),
    path("<int:pk>/", views.atelier_detail, name="detail"),
    path("<int:pk>/modifier/", views.atelier_modifier, name="modifier"),
    path("<int:pk>/supprimer/", views.atelier_supprimer, name="supprimer"),
    path("<int:pk>/pieces/ajouter/", views.piece_ajouter, name="piece_ajouter"),
    path("<int:pk>/pieces/<int:piece_pk>/", views.piece_telecharger, name="piece"),
    path(
        "<int:pk>/pieces/<int:piece_pk>/supprimer/", views.piece_supprimer, name="piece_supprimer"
    ),
    path("<int:pk>/propositions/ajouter/", views.proposition_creer, name="proposition_creer"),
    path("groupes/nouveau/", views.groupe_creer, name="groupe_creer"),
    path("groupes/<int:pk>/", views.groupe_detail, name="groupe_detail"),
    path("groupes/<int:pk>/modifier/", views.groupe_modifier, name="groupe_modifier"),
    path(
        "notes-de-carte/<int:pk>/proposition/",
        views.proposition_depuis_note,
        name="proposition_depuis_note",
    ),
    path("propositions/<int:pk>/", views.proposition_detail, name="proposition_detail"),
    path(
        "propositions/<int:pk>/modifier/", views.proposition_modifier, name="proposition_modifier"
    ),
    path("propositions/<int:pk>/statut/", views.proposition_statut, name="proposition_statut"),
    path("propositions/<int:pk>/suivis/ajouter/", views.suivi_creer, name="suivi_creer"),
    path("suivis/<int:pk>/basculer/", views.suivi_basculer, name="suivi_basculer"),
]
