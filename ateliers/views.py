from datetime import date, timedelta

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Max, Q
from django.http import FileResponse, Http404, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from comptes.models import Role
from comptes.permissions import get_editable_or_404, get_visible_or_404, member_required
from quartiers.models import AxeTravail, Quartier

from . import selectors, services
from .forms import (
    AtelierForm,
    FiltreJournalForm,
    GroupeForm,
    JetonForm,
    PieceForm,
    PropositionForm,
    StatutForm,
    SuiviForm,
)
from .ical import calendrier as ical_calendrier
from .models import (
    Atelier,
    GroupeTravail,
    JetonCalendrier,
    PieceJointe,
    PorteeCalendrier,
    Proposition,
    StatutProposition,
    Suivi,
)

PAR_PAGE = 25
BROUILLON_KEY = "ateliers:brouillon"


def _errors_to_form(form, exc: ValidationError):
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


# --- Log -----------------------------------------------------------------------------------


def _journal(request, qs, *, template, context, axes=None, quartiers=None):
    filtres = FiltreJournalForm(request.GET or None, axes=axes, quartiers=quartiers)
    if filtres.is_bound and filtres.is_valid():
        qs = selectors.ateliers_filtrer(qs, filtres.cleaned_data)
    totaux = selectors.totaux(qs)
    page = Paginator(qs.for_log(), PAR_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        template,
        {
            **context,
            "filtres": filtres,
            "page": page,
            "totaux": totaux,
            "querystring": query.urlencode(),
        },
    )


@member_required
def journal_quartier(request, pk):
    quartier = get_visible_or_404(Quartier, request.user, pk=pk)
    return _journal(
        request,
        Atelier.objects.filter(quartier=quartier),
        template="ateliers/journal.html",
        context={
            "quartier": quartier,
            "peut_saisir": Quartier.objects.editable_by(request.user).filter(pk=pk).exists(),
        },
        axes=AxeTravail.objects.filter(quartier=quartier),
    )


@member_required
def journal_mien(request):
    quartiers = Quartier.objects.visible_to(request.user).order_by("nom")
    return _journal(
        request,
        Atelier.objects.visible_to(request.user).filter(animateurs=request.user),
        template="ateliers/journal.html",
        context={
            "mien": True,
            "peut_saisir": Quartier.objects.editable_by(request.user).exists(),
        },
        axes=AxeTravail.objects.filter(quartier__in=quartiers)
        .select_related("quartier")
        .order_by("quartier__nom", "ordre", "pk"),
        quartiers=quartiers,
    )


# --- Entry ---------------------------------------------------------------------------------


def _brouillon_garder(request) -> None:
    # Keep what was typed even if the phone leaves the page before it is fixed.
    request.session[BROUILLON_KEY] = {
        key: request.POST.getlist(key)
        for key in request.POST
        if key not in ("csrfmiddlewaretoken", "confirmer_doublon")
    }


def _brouillon_form(request):
    """The form rebuilt from the kept draft (bound, so it shows what still needs fixing)."""
    brouillon = request.session.get(BROUILLON_KEY)
    if not brouillon:
        return None
    data = QueryDict(mutable=True)
    for key, values in brouillon.items():
        data.setlist(key, values)
    form = AtelierForm(data, user=request.user)
    form.is_valid()
    return form


def _saisie_initiale(request) -> dict:
    """Buttons open the entry for a neighbourhood (``?quartier=``) or a group's next meeting
    (``?groupe=``); a stranger's id is a 404 like everywhere else."""
    groupe_pk, quartier_pk = request.GET.get("groupe", ""), request.GET.get("quartier", "")
    if groupe_pk.isdigit():
        groupe = get_editable_or_404(GroupeTravail, request.user, pk=groupe_pk)
        return selectors.saisie_initiale(groupe=groupe)
    if quartier_pk.isdigit():
        quartier = get_editable_or_404(Quartier, request.user, pk=quartier_pk)
        return selectors.saisie_initiale(quartier=quartier)
    return {}


def _atelier_form_view(request, atelier=None):
    user = request.user
    is_new = atelier is None
    brouillon_restaure = False
    if request.method == "POST":
        form = AtelierForm(request.POST, request.FILES, instance=atelier, user=user)
        if form.is_valid():
            try:
                with transaction.atomic():  # the activity and its photos, or nothing
                    saved = services.atelier_enregistrer(
                        par=user,
                        data=form.model_data(),
                        animateurs=form.cleaned_data["animateurs"],
                        acteurs_presents=form.cleaned_data["acteurs_presents"],
                        nouvel_acteur=form.nouvel_acteur(),
                        atelier=atelier,
                    )
                    services.pieces_ajouter(
                        atelier=saved, fichiers=form.cleaned_data["pieces"], par=user
                    )
            except ValidationError as exc:
                _errors_to_form(form, exc)
            else:
                atelier = saved
                if is_new:
                    request.session.pop(BROUILLON_KEY, None)
                messages.success(request, _("Activité enregistrée."))
                if "ajouter_autre" in request.POST:
                    # The next one is usually in the same neighbourhood.
                    return redirect(reverse("ateliers:saisie") + f"?quartier={atelier.quartier_id}")
                return redirect(atelier)
        _pieces_a_reprendre(request, form)
        if is_new:
            _brouillon_garder(request)
    elif is_new and "effacer_brouillon" in request.GET:
        request.session.pop(BROUILLON_KEY, None)
        query = request.GET.copy()
        del query["effacer_brouillon"]
        return redirect(reverse("ateliers:saisie") + (f"?{query.urlencode()}" if query else ""))
    else:
        form = _brouillon_form(request) if is_new else None
        brouillon_restaure = form is not None
        if form is None:
            initial = _saisie_initiale(request) if is_new else {}
            form = AtelierForm(instance=atelier, user=user, initial=initial)
    perimetres = dict(
        Quartier.objects.editable_by(user)
        .exclude(perimetre__isnull=True)
        .values_list("pk", "perimetre")
    )
    return render(
        request,
        "ateliers/atelier_form.html",
        {
            "form": form,
            "atelier": atelier,
            "brouillon_restaure": brouillon_restaure,
            "effacer_brouillon": urlencode({**request.GET.dict(), "effacer_brouillon": 1}),
            "map_config": _map_config(perimetres=perimetres, editable=True),
        },
    )


def _pieces_a_reprendre(request, form) -> None:
    """Browsers never refill a file input: when the form comes back with an error, say that
    the files chosen were not kept, at the field, rather than lose them silently."""
    chosen = len(request.FILES.getlist("pieces"))
    if chosen and "pieces" not in form.errors:
        form.add_error(
            "pieces",
            ngettext(
                "%(n)d fichier choisi n'a pas été enregistré : choisissez-le de nouveau.",
                "Les %(n)d fichiers choisis n'ont pas été enregistrés : choisissez-les de nouveau.",
                chosen,
            )
            % {"n": chosen},
        )


def _map_config(**extra) -> dict:
    return {
        "tiles": settings.MAP_TILES_URL,
        "attribution": settings.MAP_TILES_ATTRIBUTION,
        **extra,
    }


@member_required
def saisie(request):
    if not Quartier.objects.editable_by(request.user).exists():
        raise PermissionDenied
    return _atelier_form_view(request)


@member_required
def atelier_modifier(request, pk):
    atelier = get_editable_or_404(Atelier, request.user, pk=pk)
    return _atelier_form_view(request, atelier)


@member_required
@require_POST
def atelier_supprimer(request, pk):
    atelier = get_editable_or_404(Atelier, request.user, pk=pk)
    quartier = atelier.quartier
    services.atelier_supprimer(atelier=atelier, par=request.user)
    messages.success(request, _("Activité supprimée."))
    return redirect("ateliers:journal_quartier", pk=quartier.pk)


@member_required
def atelier_detail(request, pk):
    atelier = get_visible_or_404(
        Atelier,
        request.user,
        pk=pk,
    )
    peut_modifier = Atelier.objects.editable_by(request.user).filter(pk=pk).exists()
    presents = (
        atelier.acteurs_presents.order_by("nom", "prenom")
        if request.user.reads_whole_organisation
        else None
    )
    return render(
        request,
        "ateliers/atelier_detail.html",
        {
            "atelier": atelier,
            "presents": presents,
            "animateurs": atelier.animateurs.all(),
            "pieces": atelier.pieces.all(),
            "propositions": atelier.propositions.all(),
            "cartes": atelier.cartes.annotate(
                nombre_notes=Count("annotations", filter=Q(annotations__statut="publiee"))
            ).order_by("-cree_le"),
            "peut_modifier": peut_modifier,
            "piece_form": PieceForm() if peut_modifier else None,
            "map_config": _map_config(
                point=[atelier.latitude, atelier.longitude],
                quartier=atelier.quartier_id,
                perimetres={atelier.quartier_id: atelier.quartier.perimetre},
            )
            if atelier.latitude is not None
            else None,
        },
    )


# --- Attachments ---------------------------------------------------------------------------


@member_required
@require_POST
def piece_ajouter(request, pk):
    atelier = get_editable_or_404(Atelier, request.user, pk=pk)
    form = PieceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.pieces_ajouter(
                atelier=atelier,
                fichiers=form.cleaned_data["fichier"],
                legende=form.cleaned_data["legende"],
                par=request.user,
            )
        except ValidationError as exc:
            form.add_error("fichier", exc)
    if form.errors:
        return render(
            request,
            "ateliers/piece_form.html",
            {"atelier": atelier, "piece_form": form},
            status=400,
        )
    messages.success(request, _("Pièces jointes ajoutées."))
    return redirect(atelier)


@member_required
def piece_telecharger(request, pk, piece_pk):
    """Files are never served from a public URL: only here, after the visibility check."""
    piece = get_object_or_404(
        PieceJointe.objects.visible_to(request.user), pk=piece_pk, atelier_id=pk
    )
    try:
        handle = piece.fichier.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(
        handle,
        content_type=piece.type_mime,
        as_attachment=not piece.est_image,
        filename=piece.nom,
    )
    response["Cache-Control"] = "private, max-age=3600"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@member_required
@require_POST
def piece_supprimer(request, pk, piece_pk):
    atelier = get_editable_or_404(Atelier, request.user, pk=pk)
    piece = get_object_or_404(atelier.pieces, pk=piece_pk)
    services.piece_supprimer(piece=piece, par=request.user)
    messages.success(request, _("Pièce jointe supprimée."))
    return redirect(atelier)


# --- Calendar ------------------------------------------------------------------------------


@member_required
def calendrier(request):
    today = timezone.localdate()
    try:
        annee, mois = (int(x) for x in request.GET.get("mois", "").split("-"))
        premier = date(annee, mois, 1)
        if not 1900 <= annee <= 2200:
            raise ValueError
    except ValueError:
        premier = today.replace(day=1)
    quartiers = Quartier.objects.visible_to(request.user)
    qs = Atelier.objects.visible_to(request.user)
    quartier = None
    if request.GET.get("quartier"):
        if not request.GET["quartier"].isdigit():
            raise Http404
        quartier = get_object_or_404(quartiers, pk=request.GET["quartier"])
        qs = qs.filter(quartier=quartier)
    elif request.GET.get("mien"):
        qs = qs.filter(animateurs=request.user)
    precedent, suivant = selectors.mois_voisins(premier.year, premier.month)
    base = {"quartier": quartier.pk} if quartier else {}
    if not quartier and request.GET.get("mien"):
        base = {"mien": 1}
    return render(
        request,
        "ateliers/calendrier.html",
        {
            "premier": premier,
            "semaines": selectors.mois_calendrier(qs, premier.year, premier.month),
            "quartiers": quartiers,
            "quartier": quartier,
            "mien": bool(request.GET.get("mien")) and not quartier,
            "aujourdhui": today,
            "url_precedent": "?" + urlencode({**base, "mois": f"{precedent:%Y-%m}"}),
            "url_suivant": "?" + urlencode({**base, "mois": f"{suivant:%Y-%m}"}),
            "url_ce_mois": "?" + urlencode({**base, "mois": f"{today:%Y-%m}"}),
        },
    )


def _abonnements_page(request, form, *, status=200):
    jetons = JetonCalendrier.objects.filter(
        user=request.user, revoque_le__isnull=True
    ).select_related("quartier")
    liens = []
    for jeton in jetons:
        url = request.build_absolute_uri(jeton.get_absolute_url())
        # webcal:// makes phones and desktop clients offer "subscribe" on a tap.
        liens.append((jeton, url, "webcal://" + url.split("://", 1)[1]))
    return render(
        request, "ateliers/abonnements.html", {"jetons": liens, "form": form}, status=status
    )


@member_required
def abonnements(request):
    return _abonnements_page(request, JetonForm(user=request.user))


@member_required
@require_POST
def abonnement_creer(request):
    form = JetonForm(request.POST, user=request.user)
    if form.is_valid():
        services.jeton_creer(
            user=request.user,
            portee=form.cleaned_data["portee"],
            quartier=form.cleaned_data["quartier"],
        )
        messages.success(
            request,
            _(
                "Nouvelle adresse d'abonnement créée ; "
                "l'ancienne adresse éventuelle ne marche plus."
            ),
        )
        return redirect("ateliers:abonnements")
    return _abonnements_page(request, form, status=400)


@member_required
@require_POST
def abonnement_revoquer(request, pk):
    jeton = get_object_or_404(JetonCalendrier, pk=pk, user=request.user, revoque_le__isnull=True)
    services.jeton_revoquer(jeton=jeton, par=request.user)
    messages.success(request, _("Adresse révoquée : les agendas abonnés ne la liront plus."))
    return redirect("ateliers:abonnements")


@never_cache
def ical(request, jeton):
    """The private feed: no login (calendar clients cannot log in), a revocable secret instead.
    The owner's current rights apply, so a removed or moved account stops seeing activities."""
    jeton = get_object_or_404(
        JetonCalendrier.objects.select_related("user", "quartier"),
        jeton=jeton,
        revoque_le__isnull=True,
        user__is_active=True,
    )
    user = jeton.user
    qs = Atelier.objects.visible_to(user).select_related("type_activite", "quartier", "groupe")
    if jeton.portee == PorteeCalendrier.QUARTIER:
        if not Quartier.objects.visible_to(user).filter(pk=jeton.quartier_id).exists():
            raise Http404
        qs = qs.filter(quartier_id=jeton.quartier_id)
        nom = _("Écogestion · %(quartier)s") % {"quartier": jeton.quartier.nom}
    else:
        qs = qs.filter(animateurs=user)
        nom = _("Écogestion · activités de %(nom)s") % {"nom": user.get_full_name() or user.email}
    # Two years back is what calendar clients need; older activities stay in the log.
    since = timezone.localdate() - timedelta(days=731)
    qs = qs.filter(date__gte=since).order_by("date", "pk")
    JetonCalendrier.objects.filter(pk=jeton.pk).update(dernier_acces=timezone.now())
    body = ical_calendrier(
        qs,
        nom=nom,
        url_for=lambda a: request.build_absolute_uri(a.get_absolute_url()),
        domaine=request.get_host().split(":")[0],
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="ecogestion.ics"'
    return response


# --- Groupes de travail --------------------------------------------------------------------


@member_required
def groupes_quartier(request, pk):
    quartier = get_visible_or_404(Quartier, request.user, pk=pk)
    groupes = (
        GroupeTravail.objects.filter(quartier=quartier)
        .annotate(
            nombre_membres=Count("membres", distinct=True),
            nombre_reunions=Count("reunions", distinct=True),
            derniere_reunion=Max("reunions__date"),
        )
        .order_by("-actif", "nom")
    )
    return render(
        request,
        "ateliers/groupes.html",
        {
            "quartier": quartier,
            "groupes": groupes,
            "peut_modifier": Quartier.objects.editable_by(request.user).filter(pk=pk).exists(),
        },
    )


@member_required
def groupe_detail(request, pk):
    groupe = get_visible_or_404(GroupeTravail, request.user, pk=pk)
    reunions, lignes = selectors.groupe_presences(groupe)
    return render(
        request,
        "ateliers/groupe_detail.html",
        {
            "groupe": groupe,
            "reunions": reunions,
            "lignes": lignes if request.user.reads_whole_organisation else None,
            "peut_modifier": GroupeTravail.objects.editable_by(request.user).filter(pk=pk).exists(),
        },
    )


def _groupe_form_view(request, groupe=None):
    form = GroupeForm(request.POST or None, instance=groupe, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in ("quartier", "nom", "description", "actif")}
        try:
            groupe = services.groupe_enregistrer(
                par=request.user, data=data, membres=form.cleaned_data["membres"], groupe=groupe
            )
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, _("Groupe de travail enregistré."))
            return redirect(groupe)
    return render(request, "ateliers/groupe_form.html", {"form": form, "groupe": groupe})


@member_required
def groupe_creer(request):
    if not Quartier.objects.editable_by(request.user).exists():
        raise PermissionDenied
    return _groupe_form_view(request)


@member_required
def groupe_modifier(request, pk):
    return _groupe_form_view(request, get_editable_or_404(GroupeTravail, request.user, pk=pk))


# --- Propositions --------------------------------------------------------------------------


@member_required
def propositions_tableau(request, pk):
    quartier = get_visible_or_404(Quartier, request.user, pk=pk)
    return render(
        request,
        "ateliers/propositions_tableau.html",
        {
            "quartier": quartier,
            "colonnes": selectors.propositions_par_statut(quartier),
            "peut_modifier": Quartier.objects.editable_by(request.user).filter(pk=pk).exists(),
        },
    )


@member_required
def propositions_statut(request, pk, statut):
    """All the propositions of one status, paginated: the board shows only the latest ones."""
    quartier = get_visible_or_404(Quartier, request.user, pk=pk)
    if statut not in StatutProposition.values:
        raise Http404
    qs = selectors.propositions_du_quartier(quartier, statut)
    return render(
        request,
        "ateliers/propositions_statut.html",
        {
            "quartier": quartier,
            "statut": statut,
            "label": StatutProposition(statut).label,
            "page": Paginator(qs, PAR_PAGE).get_page(request.GET.get("page")),
        },
    )


@member_required
def propositions_restitution(request, pk):
    quartier = get_visible_or_404(Quartier, request.user, pk=pk)
    filtres = FiltreJournalForm(request.GET or None)
    debut = fin = None
    if filtres.is_bound and filtres.is_valid():
        debut, fin = filtres.cleaned_data.get("debut"), filtres.cleaned_data.get("fin")
    sections = selectors.restitution_sections(quartier, debut=debut, fin=fin)
    return render(
        request,
        "ateliers/restitution.html",
        {
            "quartier": quartier,
            "sections": sections,
            "vide": not any(propositions for _statut, _titre, propositions in sections),
            "animateurs": list(
                quartier.membres.filter(role=Role.FACILITATEUR, is_active=True).order_by(
                    "first_name", "last_name"
                )
            ),
            "filtres": filtres,
            "aujourdhui": timezone.localdate(),
        },
    )


@member_required
def proposition_creer(request, pk):
    """A proposition voiced during activity ``pk``."""
    atelier = get_editable_or_404(Atelier, request.user, pk=pk)
    quartier = atelier.quartier
    form = PropositionForm(
        request.POST or None,
        user=request.user,
        quartier=quartier,
        initial={"atelier": atelier.pk},
    )
    if request.method == "POST" and form.is_valid():
        try:
            proposition = services.proposition_enregistrer(
                par=request.user, data=form.cleaned_data, quartier=quartier
            )
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, _("Proposition enregistrée."))
            if "ajouter_autre" in request.POST:
                return redirect("ateliers:proposition_creer", pk=atelier.pk)
            return redirect(proposition)
    return render(
        request,
        "ateliers/proposition_form.html",
        {"form": form, "quartier": quartier, "atelier": atelier},
    )


@member_required
def proposition_modifier(request, pk):
    proposition = get_editable_or_404(Proposition, request.user, pk=pk)
    form = PropositionForm(
        request.POST or None, instance=proposition, user=request.user, quartier=proposition.quartier
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.proposition_enregistrer(
                par=request.user, data=form.cleaned_data, proposition=proposition
            )
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, _("Proposition modifiée."))
            return redirect(proposition)
    return render(
        request,
        "ateliers/proposition_form.html",
        {"form": form, "quartier": proposition.quartier, "proposition": proposition},
    )


def _proposition_page(request, proposition, *, statut_form=None, suivi_form=None, status=200):
    peut_modifier = Proposition.objects.editable_by(request.user).filter(pk=proposition.pk).exists()
    return render(
        request,
        "ateliers/proposition_detail.html",
        {
            "proposition": proposition,
            "note": proposition.note_carte,
            "historique": proposition.historique.select_related("par"),
            "suivis": proposition.suivis.select_related("responsable"),
            "peut_modifier": peut_modifier,
            "statut_form": statut_form
            or (StatutForm(proposition=proposition) if peut_modifier else None),
            "suivi_form": suivi_form or (SuiviForm(user=request.user) if peut_modifier else None),
        },
        status=status,
    )


@member_required
@require_POST
def proposition_depuis_note(request, pk):
    """The "Transformer en proposition" button of a map note: one proposal per note."""
    from cartographie.models import Annotation

    note = get_editable_or_404(Annotation, request.user, pk=pk)
    try:
        proposition = services.proposition_depuis_note(note=note, par=request.user)
    except services.NoteDejaProposition as exc:
        messages.info(request, exc.messages[0])
        return redirect(exc.proposition)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("cartographie:annotation_modifier", pk=note.pk)
    messages.success(
        request,
        _("La note est devenue la proposition n° %(numero)s. Vous pouvez préciser son texte.")
        % {"numero": proposition.pk},
    )
    return redirect(proposition)


@member_required
def proposition_detail(request, pk):
    proposition = get_visible_or_404(Proposition, request.user, pk=pk)
    return _proposition_page(request, proposition)


@member_required
@require_POST
def proposition_statut(request, pk):
    proposition = get_editable_or_404(Proposition, request.user, pk=pk)
    form = StatutForm(request.POST, proposition=proposition)
    if form.is_valid():
        try:
            services.proposition_changer_statut(
                proposition=proposition,
                statut=form.cleaned_data["statut"],
                motif=form.cleaned_data["motif"],
                le=form.cleaned_data["le"],
                par=request.user,
            )
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, _("Statut mis à jour."))
            return redirect(proposition)
    return _proposition_page(request, proposition, statut_form=form, status=400)


@member_required
@require_POST
def suivi_creer(request, pk):
    proposition = get_editable_or_404(Proposition, request.user, pk=pk)
    form = SuiviForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            services.suivi_creer(proposition=proposition, par=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, _("Tâche de suivi ajoutée."))
            return redirect(proposition)
    return _proposition_page(request, proposition, suivi_form=form, status=400)


@member_required
@require_POST
def suivi_basculer(request, pk):
    suivi = get_editable_or_404(Suivi, request.user, pk=pk)
    services.suivi_marquer(suivi=suivi, par=request.user, fait=not suivi.fait)
    messages.success(request, _("Tâche mise à jour."))
    next_url = request.POST.get("next")
    if next_url and url_has_allowed_host_and_scheme(next_url, {request.get_host()}):
        return redirect(next_url)
    return redirect(suivi.proposition)
