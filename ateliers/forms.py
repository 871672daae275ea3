from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from acteurs.models import Acteur, Nature, TypeActeur
from comptes.models import Role
from quartiers.models import AxeTravail, Phase, Quartier

from . import selectors, services
from .models import (
    Atelier,
    GroupeTravail,
    PorteeCalendrier,
    Proposition,
    StatutProposition,
    TypeActivite,
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


class ActeurCheckboxes(forms.CheckboxSelectMultiple):
    """Checkboxes that tell the page which neighbourhoods each actor belongs to, so that the
    list can show the chosen neighbourhood's actors first (static/js/ateliers-form.js)."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        instance = getattr(value, "instance", None)
        if instance is not None:
            ids = " ".join(str(q.pk) for q in instance.quartiers.all())
            option["attrs"]["data-quartiers"] = ids
        return option


class ActeurChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        if obj.nature == Nature.PERSONNE:
            return f"{obj.nom_complet} ({obj.get_type_acteur_display()})"
        return obj.nom_complet


def _animateur_queryset(user):
    return (
        get_user_model()
        .objects.filter(
            organisation_id=user.organisation_id,
            is_active=True,
            role__in=[Role.FACILITATEUR, Role.ADMINISTRATEUR],
        )
        .order_by("first_name", "last_name")
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input (photos taken during an activity)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(item, initial) for item in data]
        cleaned = single(data, initial)
        return [cleaned] if cleaned else []


def pieces_field(**kwargs) -> MultipleFileField:
    """Photos and PDFs of an activity, several from one input."""
    return MultipleFileField(
        label=_("Photos ou PDF"),
        widget=MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,.pdf"}),
        **kwargs,
    )


def pieces_help_text() -> str:
    # The limit is a setting (ATELIERS_PIECE_MAX_BYTES): say the one in force.
    return gettext(
        "JPEG, PNG, WebP ou PDF ; %(taille)s au plus par fichier. Plusieurs à la fois."
    ) % {"taille": filesizeformat(settings.ATELIERS_PIECE_MAX_BYTES)}


class AtelierForm(forms.ModelForm):
    """The phone-first entry form: the essentials first, the rest folded in <details>."""

    confirmer_doublon = forms.BooleanField(
        label=_("Je confirme qu'il s'agit d'une autre activité"), required=False
    )
    # Photos taken on site, attached when the activity is saved (checked before anything is).
    pieces = pieces_field(required=False)
    # Inline "new attendee" (one per submission; without JavaScript it is a plain fieldset).
    nouvel_nature = forms.ChoiceField(
        label=_("Nature"), choices=Nature.choices, initial=Nature.PERSONNE, required=False
    )
    nouvel_type = forms.ChoiceField(
        label=_("Type"), choices=TypeActeur.choices, initial=TypeActeur.HABITANT, required=False
    )
    nouvel_prenom = forms.CharField(label=_("Prénom"), max_length=120, required=False)
    nouvel_nom = forms.CharField(label=_("Nom ou raison sociale"), max_length=200, required=False)

    class Meta:
        model = Atelier
        fields = [
            "type_activite",
            "titre",
            "quartier",
            "date",
            "heure_debut",
            "duree_minutes",
            "participants",
            "acteurs_presents",
            "lieu",
            "adresse",
            "latitude",
            "longitude",
            "axe",
            "phase",
            "groupe",
            "animateurs",
            "heures_preparation",
            "heures_terrain",
            "compte_rendu",
        ]
        widgets = {
            "date": DateInput(),
            "heure_debut": TimeInput(),
            "compte_rendu": forms.Textarea(attrs={"rows": 5}),
            "animateurs": forms.CheckboxSelectMultiple,
            "participants": forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
            "duree_minutes": forms.NumberInput(
                attrs={"inputmode": "numeric", "min": 0, "step": 15}
            ),
            "heures_preparation": forms.NumberInput(attrs={"inputmode": "decimal", "step": 0.25}),
            "heures_terrain": forms.NumberInput(attrs={"inputmode": "decimal", "step": 0.25}),
            "latitude": forms.NumberInput(attrs={"step": "any"}),
            "longitude": forms.NumberInput(attrs={"step": "any"}),
        }
        help_texts = {
            "titre": _("Laissez vide pour reprendre le type d'activité."),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.doublons = []
        self.fields["pieces"].help_text = pieces_help_text()
        quartiers = Quartier.objects.editable_by(user).order_by("nom")
        self.fields["quartier"].queryset = quartiers
        self.fields["quartier"].empty_label = None
        self.fields["titre"].required = False
        types = TypeActivite.objects.filter(actif=True)
        if self.instance.pk:
            types = TypeActivite.objects.filter(
                pk__in=[*types.values_list("pk", flat=True), self.instance.type_activite_id]
            )
        self.fields["type_activite"].queryset = types
        self.fields["type_activite"].empty_label = _("Choisissez…")
        self.fields["axe"].queryset = AxeTravail.objects.filter(
            quartier__in=quartiers
        ).select_related("quartier")
        self.fields["axe"].label_from_instance = lambda axe: f"{axe.quartier} · {axe.titre}"
        self.fields["groupe"].queryset = GroupeTravail.objects.filter(
            quartier__in=quartiers, actif=True
        ).select_related("quartier")
        self.fields["groupe"].label_from_instance = lambda g: f"{g.quartier} · {g.nom}"
        self.fields["animateurs"].queryset = _animateur_queryset(user)
        self.fields["animateurs"].label_from_instance = lambda u: u.get_full_name() or u.email
        acteurs = Acteur.objects.visible_to(user).filter(anonymise_le__isnull=True)
        self.fields["acteurs_presents"] = ActeurChoiceField(
            queryset=acteurs.order_by("nom", "prenom").prefetch_related("quartiers"),
            required=False,
            label=_("Acteurs connus présents"),
            widget=ActeurCheckboxes,
            help_text=_("Chacun verra cette activité dans son historique de contacts."),
        )
        if not self.instance.pk and not self.is_bound:
            self.initial.setdefault("date", timezone.localdate())
            self.initial.setdefault("animateurs", [user.pk])
            mien = quartiers.filter(membres=user).first() or quartiers.first()
            if mien:
                self.initial.setdefault("quartier", mien.pk)
                self.initial.setdefault("phase", mien.phase)

    def clean(self):
        data = super().clean()
        quartier = data.get("quartier")
        if quartier:
            if data.get("axe") and data["axe"].quartier_id != quartier.pk:
                self.add_error("axe", _("Cet axe de travail appartient à un autre quartier."))
            if data.get("groupe") and data["groupe"].quartier_id != quartier.pk:
                self.add_error("groupe", _("Ce groupe de travail appartient à un autre quartier."))
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            self.add_error("longitude", _("Indiquez la latitude et la longitude, ou aucune."))
        if (
            data.get("nouvel_nom") is not None
            and not data.get("nouvel_nom")
            and data.get("nouvel_prenom")
        ):
            self.add_error("nouvel_nom", _("Indiquez le nom de la personne à ajouter."))
        if not data.get("titre") and data.get("type_activite"):
            data["titre"] = data["type_activite"].nom
        if quartier and data.get("type_activite") and data.get("date"):
            self.doublons = list(
                selectors.doublons(
                    type_activite=data["type_activite"],
                    quartier=quartier,
                    jour=data["date"],
                    exclude_pk=self.instance.pk,
                )
            )
            if self.doublons and not data.get("confirmer_doublon"):
                raise forms.ValidationError(
                    _(
                        "Une activité du même type a déjà été saisie ce jour-là dans ce quartier. "
                        "Vérifiez qu'il ne s'agit pas d'un doublon, puis cochez la confirmation."
                    ),
                    code="doublon",
                )
        return data

    def clean_pieces(self):
        pieces = self.cleaned_data["pieces"]
        errors = []
        for fichier in pieces:
            try:
                services.piece_verifier(fichier)
            except forms.ValidationError as exc:
                errors += [f"{fichier.name} : {message}" for message in exc.messages]
        if errors:
            raise forms.ValidationError(errors)
        return pieces

    def model_data(self) -> dict:
        excluded = {"animateurs", "acteurs_presents"}
        return {name: self.cleaned_data[name] for name in self._meta.fields if name not in excluded}

    def nouvel_acteur(self) -> dict | None:
        nom = (self.cleaned_data.get("nouvel_nom") or "").strip()
        if not nom:
            return None
        return {
            "nature": self.cleaned_data.get("nouvel_nature") or Nature.PERSONNE,
            "type_acteur": self.cleaned_data.get("nouvel_type") or TypeActeur.HABITANT,
            "nom": nom,
            "prenom": self.cleaned_data.get("nouvel_prenom") or "",
        }


class FiltreJournalForm(forms.Form):
    quartier = forms.ModelChoiceField(
        Quartier.objects.none(), label=_("Quartier"), required=False, empty_label=_("Tous")
    )
    type_activite = forms.ModelChoiceField(
        TypeActivite.objects.all(), label=_("Type"), required=False, empty_label=_("Tous")
    )
    axe = forms.ModelChoiceField(
        AxeTravail.objects.none(), label=_("Axe"), required=False, empty_label=_("Tous")
    )
    phase = forms.TypedChoiceField(
        choices=[("", _("Toutes")), *Phase.choices],
        coerce=int,
        empty_value=None,
        label=_("Phase"),
        required=False,
    )
    debut = forms.DateField(label=_("Du"), required=False, widget=DateInput())
    fin = forms.DateField(label=_("Au"), required=False, widget=DateInput())

    def __init__(self, *args, axes=None, quartiers=None, **kwargs):
        """``axes``: the axes offered (none: no axis filter); ``quartiers``: offer a
        neighbourhood filter (the "my activities" log spans several), axes then named with
        their neighbourhood."""
        super().__init__(*args, **kwargs)
        if quartiers is not None:
            self.fields["quartier"].queryset = quartiers
        else:
            del self.fields["quartier"]
        if axes is not None:
            self.fields["axe"].queryset = axes
            if quartiers is not None:
                self.fields["axe"].label_from_instance = lambda axe: f"{axe.quartier} · {axe.titre}"
        else:
            del self.fields["axe"]

    def clean(self):
        data = super().clean()
        if data.get("debut") and data.get("fin") and data["fin"] < data["debut"]:
            self.add_error("fin", _("La fin de la période précède son début."))
        return data


class PieceForm(forms.Form):
    fichier = pieces_field()
    legende = forms.CharField(label=_("Légende"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fichier"].help_text = pieces_help_text()


class GroupeForm(forms.ModelForm):
    class Meta:
        model = GroupeTravail
        fields = ["quartier", "nom", "description", "membres", "actif"]
        widgets = {
            "membres": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["quartier"].queryset = Quartier.objects.editable_by(user)
        self.fields["quartier"].empty_label = None
        self.fields["membres"] = ActeurChoiceField(
            queryset=Acteur.objects.visible_to(user)
            .filter(anonymise_le__isnull=True)
            .order_by("nom", "prenom"),
            required=False,
            label=_("Membres"),
            widget=forms.CheckboxSelectMultiple,
        )


class PropositionForm(forms.ModelForm):
    class Meta:
        model = Proposition
        fields = ["texte", "theme", "porteur", "porteur_acteur", "atelier"]
        widgets = {"texte": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, quartier, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["porteur_acteur"].queryset = (
            Acteur.objects.visible_to(user).filter(quartiers=quartier).order_by("nom", "prenom")
        )
        self.fields["atelier"].queryset = Atelier.objects.filter(quartier=quartier).select_related(
            "type_activite"
        )


class StatutForm(forms.Form):
    statut = forms.ChoiceField(label=_("Nouveau statut"), choices=StatutProposition.choices)
    motif = forms.CharField(
        label=_("Motif / réponse aux habitants"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Obligatoire pour abandonner une proposition."),
    )
    le = forms.DateField(
        label=_("Date du changement"),
        required=False,
        widget=DateInput(),
        help_text=_("Laissez vide pour aujourd'hui."),
    )

    def __init__(self, *args, proposition, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the moves that make sense from the current status (the service checks again).
        possibles = set(services.statuts_possibles(proposition.statut))
        self.fields["statut"].choices = [
            (value, label) for value, label in StatutProposition.choices if value in possibles
        ]
        self.fields["le"].widget.attrs["max"] = timezone.localdate().isoformat()


class SuiviForm(forms.Form):
    titre = forms.CharField(label=_("Tâche"), max_length=250)
    responsable = forms.ModelChoiceField(
        get_user_model().objects.none(), label=_("Responsable"), required=False
    )
    echeance = forms.DateField(label=_("Échéance"), required=False, widget=DateInput())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsable"].queryset = _animateur_queryset(user)
        self.fields["responsable"].initial = user.pk


class JetonForm(forms.Form):
    portee = forms.ChoiceField(label=_("Contenu"), choices=PorteeCalendrier.choices)
    quartier = forms.ModelChoiceField(Quartier.objects.none(), label=_("Quartier"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["quartier"].queryset = Quartier.objects.visible_to(user)

    def clean(self):
        data = super().clean()
        if data.get("portee") == PorteeCalendrier.QUARTIER and not data.get("quartier"):
            self.add_error("quartier", _("Choisissez un quartier."))
        return data
