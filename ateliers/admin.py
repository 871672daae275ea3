from django.contrib import admin

from comptes.audit import AuditedModelAdmin

from .models import (
    Atelier,
    ChangementStatut,
    GroupeTravail,
    JetonCalendrier,
    PieceJointe,
    Proposition,
    Suivi,
    TypeActivite,
)


@admin.register(TypeActivite)
class TypeActiviteAdmin(AuditedModelAdmin):
    list_display = ["nom", "code", "ordre", "actif"]
    list_editable = ["ordre", "actif"]
    prepopulated_fields = {"code": ["nom"]}
    search_fields = ["nom"]


class PieceJointeInline(admin.TabularInline):
    model = PieceJointe
    extra = 0
    fields = ["nom", "type_mime", "taille", "legende", "ajoute_par", "ajoute_le"]
    readonly_fields = ["nom", "type_mime", "taille", "ajoute_par", "ajoute_le"]


@admin.register(Atelier)
class AtelierAdmin(AuditedModelAdmin):
    list_display = ["titre", "type_activite", "quartier", "date", "participants"]
    list_filter = ["type_activite", "quartier__organisation", "quartier", "phase"]
    search_fields = ["titre", "lieu", "compte_rendu"]
    date_hierarchy = "date"
    raw_id_fields = ["acteurs_presents", "groupe", "axe"]
    filter_horizontal = ["animateurs"]
    list_select_related = ["type_activite", "quartier"]
    inlines = [PieceJointeInline]


@admin.register(GroupeTravail)
class GroupeTravailAdmin(AuditedModelAdmin):
    list_display = ["nom", "quartier", "actif"]
    list_filter = ["actif", "quartier"]
    search_fields = ["nom"]
    raw_id_fields = ["membres"]


@admin.register(PieceJointe)
class PieceJointeAdmin(AuditedModelAdmin):
    list_display = ["nom", "atelier", "type_mime", "taille", "ajoute_le"]
    readonly_fields = ["fichier", "type_mime", "taille", "ajoute_par"]
    search_fields = ["nom", "atelier__titre"]


class ChangementStatutInline(admin.TabularInline):
    model = ChangementStatut
    extra = 0
    readonly_fields = ["ancien", "nouveau", "motif", "par", "le"]
    can_delete = False


class SuiviInline(admin.TabularInline):
    model = Suivi
    extra = 0


@admin.register(Proposition)
class PropositionAdmin(AuditedModelAdmin):
    list_display = ["__str__", "quartier", "statut", "theme", "cree_le"]
    list_filter = ["statut", "quartier"]
    search_fields = ["texte", "theme", "porteur"]
    readonly_fields = ["statut"]
    raw_id_fields = ["atelier", "porteur_acteur"]
    inlines = [ChangementStatutInline, SuiviInline]


@admin.register(ChangementStatut)
class ChangementStatutAdmin(AuditedModelAdmin):
    list_display = ["proposition", "ancien", "nouveau", "par", "le"]
    list_filter = ["nouveau"]


@admin.register(Suivi)
class SuiviAdmin(AuditedModelAdmin):
    list_display = ["titre", "proposition", "responsable", "echeance", "fait_le"]
    list_filter = ["fait_le"]
    search_fields = ["titre"]


@admin.register(JetonCalendrier)
class JetonCalendrierAdmin(AuditedModelAdmin):
    list_display = ["user", "portee", "quartier", "cree_le", "revoque_le", "dernier_acces"]
    list_filter = ["portee", "revoque_le"]
    readonly_fields = ["jeton", "cree_le", "dernier_acces"]
