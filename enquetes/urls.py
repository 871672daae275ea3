from django.urls import path

from . import views

app_name = "enquetes"
urlpatterns = [
    path("", views.enquete_list, name="list"),
    path("nouvelle/", views.enquete_create, name="create"),
    path("modele/", views.enquete_from_template, name="from_template"),
    path("importer/", views.enquete_import, name="import"),
    path("<int:pk>/", views.enquete_detail, name="detail"),
    path("<int:pk>/modifier/", views.enquete_edit, name="edit"),
    path("<int:pk>/statut/", views.enquete_statut, name="statut"),
    path("<int:pk>/sections/", views.section_list, name="sections"),
    path("<int:pk>/sections/ajouter/", views.section_add, name="section_add"),
    path("<int:pk>/sections/<int:spk>/", views.section_edit, name="section_edit"),
    path("<int:pk>/sections/<int:spk>/deplacer/", views.section_move, name="section_move"),
    path("<int:pk>/sections/<int:spk>/supprimer/", views.section_delete, name="section_delete"),
    path("<int:pk>/questions/ajouter/", views.question_add, name="question_add"),
    path("<int:pk>/questions/<int:qpk>/", views.question_edit, name="question_edit"),
    path("<int:pk>/questions/<int:qpk>/supprimer/", views.question_delete, name="question_delete"),
    path("<int:pk>/questions/<int:qpk>/deplacer/", views.question_move, name="question_move"),
    path("<int:pk>/diffusion/", views.enquete_diffusion, name="diffusion"),
    path("<int:pk>/qr.svg", views.enquete_qr, name="qr"),
    path("<int:pk>/affiche/", views.enquete_affiche, name="affiche"),
    path("<int:pk>/resultats/", views.enquete_results, name="results"),
    path("<int:pk>/resultats.csv", views.enquete_results_csv, name="results_csv"),
    path("<int:pk>/reponses.csv", views.enquete_responses_csv, name="responses_csv"),
    path("<int:pk>/reponses.xlsx", views.enquete_responses_xlsx, name="responses_xlsx"),
    path("<int:pk>/xlsform.xlsx", views.enquete_xlsform, name="xlsform"),
    path("<int:pk>/verbatims/", views.verbatim_list, name="verbatims"),
    path("<int:pk>/verbatims/anonymiser/", views.verbatims_anonymise, name="verbatims_anonymise"),
    path("<int:pk>/verbatims/<int:rpk>/", views.verbatim_edit, name="verbatim_edit"),
    path("<int:pk>/themes/ajouter/", views.theme_add, name="theme_add"),
    # Residents, no account.
    path("r/<str:jeton>/", views.repondre, name="repondre"),
    path("r/<str:jeton>/merci/", views.merci, name="merci"),
    path("i/<str:jeton>/", views.repondre_invitation, name="invitation"),
]
