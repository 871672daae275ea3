from django import forms
from django.db.models import Q
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from quartiers.models import Quartier

from .models import (
    Acteur,
    Canal,
    Famille,
    Nature,
    RoleProgramme,
    StadeDiffusion,
    TypeActeur,
    TypeRelation,
)
from .selectors import DirectoryFilters

ALL = [("", _("Tous"))]


class FastSelect(forms.Select):
    """A select rendered in one pass: Django's per-option templates take seconds for the
    thousands of organisations a large contact base holds."""

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        selected = "" if value is None else str(value)
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (str(v), mark_safe(" selected") if str(v) == selected else "", label)  # noqa: S308
                for v, label in self.choices
            ),
        )
        return format_html('<select name="{}"{}>{}</select>', name, flatatt(attrs), options)


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Rechercher"),
        required=False,
        help_text=_("Nom, prénom, e-mail ou structure"),
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    type_acteur = forms.ChoiceField(
        label=_("Type"), choices=ALL + TypeActeur.choices, required=False
    )
    quartier = forms.ModelChoiceField(
        label=_("Quartier"), queryset=Quartier.objects.none(), required=False, empty_label=_("Tous")
    )
    role_programme = forms.ChoiceField(
        label=_("Rôle dans le programme"), choices=ALL + RoleProgramme.choices, required=False
    )
    famille = forms.ChoiceField(label=_("Famille"), choices=ALL + Famille.choices, required=False)
    stade_diffusion = forms.ChoiceField(
        label=_("Stade de diffusion (relais)"),
        choices=ALL + StadeDiffusion.choices,
        required=False,
    )
    nature = forms.ChoiceField(label=_("Nature"), choices=ALL + Nature.choices, required=False)
    relais = forms.BooleanField(label=_("Personnes-relais seulement"), required=False)
    sans_consentement = forms.BooleanField(label=_("Sans consentement"), required=False)
    contacts_min = forms.IntegerField(
        label=_("Contacts (au moins)"), min_value=1, max_value=10000, required=False
    )
    du = forms.DateField(
        label=_("Contacts du"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    au = forms.DateField(
        label=_("au"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["quartier"].queryset = Quartier.objects.visible_to(user).order_by("nom")

    def to_filters(self) -> DirectoryFilters:
        # Invalid values (e.g. a neighbourhood id not visible to the user) are dropped and
        # reported at their field; the valid ones still filter.
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        quartier = data.get("quartier")
        return DirectoryFilters(
            q=data.get("q", "").strip(),
            type_acteur=data.get("type_acteur", ""),
            nature=data.get("nature", ""),
            quartier=quartier.pk if quartier else None,
            role_programme=data.get("role_programme", ""),
            famille=data.get("famille", ""),
            stade_diffusion=data.get("stade_diffusion", ""),
            relais=data.get("relais", False),
            sans_consentement=data.get("sans_consentement", False),
            contacts_min=data.get("contacts_min"),
            du=data.get("du"),
            au=data.get("au"),
        )


class ActeurForm(forms.ModelForm):
    site_web = forms.URLField(label=_("Site web"), required=False, assume_scheme="https")
    quartiers = forms.ModelMultipleChoiceField(
        label=_("Quartiers"),
        queryset=Quartier.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Acteur
        fields = [
            "nature",
            "type_acteur",
            "nom",
            "prenom",
            "structure",
            "fonction",
            "role_programme",
            "famille",
            "quartiers",
            "email",
            "telephone",
            "adresse",
            "site_web",
            "notes",
            "est_relais",
            "stade_diffusion",
            "consentement_date",
            "consentement_source",
            "consentement_finalite",
        ]
        widgets = {
            "nature": forms.RadioSelect,
            "consentement_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "notes": forms.Textarea(attrs={"rows": 4}),
            "email": forms.EmailInput(attrs={"autocomplete": "off"}),
            "telephone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
            "structure": FastSelect,
        }

    # Groups rendered as fieldsets with a legend.
    FIELDSETS = [
        (_("Identité"), ["nature", "type_acteur", "nom", "prenom", "structure", "fonction"]),
        (_("Place dans le programme"), ["role_programme", "famille", "quartiers"]),
        (_("Coordonnées"), ["email", "telephone", "adresse", "site_web"]),
        (_("Personne-relais"), ["est_relais", "stade_diffusion"]),
        (
            _("Consentement (RGPD, personnes)"),
            ["consentement_date", "consentement_source", "consentement_finalite"],
        ),
        (_("Notes"), ["notes"]),
    ]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        # A facilitator attaches actors to the neighbourhoods assigned to them; the actor's
        # other neighbourhoods are shown and kept, not offered.
        editable = Quartier.objects.editable_by(user)
        self.fields["quartiers"].queryset = editable.order_by("nom")
        self.quartiers_fixes = (
            list(self.instance.quartiers.exclude(pk__in=editable.values("pk")).order_by("nom"))
            if self.instance.pk
            else []
        )
        if self.quartiers_fixes:
            self.fields["quartiers"].help_text = _(
                "Aussi rattaché à : %(noms)s (quartiers dont vous n'avez pas la charge, conservés)."
            ) % {"noms": ", ".join(q.nom for q in self.quartiers_fixes)}
        structures = Acteur.objects.visible_to(user).filter(nature=Nature.ORGANISATION)
        if self.instance.pk:
            structures = structures.exclude(pk=self.instance.pk)
        self.fields["structure"].queryset = structures.order_by("nom")
        self.fields["nom"].help_text = _("Pour une personne : son nom de famille.")

    def fieldsets(self):
        return [(legend, [self[name] for name in names]) for legend, names in self.FIELDSETS]

    def clean(self):
        data = super().clean()
        if data.get("nature") == Nature.ORGANISATION:
            for name in ("prenom", "consentement_date"):
                if data.get(name):
                    self.add_error(name, _("Réservé aux personnes."))
        if data.get("stade_diffusion") and not data.get("est_relais"):
            self.add_error(
                "stade_diffusion",
                _("Le stade de diffusion ne s'indique que pour une personne-relais."),
            )
        if data.get("consentement_date") and data["consentement_date"] > timezone.localdate():
            self.add_error("consentement_date", _("La date ne peut pas être dans le futur."))
        email = (data.get("email") or "").strip().lower()
        if email:
            duplicates = Acteur.objects.visible_to(self.user).filter(email__iexact=email)
            if self.instance.pk:
                duplicates = duplicates.exclude(pk=self.instance.pk)
            other = duplicates.first()
            if other:
                self.add_error(
                    "email",
                    _("Cette adresse est déjà celle de « %(nom)s ».") % {"nom": other},
                )
        return data

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("quartiers", None)
        return data

    def all_quartiers(self) -> list:
        """The neighbourhoods chosen here, plus those the user may not change."""
        return [*self.cleaned_data["quartiers"], *self.quartiers_fixes]


class RelationForm(forms.Form):
    SENS = [
        ("sortante", _("de cet acteur vers l'autre")),
        ("entrante", _("de l'autre vers cet acteur")),
    ]

    type_relation = forms.ChoiceField(label=_("Type de relation"), choices=TypeRelation.choices)
    sens = forms.ChoiceField(
        label=_("Sens"), choices=SENS, initial="sortante", widget=forms.RadioSelect
    )
    autre = forms.ModelChoiceField(
        label=_("Autre acteur"), queryset=Acteur.objects.none(), widget=FastSelect
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    OPTIONS_MAX = 200

    def __init__(self, *args, acteur, user, recherche="", **kwargs):
        super().__init__(*args, **kwargs)
        self.acteur = acteur
        candidates = Acteur.objects.visible_to(user).exclude(pk=acteur.pk).order_by("nom", "prenom")
        self.fields["autre"].queryset = candidates
        if not self.is_bound:
            # A large base would make a select of thousands of options: offer the actors of
            # the same neighbourhoods, or those matching a search, a few hundred at most.
            if recherche:
                shown = candidates.filter(
                    Q(nom__icontains=recherche) | Q(prenom__icontains=recherche)
                )
            else:
                shown = candidates.filter(quartiers__in=acteur.quartiers.all()).distinct()
            self.fields["autre"].choices = [("", "---------")] + [
                (a.pk, a.nom_complet) for a in shown[: self.OPTIONS_MAX]
            ]

    def clean(self):
        data = super().clean()
        autre = data.get("autre")
        if autre and data.get("type_relation"):
            source, cible = (
                (self.acteur, autre) if data.get("sens") == "sortante" else (autre, self.acteur)
            )
            if source.relations_sortantes.filter(
                cible=cible, type_relation=data["type_relation"]
            ).exists():
                self.add_error("autre", _("Cette relation existe déjà."))
            data["source"], data["cible"] = source, cible
        return data


class ContactForm(forms.Form):
    date = forms.DateField(
        label=_("Date"),
        initial=timezone.localdate,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    canal = forms.ChoiceField(label=_("Canal"), choices=Canal.choices)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean_date(self):
        value = self.cleaned_data["date"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("Un contact ne peut pas être daté dans le futur."))
        return value


class AnonymiserForm(forms.Form):
    confirmation = forms.CharField(
        label=_("Pour confirmer, tapez ANONYMISER"),
        help_text=_("Cette opération est irréversible."),
    )
    motif = forms.CharField(
        label=_("Motif (facultatif)"),
        required=False,
        max_length=200,
        help_text=_("Ex. : demande d'effacement reçue par e-mail le…  N'y écrivez pas le nom."),
    )

    def clean_confirmation(self):
        value = self.cleaned_data["confirmation"].strip()
        if value.upper() != "ANONYMISER":
            raise forms.ValidationError(_("Tapez exactement ANONYMISER pour confirmer."))
        return value


class ImportForm(forms.Form):
    fichier = forms.FileField(
        label=_("Fichier CSV ou XLSX"),
        help_text=_("Colonnes : voir le fichier d'exemple. 5 000 lignes au plus."),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument."
                "spreadsheetml.sheet"
            }
        ),
    )

    def clean_fichier(self):
        f = self.cleaned_data["fichier"]
        name = f.name.lower()
        if not (name.endswith(".csv") or name.endswith(".xlsx")):
            raise forms.ValidationError(
                _("Format non reconnu : envoyez un fichier .csv ou .xlsx."), code="format"
            )
        if f.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("Fichier trop lourd (5 Mo au plus)."), code="taille")
        return f
