import io

import segno
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from acteurs.models import Acteur
from comptes.audit import audit_record
from comptes.permissions import (
    get_editable_or_404,
    get_visible_or_404,
    member_required,
    staff_required,
)
from ecogestion import ratelimit
from quartiers.models import Quartier

from . import exports, selectors, services, xlsform
from .forms import (
    EnqueteForm,
    FiltresForm,
    InvitationForm,
    QuestionForm,
    ResidentForm,
    SectionForm,
    SectionSupprimerForm,
    ThemeForm,
    VerbatimForm,
    XLSFormImportForm,
)
from .models import Enquete, Invitation, Question, Reponse, Section, Statut


def _can_create(user) -> bool:
    return user.is_administrateur or user.is_facilitateur


def _editable(user, enquete) -> bool:
    return Enquete.objects.editable_by(user).filter(pk=enquete.pk).exists()


def _form_errors_to_messages(request, exc: ValidationError):
    for message in exc.messages:
        messages.error(request, message)


# --- Staff: list, create, build ----------------------------------------------------------------


@member_required
def enquete_list(request):
    page = Paginator(selectors.enquetes_list(request.user), 25).get_page(request.GET.get("page"))
    return render(
        request,
        "enquetes/list.html",
        {"page": page, "enquetes": page.object_list, "can_create": _can_create(request.user)},
    )


@member_required
def enquete_create(request):
    if not _can_create(request.user):
        raise PermissionDenied
    form = EnqueteForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        enquete = services.enquete_creer(
            organisation=request.user.organisation,
            par=request.user,
            titre=form.cleaned_data["titre"],
            introduction=form.cleaned_data["introduction"],
            anonyme=form.cleaned_data["anonyme"],
            fin_prevue=form.cleaned_data["fin_prevue"],
            quartiers=form.cleaned_data["quartiers"],
        )
        messages.success(request, _("Enquête créée. Ajoutez maintenant ses questions."))
        return redirect(enquete)
    return render(request, "enquetes/form.html", {"form": form, "title": _("Nouvelle enquête")})


@member_required
@require_POST
def enquete_from_template(request):
    if not _can_create(request.user):
        raise PermissionDenied
    quartiers = Quartier.objects.visible_to(request.user).filter(
        pk__in=request.POST.getlist("quartiers")
    )
    enquete = services.enquete_depuis_modele(
        organisation=request.user.organisation, par=request.user, quartiers=quartiers
    )
    messages.success(
        request, _("Le questionnaire d'évaluation (25 questions) a été créé en brouillon.")
    )
    return redirect(enquete)


@member_required
def enquete_import(request):
    if not _can_create(request.user):
        raise PermissionDenied
    form = XLSFormImportForm(request.POST or None, request.FILES or None)
    rapport = None
    if request.method == "POST" and form.is_valid():
        rapport = xlsform.lire(form.cleaned_data["fichier"])
        if rapport.ok:
            enquete = xlsform.importer(
                rapport, organisation=request.user.organisation, par=request.user
            )
            messages.success(
                request,
                _("Enquête importée : %(n)d questions.") % {"n": len(rapport.questions)},
            )
            return redirect(enquete)
    return render(request, "enquetes/import.html", {"form": form, "rapport": rapport})


@member_required
def enquete_detail(request, pk):
    enquete = get_visible_or_404(Enquete, request.user, pk=pk)
    groupes = selectors.plan(enquete)
    questions = [q for g in groupes for q in g["questions"]]
    answered = set(
        Reponse.objects.filter(question__enquete=enquete)
        .values_list("question_id", flat=True)
        .distinct()
    )
    return render(
        request,
        "enquetes/detail.html",
        {
            "enquete": enquete,
            "questions": questions,
            "groupes": groupes,
            "answered": answered,
            "editable": _editable(request.user, enquete),
            "nombre_participations": enquete.participations.count(),
            "section_form": SectionForm(),
            "is_staff": request.user.reads_whole_organisation,
        },
    )


@member_required
def enquete_edit(request, pk):
    enquete = get_editable_or_404(Enquete, request.user, pk=pk)
    form = EnqueteForm(request.POST or None, instance=enquete, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        enquete = Enquete.objects.get(pk=enquete.pk)
        services.enquete_modifier(
            enquete=enquete,
            par=request.user,
            titre=data["titre"],
            introduction=data["introduction"],
            anonyme=data["anonyme"],
            fin_prevue=data["fin_prevue"],
            quartiers=data["quartiers"],
        )
        messages.success(request, _("Enquête enregistrée."))
        return redirect(enquete)
    return render(
        request,
        "enquetes/form.html",
        {"form": form, "enquete": enquete, "title": _("Modifier l'enquête")},
    )


@member_required
@require_POST
def enquete_statut(request, pk):
    enquete = get_editable_or_404(Enquete, request.user, pk=pk)
    action = request.POST.get("action")
    try:
        if action == "ouvrir":
            services.enquete_ouvrir(enquete=enquete, par=request.user)
            messages.success(request, _("L'enquête est ouverte aux réponses."))
        elif action == "fermer":
            services.enquete_fermer(enquete=enquete, par=request.user)
            messages.success(request, _("L'enquête est fermée : elle n'accepte plus de réponses."))
    except ValidationError as exc:
        _form_errors_to_messages(request, exc)
    return redirect(enquete)


@member_required
@require_POST
def section_add(request, pk):
    enquete = get_editable_or_404(Enquete, request.user, pk=pk)
    form = SectionForm(request.POST)
    if form.is_valid():
        services.section_ajouter(
            enquete=enquete, par=request.user, titre=form.cleaned_data["titre"]
        )
        messages.success(request, _("Section ajoutée."))
    else:
        messages.error(request, _("Donnez un titre à la section."))
    if request.POST.get("retour") == "sections":
        return redirect("enquetes:sections", pk=enquete.pk)
    return redirect(enquete)


def _sections_page(request, enquete, *, bound=None, status=200):
    """The sections page; ``bound`` = (section pk, form) to show a failed form with its errors."""
    groupes = selectors.plan(enquete)
    rows = []
    sections = [g for g in groupes if g["section"] is not None]
    for index, groupe in enumerate(sections):
        section = groupe["section"]
        rename = SectionForm(initial={"titre": section.titre}, prefix=f"s{section.pk}")
        delete = SectionSupprimerForm(
            section=section,
            prefix=f"d{section.pk}",
            initial={"destination": sections[index - 1]["section"] if index else None},
        )
        if bound and bound[0] == section.pk:
            if isinstance(bound[1], SectionForm):
                rename = bound[1]
            else:
                delete = bound[1]
        rows.append(
            {
                "section": section,
                "questions": groupe["questions"],
                "rename": rename,
                "delete": delete,
                "first": index == 0,
                "last": index == len(sections) - 1,
            }
        )
    return render(
        request,
        "enquetes/sections.html",
        {
            "enquete": enquete,
            "rows": rows,
            "sans_section": [g for g in groupes if g["section"] is None],
            "section_form": SectionForm(),
            "editable": True,
        },
        status=status,
    )


def _section_or_404(request, pk, spk):
    enquete = get_editable_or_404(Enquete, request.user, pk=pk)
    return enquete, get_object_or_404(Section, enquete=enquete, pk=spk)


@member_required
def section_list(request, pk):
    enquete = get_editable_or_404(Enquete, request.user, pk=pk)
    return _sections_page(request, enquete)


@member_required
def section_edit(request, pk, spk):
    """Rename a section (the form sits on the sections page)."""
    enquete, section = _section_or_404(request, pk, spk)
    if request.method != "POST":
        return redirect(f"{reverse('enquetes:sections', args=[enquete.pk])}#section-{section.pk}")
    form = SectionForm(request.POST, prefix=f"s{section.pk}")
    if form.is_valid():
        try:
            services.section_renommer(
                section=section, par=request.user, titre=form.cleaned_data["titre"]
            )
            messages.success(request, _("Section renommée."))
            return redirect(
                f"{reverse('enquetes:sections', args=[enquete.pk])}#section-{section.pk}"
            )
        except ValidationError as exc:
            form.add_error("titre", exc.messages)
    return _sections_page(request, enquete, bound=(section.pk, form), status=400)


@member_required
@require_POST
def section_move(request, pk, spk):
    enquete, section = _section_or_404(request, pk, spk)
    services.section_deplacer(
        section=section, par=request.user, sens=-1 if request.POST.get("sens") == "haut" else 1
    )
    return redirect(f"{reverse('enquetes:sections', args=[enquete.pk])}#section-{section.pk}")


@member_required
@require_POST
def section_delete(request, pk, spk):
    enquete, section = _section_or_404(request, pk, spk)
    form = SectionSupprimerForm(request.POST, section=section, prefix=f"d{section.pk}")
    if form.is_valid():
        titre = section.titre
        n = services.section_supprimer(
            section=section, par=request.user, destination=form.cleaned_data["destination"]
        )
        messages.success(
            request,
            _(
                "Section « %(titre)s » supprimée ; %(n)d question(s) déplacée(s), réponses conservées."
            )
            % {"titre": titre, "n": n},
        )
        return redirect("enquetes:sections", pk=enquete.pk)
    return _sections_page(request, enquete, bound=(section.pk, form), status=400)


def _question_form_view(request, enquete, question=None):
    form = QuestionForm(request.POST or None, instance=question, enquete=enquete)
    if request.method == "POST" and form.is_valid():
        try:
            if question is None:
                services.question_ajouter(
                    enquete=enquete, par=request.user, **form.service_kwargs()
                )
                messages.success(request, _("Question ajoutée."))
            else:
                services.question_modifier(
                    question=question, par=request.user, **form.service_kwargs()
                )
                messages.success(request, _("Question enregistrée."))
            return redirect(f"{enquete.get_absolute_url()}#questions")
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for name, errors in exc.message_dict.items():
                    form.add_error(name if name in form.fields else None, errors)
            else:
                form.add_error(None, exc)
    return render(
        request,
        "enquetes/question_form.html",
        {"form": form, "enquete": enquete, "question": question},
    )


@member_required
def question_add(request, pk):
    enquete = get_editable_or_404(Enquete, request.user, pk=pk)
    return _question_form_view(request, enquete)


def _question_or_404(request, pk, qpk):
    enquete = get_editable_or_404(Enquete, request.user, pk=pk)
    return enquete, get_object_or_404(Question, enquete=enquete, pk=qpk)


@member_required
def question_edit(request, pk, qpk):
    enquete, question = _question_or_404(request, pk, qpk)
    return _question_form_view(request, enquete, question)


@member_required
@require_POST
def question_delete(request, pk, qpk):
    enquete, question = _question_or_404(request, pk, qpk)
    try:
        services.question_supprimer(question=question, par=request.user)
        messages.success(request, _("Question supprimée."))
    except ValidationError as exc:
        _form_errors_to_messages(request, exc)
    return redirect(f"{enquete.get_absolute_url()}#questions")


@member_required
@require_POST
def question_move(request, pk, qpk):
    enquete, question = _question_or_404(request, pk, qpk)
    services.question_deplacer(
        question=question, par=request.user, sens=-1 if request.POST.get("sens") == "haut" else 1
    )
    return redirect(f"{enquete.get_absolute_url()}#question-{question.pk}")


# --- Diffusion: public link, QR code, invitations ----------------------------------------------


def _public_url(request, enquete):
    return request.build_absolute_uri(reverse("enquetes:repondre", args=[enquete.jeton_public]))


@member_required
def enquete_diffusion(request, pk):
    enquete = get_editable_or_404(Enquete, request.user, pk=pk)
    base_url = request.build_absolute_uri("/")
    acteurs = (
        Acteur.objects.visible_to(request.user)
        .filter(nature="personne", anonymise_le__isnull=True)
        .exclude(email="")
        .exclude(invitations_enquete__enquete=enquete)
    )
    if enquete.quartiers.exists():
        acteurs = acteurs.filter(quartiers__in=enquete.quartiers.all()).distinct()
    form = InvitationForm(
        request.POST if request.method == "POST" else None,
        acteurs=acteurs.order_by("nom", "prenom"),
    )
    if request.method == "POST":
        try:
            if request.POST.get("action") == "relancer":
                n = services.invitations_relancer(
                    enquete=enquete, par=request.user, base_url=base_url
                )
                messages.success(request, _("%(n)d invitation(s) remise(s) en envoi.") % {"n": n})
                return redirect("enquetes:diffusion", pk=enquete.pk)
            if form.is_valid():
                n = services.invitations_envoyer(
                    enquete=enquete,
                    acteurs=form.cleaned_data["acteurs"],
                    par=request.user,
                    base_url=base_url,
                )
                messages.success(
                    request,
                    _(
                        "%(n)d invitation(s) en cours d'envoi : le décompte ci-dessous se met à jour."
                    )
                    % {"n": n},
                )
                return redirect("enquetes:diffusion", pk=enquete.pk)
        except ValidationError as exc:
            _form_errors_to_messages(request, exc)
    return render(
        request,
        "enquetes/diffusion.html",
        {
            "enquete": enquete,
            "public_url": _public_url(request, enquete),
            "form": form,
            "stats": selectors.invitations_stats(enquete),
        },
    )


@member_required
def enquete_qr(request, pk):
    enquete = get_visible_or_404(Enquete, request.user, pk=pk)
    qr = segno.make(_public_url(request, enquete), error="m")
    buffer = io.BytesIO()
    # A standalone file (XML declaration and namespace), unlike svg_inline() for the poster.
    qr.save(buffer, kind="svg", scale=8, border=2, title=enquete.titre)
    response = HttpResponse(buffer.getvalue(), content_type="image/svg+xml")
    response["Content-Disposition"] = f'inline; filename="enquete-{enquete.pk}-qr.svg"'
    return response


@member_required
def enquete_affiche(request, pk):
    """A printable A4 page: title, QR code and the link written out."""
    enquete = get_visible_or_404(Enquete, request.user, pk=pk)
    url = _public_url(request, enquete)
    qr = segno.make(url, error="m").svg_inline(scale=10, title=enquete.titre)
    return render(request, "enquetes/affiche.html", {"enquete": enquete, "url": url, "qr": qr})


# --- Residents ---------------------------------------------------------------------------------

SUBMISSIONS_WINDOW_SECONDS = 60 * 60


def _rate_limited(request, enquete) -> bool:
    """Count one accepted submission from this connection; True once over the hourly limit.
    Only valid forms count: a resident correcting errors is not a robot."""
    return not ratelimit.allow(
        request,
        f"enquetes:{enquete.pk}",
        limit=settings.ENQUETES_SUBMISSIONS_PER_HOUR,
        window=SUBMISSIONS_WINDOW_SECONDS,
    )


def _answer(request, enquete, invitation=None):
    if enquete.est_brouillon:
        raise Http404
    if not enquete.accepte_reponses:
        return render(request, "enquetes/public/fermee.html", {"enquete": enquete}, status=410)
    if invitation is not None and invitation.utilisee_le:
        return render(request, "enquetes/public/deja.html", {"enquete": enquete}, status=410)
    questions = selectors.questions_of(enquete)
    form = ResidentForm(request.POST or None, enquete=enquete, questions=questions)
    if request.method == "POST":
        if form.is_spam:
            # Pretend success: bots get no signal, nothing is stored.
            return redirect("enquetes:merci", jeton=enquete.jeton_public)
        if form.is_valid():
            if _rate_limited(request, enquete):
                return render(
                    request,
                    "enquetes/public/form.html",
                    {"enquete": enquete, "form": form, "trop": True},
                    status=429,
                )
            try:
                services.participation_enregistrer(
                    enquete=enquete,
                    reponses=form.reponses(),
                    identite=form.cleaned_data.get("identite", ""),
                    invitation=invitation,
                )
            except services.EnqueteFermee:
                return render(
                    request, "enquetes/public/fermee.html", {"enquete": enquete}, status=410
                )
            except services.InvitationUtilisee:
                return render(
                    request, "enquetes/public/deja.html", {"enquete": enquete}, status=410
                )
            return redirect("enquetes:merci", jeton=enquete.jeton_public)
    return render(request, "enquetes/public/form.html", {"enquete": enquete, "form": form})


def repondre(request, jeton):
    enquete = get_object_or_404(Enquete, jeton_public=jeton)
    return _answer(request, enquete)


def repondre_invitation(request, jeton):
    invitation = get_object_or_404(Invitation.objects.select_related("enquete"), jeton=jeton)
    return _answer(request, invitation.enquete, invitation)


def merci(request, jeton):
    enquete = get_object_or_404(
        Enquete.objects.exclude(statut=Statut.BROUILLON), jeton_public=jeton
    )
    return render(request, "enquetes/public/merci.html", {"enquete": enquete})


# --- Results -----------------------------------------------------------------------------------


def _filtres(request, enquete):
    segments = selectors.segments(enquete)
    form = FiltresForm(request.GET or None, segments=segments, enquete=enquete)
    filtres = selectors.Filtres()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filtres.choix = [data[f"s{q.pk}"] for q in segments if data.get(f"s{q.pk}")]
        filtres.debut, filtres.fin = data.get("du"), data.get("au")
    return form, filtres


@member_required
def enquete_results(request, pk):
    enquete = get_visible_or_404(Enquete, request.user, pk=pk)
    form, filtres = _filtres(request, enquete)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    resultats = selectors.resultats(enquete, filtres)
    context = {
        "enquete": enquete,
        "form": form,
        "filtres": filtres,
        "resultats": resultats,
        "citations": selectors.citations(enquete, filtres, masque=resultats["masque"]),
        "is_staff": request.user.reads_whole_organisation,
        "can_raw_export": request.user.is_direction or request.user.is_administrateur,
        "editable": _editable(request.user, enquete),
        "querystring": request.GET.urlencode(),
    }
    if data.get("ventiler"):
        context["ventilation"] = selectors.ventilation(enquete, data["ventiler"], filtres)
    if data.get("ligne") and data.get("colonne") and data["ligne"] != data["colonne"]:
        context["croise"] = selectors.tableau_croise(
            enquete, data["ligne"], data["colonne"], filtres
        )
    return render(request, "enquetes/results.html", context)


@member_required
def enquete_results_csv(request, pk):
    enquete = get_visible_or_404(Enquete, request.user, pk=pk)
    _form, filtres = _filtres(request, enquete)
    return exports.resultats_csv(enquete, filtres)


def _raw_export_allowed(request, pk):
    enquete = get_visible_or_404(Enquete, request.user, pk=pk)
    if not (request.user.is_direction or request.user.is_administrateur):
        raise PermissionDenied
    return enquete


@staff_required
def enquete_responses_csv(request, pk):
    enquete = _raw_export_allowed(request, pk)
    audit_record(par=request.user, action="export", obj=enquete, changes={"format": "csv"})
    return exports.reponses_csv(enquete)


@staff_required
def enquete_responses_xlsx(request, pk):
    enquete = _raw_export_allowed(request, pk)
    audit_record(par=request.user, action="export", obj=enquete, changes={"format": "xlsx"})
    return exports.reponses_xlsx(enquete)


@staff_required
def enquete_xlsform(request, pk):
    enquete = get_visible_or_404(Enquete, request.user, pk=pk)
    content = xlsform.exporter(enquete)
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="enquete-{enquete.pk}-xlsform.xlsx"'
    return response


# --- Verbatims ---------------------------------------------------------------------------------


@staff_required
def verbatim_list(request, pk):
    enquete = get_visible_or_404(Enquete, request.user, pk=pk)
    question_id = request.GET.get("question") or None
    theme_id = request.GET.get("theme") or None
    citable = {"1": True, "0": False}.get(request.GET.get("citable", ""))
    form, filtres = _filtres(request, enquete)
    qs, masque = selectors.verbatims(
        enquete,
        question_id=int(question_id) if (question_id or "").isdigit() else None,
        theme_id=int(theme_id) if (theme_id or "").isdigit() else None,
        citable=citable,
        filtres=filtres,
    )
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "enquetes/verbatims.html",
        {
            "enquete": enquete,
            "page": page,
            "verbatims": page.object_list,
            "themes": selectors.themes_avec_compte(enquete),
            "questions": [q for q in selectors.questions_of(enquete)],
            "form": form,
            "filtres": filtres,
            "masque": masque,
            "seuil": selectors.seuil(),
            "theme_form": ThemeForm(),
            "editable": _editable(request.user, enquete),
            "querystring": params.urlencode(),
            "selected": {
                "question": question_id,
                "theme": theme_id,
                "citable": request.GET.get("citable", ""),
            },
        },
    )


@staff_required
def verbatim_edit(request, pk, rpk):
    enquete = get_editable_or_404(Enquete, request.user, pk=pk)
    reponse = get_object_or_404(
        Reponse.objects.select_related("question", "participation").exclude(texte=""),
        participation__enquete=enquete,
        pk=rpk,
    )
    initial = {
        "texte_anonymise": reponse.texte_anonymise
        or services.masquer(reponse.texte, services.noms_connus(enquete)),
        "citable": reponse.citable,
        "themes": reponse.themes.all(),
    }
    form = VerbatimForm(request.POST or None, initial=initial, enquete=enquete)
    if request.method == "POST" and form.is_valid():
        services.verbatim_modifier(reponse=reponse, par=request.user, **form.cleaned_data)
        messages.success(request, _("Verbatim enregistré."))
        return redirect("enquetes:verbatims", pk=enquete.pk)
    return render(
        request,
        "enquetes/verbatim_form.html",
        {"enquete": enquete, "reponse": reponse, "form": form},
    )


@staff_required
@require_POST
def theme_add(request, pk):
    enquete = get_editable_or_404(Enquete, request.user, pk=pk)
    form = ThemeForm(request.POST)
    if form.is_valid():
        try:
            services.theme_ajouter(enquete=enquete, par=request.user, nom=form.cleaned_data["nom"])
            messages.success(request, _("Thème ajouté."))
        except ValidationError as exc:
            _form_errors_to_messages(request, exc)
    else:
        messages.error(request, _("Donnez un nom au thème (80 caractères au plus)."))
    return redirect("enquetes:verbatims", pk=enquete.pk)


@staff_required
@require_POST
def verbatims_anonymise(request, pk):
    enquete = get_editable_or_404(Enquete, request.user, pk=pk)
    n = services.verbatims_anonymiser(enquete=enquete, par=request.user)
    messages.success(request, _("%(n)d verbatim(s) anonymisé(s) automatiquement.") % {"n": n})
    return redirect("enquetes:verbatims", pk=enquete.pk)
