from django.urls import path

from . import views

app_name = "acteurs"
urlpatterns = [
    path("", views.acteur_list, name="list"),
    path("export.csv", views.acteur_export_csv, name="export_csv"),
    path("export.xlsx", views.acteur_export_xlsx, name="export_xlsx"),
    path("nouveau/", views.acteur_create, name="create"),
    path("import/", views.acteur_import, name="import"),
    path("import/exemple.<str:fmt>", views.import_sample, name="import_sample"),
    path("carte/<int:quartier_pk>/", views.carte, name="carte"),
    path("<int:pk>/", views.acteur_detail, name="detail"),
    path("<int:pk>/modifier/", views.acteur_update, name="update"),
    path("<int:pk>/relations/ajouter/", views.relation_add, name="relation_add"),
    path("relations/<int:pk>/supprimer/", views.relation_delete, name="relation_delete"),
    path("<int:pk>/contacts/ajouter/", views.contact_add, name="contact_add"),
    path("contacts/<int:pk>/supprimer/", views.contact_delete, name="contact_delete"),
    path("<int:pk>/rgpd/", views.acteur_rgpd, name="rgpd"),
    path("<int:pk>/rgpd.json", views.acteur_rgpd_json, name="rgpd_json"),
    path("<int:pk>/anonymiser/", views.acteur_anonymise, name="anonymise"),
]
