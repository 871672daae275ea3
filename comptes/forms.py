from django import forms
from django.apps import apps
from django.utils.translation import gettext_lazy as _

from .models import AuditEntry, User


def object_type_label(label_lower: str) -> str:
    """``acteurs.acteur`` → "Acteur" (the model's verbose name), or the raw label if unknown."""
    try:
        return str(apps.get_model(label_lower)._meta.verbose_name).capitalize()
    except (LookupError, ValueError):
        return label_lower


class AuditFilterForm(forms.Form):
    """Filters of the audit log; every choice is limited to the user's organisation."""

    user = forms.ModelChoiceField(
        label=_("Qui"), queryset=User.objects.none(), required=False, empty_label=_("Tout le monde")
    )
    object_type = forms.ChoiceField(label=_("Type d'objet"), required=False)
    action = forms.ChoiceField(
        label=_("Action"),
        required=False,
        choices=[("", _("Toutes"))] + list(AuditEntry.Action.choices),
    )
    du = forms.DateField(
        label=_("Du"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    au = forms.DateField(
        label=_("Au"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = User.objects.filter(organisation=organisation)
        types = (
            AuditEntry.objects.filter(organisation=organisation)
            .order_by("object_type")
            .values_list("object_type", flat=True)
            .distinct()
        )
        self.fields["object_type"].choices = [("", _("Tous"))] + [
            (value, object_type_label(value)) for value in types
        ]

    def clean(self):
        data = super().clean()
        du, au = data.get("du"), data.get("au")
        if du and au and du > au:
            self.add_error("au", _("La fin de la période doit suivre son début."))
        return data

    def filter(self, entries):
        """``entries`` narrowed by the valid filters (all of them ignored if the form is bad)."""
        if not self.is_valid():
            return entries
        data = self.cleaned_data
        if data.get("user"):
            entries = entries.filter(user=data["user"])
        if data.get("object_type"):
            entries = entries.filter(object_type=data["object_type"])
        if data.get("action"):
            entries = entries.filter(action=data["action"])
        if data.get("du"):
            entries = entries.filter(created_at__date__gte=data["du"])
        if data.get("au"):
            entries = entries.filter(created_at__date__lte=data["au"])
        return entries
