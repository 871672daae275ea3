from django import forms
from django.contrib import admin
from django.db import transaction

from comptes.audit import AuditedModelAdmin, organisation_of

from . import sources
from .models import (
    MANUEL,
    Bilan,
    Cible,
    Indicateur,
    Objectif,
    ObjectifIndicateur,
    PlanificationRapport,
    Rapport,
    Snapshot,
    ValeurManuelle,
)
from .selectors import donnees_modifiees


class DashboardDataAdmin(AuditedModelAdmin):
    """Definitions, targets, values and objectives edited here show on the dashboards at once:
    like the services, every change bumps the organisation's dashboard cache version."""

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        self._dashboards_changed([form.instance])

    def delete_model(self, request, obj):
        self._dashboards_changed([obj])
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        self._dashboards_changed(list(queryset))
        super().delete_queryset(request, queryset)

    def _dashboards_changed(self, objs):
        organisations = {getattr(organisation_of(obj), "pk", None) for obj in objs} - {None}
        for organisation_id in organisations:
            transaction.on_commit(lambda pk=organisation_id: donnees_modifiees(pk))


class IndicateurAdminForm(forms.ModelForm):
    class Meta:
        model = Indicateur
        fields = [
            "organisation", "code", "nom", "description", "unite", "sens", "periodicite",
            "source", "params", "agregation", "axe", "cle", "ordre", "actif",
        ]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Data-driven: whatever sources the installed apps registered.
        self.fields["source"] = forms.ChoiceField(
            label=self.fields["source"].label,
            choices=[(MANUEL, "Saisie manuelle")] + sources.choices(),
            help_text=self.fields["source"].help_text,
        )


@admin.register(Indicateur)
class IndicateurAdmin(DashboardDataAdmin):
    form = IndicateurAdminForm
    list_display = ["nom", "code", "organisation", "source", "axe", "cle", "actif"]
    list_filter = ["organisation", "axe", "cle", "actif", "source"]
    search_fields = ["nom", "code"]


@admin.register(Cible)
class CibleAdmin(DashboardDataAdmin):
    list_display = ["indicateur", "quartier", "annee", "valeur_cible", "valeur_reference"]
    list_filter = ["annee"]
    list_select_related = ["indicateur", "quartier"]


@admin.register(ValeurManuelle)
class ValeurManuelleAdmin(DashboardDataAdmin):
    list_display = ["indicateur", "quartier", "date", "valeur", "saisi_par"]
    list_select_related = ["indicateur", "quartier", "saisi_par"]
    date_hierarchy = "date"


@admin.register(Snapshot)
class SnapshotAdmin(DashboardDataAdmin):
    list_display = ["indicateur", "quartier", "granularite", "debut", "valeur", "calcule_le"]
    list_filter = ["granularite"]
    list_select_related = ["indicateur", "quartier"]


class ObjectifIndicateurInline(admin.TabularInline):
    model = ObjectifIndicateur
    extra = 1


@admin.register(Objectif)
class ObjectifAdmin(DashboardDataAdmin):
    list_display = ["titre", "organisation", "taux_force"]
    inlines = [ObjectifIndicateurInline]


@admin.register(ObjectifIndicateur)
class ObjectifIndicateurAdmin(DashboardDataAdmin):
    """Also edited inline on the objective; listed here so that every model has its admin."""

    list_display = ["objectif", "indicateur", "poids"]
    list_select_related = ["objectif", "indicateur"]


@admin.register(Bilan)
class BilanAdmin(AuditedModelAdmin):
    list_display = ["quartier", "annee", "modifie_par", "modifie_le"]


@admin.register(Rapport)
class RapportAdmin(AuditedModelAdmin):
    list_display = ["__str__", "etat", "progression", "demande_par", "cree_le", "termine_le"]
    list_filter = ["etat", "type_rapport"]
    readonly_fields = ["task_id", "commence_le", "termine_le"]


@admin.register(PlanificationRapport)
class PlanificationRapportAdmin(AuditedModelAdmin):
    list_display = ["__str__", "organisation", "actif", "dernier_mois"]
