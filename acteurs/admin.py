from django.contrib import admin
from django.db import models

from comptes.audit import AuditedModelAdmin

from .models import Acteur, Contact, ImportActeurs, Relation


class RelationSortanteInline(admin.TabularInline):
    model = Relation
    fk_name = "source"
    extra = 0
    raw_id_fields = ["cible"]
    verbose_name_plural = "relations sortantes"


class ContactInline(admin.TabularInline):
    model = Contact
    extra = 0
    raw_id_fields = ["par"]
    readonly_fields = ["source_key"]
    ordering = ["-date"]


@admin.register(Acteur)
class ActeurAdmin(AuditedModelAdmin):
    list_display = [
        "nom",
        "prenom",
        "nature",
        "type_acteur",
        "role_programme",
        "famille",
        "est_relais",
        "consentement_date",
        "anonymise_le",
        "organisation",
    ]
    list_filter = [
        "organisation",
        "nature",
        "type_acteur",
        "role_programme",
        "famille",
        "est_relais",
        "stade_diffusion",
        ("anonymise_le", admin.EmptyFieldListFilter),
        ("consentement_date", admin.EmptyFieldListFilter),
    ]
    search_fields = ["nom", "prenom", "email", "structure__nom"]
    raw_id_fields = ["structure", "cree_par"]
    filter_horizontal = ["quartiers"]
    readonly_fields = ["anonymise_le", "cree_le", "modifie_le"]
    list_select_related = ["organisation"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    inlines = [RelationSortanteInline, ContactInline]


@admin.register(Relation)
class RelationAdmin(AuditedModelAdmin):
    list_display = ["source", "type_relation", "cible", "cree_le"]
    list_filter = ["type_relation", "source__organisation"]
    search_fields = ["source__nom", "cible__nom", "note"]
    raw_id_fields = ["source", "cible"]
    list_select_related = ["source", "cible"]


@admin.register(Contact)
class ContactAdmin(AuditedModelAdmin):
    list_display = ["acteur", "date", "canal", "par", "source_key"]
    list_filter = ["canal", "date", "acteur__organisation"]
    search_fields = ["acteur__nom", "acteur__prenom", "note", "source_key"]
    raw_id_fields = ["acteur", "par"]
    date_hierarchy = "date"
    list_select_related = ["acteur", "par"]


@admin.register(ImportActeurs)
class ImportActeursAdmin(AuditedModelAdmin):
    list_display = ["fichier", "organisation", "par", "crees", "ignores", "cree_le"]
    list_filter = ["organisation"]
    readonly_fields = ["organisation", "par", "fichier", "lignes", "crees", "ignores", "cree_le"]
