from django.contrib import admin

from comptes.audit import AuditedModelAdmin

from .models import Annotation, Carte, Categorie, ImportAnnotations


@admin.register(Categorie)
class CategorieAdmin(AuditedModelAdmin):
    list_display = ["nom", "icone", "couleur", "ordre", "active"]
    list_editable = ["ordre", "active"]
    prepopulated_fields = {"slug": ["nom"]}
    search_fields = ["nom"]


@admin.register(Carte)
class CarteAdmin(AuditedModelAdmin):
    list_display = ["titre", "quartier", "echelle", "saison", "ouverte", "moderation", "cree_le"]
    list_filter = ["ouverte", "moderation", "echelle", "saison", "quartier__organisation"]
    search_fields = ["titre", "quartier__nom"]
    readonly_fields = ["jeton", "cree_le", "modifie_le"]
    raw_id_fields = ["cree_par"]


@admin.register(Annotation)
class AnnotationAdmin(AuditedModelAdmin):
    list_display = ["__str__", "carte", "categorie", "ressenti", "statut", "origine", "cree_le"]
    list_filter = ["statut", "origine", "ressenti", "categorie", "carte__quartier"]
    search_fields = ["commentaire", "auteur", "carte__titre"]
    raw_id_fields = ["carte", "ilot", "saisie_par", "moderee_par"]
    readonly_fields = ["lon", "lat", "cree_le", "modifie_le"]
    list_select_related = ["carte", "categorie"]


@admin.register(ImportAnnotations)
class ImportAnnotationsAdmin(AuditedModelAdmin):
    list_display = [
        "nom_fichier",
        "carte",
        "par",
        "cree_le",
        "importe_le",
        "nombre_importees",
        "nombre_rejetees",
    ]
    raw_id_fields = ["carte", "par"]
    exclude = ["donnees", "rejets"]  # the file and its rejects: the import page shows them
    readonly_fields = ["importe_le", "nombre_importees", "nombre_rejetees", "correspondance"]
