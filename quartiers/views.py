import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from comptes.permissions import get_editable_or_404, get_visible_or_404, member_required

from . import imports, selectors, services
from .forms import (
    ActionForm,
    AxeForm,
    EquipeForm,
    ImportConfirmationForm,
    ImportFichierForm,
    ImportProprieteForm,
    QuartierForm,
    etape_forms,
)
from .models import Action, Quartier

PAGE_SIZE = 20
IMPORT_SESSION_KEY = "quartiers_imports"


def _may_edit(user, quartier) -> bool:
    return Quartier.objects.editable_by(user).filter(pk=quartier.pk).exists()


def _report(form, exc: ValidationError) -> None:
    """Attach a service's ValidationError to the form (fields it names, else the top)."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@member_required
def quartier_list(request):
    page = Paginator(selectors.quartier_list(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "quartiers/list.html",
        {"page": page, "peut_importer": request.user.is_administrateur},
    )


@member_required
def quartier_detail(request, pk):
    quartier = selectors.prefetch_detail(get_visible_or_404(Quartier, request.user, pk=pk))
    return render(
        request,
        "quartiers/detail.html",
        {
            "quartier": quartier,
            "peut_modifier": _may_edit(request.user, quartier),
            "peut_affecter": request.user.is_administrateur,
            "timeline": selectors.phase_timeline(quartier),
            "activites": selectors.latest_activity(quartier, request.user),
            "carte": selectors.map_data(quartier),
            "liens": selectors.hub_links(quartier, request.user),
            "enquetes": selectors.hub_enquetes(quartier, request.user),
        },
    )


@member_required
@require_http_methods(["GET", "POST"])
def quartier_edit(request, pk):
    quartier = get_editable_or_404(Quartier, request.user, pk=pk)
    form = QuartierForm(request.POST or None, instance=quartier)
    if request.method == "POST" and form.is_valid():
        try:
            services.quartier_update(quartier=quartier, data=form.cleaned_data, par=request.user)
        except ValidationError as exc:
            _report(form, exc)
        else:
            messages.success(request, _("Quartier enregistré."))
            return redirect(quartier)
    return render(request, "quartiers/quartier_form.html", {"quartier": quartier, "form": form})


@member_required
@require_http_methods(["GET", "POST"])
def equipe_edit(request, pk):
    quartier = get_editable_or_404(Quartier, request.user, pk=pk)
    if not request.user.is_administrateur:
        raise PermissionDenied
    form = EquipeForm(
        request.POST or None, quartier=quartier, initial={"membres": quartier.membres.all()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.quartier_set_membres(
                quartier=quartier, membres=form.cleaned_data["membres"], par=request.user
            )
        except ValidationError as exc:
            _report(form, exc)
        else:
            messages.success(request, _("Équipe du quartier enregistrée."))
            return redirect(quartier)
    return render(request, "quartiers/equipe_form.html", {"quartier": quartier, "form": form})


@member_required
@require_http_methods(["GET", "POST"])
def etapes_edit(request, pk):
    quartier = get_editable_or_404(Quartier, request.user, pk=pk)
    forms_ = etape_forms(quartier, request.POST or None)
    if request.method == "POST" and all(f.is_valid() for f in forms_):
        try:
            services.etapes_update(
                quartier=quartier,
                etapes={f.phase: f.cleaned_data for f in forms_},
                par=request.user,
            )
        except ValidationError as exc:
            by_phase = {str(f.phase): f for f in forms_}
            for phase, errors in exc.message_dict.items():
                by_phase[phase].add_error(None, errors)
        else:
            messages.success(request, _("Calendrier des phases enregistré."))
            return redirect(quartier)
    has_errors = any(f.errors for f in forms_)
    return render(
        request,
        "quartiers/etapes_form.html",
        {"quartier": quartier, "forms": forms_, "has_errors": has_errors},
    )


@member_required
@require_http_methods(["GET", "POST"])
def axe_create(request, pk):
    quartier = get_editable_or_404(Quartier, request.user, pk=pk)
    form = AxeForm(request.POST or None, quartier=quartier)
    if request.method == "POST" and form.is_valid():
        try:
            services.axe_create(quartier=quartier, data=form.cleaned_data, par=request.user)
        except ValidationError as exc:
            _report(form, exc)
        else:
            messages.success(request, _("Axe de travail ajouté."))
            return redirect(f"{quartier.get_absolute_url()}#axes")
    return render(request, "quartiers/axe_form.html", {"quartier": quartier, "form": form})


@member_required
@require_http_methods(["GET", "POST"])
def axe_edit(request, pk, axe_pk):
    quartier = get_editable_or_404(Quartier, request.user, pk=pk)
    axe = get_object_or_404(quartier.axes, pk=axe_pk)
    form = AxeForm(request.POST or None, instance=axe, quartier=quartier)
    if request.method == "POST" and form.is_valid():
        try:
            services.axe_update(axe=axe, data=form.cleaned_data, par=request.user)
        except ValidationError as exc:
            _report(form, exc)
        else:
            messages.success(request, _("Axe de travail enregistré."))
            return redirect(f"{quartier.get_absolute_url()}#axe-{axe.pk}")
    return render(
        request, "quartiers/axe_form.html", {"quartier": quartier, "axe": axe, "form": form}
    )


@member_required
@require_http_methods(["GET", "POST"])
def axe_delete(request, pk, axe_pk):
    quartier = get_editable_or_404(Quartier, request.user, pk=pk)
    axe = get_object_or_404(quartier.axes, pk=axe_pk)
    if request.method == "POST":
        services.axe_delete(axe=axe, par=request.user)
        messages.success(request, _("Axe de travail supprimé."))
        return redirect(f"{quartier.get_absolute_url()}#axes")
    return render(
        request,
        "quartiers/confirm_delete.html",
        {
            "quartier": quartier,
            "objet": axe,
            "titre": _("Supprimer l'axe « %(titre)s » ?") % {"titre": axe.titre},
            "consequence": _("Ses %(n)s action(s) seront supprimées aussi.")
            % {"n": axe.actions.count()},
        },
    )


@member_required
@require_http_methods(["GET", "POST"])
def action_create(request, pk, axe_pk):
    quartier = get_editable_or_404(Quartier, request.user, pk=pk)
    axe = get_object_or_404(quartier.axes, pk=axe_pk)
    form = ActionForm(request.POST or None, organisation=quartier.organisation)
    if request.method == "POST" and form.is_valid():
        try:
            services.action_create(axe=axe, data=form.cleaned_data, par=request.user)
        except ValidationError as exc:
            _report(form, exc)
        else:
            messages.success(request, _("Action ajoutée."))
            return redirect(f"{quartier.get_absolute_url()}#axe-{axe.pk}")
    return render(
        request, "quartiers/action_form.html", {"quartier": quartier, "axe": axe, "form": form}
    )


@member_required
@require_http_methods(["GET", "POST"])
def action_edit(request, pk, action_pk):
    quartier = get_editable_or_404(Quartier, request.user, pk=pk)
    action = get_object_or_404(
        Action.objects.select_related("axe"),
        pk=action_pk,
        axe__quartier=quartier,
    )
    form = ActionForm(request.POST or None, instance=action, organisation=quartier.organisation)
    if request.method == "POST" and form.is_valid():
        try:
            services.action_update(action=action, data=form.cleaned_data, par=request.user)
        except ValidationError as exc:
            _report(form, exc)
        else:
            messages.success(request, _("Action enregistrée."))
            return redirect(f"{quartier.get_absolute_url()}#axe-{action.axe_id}")
    return render(
        request,
        "quartiers/action_form.html",
        {"quartier": quartier, "axe": action.axe, "action": action, "form": form},
    )


@member_required
@require_http_methods(["GET", "POST"])
def action_delete(request, pk, action_pk):
    quartier = get_editable_or_404(Quartier, request.user, pk=pk)
    action = get_object_or_404(
        Action.objects.select_related("axe"),
        pk=action_pk,
        axe__quartier=quartier,
    )
    if request.method == "POST":
        axe_id = action.axe_id
        services.action_delete(action=action, par=request.user)
        messages.success(request, _("Action supprimée."))
        return redirect(f"{quartier.get_absolute_url()}#axe-{axe_id}")
    return render(
        request,
        "quartiers/confirm_delete.html",
        {
            "quartier": quartier,
            "objet": action,
            "titre": _("Supprimer l'action « %(titre)s » ?") % {"titre": action.titre},
            "consequence": "",
        },
    )


# --- Perimeter import (administrators) --------------------------------------------------------


def _administrateur_required(request):
    if not request.user.is_administrateur:
        raise PermissionDenied


def _import_path(jeton: str) -> str:
    return f"imports/perimetres/{jeton}.geojson"


@member_required
@require_http_methods(["GET", "POST"])
def import_fichier(request):
    """Step 1: upload a GeoJSON file; it is checked as a whole, then kept for the preview."""
    _administrateur_required(request)
    form = ImportFichierForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        raw = form.cleaned_data["fichier"].read()
        try:
            imports.lire_fichier(raw)
        except ValidationError as exc:
            form.add_error("fichier", exc)
        else:
            jeton = uuid.uuid4().hex
            default_storage.save(_import_path(jeton), ContentFile(raw))
            request.session[IMPORT_SESSION_KEY] = [
                *request.session.get(IMPORT_SESSION_KEY, [])[-4:],
                jeton,
            ]
            return redirect("quartiers:import_apercu", jeton=jeton)
    return render(request, "quartiers/import_fichier.html", {"form": form})


@member_required
@require_http_methods(["GET", "POST"])
def import_apercu(request, jeton):
    """Step 2: pick the name property, preview each feature, confirm; one transaction."""
    _administrateur_required(request)
    path = _import_path(jeton)
    if jeton not in request.session.get(IMPORT_SESSION_KEY, []) or not default_storage.exists(path):
        messages.error(request, _("Ce fichier n'est plus disponible : déposez-le à nouveau."))
        return redirect("quartiers:import")
    with default_storage.open(path, "rb") as handle:
        fichier = imports.lire_fichier(handle.read())
    organisation = request.user.organisation
    data = request.POST if request.method == "POST" else request.GET
    choix = ImportProprieteForm(data if "propriete" in data else None, fichier=fichier)
    lignes = confirmation = None
    if choix.is_bound and choix.is_valid():
        propriete = choix.cleaned_data["propriete"]
        lignes = imports.apercu(organisation=organisation, fichier=fichier, propriete=propriete)
        confirmation = ImportConfirmationForm(
            request.POST if request.method == "POST" else None,
            lignes=lignes,
            initial={
                "propriete": propriete,
                "noms": [ligne.nom for ligne in lignes if ligne.valide],
            },
        )
        if request.method == "POST" and confirmation.is_valid():
            noms = set(confirmation.cleaned_data["noms"])
            choisies = [ligne for ligne in lignes if ligne.nom in noms]
            try:
                counts = services.perimetres_importer(
                    organisation=organisation,
                    lignes=choisies,
                    par=request.user,
                    source=_("import GeoJSON"),
                )
            except ValidationError as exc:
                confirmation.add_error(None, exc)
            else:
                default_storage.delete(path)
                messages.success(
                    request,
                    _(
                        "Import terminé : %(crees)s quartier(s) créé(s), "
                        "%(maj)s périmètre(s) mis à jour."
                    )
                    % {"crees": counts["crees"], "maj": counts["mis_a_jour"]},
                )
                return redirect("quartiers:list")
    return render(
        request,
        "quartiers/import_apercu.html",
        {
            "jeton": jeton,
            "fichier": fichier,
            "choix": choix,
            "lignes": lignes,
            "confirmation": confirmation,
            "nombre_refusees": sum(1 for ligne in lignes or [] if not ligne.valide),
            "action_url": reverse("quartiers:import_apercu", args=[jeton]),
        },
    )
