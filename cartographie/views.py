import csv
import io
import json
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_POST

from comptes.permissions import get_editable_or_404, get_visible_or_404, member_required
from ecogestion import ratelimit
from quartiers.models import Quartier

from . import rendering, selectors, services
from .forms import (
    AnnotationForm,
    CarteForm,
    ImportFichierForm,
    ImportMappingForm,
    NoteEquipeForm,
    NotePubliqueForm,
    RejetForm,
    TableauFiltreForm,
)
from .models import Annotation, Carte, Categorie, ImportAnnotations, Statut


def _can_edit(user, quartier) -> bool:
    return Quartier.objects.editable_by(user).filter(pk=quartier.pk).exists()


def _map_config(quartier, **extra) -> dict:
    """What the map scripts need, passed with json_script (never string-built JavaScript)."""
    return {
        "tiles": {"url": settings.MAP_TILES_URL, "attribution": settings.MAP_TILES_ATTRIBUTION},
        # Leaflet guesses its marker images' folder from a CSS url, which hashed static names
        # defeat (the pin of a drawn point showed as a broken image): give it explicitly.
        "icones": static("leaflet/images/"),
        "perimetre": quartier.perimetre,
        "ilots": [
            {"nom": ilot.nom, "geometrie": ilot.geometrie}
            for ilot in quartier.ilots.all()
            if ilot.geometrie
        ],
        "categories": [
            {"code": c.slug, "nom": c.nom, "couleur": c.couleur, "icone": c.icone}
            for c in Categorie.objects.all()
        ],
        "ressentis": {"positif": _("Positif"), "negatif": _("Négatif"), "neutre": _("Neutre")},
        "textes": {
            "chargement": _("Chargement des notes…"),
            "affichees": _("%(n)s note(s) affichée(s)."),
            "affichees_sur": _("%(n)s note(s) affichée(s) sur %(total)s."),
            "echec_notes": _(
                "Les notes n’ont pas pu être chargées. Le tableau des notes reste disponible."
            ),
            "densite": _("Densité : %(cells)s hexagone(s), jusqu’à %(max)s note(s) par hexagone."),
            "echec_densite": _("La densité n’a pas pu être chargée."),
            "n_notes": _("%(n)s note(s)"),
            "aucun_trace": _("Aucun emplacement choisi : dessinez sur la carte."),
            "trace_pret": _("Tracé prêt : vous pouvez décrire la note."),
            "place": _("Emplacement choisi. Vous pouvez toucher ailleurs pour le déplacer."),
            "placer_dabord": _("Touchez d’abord la carte pour placer votre note."),
            "position_introuvable": _("Position introuvable : touchez la carte."),
            "zoom_avant": _("Zoom avant"),
            "zoom_arriere": _("Zoom arrière"),
            "fond_indisponible": _(
                "Fond de carte indisponible : le périmètre et les notes restent affichés."
            ),
        },
        **extra,
    }


def _form_errors_to_fields(form, exc: ValidationError):
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


# --- Neighbourhood map, table, endpoints, exports ---------------------------------------------


@member_required
def index(request):
    """Entry point: the visible neighbourhoods with their sessions."""
    quartiers = Quartier.objects.visible_to(request.user).annotate(
        nb_cartes=Count("cartes", distinct=True),
        nb_notes=Count("cartes__annotations", filter=Q(cartes__annotations__statut=Statut.PUBLIEE)),
        nb_attente=Count(
            "cartes__annotations", filter=Q(cartes__annotations__statut=Statut.EN_ATTENTE)
        ),
    )
    page = Paginator(quartiers.order_by("nom"), 50).get_page(request.GET.get("page"))
    cartes = (
        Carte.objects.filter(quartier__in=[q.pk for q in page.object_list])
        .select_related("quartier")
        .order_by("quartier__nom", "-cree_le")
    )
    by_quartier: dict[int, list] = {}
    for carte in cartes:
        by_quartier.setdefault(carte.quartier_id, []).append(carte)
    for quartier in page.object_list:
        quartier.liste_cartes = by_quartier.get(quartier.pk, [])
    return render(request, "cartographie/index.html", {"page": page})


@member_required
def quartier_carte(request, pk):
    quartier = get_visible_or_404(Quartier, request.user, pk=pk)
    cartes = list(selectors.cartes_avec_compteurs(quartier))
    config = _map_config(
        quartier,
        notes_url=reverse("cartographie:quartier_notes", args=[quartier.pk]),
        densite_url=reverse("cartographie:quartier_densite", args=[quartier.pk]),
        cartes=[{"id": c.pk, "titre": c.titre} for c in cartes],
        mode="quartier",
    )
    return render(
        request,
        "cartographie/quartier_carte.html",
        {
            "quartier": quartier,
            "cartes": cartes,
            "categories": Categorie.objects.all(),
            "can_edit": _can_edit(request.user, quartier),
            "map_config": config,
        },
    )


def _cartes_param(request, quartier):
    ids = [v for v in request.GET.getlist("carte") if v.isdigit()]
    if not ids:
        return None
    return Carte.objects.filter(quartier=quartier, pk__in=ids)


@member_required
@gzip_page
def quartier_notes(request, pk):
    """All published notes of the neighbourhood (optionally of some sessions) as one GeoJSON
    FeatureCollection: the map filters them client-side."""
    quartier = get_visible_or_404(Quartier, request.user, pk=pk)
    qs = selectors.notes_du_quartier(quartier, cartes=_cartes_param(request, quartier))
    body = selectors.feature_collection_json(qs)
    return HttpResponse(body, content_type="application/geo+json")


@member_required
def quartier_densite(request, pk):
    quartier = get_visible_or_404(Quartier, request.user, pk=pk)
    qs = selectors.notes_du_quartier(quartier, cartes=_cartes_param(request, quartier))
    categories = request.GET.getlist("categorie")
    if categories:
        qs = qs.filter(categorie__slug__in=categories)
    ressentis = request.GET.getlist("ressenti")
    if ressentis:
        qs = qs.filter(ressenti__in=ressentis)
    return JsonResponse(
        {"type": "FeatureCollection", "features": selectors.densite(qs)},
        content_type="application/geo+json",
    )


SORTS = {
    "ilot": ["ilot__nom", "categorie__ordre", "-cree_le"],
    "categorie": ["categorie__ordre", "ilot__nom", "-cree_le"],
    "date": ["-cree_le"],
    "-date": ["cree_le"],
    "ressenti": ["ressenti", "-cree_le"],
    "carte": ["carte__titre", "-cree_le"],
}


@member_required
def quartier_tableau(request, pk):
    """The accessible alternative to the map: the same notes in a table grouped by îlot and
    category, filterable and sortable with plain links and forms."""
    quartier = get_visible_or_404(Quartier, request.user, pk=pk)
    form = TableauFiltreForm(request.GET or None, quartier=quartier)
    qs = selectors.avec_proposition(
        selectors.notes_du_quartier(quartier).select_related("categorie", "carte", "ilot")
    )
    if form.is_valid():
        qs = selectors.filtrer(qs, **{k: v for k, v in form.cleaned_data.items()})
    sort = request.GET.get("tri", "ilot")
    if sort not in SORTS:
        sort = "ilot"
    qs = qs.order_by(*SORTS[sort], "pk")
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    filters_qs = params.copy()
    filters_qs.pop("tri", None)
    return render(
        request,
        "cartographie/quartier_tableau.html",
        {
            "quartier": quartier,
            "can_edit": _can_edit(request.user, quartier),
            "form": form,
            "page": page,
            "sort": sort,
            "querystring": params.urlencode(),
            "filters_querystring": filters_qs.urlencode(),
            "grouped": sort in ("ilot", "categorie"),
            "resume": selectors.compte_par_categorie(
                selectors.filtrer(
                    selectors.notes_du_quartier(quartier),
                    **(form.cleaned_data if form.is_valid() else {}),
                )
            ),
        },
    )


def _export_filename(quartier, carte, ext):
    from django.utils.text import slugify

    base = slugify(carte.titre if carte else quartier.nom) or "notes"
    return f"notes-{base}.{ext}"


def _export_scope(request, pk):
    quartier = get_visible_or_404(Quartier, request.user, pk=pk)
    carte = None
    carte_id = request.GET.get("carte", "")
    if carte_id:
        carte = get_object_or_404(
            Carte, quartier=quartier, pk=carte_id if carte_id.isdigit() else 0
        )
    qs = selectors.notes_du_quartier(quartier, cartes=[carte] if carte else None)
    return quartier, carte, qs


@member_required
def export_geojson(request, pk):
    """RFC 7946 FeatureCollection (WGS84, no crs member), streamed feature by feature."""
    quartier, carte, qs = _export_scope(request, pk)

    def stream():
        yield '{"type":"FeatureCollection","features":['
        for i, feature in enumerate(selectors.iter_features(qs, full=True)):
            yield ("," if i else "") + json.dumps(
                feature, ensure_ascii=False, separators=(",", ":")
            )
        yield "]}\n"

    response = StreamingHttpResponse(stream(), content_type="application/geo+json")
    response["Content-Disposition"] = (
        f'attachment; filename="{_export_filename(quartier, carte, "geojson")}"'
    )
    return response


class _Echo:
    def write(self, value):
        return value


CSV_HEADER = [
    "id",
    "lon",
    "lat",
    "type",
    "categorie",
    "ressenti",
    "commentaire",
    "auteur",
    "ilot",
    "carte",
    "ajoutee_le",
]


@member_required
def export_csv(request, pk):
    quartier, carte, qs = _export_scope(request, pk)
    writer = csv.writer(_Echo(), delimiter=";")

    def stream():
        yield "\ufeff" + writer.writerow(CSV_HEADER)
        rows = (
            qs.order_by("pk")
            .values_list(
                "pk",
                "lon",
                "lat",
                "geometrie__type",
                "categorie__nom",
                "ressenti",
                "commentaire",
                "auteur",
                "ilot__nom",
                "carte__titre",
                "cree_le",
            )
            .iterator(chunk_size=2000)
        )
        for pk_, lon, lat, kind, cat, ressenti, comment, auteur, ilot, titre, cree in rows:
            yield writer.writerow(
                [
                    pk_,
                    f"{lon:.6f}",
                    f"{lat:.6f}",
                    kind,
                    cat,
                    ressenti,
                    _csv_safe(comment),
                    _csv_safe(auteur),
                    ilot or "",
                    titre,
                    localtime(cree).isoformat(timespec="seconds"),
                ]
            )

    response = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{_export_filename(quartier, carte, "csv")}"'
    )
    return response


def _csv_safe(text: str) -> str:
    """Residents' text must not run as a spreadsheet formula."""
    if text and text[0] in "=+-@\t\r":
        return "'" + text
    return text


# --- Sessions ---------------------------------------------------------------------------------


@member_required
def carte_creer(request, pk):
    quartier = get_editable_or_404(Quartier, request.user, pk=pk)
    initial = {}
    # "Ouvrir une carte sensible pour cet atelier" links here with ?atelier=<pk>.
    atelier_pk = request.GET.get("atelier", "")
    atelier = quartier.ateliers.filter(pk=atelier_pk).first() if atelier_pk.isdigit() else None
    if atelier:
        initial = {"atelier": atelier.pk, "titre": atelier.titre}
    form = CarteForm(request.POST or None, initial=initial, quartier=quartier)
    if request.method == "POST" and form.is_valid():
        try:
            carte = services.carte_creer(quartier=quartier, par=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _form_errors_to_fields(form, exc)
        else:
            messages.success(request, _("Carte « %(titre)s » ouverte.") % {"titre": carte.titre})
            return redirect(carte)
    return render(request, "cartographie/carte_form.html", {"form": form, "quartier": quartier})


@member_required
def carte_modifier(request, pk):
    carte = get_editable_or_404(Carte, request.user, pk=pk)
    form = CarteForm(request.POST or None, instance=carte, quartier=carte.quartier)
    if request.method == "POST" and form.is_valid():
        try:
            services.carte_modifier(
                carte=Carte.objects.get(pk=carte.pk), par=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            _form_errors_to_fields(form, exc)
        else:
            messages.success(request, _("Carte enregistrée."))
            return redirect("cartographie:carte_detail", pk=carte.pk)
    return render(
        request,
        "cartographie/carte_form.html",
        {"form": form, "quartier": carte.quartier, "carte": carte},
    )


@member_required
@require_POST
def carte_renouveler_lien(request, pk):
    carte = get_editable_or_404(Carte, request.user, pk=pk)
    services.carte_renouveler_lien(carte=carte, par=request.user)
    messages.success(
        request, _("Nouveau lien public créé : l'ancien lien et son QR code ne fonctionnent plus.")
    )
    return redirect(carte)


@member_required
def carte_detail(request, pk):
    carte = get_visible_or_404(Carte, request.user, pk=pk)
    quartier = carte.quartier
    can_edit = _can_edit(request.user, quartier)
    # Typing in a group's paper notes one after the other: the signature stays for the next one.
    initial = {"auteur": request.GET.get("auteur", "")[:80]}
    form = NoteEquipeForm(request.POST or None, initial=initial) if can_edit else None
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items()}
            try:
                services.annotation_creer(carte=carte, par=request.user, **data)
            except ValidationError as exc:
                _form_errors_to_fields(form, exc)
            else:
                messages.success(request, _("Note ajoutée."))
                auteur = form.cleaned_data["auteur"]
                query = f"?{urlencode({'auteur': auteur})}" if auteur else ""
                return redirect(f"{carte.get_absolute_url()}{query}#ajout")
    counts = Annotation.objects.filter(carte=carte).values_list("statut")
    stats = {s: 0 for s in Statut.values}
    for (statut,) in counts:
        stats[statut] += 1
    config = _map_config(
        quartier,
        notes_url=reverse("cartographie:quartier_notes", args=[quartier.pk]) + f"?carte={carte.pk}",
        mode="dessin" if can_edit else "quartier",
        cartes=[{"id": carte.pk, "titre": carte.titre}],
    )
    public_url = request.build_absolute_uri(carte.get_public_url()) if can_edit else ""
    return render(
        request,
        "cartographie/carte_detail.html",
        {
            "carte": carte,
            "quartier": quartier,
            "can_edit": can_edit,
            "form": form,
            "stats": stats,
            "public_url": public_url,
            "map_config": config,
            "imports": carte.imports.all()[:10] if can_edit else [],
        },
    )


@member_required
def carte_qr(request, pk):
    """The public link as a QR code (SVG), to print or project during the workshop."""
    import segno

    carte = get_editable_or_404(Carte, request.user, pk=pk)
    qr = segno.make(request.build_absolute_uri(carte.get_public_url()), error="m")
    buffer = io.BytesIO()
    qr.save(buffer, kind="svg", scale=8, border=2, light="#ffffff", xmldecl=False)
    response = HttpResponse(buffer.getvalue(), content_type="image/svg+xml")
    if request.GET.get("telecharger"):
        response["Content-Disposition"] = f'attachment; filename="qr-carte-{carte.pk}.svg"'
    return response


@member_required
def carte_svg(request, pk):
    """A static SVG of the session's published notes over the perimeter, for printing."""
    carte = get_visible_or_404(Carte, request.user, pk=pk)
    svg = rendering.notes_svg(quartier=carte.quartier, cartes=[carte], width=1100, height=800)
    response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    return response


@member_required
def carte_imprimer(request, pk):
    carte = get_visible_or_404(Carte, request.user, pk=pk)
    svg = rendering.notes_svg(quartier=carte.quartier, cartes=[carte], width=1100, height=800)
    return render(request, "cartographie/carte_imprimer.html", {"carte": carte, "svg": svg})


# --- Moderation -------------------------------------------------------------------------------


@member_required
def moderation(request, pk):
    carte = get_editable_or_404(Carte, request.user, pk=pk)
    rejet_form = RejetForm(request.POST or None)
    if request.method == "POST":
        ids = [v for v in request.POST.getlist("notes") if v.isdigit()]
        notes = list(
            Annotation.objects.filter(carte=carte, pk__in=ids).select_related(
                "carte__quartier__organisation"
            )
        )
        action = request.POST.get("action")
        if not notes:
            messages.error(request, _("Cochez au moins une note."))
        elif action == "publier":
            n = services.annotations_publier(annotations=notes, par=request.user)
            messages.success(
                request, ngettext("%(n)s note publiée.", "%(n)s notes publiées.", n) % {"n": n}
            )
            return redirect("cartographie:moderation", pk=carte.pk)
        elif action == "rejeter":
            if rejet_form.is_valid():
                n = services.annotations_rejeter(
                    annotations=notes, par=request.user, motif=rejet_form.cleaned_data["motif"]
                )
                messages.success(
                    request, ngettext("%(n)s note rejetée.", "%(n)s notes rejetées.", n) % {"n": n}
                )
                return redirect("cartographie:moderation", pk=carte.pk)
        else:
            messages.error(request, _("Action inconnue."))
    statut = request.GET.get("statut", Statut.EN_ATTENTE)
    if statut not in Statut.values:
        statut = Statut.EN_ATTENTE
    qs = selectors.avec_proposition(
        Annotation.objects.filter(carte=carte, statut=statut)
        .select_related("categorie", "ilot")
        .order_by("cree_le", "pk")
    )
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "cartographie/moderation.html",
        {
            "carte": carte,
            "page": page,
            "statut": statut,
            "statuts": Statut.choices,
            "rejet_form": rejet_form,
            "checked": set(request.POST.getlist("notes")),
            "querystring": f"statut={statut}",
        },
    )


@member_required
def annotation_modifier(request, pk):
    note = get_editable_or_404(Annotation, request.user, pk=pk)
    carte = note.carte
    initial = {
        "geometrie": json.dumps(note.geometrie),
        "categorie": note.categorie_id,
        "ressenti": note.ressenti,
        "commentaire": note.commentaire,
        "auteur": note.auteur,
    }
    form = AnnotationForm(request.POST or None, initial=initial)
    rejet_form = RejetForm(prefix="rejet")
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if not data.get("geometrie"):
            data.pop("geometrie")
        try:
            services.annotation_modifier(annotation=note, par=request.user, **data)
        except ValidationError as exc:
            _form_errors_to_fields(form, exc)
        else:
            if request.POST.get("publier"):
                services.annotations_publier(annotations=[note], par=request.user)
            messages.success(request, _("Note enregistrée."))
            return (
                redirect("cartographie:moderation", pk=carte.pk)
                if note.statut != Statut.PUBLIEE or request.POST.get("publier")
                else redirect(carte)
            )
    config = _map_config(carte.quartier, mode="edition", notes_url="", cartes=[])
    proposition = note.propositions.order_by("pk").first()
    return render(
        request,
        "cartographie/annotation_form.html",
        {
            "note": note,
            "carte": carte,
            "proposition": proposition,
            "form": form,
            "rejet_form": rejet_form,
            "map_config": config,
        },
    )


@member_required
@require_POST
def annotation_rejeter(request, pk):
    note = get_editable_or_404(Annotation, request.user, pk=pk)
    form = RejetForm(request.POST, prefix="rejet")
    if form.is_valid():
        services.annotations_rejeter(
            annotations=[note], par=request.user, motif=form.cleaned_data["motif"]
        )
        messages.success(request, _("Note rejetée."))
    else:
        messages.error(request, _("Indiquez le motif du rejet."))
    return redirect("cartographie:moderation", pk=note.carte_id)


# --- Import -----------------------------------------------------------------------------------


@member_required
def import_deposer(request, pk):
    carte = get_editable_or_404(Carte, request.user, pk=pk)
    form = ImportFichierForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        fichier = form.cleaned_data["fichier"]
        try:
            imp = services.import_deposer(
                carte=carte, par=request.user, nom_fichier=fichier.name, contenu=fichier.read()
            )
        except ValidationError as exc:
            form.add_error("fichier", exc.messages)
        else:
            return redirect("cartographie:import_apercu", pk=imp.pk)
    return render(request, "cartographie/import_deposer.html", {"carte": carte, "form": form})


def _mapping(form) -> services.Mapping:
    return services.Mapping(**form.cleaned_data)


REJETS_PAR_PAGE = 100


@member_required
def import_apercu(request, pk):
    """Step 2 of an import: map the file's properties, look at the preview (every rejected
    feature with its reason, by pages of 100), confirm. Once imported, the page shows what was
    done: the mapping and the rejects as they were then."""
    imp = get_editable_or_404(ImportAnnotations, request.user, pk=pk)
    carte = imp.carte
    if imp.importe_le:
        apercu = services.Apercu(
            rejets=services.import_rejets_enregistres(imp),
            total=imp.nombre_importees + imp.nombre_rejetees,
        )
        return render(
            request,
            "cartographie/import_apercu.html",
            {
                "imp": imp,
                "carte": carte,
                "apercu": apercu,
                "rejets_page": Paginator(apercu.rejets, REJETS_PAR_PAGE).get_page(
                    request.GET.get("page")
                ),
                "querystring": "",
            },
        )
    properties = services.import_properties(imp)
    data = request.POST if request.method == "POST" else None
    if data is None and "apercu" in request.GET:
        data = request.GET
    guess = ImportMappingForm.guess(properties)
    if data is None and guess["categorie"]:
        data = guess  # a file we recognise (e.g. our own export): show its preview at once
    form = ImportMappingForm(data, properties=properties, initial=guess)
    apercu = None
    if form.is_valid():
        mapping = _mapping(form)
        if request.method == "POST":
            try:
                apercu = services.import_confirmer(imp=imp, mapping=mapping, par=request.user)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(
                    request,
                    _(
                        "%(ok)s note(s) importée(s) ; %(ko)s entité(s) rejetée(s), "
                        "téléchargeables ci-dessous."
                    )
                    % {"ok": len(apercu.valides), "ko": len(apercu.rejets)},
                )
                return redirect("cartographie:import_apercu", pk=imp.pk)
        apercu = services.import_apercu(imp=imp, mapping=mapping)
    mapping_querystring = urlencode({k: v or "" for k, v in form.data.items() if k in form.fields})
    return render(
        request,
        "cartographie/import_apercu.html",
        {
            "imp": imp,
            "carte": carte,
            "form": form,
            "exemples": services.import_exemples(imp),
            "apercu": apercu,
            "rejets_page": Paginator(apercu.rejets, REJETS_PAR_PAGE).get_page(
                request.GET.get("page")
            )
            if apercu
            else None,
            "mapping_querystring": mapping_querystring,
            "querystring": f"{mapping_querystring}&apercu=1",
        },
    )


@member_required
def import_rejets(request, pk):
    """The rejected features of a file with their reason, as GeoJSON (to fix and re-import):
    those of the import once it is done, else those of the preview's mapping."""
    imp = get_editable_or_404(ImportAnnotations, request.user, pk=pk)
    if imp.importe_le:
        rejets = services.import_rejets_enregistres(imp)
    else:
        properties = services.import_properties(imp)
        form = ImportMappingForm(
            request.GET or ImportMappingForm.guess(properties), properties=properties
        )
        form.is_valid()  # without a category, every feature is listed as rejected for that
        rejets = services.import_apercu(imp=imp, mapping=_mapping(form)).rejets
    features = []
    for rejet in rejets:
        feature = dict(rejet.feature)
        feature["properties"] = {
            **(feature.get("properties") or {}),
            "motif_rejet": rejet.raison,
            "index_fichier": rejet.index,
        }
        features.append(feature)
    response = HttpResponse(
        json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False),
        content_type="application/geo+json",
    )
    response["Content-Disposition"] = f'attachment; filename="rejets-import-{imp.pk}.geojson"'
    return response


# --- Public link (residents, no account) ------------------------------------------------------

# A workshop puts many phones behind one Wi-Fi address: the limit allows a room, not a robot.
NOTES_WINDOW_SECONDS = 10 * 60


@never_cache
def public_carte(request, jeton):
    """A session's public page: only this session, only when open, phone first."""
    carte = get_object_or_404(Carte.objects.select_related("quartier"), jeton=jeton)
    form = NotePubliqueForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not carte.ouverte:
            return render(
                request,
                "cartographie/public_carte.html",
                {"carte": carte, "ferme": True},
                status=403,
            )
        if not ratelimit.allow(
            request,
            "cartographie:notes",
            limit=settings.CARTOGRAPHIE_NOTES_PAR_IP,
            window=NOTES_WINDOW_SECONDS,
        ):
            form.add_error(
                None,
                _(
                    "Trop de notes envoyées depuis cette connexion : "
                    "réessayez dans quelques minutes."
                ),
            )
            status = 429
        elif form.is_robot:
            # Answer like a success so that robots learn nothing; nothing is stored.
            return redirect(f"{carte.get_public_url()}?merci=1")
        elif form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k != "site_web"}
            try:
                note = services.annotation_creer_publique(carte=carte, **data)
            except ValidationError as exc:
                _form_errors_to_fields(form, exc)
                status = 400
            else:
                attente = "1" if note.statut == Statut.EN_ATTENTE else "0"
                return redirect(f"{carte.get_public_url()}?merci=1&attente={attente}")
        else:
            status = 400
    config = _map_config(
        carte.quartier,
        mode="public",
        notes_url=reverse("cartographie:public_notes", args=[carte.jeton]),
        cartes=[],
    )
    return render(
        request,
        "cartographie/public_carte.html",
        {
            "carte": carte,
            "form": form,
            "ferme": not carte.ouverte,
            "merci": request.GET.get("merci") == "1",
            "attente": request.GET.get("attente") == "1",
            "map_config": config,
            "categories": Categorie.objects.filter(active=True),
        },
        status=status,
    )


@gzip_page
def public_notes(request, jeton):
    """Published notes of this session only, for residents to see what others said."""
    carte = get_object_or_404(Carte, jeton=jeton)
    qs = Annotation.objects.filter(carte=carte, statut=Statut.PUBLIEE)
    # Signatures stay with the team: the public map shows what was said, not who said it.
    body = selectors.feature_collection_json(qs, auteurs=False)
    return HttpResponse(body, content_type="application/geo+json")
