from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from quartiers.models import Quartier

from .models import TEXTE_LONG_MAX, Enquete, Question, Theme, TypeQuestion
from .selectors import MOIS

ECHELLES = [("1-5", _("de 1 à 5")), ("0-10", _("de 0 à 10"))]


class EnqueteForm(forms.ModelForm):
    class Meta:
        model = Enquete
        fields = ["titre", "introduction", "anonyme", "fin_prevue", "quartiers"]
        widgets = {
            "fin_prevue": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "quartiers": forms.CheckboxSelectMultiple,
            "introduction": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["quartiers"].queryset = Quartier.objects.visible_to(user)


class SectionForm(forms.Form):
    titre = forms.CharField(label=_("Titre de la section"), max_length=200)


class SectionSupprimerForm(forms.Form):
    destination = forms.ModelChoiceField(
        label=_("Ses questions vont dans"),
        queryset=None,
        required=False,
        empty_label=_("Aucune section (en tête du questionnaire)"),
    )

    def __init__(self, *args, section, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["destination"].queryset = section.enquete.sections.exclude(pk=section.pk)


class QuestionForm(forms.ModelForm):
    choix = forms.CharField(
        label=_("Choix proposés"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Un choix par ligne (choix unique ou multiple)."),
    )
    echelle = forms.ChoiceField(
        label=_("Échelle"),
        choices=ECHELLES,
        initial="1-5",
        required=False,
        help_text=_("Pour une question « Échelle de notation » seulement."),
    )

    class Meta:
        model = Question
        fields = [
            "libelle",
            "aide",
            "type",
            "section",
            "obligatoire",
            "commentaire",
            "autre",
            "segment",
        ]
        widgets = {"libelle": forms.TextInput}

    def __init__(self, *args, enquete, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = enquete.sections.all()
        self.fields["section"].empty_label = _("Aucune section (en tête du questionnaire)")
        if self.instance.pk:
            self.initial["choix"] = "\n".join(
                c.libelle for c in self.instance.choix.all() if not c.est_autre
            )
            self.initial["echelle"] = f"{self.instance.echelle_min}-{self.instance.echelle_max}"

    def clean(self):
        data = super().clean()
        bounds = (data.get("echelle") or "1-5").split("-")
        data["echelle_min"], data["echelle_max"] = int(bounds[0]), int(bounds[1])
        return data

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        kwargs = {name: data[name] for name in self.Meta.fields}
        kwargs["echelle_min"], kwargs["echelle_max"] = data["echelle_min"], data["echelle_max"]
        kwargs["choix"] = data.get("choix", "").splitlines()
        return kwargs


class ResidentForm(forms.Form):
    """The resident's form, built from the survey's questions.

    Field names: ``q<id>`` (the answer), ``q<id>_autre`` (précision), ``q<id>_commentaire``.
    ``site_web`` is a honeypot: hidden from people, filled by bots.
    """

    site_web = forms.CharField(label=_("Ne pas remplir ce champ"), required=False, max_length=200)

    def __init__(self, *args, enquete, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.enquete = enquete
        self.questions = questions
        self.site_web_field = self["site_web"]
        self.fields["site_web"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})
        if not enquete.anonyme:
            self.fields["identite"] = forms.CharField(
                label=_("Votre nom (facultatif)"), required=False, max_length=150
            )
        for question in questions:
            self.fields[f"q{question.pk}"] = self._field_for(question)
            if question.autre:
                self.fields[f"q{question.pk}_autre"] = forms.CharField(
                    label=_("Autre, précisez"), required=False, max_length=300
                )
            if question.commentaire:
                self.fields[f"q{question.pk}_commentaire"] = forms.CharField(
                    label=_("Commentaire (facultatif)"),
                    required=False,
                    max_length=TEXTE_LONG_MAX,
                    widget=forms.Textarea(attrs={"rows": 3}),
                )

    def _field_for(self, question: Question) -> forms.Field:
        common = {
            "label": question.libelle,
            "required": question.obligatoire,
            "help_text": question.aide,
        }
        if question.type in (TypeQuestion.OUI_NON, TypeQuestion.CHOIX_UNIQUE):
            return forms.ModelChoiceField(
                queryset=question.choix.all(),
                widget=forms.RadioSelect,
                empty_label=None,
                to_field_name="valeur",
                **common,
            )
        if question.type == TypeQuestion.CHOIX_MULTIPLE:
            return forms.ModelMultipleChoiceField(
                queryset=question.choix.all(),
                widget=forms.CheckboxSelectMultiple,
                to_field_name="valeur",
                **common,
            )
        if question.type == TypeQuestion.ECHELLE:
            choices = [
                (str(v), str(v)) for v in range(question.echelle_min, question.echelle_max + 1)
            ]
            return forms.TypedChoiceField(
                choices=choices, coerce=int, widget=forms.RadioSelect, empty_value=None, **common
            )
        if question.type == TypeQuestion.NOMBRE:
            return forms.DecimalField(max_digits=14, decimal_places=4, **common)
        if question.type == TypeQuestion.DATE:
            return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), **common)
        if question.type == TypeQuestion.TEXTE_COURT:
            return forms.CharField(max_length=question.max_length, **common)
        return forms.CharField(
            max_length=question.max_length, widget=forms.Textarea(attrs={"rows": 4}), **common
        )

    def clean(self):
        data = super().clean()
        for question in self.questions:
            value = data.get(f"q{question.pk}")
            if question.autre:
                other = (data.get(f"q{question.pk}_autre") or "").strip()
                ticked = bool(value) and any(c.est_autre for c in value)
                if other and not ticked:
                    self.add_error(
                        f"q{question.pk}_autre", _("Cochez « Autre » pour préciser votre réponse.")
                    )
        if not self.errors and not self.reponses():
            # An empty submission would count as a respondent who answered nothing.
            raise ValidationError(
                _("Répondez à au moins une question avant d'envoyer."), code="vide"
            )
        return data

    @property
    def has_required(self) -> bool:
        return any(q.obligatoire for q in self.questions)

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get("site_web"))

    def blocks(self):
        """(question, bound fields) in order, with the section titles to print."""
        current = object()
        for question in self.questions:
            section = question.section.titre if question.section_id else None
            yield {
                "question": question,
                "section": section if section != current else None,
                "field": self[f"q{question.pk}"],
                "autre": self[f"q{question.pk}_autre"] if question.autre else None,
                "commentaire": self[f"q{question.pk}_commentaire"]
                if question.commentaire
                else None,
                "groupe": question.type
                in (
                    TypeQuestion.OUI_NON,
                    TypeQuestion.CHOIX_UNIQUE,
                    TypeQuestion.CHOIX_MULTIPLE,
                    TypeQuestion.ECHELLE,
                ),
            }
            current = section

    def reponses(self) -> dict[int, dict]:
        data = self.cleaned_data
        out: dict[int, dict] = {}
        for question in self.questions:
            value = data.get(f"q{question.pk}")
            answer: dict = {}
            if question.est_a_choix:
                if value:
                    answer["choix"] = (
                        list(value) if question.type == TypeQuestion.CHOIX_MULTIPLE else [value]
                    )
                answer["autre"] = data.get(f"q{question.pk}_autre", "")
            elif question.est_numerique:
                answer["nombre"] = value
            elif question.type == TypeQuestion.DATE:
                answer["date"] = value
            else:
                answer["texte"] = value or ""
            answer["commentaire"] = data.get(f"q{question.pk}_commentaire", "")
            if any(v not in (None, "", []) for v in answer.values()):
                out[question.pk] = answer
        return out


class FiltresForm(forms.Form):
    du = forms.DateField(
        label=_("Du"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    au = forms.DateField(
        label=_("Au"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, segments, enquete, **kwargs):
        super().__init__(*args, **kwargs)
        self.segment_questions = segments
        choice_questions = [
            q
            for q in enquete.questions.all()
            if q.type
            in (TypeQuestion.OUI_NON, TypeQuestion.CHOIX_UNIQUE, TypeQuestion.CHOIX_MULTIPLE)
        ]
        for question in segments:
            self.fields[f"s{question.pk}"] = forms.ModelChoiceField(
                label=question.libelle,
                queryset=question.choix.all(),
                required=False,
                empty_label=_("Tous"),
            )
        self.fields["ventiler"] = forms.ChoiceField(
            label=_("Ventiler selon"),
            choices=[
                ("", _("Ne pas ventiler")),
                *((str(q.pk), q.libelle) for q in segments),
                (MOIS, _("Mois de réponse")),
            ],
            required=False,
        )
        qs = enquete.questions.filter(pk__in=[q.pk for q in choice_questions])
        self.fields["ligne"] = forms.ModelChoiceField(
            label=_("Tableau croisé : en lignes"), queryset=qs, required=False, empty_label="—"
        )
        self.fields["colonne"] = forms.ModelChoiceField(
            label=_("en colonnes"), queryset=qs, required=False, empty_label="—"
        )

    def clean_ventiler(self):
        """A segment question, MOIS, or None."""
        value = self.cleaned_data.get("ventiler")
        if value == MOIS or not value:
            return value or None
        return next(q for q in self.segment_questions if str(q.pk) == value)

    def clean(self):
        data = super().clean()
        if data.get("du") and data.get("au") and data["du"] > data["au"]:
            self.add_error("au", _("La date de fin précède la date de début."))
        return data

    def segment_fields(self):
        return [self[f"s{q.pk}"] for q in self.segment_questions]


class VerbatimForm(forms.Form):
    texte_anonymise = forms.CharField(
        label=_("Texte anonymisé (citable)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=TEXTE_LONG_MAX,
        help_text=_("Laissé vide, il est recalculé automatiquement."),
    )
    citable = forms.BooleanField(label=_("Citable dans les rapports"), required=False)
    themes = forms.ModelMultipleChoiceField(
        label=_("Thèmes"),
        queryset=Theme.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, enquete, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = enquete.themes.all()


class ThemeForm(forms.Form):
    nom = forms.CharField(label=_("Nouveau thème"), max_length=80)


class XLSFormImportForm(forms.Form):
    fichier = forms.FileField(
        label=_("Fichier XLSForm (.xlsx)"),
        help_text=_("Feuilles « survey » et « choices » (format ODK / KoboToolbox)."),
    )

    def clean_fichier(self):
        fichier = self.cleaned_data["fichier"]
        if not fichier.name.lower().endswith(".xlsx"):
            raise ValidationError(_("Le fichier doit être au format .xlsx."), code="extension")
        if fichier.size > 5 * 1024 * 1024:
            raise ValidationError(_("Le fichier dépasse 5 Mo."), code="taille")
        return fichier


class InvitationForm(forms.Form):
    tous = forms.BooleanField(
        label=_("Inviter toute la liste"),
        required=False,
        help_text=_(
            "Comme l'envoi à l'ensemble des acteurs touchés ; sinon, cochez les personnes."
        ),
    )
    acteurs = forms.ModelMultipleChoiceField(
        label=_("Personnes à inviter"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Personnes de la base de contacts ayant une adresse e-mail."),
    )

    def __init__(self, *args, acteurs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["acteurs"].queryset = acteurs

    def clean(self):
        data = super().clean()
        if data.get("tous"):
            data["acteurs"] = self.fields["acteurs"].queryset
        elif not data.get("acteurs") and not self.errors:
            self.add_error("acteurs", _("Cochez au moins une personne, ou toute la liste."))
        return data
