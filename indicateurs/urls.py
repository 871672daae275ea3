from django.urls import path

from . import views

app_name = "indicateurs"
urlpatterns = [
    path("", views.tableau_direction, name="direction"),
    path("definitions/", views.definitions, name="definitions"),
    path("quartiers/<int:pk>/", views.tableau_quartier, name="quartier"),
    path("quartiers/<int:pk>/valeurs/ajouter/", views.valeur_ajouter, name="valeur_ajouter"),
    path("quartiers/<int:pk>/cibles/", views.cibles, name="cibles"),
    path("quartiers/<int:pk>/bilan/", views.bilan_modifier, name="bilan"),
    path("valeurs/<int:pk>/justificatif/", views.justificatif, name="justificatif"),
    path("valeurs/<int:pk>/supprimer/", views.valeur_supprimer, name="valeur_supprimer"),
    path("objectifs/<int:pk>/", views.objectif_modifier, name="objectif"),
    path("rapports/", views.rapport_list, name="rapports"),
    path("rapports/demander/", views.rapport_demander, name="rapport_demander"),
    path("rapports/<int:pk>/", views.rapport_detail, name="rapport"),
    path("rapports/<int:pk>/etat/", views.rapport_etat, name="rapport_etat"),
    path("rapports/<int:pk>/telecharger/", views.rapport_telecharger, name="rapport_telecharger"),
    path("rapports/<int:pk>/relancer/", views.rapport_relancer, name="rapport_relancer"),
    path("planifications/", views.planifications, name="planifications"),
    path(
        "planifications/<int:pk>/supprimer/",
        views.planification_supprimer,
        name="planification_supprimer",
    ),
    path("export/<str:fmt>/", views.export, name="export"),
    path("recalculer/", views.recalculer, name="recalculer"),
]
