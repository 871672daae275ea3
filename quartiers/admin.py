from django.contrib import admin

from comptes.audit import AuditedModelAdmin

from .models import Action, AxeTravail, EtapePhase, Ilot, Quartier


class IlotInline(admin.TabularInline):
    model = Ilot
    extra = 0
    fields = ["nom", "geometrie"]


class AxeTravailInline(admin.TabularInline):
    model = AxeTravail
    extra = 0
    fields = ["titre", "ordre", "description"]
    show_change_link = True


class EtapePhaseInline(admin.TabularInline):
    model = EtapePhase
    extra = 0
    fields = ["phase", "debut", "fin", "note"]


class ActionInline(admin.TabularInline):
    model = Action
    extra = 0
    fields = ["titre", "statut", "porteur", "responsable", "echeance"]
    autocomplete_fields = ["responsable"]


@admin.register(Quartier)
class QuartierAdmin(AuditedModelAdmin):
    list_display = ["nom", "organisation", "commune", "habitants", "qpv", "qva", "phase"]
    list_filter = ["organisation", "phase", "qpv", "qva", "typologie"]
    search_fields = ["nom", "commune", "code_insee"]
    filter_horizontal = ["membres"]
    inlines = [IlotInline, AxeTravailInline, EtapePhaseInline]
    list_select_related = ["organisation"]


@admin.register(Ilot)
class IlotAdmin(AuditedModelAdmin):
    list_display = ["nom", "quartier"]
    list_filter = ["quartier__organisation", "quartier"]
    search_fields = ["nom", "quartier__nom"]
    list_select_related = ["quartier"]


@admin.register(AxeTravail)
class AxeTravailAdmin(AuditedModelAdmin):
    list_display = ["titre", "quartier", "ordre"]
    list_filter = ["quartier__organisation", "quartier"]
    search_fields = ["titre", "quartier__nom"]
    inlines = [ActionInline]
    list_select_related = ["quartier"]


@admin.register(Action)
class ActionAdmin(AuditedModelAdmin):
    list_display = ["titre", "axe", "statut", "porteur", "responsable", "echeance"]
    list_filter = ["statut", "axe__quartier"]
    search_fields = ["titre", "porteur", "axe__titre"]
    autocomplete_fields = ["responsable"]
    list_select_related = ["axe", "responsable"]


@admin.register(EtapePhase)
class EtapePhaseAdmin(AuditedModelAdmin):
    list_display = ["quartier", "phase", "debut", "fin"]
    list_filter = ["phase", "quartier__organisation"]
    list_select_related = ["quartier"]
