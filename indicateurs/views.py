from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from comptes.permissions import get_editable_or_404, get_visible_or_404, member_required
from quartiers.models import Quartier

from . import exports, selectors, services
from .forms import (
    BilanForm,
    CibleForm,
    FiltresForm,
    ObjectifForm,
    PlanificationForm,
    RapportForm,
    ValeurManuelleForm,
)
from .models import (
    MANUEL,
    Bilan,
    EtatRapport,
    Indicateur,
    Objectif,
    PlanificationRapport,
    Rapport,
    ValeurManuelle,
)


def _manager_required(view):
    """Administrators and Direction: they set targets, objectives and schedules."""

    @member_required
    def wrapper(request, *args, **kwargs):
        if not (request.user.is_administrateur or request.user.is_direction):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


def _filtres(request):
    annees = selectors.annees_disponibles(request.user.organisation)
    form = FiltresForm(request.GET or None, annees=annees)
    annee, axe = selectors.annee_courante(), ""
    if form.is_bound and form.is_valid():
        annee = form.cleaned_data.get("annee") or annee
        axe = form.cleaned_data.get("axe") or ""
    return form, annee, axe


def _rapport_form(request, data=None):
    return RapportForm(
        data,
        quartiers=Quartier.objects.visible_to(request.user),
        annees=selectors.annees_disponibles(request.user.organisation),
        user=request.user,
    )


# --- Dashboards ------------------------------------------------------------------------------


@member_required
def tableau_direction(request):
    form, annee, axe = _filtres(request)
    context = selectors.tableau_direction(request.user, annee=annee, axe=axe)
    context.update(
        {
            "filtres": form,
            "annee": annee,
            "axe": axe,
            "rapport_form": _rapport_form(request),
            "rapports": Rapport.objects.visible_to(request.user).select_related("quartier")[:5],
        }
    )
    return render(request, "indicateurs/tableau_direction.html", context)


@member_required
def tableau_quartier(request, pk):
    quartier = get_visible_or_404(Quartier, request.user, pk=pk)
    form, annee, axe = _filtres(request)
    context = selectors.tableau_quartier(quartier, annee=annee, axe=axe)
    context.update(
        {
            "quartier": quartier,
            "filtres": form,
            "annee": annee,
            "axe": axe,
            "peut_modifier": Quartier.objects.editable_by(request.user).filter(pk=pk).exists(),
            "peut_cibler": request.user.is_administrateur or request.user.is_direction,
            "bilan": Bilan.objects.filter(quartier=quartier, annee=annee).first(),
            "valeurs": ValeurManuelle.objects.filter(quartier=quartier, date__year=annee)
            .select_related("indicateur", "saisi_par")
            .order_by("-date", "-id")[:20],
            "rapports": Rapport.objects.visible_to(request.user)
            .filter(quartier=quartier)
            .select_related("quartier")[:5],
        }
    )
    return render(request, "indicateurs/tableau_quartier.html", context)


# --- Manual values and evidence --------------------------------------------------------------


@member_required
def valeur_ajouter(request, pk):
    quartier = get_editable_or_404(Quartier, request.user, pk=pk)
    indicateurs = Indicateur.objects.filter(
        organisation=quartier.organisation, source=MANUEL, actif=True
    )
    form = ValeurManuelleForm(request.POST or None, request.FILES or None, indicateurs=indicateurs)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.valeur_manuelle_creer(
                indicateur=data["indicateur"],
                quartier=quartier,
                date=data["date"],
                valeur=data["valeur"],
                note=data["note"],
                fichier=data["justificatif"],
                par=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Valeur enregistrée ; le tableau de bord se met à jour."))
            return redirect(
                f"{reverse('indicateurs:quartier', args=[pk])}?annee={data['date'].year}"
            )
    return render(request, "indicateurs/valeur_form.html", {"quartier": quartier, "form": form})


@member_required
def justificatif(request, pk):
    valeur = get_object_or_404(
        ValeurManuelle.objects.filter(quartier__in=Quartier.objects.visible_to(request.user)),
        pk=pk,
    )
    if not valeur.justificatif:
        raise Http404
    try:
        handle = valeur.justificatif.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(
        handle, as_attachment=True, filename=valeur.justificatif_nom or valeur.justificatif.name
    )


@require_POST
@member_required
def valeur_supprimer(request, pk):
    valeur = get_object_or_404(
        ValeurManuelle.objects.filter(quartier__in=Quartier.objects.visible_to(request.user)),
        pk=pk,
    )
    if not Quartier.objects.editable_by(request.user).filter(pk=valeur.quartier_id).exists():
        raise PermissionDenied
    quartier_id, year = valeur.quartier_id, valeur.date.year
    services.valeur_manuelle_supprimer(valeur=valeur, par=request.user)
    messages.success(request, _("Valeur supprimée."))
    return redirect(f"{reverse('indicateurs:quartier', args=[quartier_id])}?annee={year}")


# --- Targets, narratives, objectives ---------------------------------------------------------


@_manager_required
def cibles(request, pk):
    quartier = get_visible_or_404(Quartier, request.user, pk=pk)
    form_filtres, annee, _axe = _filtres(request)
    indicateurs = selectors.indicateurs_actifs(quartier.organisation)
    tableau = selectors.Tableau(indicateurs, [quartier], annee, mois=False)
    rows = []
    for ind in indicateurs:
        ligne = tableau.ligne(ind, quartier)
        initial = {"valeur_cible": ligne.cible, "valeur_reference": ligne.reference}
        rows.append((ind, CibleForm(request.POST or None, prefix=f"i{ind.pk}", initial=initial)))
    if request.method == "POST":
        if all(f.is_valid() for _ind, f in rows):
            with transaction.atomic():
                for ind, f in rows:
                    if f.has_changed():
                        services.cible_definir(
                            indicateur=ind,
                            quartier=quartier,
                            annee=annee,
                            valeur_cible=f.cleaned_data["valeur_cible"],
                            valeur_reference=f.cleaned_data["valeur_reference"],
                            par=request.user,
                        )
            messages.success(request, _("Cibles enregistrées."))
            return redirect(f"{reverse('indicateurs:quartier', args=[pk])}?annee={annee}")
        messages.error(request, _("Certaines valeurs sont invalides : corrigez-les ci-dessous."))
    return render(
        request,
        "indicateurs/cibles_form.html",
        {"quartier": quartier, "rows": rows, "annee": annee, "filtres": form_filtres},
    )


@member_required
def bilan_modifier(request, pk):
    quartier = get_editable_or_404(Quartier, request.user, pk=pk)
    _form, annee, _axe = _filtres(request)
    bilan = Bilan.objects.filter(quartier=quartier, annee=annee).first() or Bilan(
        quartier=quartier, annee=annee
    )
    form = BilanForm(request.POST or None, instance=bilan)
    if request.method == "POST" and form.is_valid():
        services.bilan_enregistrer(
            quartier=quartier,
            annee=annee,
            par=request.user,
            **{name: form.cleaned_data[name] for name in services.BILAN_FIELDS},
        )
        messages.success(request, _("Bilan enregistré."))
        return redirect(f"{reverse('indicateurs:quartier', args=[pk])}?annee={annee}")
    return render(
        request,
        "indicateurs/bilan_form.html",
        {"quartier": quartier, "form": form, "annee": annee},
    )


@_manager_required
def objectif_modifier(request, pk):
    objectif = get_object_or_404(Objectif, organisation=request.user.organisation, pk=pk)
    form = ObjectifForm(request.POST or None, instance=objectif)
    if request.method == "POST" and form.is_valid():
        services.objectif_forcer(
            objectif=Objectif.objects.get(pk=pk),
            taux_force=form.cleaned_data["taux_force"],
            justification=form.cleaned_data["justification"],
            par=request.user,
        )
        messages.success(request, _("Atteinte de l'objectif enregistrée."))
        return redirect("indicateurs:direction")
    return render(request, "indicateurs/objectif_form.html", {"objectif": objectif, "form": form})


# --- Reports ---------------------------------------------------------------------------------


def _rapport_list(request, form, *, status=200):
    rapports = Rapport.objects.visible_to(request.user).select_related("quartier", "demande_par")
    page = Paginator(rapports, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "indicateurs/rapport_list.html",
        {"page": page, "rapports": page.object_list, "rapport_form": form},
        status=status,
    )


@member_required
def rapport_list(request):
    return _rapport_list(request, _rapport_form(request))


@require_POST
@member_required
def rapport_demander(request):
    form = _rapport_form(request, request.POST)
    if not form.is_valid():
        # The list again, with the form and its errors where they were typed.
        return _rapport_list(request, form, status=400)
    data = form.cleaned_data
    rapport = services.rapport_demander(
        organisation=request.user.organisation,
        type_rapport=data["type_rapport"],
        annee=data["annee"],
        quartier=data["quartier"],
        par=request.user,
    )
    messages.success(request, _("Rapport demandé : il se construit en arrière-plan."))
    return redirect("indicateurs:rapport", pk=rapport.pk)


@member_required
def rapport_detail(request, pk):
    rapport = get_visible_or_404(Rapport, request.user, pk=pk)
    return render(request, "indicateurs/rapport_detail.html", {"rapport": rapport})


@member_required
def rapport_etat(request, pk):
    """The small status partial the page polls (static JS) until the report is finished."""
    rapport = get_visible_or_404(Rapport, request.user, pk=pk)
    response = render(request, "indicateurs/includes/rapport_etat.html", {"rapport": rapport})
    response["Cache-Control"] = "no-store"
    return response


@member_required
def rapport_telecharger(request, pk):
    rapport = get_visible_or_404(Rapport, request.user, pk=pk)
    if rapport.etat != EtatRapport.PRET or not rapport.fichier:
        raise Http404
    try:
        handle = rapport.fichier.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(
        handle, as_attachment=True, filename=rapport.nom_fichier, content_type="application/pdf"
    )


@require_POST
@member_required
def rapport_relancer(request, pk):
    rapport = get_visible_or_404(Rapport, request.user, pk=pk)
    if rapport.etat != EtatRapport.ECHEC:
        messages.warning(request, _("Ce rapport n'est pas en échec."))
        return redirect("indicateurs:rapport", pk=pk)
    services.rapport_relancer(rapport=rapport, par=request.user)
    messages.success(request, _("Rapport relancé."))
    return redirect("indicateurs:rapport", pk=pk)


@_manager_required
def planifications(request):
    quartiers = Quartier.objects.visible_to(request.user)
    form = PlanificationForm(request.POST or None, quartiers=quartiers)
    if request.method == "POST" and form.is_valid():
        try:
            services.planification_enregistrer(
                organisation=request.user.organisation,
                type_rapport=form.cleaned_data["type_rapport"],
                quartier=form.cleaned_data["quartier"],
                destinataires=form.cleaned_data["destinataires"],
                par=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Rapport mensuel planifié."))
            return redirect("indicateurs:planifications")
    items = PlanificationRapport.objects.filter(
        organisation=request.user.organisation
    ).select_related("quartier")
    return render(request, "indicateurs/planifications.html", {"form": form, "items": items})


@require_POST
@_manager_required
def planification_supprimer(request, pk):
    item = get_object_or_404(PlanificationRapport, organisation=request.user.organisation, pk=pk)
    services.planification_supprimer(planification=item, par=request.user)
    messages.success(request, _("Planification supprimée."))
    return redirect("indicateurs:planifications")


# --- Exports and recomputation ---------------------------------------------------------------


@member_required
def export(request, fmt):
    _form, annee, _axe = _filtres(request)
    if fmt == "csv":
        return exports.csv_response(request.user, annee=annee if request.GET.get("annee") else None)
    if fmt == "xlsx":
        return exports.xlsx_response(
            request.user, annee=annee if request.GET.get("annee") else None
        )
    raise Http404


@require_POST
@_manager_required
def recalculer(request):
    _form, annee, _axe = _filtres(request)
    services.recalcul_demander(organisation_id=request.user.organisation_id, annee=annee)
    messages.success(request, _("Recalcul demandé : les chiffres seront à jour dans un instant."))
    return redirect(f"{reverse('indicateurs:direction')}?annee={annee}")


@member_required
def definitions(request):
    """The catalogue: every indicator with its source, and the computed sources the installed
    apps registered (so that new ones show up after a merge without code changes here)."""
    from .sources import REGISTRY

    indicateurs = Indicateur.objects.filter(organisation=request.user.organisation)
    utilisees = set(indicateurs.values_list("source", flat=True))
    return render(
        request,
        "indicateurs/definitions.html",
        {
            "indicateurs": [
                (ind, REGISTRY.get(ind.source), ind.source == MANUEL or ind.source in REGISTRY)
                for ind in indicateurs
            ],
            "sources": sorted(REGISTRY.values(), key=lambda s: s.code),
            "utilisees": utilisees,
        },
    )
