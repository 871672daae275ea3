import secrets
from pathlib import Path

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from comptes.permissions import get_editable_or_404, get_visible_or_404, staff_required
from quartiers.models import Quartier

from . import exports, imports, selectors, services
from .forms import (
    ActeurForm,
    AnonymiserForm,
    ContactForm,
    DirectoryFilterForm,
    ImportForm,
    RelationForm,
)
from .models import Acteur, Contact, Relation

PAGE_SIZE = 50
MORE_FILTERS = (
    "role_programme",
    "famille",
    "stade_diffusion",
    "nature",
    "contacts_min",
    "du",
    "au",
    "relais",
    "sans_consentement",
)
SAMPLES = Path(__file__).parent / "samples"
IMPORT_SESSION_KEY = "acteurs_import"


def _may_create(user) -> bool:
    return user.is_administrateur or user.is_facilitateur


def _filtered(request):
    form = DirectoryFilterForm(request.GET or None, user=request.user)
    return form, selectors.annuaire(request.user, form.to_filters())


def _querystring(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@staff_required
def acteur_list(request):
    form, acteurs = _filtered(request)
    page = Paginator(acteurs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "acteurs/list.html",
        {
            "form": form,
            "page": page,
            "querystring": _querystring(request),
            "may_create": _may_create(request.user),
            "quartiers": Quartier.objects.visible_to(request.user).order_by("nom"),
            "more_filters": sum(
                1
                for name in MORE_FILTERS
                if form.is_bound and form.is_valid() and form.cleaned_data.get(name)
            ),
        },
    )


@staff_required
def acteur_export_csv(request):
    _form, acteurs = _filtered(request)
    stamp = timezone.localdate().isoformat()
    response = StreamingHttpResponse(
        exports.csv_lines(acteurs), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="acteurs-{stamp}.csv"'
    return response


@staff_required
def acteur_export_xlsx(request):
    _form, acteurs = _filtered(request)
    stamp = timezone.localdate().isoformat()
    return FileResponse(
        exports.xlsx_file(acteurs),
        as_attachment=True,
        filename=f"acteurs-{stamp}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@staff_required
def acteur_detail(request, pk):
    acteur = get_object_or_404(
        Acteur.objects.visible_to(request.user).select_related("structure", "cree_par"), pk=pk
    )
    editable = Acteur.objects.editable_by(request.user).filter(pk=acteur.pk).exists()
    context = {
        "acteur": acteur,
        "editable": editable,
        "contact_form": ContactForm(),
        **selectors.acteur_page(acteur, request.user),
    }
    return render(request, "acteurs/detail.html", context)


@staff_required
@require_http_methods(["GET", "POST"])
def acteur_create(request):
    if not _may_create(request.user):
        raise PermissionDenied
    form = ActeurForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            acteur = services.acteur_creer(
                par=request.user,
                organisation=request.user.organisation,
                quartiers=form.all_quartiers(),
                **form.service_fields(),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Acteur « %(nom)s » créé.") % {"nom": acteur})
            return redirect(acteur)
    return render(request, "acteurs/form.html", {"form": form, "acteur": None})


@staff_required
@require_http_methods(["GET", "POST"])
def acteur_update(request, pk):
    acteur = get_editable_or_404(Acteur, request.user, pk=pk)
    if acteur.est_anonymise:
        messages.error(request, _("Cet acteur a été anonymisé : il ne peut plus être modifié."))
        return redirect(acteur)
    form = ActeurForm(request.POST or None, instance=acteur, user=request.user)
    if request.method == "POST" and form.is_valid():
        # The ModelForm has already set the fields on the instance; the service audits them.
        fresh = Acteur.objects.get(pk=acteur.pk)
        try:
            services.acteur_modifier(
                acteur=fresh,
                par=request.user,
                quartiers=form.all_quartiers(),
                **form.service_fields(),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Modifications enregistrées."))
            return redirect(fresh)
    return render(request, "acteurs/form.html", {"form": form, "acteur": acteur})


@staff_required
@require_http_methods(["GET", "POST"])
def relation_add(request, pk):
    acteur = get_editable_or_404(Acteur, request.user, pk=pk)
    recherche = request.GET.get("recherche", "").strip()[:100]
    form = RelationForm(request.POST or None, acteur=acteur, user=request.user, recherche=recherche)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.relation_ajouter(
                source=data["source"],
                cible=data["cible"],
                type_relation=data["type_relation"],
                note=data["note"],
                par=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Relation ajoutée."))
            return redirect(acteur)
    return render(
        request,
        "acteurs/relation_form.html",
        {"form": form, "acteur": acteur, "recherche": recherche},
    )


@staff_required
@require_http_methods(["GET", "POST"])
def relation_delete(request, pk):
    relation = get_object_or_404(
        Relation.objects.select_related("source", "cible").filter(
            source__in=Acteur.objects.visible_to(request.user)
        ),
        pk=pk,
    )
    editable = Acteur.objects.editable_by(request.user)
    if not editable.filter(pk__in=[relation.source_id, relation.cible_id]).exists():
        raise PermissionDenied
    back = request.GET.get("depuis") or request.POST.get("depuis")
    retour = relation.cible if back == str(relation.cible_id) else relation.source
    if request.method == "POST":
        services.relation_supprimer(relation=relation, par=request.user)
        messages.success(request, _("Relation supprimée."))
        return redirect(retour)
    return render(request, "acteurs/relation_delete.html", {"relation": relation, "retour": retour})


@staff_required
@require_http_methods(["GET", "POST"])
def contact_add(request, pk):
    acteur = get_editable_or_404(Acteur, request.user, pk=pk)
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.contact_enregistrer(acteur=acteur, par=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Contact enregistré."))
            return redirect(f"{acteur.get_absolute_url()}#historique")
    return render(request, "acteurs/contact_form.html", {"form": form, "acteur": acteur})


@staff_required
@require_http_methods(["GET", "POST"])
def contact_delete(request, pk):
    contact = get_object_or_404(
        Contact.objects.filter(acteur__in=Acteur.objects.visible_to(request.user)), pk=pk
    )
    contact.acteur = get_editable_or_404(Acteur, request.user, pk=contact.acteur_id)
    retour = f"{contact.acteur.get_absolute_url()}#historique"
    if contact.gere_ailleurs:
        messages.error(
            request,
            _("Ce contact vient d'une activité : retirez la personne de ses participant·es."),
        )
        return redirect(retour)
    if request.method == "POST":
        services.contact_supprimer(contact=contact, par=request.user)
        messages.success(request, _("Contact supprimé."))
        return redirect(retour)
    return render(request, "acteurs/contact_delete.html", {"contact": contact, "retour": retour})


@staff_required
def acteur_rgpd(request, pk):
    """Right of access: everything held on the person, readable. Logged as an export."""
    acteur = get_visible_or_404(Acteur, request.user, pk=pk)
    data = services.acteur_exporter_donnees(acteur=acteur, par=request.user)
    return render(request, "acteurs/rgpd.html", {"acteur": acteur, "data": data})


@staff_required
def acteur_rgpd_json(request, pk):
    acteur = get_visible_or_404(Acteur, request.user, pk=pk)
    data = services.acteur_exporter_donnees(acteur=acteur, par=request.user)
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = f'attachment; filename="rgpd-acteur-{acteur.pk}.json"'
    return response


@staff_required
@require_http_methods(["GET", "POST"])
def acteur_anonymise(request, pk):
    acteur = get_editable_or_404(Acteur, request.user, pk=pk)
    if not acteur.est_personne or acteur.est_anonymise:
        messages.error(request, _("Seule une personne non encore anonymisée peut l'être."))
        return redirect(acteur)
    form = AnonymiserForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.acteur_anonymiser(
            acteur=acteur, par=request.user, motif=form.cleaned_data["motif"]
        )
        messages.success(
            request, _("Données personnelles effacées ; les décomptes sont conservés.")
        )
        return redirect(acteur)
    return render(request, "acteurs/anonymise.html", {"form": form, "acteur": acteur})


@staff_required
def carte(request, quartier_pk):
    quartier = get_visible_or_404(Quartier, request.user, pk=quartier_pk)
    return render(
        request,
        "acteurs/carte.html",
        {"quartier": quartier, "carte": selectors.carte_acteurs(quartier)},
    )


@staff_required
@require_http_methods(["GET", "POST"])
def acteur_import(request):
    """Upload → preview of every row → confirm. Nothing is created before confirmation, and
    nothing at all if any row is wrong."""
    if not _may_create(request.user):
        raise PermissionDenied
    if request.method == "POST" and "jeton" in request.POST:
        return _import_confirm(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    preview = None
    jeton = ""
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["fichier"]
        preview = imports.analyse(
            upload.read(), upload.name, request.user.organisation, user=request.user
        )
        if preview.valid and preview.to_create:
            jeton = secrets.token_urlsafe(16)
            request.session[IMPORT_SESSION_KEY] = {
                "jeton": jeton,
                "fichier": upload.name,
                "rows": preview.serialisable(),
                "ignores": len(preview.duplicates),
            }
    return render(
        request, "acteurs/import.html", {"form": form, "preview": preview, "jeton": jeton}
    )


def _import_confirm(request):
    pending = request.session.get(IMPORT_SESSION_KEY)
    if not pending or pending["jeton"] != request.POST["jeton"]:
        messages.error(request, _("Cet aperçu a expiré : envoyez le fichier à nouveau."))
        return redirect("acteurs:import")
    del request.session[IMPORT_SESSION_KEY]
    try:
        record = services.import_enregistrer(
            organisation=request.user.organisation,
            par=request.user,
            fichier=pending["fichier"],
            rows=imports.deserialise(pending["rows"]),
            ignores=pending["ignores"],
        )
    except ValidationError as exc:
        # The base changed since the preview (e.g. a structure renamed): one transaction, so
        # nothing was created.
        messages.error(
            request,
            _("Rien n'a été importé : %(err)s Envoyez le fichier à nouveau pour un nouvel aperçu.")
            % {"err": " ".join(exc.messages)},
        )
        return redirect("acteurs:import")
    messages.success(
        request,
        ngettext(
            "%(n)s acteur importé depuis « %(f)s » (%(i)s doublon(s) ignoré(s)).",
            "%(n)s acteurs importés depuis « %(f)s » (%(i)s doublon(s) ignoré(s)).",
            record.crees,
        )
        % {"n": record.crees, "f": record.fichier, "i": record.ignores},
    )
    return redirect("acteurs:list")


@staff_required
def import_sample(request, fmt):
    names = {"csv": "acteurs_exemple.csv", "xlsx": "acteurs_exemple.xlsx"}
    if fmt not in names:
        raise Http404
    return FileResponse(
        open(SAMPLES / names[fmt], "rb"),  # noqa: SIM115 - FileResponse closes it
        as_attachment=True,
        filename=names[fmt],
    )
