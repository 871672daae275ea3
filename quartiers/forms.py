from django import forms
from django.utils.translation import gettext_lazy as _

from comptes.models import Role, User

from .models import Action, AxeTravail, Phase, Quartier

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class QuartierForm(forms.ModelForm):
    class Meta:
        model = Quartier
        fields = [
            "nom",
            "commune",
            "code_insee",
            "typologie",
            "description",
            "habitants",
            "logements",
            "nombre_ilots",
            "qpv",
            "qva",
            "phase",
        ]

    def clean_nom(self):
        nom = self.cleaned_data["nom"]
        autres = Quartier.objects.filter(
            organisation_id=self.instance.organisation_id, nom__iexact=nom
        ).exclude(pk=self.instance.pk)
        if autres.exists():
            raise forms.ValidationError(
                _("Un autre quartier de l'organisation porte déjà ce nom."), code="unique"
            )
        return nom


class AxeForm(forms.ModelForm):
    class Meta:
        model = AxeTravail
        fields = ["titre", "description", "ordre"]
        help_texts = {"ordre": _("Les axes sont affichés du plus petit au plus grand numéro.")}

    def __init__(self, *args, quartier, **kwargs):
        super().__init__(*args, **kwargs)
        self.quartier = quartier

    def clean_titre(self):
        titre = self.cleaned_data["titre"]
        if self.quartier.axes.filter(titre__iexact=titre).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(
                _("Ce quartier a déjà un axe de travail de ce titre."), code="unique"
            )
        return titre


class ActionForm(forms.ModelForm):
    class Meta:
        model = Action
        fields = ["titre", "statut", "porteur", "responsable", "echeance"]
        widgets = {"echeance": DATE_INPUT}

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsable"].queryset = User.objects.filter(
            organisation=organisation,
            is_active=True,
            role__in=[Role.FACILITATEUR, Role.ADMINISTRATEUR, Role.DIRECTION],
        ).order_by("last_name", "first_name")
        self.fields["responsable"].help_text = _("Qui suit l'action dans l'équipe (facultatif).")


class EtapeForm(forms.Form):
    """The dates of one phase; leave the start empty to remove the phase from the timeline."""

    debut = forms.DateField(label=_("Début"), required=False, widget=DATE_INPUT)
    fin = forms.DateField(label=_("Fin"), required=False, widget=DATE_INPUT)
    note = forms.CharField(label=_("Note"), required=False, max_length=300)

    def __init__(self, *args, phase: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.phase = phase
        self.legend = Phase(phase).label

    def clean(self):
        data = super().clean()
        debut, fin = data.get("debut"), data.get("fin")
        if fin and not debut:
            self.add_error("debut", _("Indiquez la date de début de la phase."))
        if debut and fin and fin < debut:
            self.add_error("fin", _("La fin doit être postérieure au début."))
        return data


def etape_forms(quartier, data=None) -> list[EtapeForm]:
    etapes = {e.phase: e for e in quartier.etapes.all()}
    forms_ = []
    for value, _label in Phase.choices:
        etape = etapes.get(value)
        initial = {"debut": etape.debut, "fin": etape.fin, "note": etape.note} if etape else {}
        forms_.append(EtapeForm(data, phase=value, prefix=f"phase{value}", initial=initial))
    return forms_


class EquipeForm(forms.Form):
    membres = forms.ModelMultipleChoiceField(
        label=_("Équipe affectée"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Les facilitateur·rices cochés modifient ce quartier ; les partenaires cochés le "
            "consultent."
        ),
    )

    def __init__(self, *args, quartier, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["membres"]
        field.queryset = User.objects.filter(
            organisation_id=quartier.organisation_id,
            is_active=True,
            role__in=[Role.FACILITATEUR, Role.PARTENAIRE],
        ).order_by("role", "last_name", "first_name")
        field.label_from_instance = lambda u: f"{u} ({u.get_role_display()}, {u.email})"


class ImportFichierForm(forms.Form):
    fichier = forms.FileField(
        label=_("Fichier GeoJSON"),
        help_text=_(
            "Une FeatureCollection de polygones en WGS84 (longitude, latitude), 5 Mo au plus."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".geojson,.json,application/geo+json"}),
    )

    MAX_SIZE = 5 * 1024 * 1024

    def clean_fichier(self):
        fichier = self.cleaned_data["fichier"]
        if fichier.size > self.MAX_SIZE:
            raise forms.ValidationError(_("Le fichier dépasse 5 Mo."), code="too_big")
        return fichier


class ImportProprieteForm(forms.Form):
    propriete = forms.ChoiceField(
        label=_("Propriété qui donne le nom du quartier"),
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, fichier, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["propriete"].choices = [
            (name, f"{name} — {', '.join(fichier.exemples.get(name, [])) or '…'}")
            for name in fichier.proprietes
        ]


class ImportConfirmationForm(forms.Form):
    propriete = forms.CharField(widget=forms.HiddenInput)
    noms = forms.MultipleChoiceField(
        label=_("Entités à importer"), required=True, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, lignes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["noms"].choices = [(ligne.nom, ligne.nom) for ligne in lignes if ligne.nom]
        self.fields["noms"].error_messages["required"] = _("Cochez au moins une entité.")
