import json

from django import forms
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from .models import AUTEUR_MAX, COMMENTAIRE_MAX, Carte, Categorie, Ressenti
from .selectors import categories_actives

# The public form's text limits (the model has the same); mobile keyboards show the counter.
PUBLIC_COMMENT_MAX = 500


class AtelierChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.date:%d/%m/%Y} — {obj.titre}"


class CarteForm(forms.ModelForm):
    """A session; its activity is chosen among the neighbourhood's own activities."""

    class Meta:
        model = Carte
        fields = ["titre", "atelier", "echelle", "saison", "consigne", "ouverte", "moderation"]
        field_classes = {"atelier": AtelierChoiceField}
        widgets = {"consigne": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, quartier, **kwargs):
        super().__init__(*args, **kwargs)
        from ateliers.models import Atelier

        field = self.fields["atelier"]
        field.queryset = Atelier.objects.filter(quartier=quartier).order_by("-date", "-pk")
        field.empty_label = _("Aucune (carte hors atelier)")
        field.error_messages["invalid_choice"] = _(
            "Choisissez une activité de ce quartier dans la liste."
        )


class CategorieChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.icone} {obj.nom}"


class GeometryField(forms.CharField):
    """GeoJSON geometry text (filled by the map); parsed here, checked by the service."""

    widget = forms.HiddenInput

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        try:
            data = json.loads(value)
        except ValueError:
            raise forms.ValidationError(
                _t("Géométrie illisible (JSON invalide)."), code="bad_json"
            ) from None
        if isinstance(data, dict) and data.get("type") == "Feature":
            data = data.get("geometry")
        return data


class _NoteFields(forms.Form):
    geometrie = GeometryField(
        label=_("Emplacement sur la carte"),
        error_messages={"required": _("Touchez la carte pour placer votre note.")},
    )
    categorie = CategorieChoiceField(
        label=_("Catégorie"),
        queryset=Categorie.objects.none(),
        empty_label=_("— choisir —"),
        error_messages={"required": _("Choisissez une catégorie.")},
    )
    ressenti = forms.ChoiceField(
        label=_("Ressenti"),
        choices=Ressenti.choices,
        initial=Ressenti.NEUTRE,
        widget=forms.RadioSelect,
    )
    commentaire = forms.CharField(
        label=_("Commentaire"),
        max_length=COMMENTAIRE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    auteur = forms.CharField(
        label=_("Signature (facultatif)"),
        max_length=AUTEUR_MAX,
        required=False,
        help_text=_("Un prénom ou un groupe ; laissez vide pour rester anonyme."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["categorie"].queryset = categories_actives()


class NotePubliqueForm(_NoteFields):
    """The residents' form. ``site_web`` is a honeypot: people never see it, robots fill it."""

    commentaire = forms.CharField(
        label=_("Commentaire"),
        max_length=PUBLIC_COMMENT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("500 caractères au maximum."),
    )
    categorie = CategorieChoiceField(
        label=_("Catégorie"),
        queryset=Categorie.objects.none(),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choisissez une catégorie.")},
    )
    site_web = forms.CharField(label=_("Ne pas remplir"), required=False)

    @property
    def is_robot(self) -> bool:
        return bool(self.data.get("site_web"))


class NoteEquipeForm(_NoteFields):
    """The team's form: draw a note, or enter a group's notes from a paper workshop."""


class AnnotationForm(_NoteFields):
    geometrie = GeometryField(label=_("Tracé"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["categorie"].queryset = Categorie.objects.all()


class RejetForm(forms.Form):
    motif = forms.CharField(
        label=_("Motif du rejet"),
        max_length=300,
        help_text=_("Conservé avec la note et dans le journal."),
        error_messages={"required": _("Indiquez le motif du rejet.")},
    )


class ImportFichierForm(forms.Form):
    fichier = forms.FileField(
        label=_("Fichier GeoJSON"),
        help_text=_("Export uMap, geojson.io ou d'un SIG, en WGS84 ; 10 Mo au maximum."),
    )

    MAX_BYTES = 10 * 1024 * 1024

    def clean_fichier(self):
        fichier = self.cleaned_data["fichier"]
        if fichier.size > self.MAX_BYTES:
            raise forms.ValidationError(_t("Fichier trop volumineux (10 Mo au maximum)."))
        return fichier


class ImportMappingForm(forms.Form):
    categorie = forms.ChoiceField(
        label=_("Propriété donnant la catégorie"),
        required=False,
        help_text=_(
            "Ses valeurs doivent être des noms de catégories ; sinon choisissez « aucune »."
        ),
    )
    categorie_defaut = forms.ModelChoiceField(
        label=_("Catégorie par défaut"),
        queryset=Categorie.objects.all(),
        required=False,
        help_text=_(
            "Pour toutes les entités si aucune propriété n'est choisie, ou quand elle est vide."
        ),
    )
    commentaire = forms.ChoiceField(label=_("Propriété donnant le commentaire"), required=False)
    commentaire_extra = forms.ChoiceField(
        label=_("Propriété placée avant le commentaire"),
        required=False,
        help_text=_("Par exemple « name » d'un export uMap, devant « description »."),
    )
    auteur = forms.ChoiceField(label=_("Propriété donnant l'auteur"), required=False)
    ressenti = forms.ChoiceField(label=_("Propriété donnant le ressenti"), required=False)

    def __init__(self, *args, properties: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _t("— aucune —"))] + [(p, p) for p in properties]
        for name in ("categorie", "commentaire", "commentaire_extra", "auteur", "ressenti"):
            self.fields[name].choices = choices

    @staticmethod
    def guess(properties: list[str]) -> dict:
        """Initial mapping for common files: our own export, uMap, the Paris greening call."""
        props = set(properties)

        def first(*names):
            return next((n for n in names if n in props), "")

        # uMap: "description" is the text and "name" its title; a layer without descriptions
        # has only the names to say something.
        commentaire = first("commentaire", "description", "commentair", "comment", "name")
        return {
            "categorie": first("categorie", "category", "categorie_nom"),
            "commentaire": commentaire,
            "commentaire_extra": (
                first("name", "titre", "title") if commentaire == "description" else ""
            ),
            "auteur": first("auteur", "author"),
            "ressenti": first("ressenti"),
        }

    def clean(self):
        data = super().clean()
        if not data.get("categorie") and not data.get("categorie_defaut"):
            self.add_error(
                "categorie_defaut",
                _t("Choisissez une propriété donnant la catégorie ou une catégorie par défaut."),
            )
        return data


class TableauFiltreForm(forms.Form):
    carte = forms.ModelChoiceField(
        label=_("Carte"), queryset=Carte.objects.none(), required=False, empty_label=_("Toutes")
    )
    categorie = forms.ModelChoiceField(
        label=_("Catégorie"),
        queryset=Categorie.objects.all(),
        required=False,
        empty_label=_("Toutes"),
    )
    ressenti = forms.ChoiceField(
        label=_("Ressenti"), required=False, choices=[("", _("Tous"))] + Ressenti.choices
    )
    ilot = forms.ChoiceField(label=_("Îlot"), required=False)
    q = forms.CharField(label=_("Recherche dans les commentaires"), required=False, max_length=100)

    def __init__(self, *args, quartier, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["carte"].queryset = Carte.objects.filter(quartier=quartier)
        self.fields["ilot"].choices = [("", _t("Tous")), ("aucun", _t("Hors îlot"))] + [
            (str(i.pk), i.nom) for i in quartier.ilots.all()
        ]
