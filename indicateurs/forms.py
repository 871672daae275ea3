from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ecogestion.uploads import DOCUMENTS, IMAGES, OFFICE_DOCUMENTS, check_upload

from .models import Axe, Bilan, Objectif, PlanificationRapport, TypeRapport

MAX_JUSTIFICATIF = 5 * 1024 * 1024


def check_justificatif(fichier):
    """The evidence of a manual value: a PDF, an image or an office document, by content."""
    check_upload(fichier, allowed=DOCUMENTS | IMAGES | OFFICE_DOCUMENTS, max_bytes=MAX_JUSTIFICATIF)
    return fichier


class FiltresForm(forms.Form):
    annee = forms.TypedChoiceField(label=_("Année"), coerce=int, required=False)
    axe = forms.ChoiceField(label=_("Axe"), required=False)

    def __init__(self, *args, annees: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["annee"].choices = [(y, str(y)) for y in annees]
        self.fields["axe"].choices = [("", _("Tous les axes"))] + list(Axe.choices)


class ValeurManuelleForm(forms.Form):
    indicateur = forms.ModelChoiceField(label=_("Indicateur"), queryset=None)
    date = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Date à laquelle la valeur se rapporte."),
    )
    valeur = forms.DecimalField(label=_("Valeur"), max_digits=14, decimal_places=2)
    note = forms.CharField(
        label=_("Justification"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Source, méthode de calcul… Obligatoire sans pièce jointe."),
    )
    justificatif = forms.FileField(
        label=_("Pièce justificative"),
        required=False,
        help_text=_("PDF, image ou document bureautique, 5 Mo au plus."),
    )

    def __init__(self, *args, indicateurs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicateur"].queryset = indicateurs

    def clean_justificatif(self):
        fichier = self.cleaned_data.get("justificatif")
        return check_justificatif(fichier) if fichier else fichier

    def clean(self):
        data = super().clean()
        if not (data.get("note") or "").strip() and not data.get("justificatif"):
            raise ValidationError(
                _("Indiquez une justification ou joignez une pièce justificative."),
                code="evidence_required",
            )
        return data


class CibleForm(forms.Form):
    """One row of the targets grid: an indicator's target and baseline for the year."""

    valeur_cible = forms.DecimalField(
        label=_("Cible"), required=False, max_digits=14, decimal_places=2
    )
    valeur_reference = forms.DecimalField(
        label=_("Référence"), required=False, max_digits=14, decimal_places=2
    )


class BilanForm(forms.ModelForm):
    class Meta:
        model = Bilan
        fields = [
            "chiffres_cles",
            "evenements_cles",
            "reussites",
            "difficultes",
            "prochaines_etapes",
        ]
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in fields}


class ObjectifForm(forms.ModelForm):
    class Meta:
        model = Objectif
        fields = ["taux_force", "justification"]
        widgets = {"justification": forms.Textarea(attrs={"rows": 5})}

    def clean(self):
        data = super().clean()
        if data.get("taux_force") is not None and not (data.get("justification") or "").strip():
            self.add_error("justification", _("Justifiez l'atteinte fixée à la main."))
        return data


class RapportForm(forms.Form):
    type_rapport = forms.ChoiceField(label=_("Type de rapport"), choices=TypeRapport.choices)
    annee = forms.TypedChoiceField(label=_("Année"), coerce=int)
    quartier = forms.ModelChoiceField(
        label=_("Quartier"), queryset=None, required=False, help_text=_("Pour une fiche quartier.")
    )

    def __init__(self, *args, quartiers, annees, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["quartier"].queryset = quartiers
        self.fields["annee"].choices = [(y, str(y)) for y in annees]
        if not user.reads_whole_organisation:
            self.fields["type_rapport"].choices = [
                (TypeRapport.FICHE_QUARTIER, TypeRapport.FICHE_QUARTIER.label)
            ]
        elif user.is_direction or user.is_administrateur:
            # Management mostly asks for the programme review.
            self.fields["type_rapport"].initial = TypeRapport.BILAN_PROGRAMME

    def clean(self):
        data = super().clean()
        if data.get("type_rapport") == TypeRapport.FICHE_QUARTIER and not data.get("quartier"):
            self.add_error("quartier", _("Choisissez le quartier de la fiche."))
        return data


class PlanificationForm(forms.ModelForm):
    class Meta:
        model = PlanificationRapport
        fields = ["type_rapport", "quartier", "destinataires"]
        widgets = {"destinataires": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, quartiers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["quartier"].queryset = quartiers
