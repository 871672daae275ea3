"""Surveys (enquêtes): their questions, the residents' participations and answers.

One ``Participation`` is one person's submission; each answer is a ``Reponse`` row: one row per
ticked choice for choice questions (so that counting is a GROUP BY), one row for a number or a
date, and one row per free text (text answers, "autre, précisez" and comment boxes), which are
the verbatims that facilitators anonymise, mark quotable and code with themes.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .querysets import EnqueteQuerySet

TEXTE_COURT_MAX = 300
TEXTE_LONG_MAX = 3000


def _jeton() -> str:
    return secrets.token_urlsafe(16)


class Statut(models.TextChoices):
    BROUILLON = "brouillon", _("Brouillon")
    OUVERTE = "ouverte", _("Ouverte")
    FERMEE = "fermee", _("Fermée")


class TypeQuestion(models.TextChoices):
    OUI_NON = "oui_non", _("Oui / non")
    CHOIX_UNIQUE = "choix_unique", _("Choix unique")
    CHOIX_MULTIPLE = "choix_multiple", _("Choix multiple")
    ECHELLE = "echelle", _("Échelle de notation")
    NOMBRE = "nombre", _("Nombre")
    TEXTE_COURT = "texte_court", _("Texte court")
    TEXTE_LONG = "texte_long", _("Texte long")
    DATE = "date", _("Date")


CHOICE_TYPES = {TypeQuestion.OUI_NON, TypeQuestion.CHOIX_UNIQUE, TypeQuestion.CHOIX_MULTIPLE}
NUMERIC_TYPES = {TypeQuestion.ECHELLE, TypeQuestion.NOMBRE}
TEXT_TYPES = {TypeQuestion.TEXTE_COURT, TypeQuestion.TEXTE_LONG}
CLOSED_TYPES = CHOICE_TYPES | NUMERIC_TYPES | {TypeQuestion.DATE}


class Enquete(models.Model):
    organisation = models.ForeignKey(
        "comptes.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="enquetes",
    )
    quartiers = models.ManyToManyField(
        "quartiers.Quartier",
        verbose_name=_("quartiers"),
        related_name="enquetes",
        blank=True,
        help_text=_("Laisser vide pour une enquête de toute l'organisation."),
    )
    titre = models.CharField(_("titre"), max_length=200)
    introduction = models.TextField(
        _("introduction"), blank=True, help_text=_("Texte affiché en tête du questionnaire.")
    )
    statut = models.CharField(
        _("statut"), max_length=20, choices=Statut.choices, default=Statut.BROUILLON
    )
    ouverte_le = models.DateTimeField(_("ouverte le"), null=True, blank=True)
    fermee_le = models.DateTimeField(_("fermée le"), null=True, blank=True)
    fin_prevue = models.DateField(
        _("dernier jour de réponse"),
        null=True,
        blank=True,
        help_text=_("Facultatif : après cette date, le formulaire n'accepte plus de réponses."),
    )
    anonyme = models.BooleanField(
        _("réponses anonymes"),
        default=True,
        help_text=_("Décocher pour demander (facultativement) le nom des répondant·es."),
    )
    jeton_public = models.CharField(max_length=40, unique=True, default=_jeton, editable=False)
    cree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    cree_le = models.DateTimeField(_("créée le"), auto_now_add=True)
    modifie_le = models.DateTimeField(_("modifiée le"), auto_now=True)

    objects = EnqueteQuerySet.as_manager()

    class Meta:
        verbose_name = _("enquête")
        verbose_name_plural = _("enquêtes")
        ordering = ["-cree_le", "-id"]

    def __str__(self):
        return self.titre

    def get_absolute_url(self):
        return reverse("enquetes:detail", args=[self.pk])

    @property
    def est_brouillon(self) -> bool:
        return self.statut == Statut.BROUILLON

    @property
    def est_ouverte(self) -> bool:
        return self.statut == Statut.OUVERTE

    @property
    def est_fermee(self) -> bool:
        return self.statut == Statut.FERMEE

    @property
    def date_depassee(self) -> bool:
        return self.fin_prevue is not None and timezone.localdate() > self.fin_prevue

    @property
    def accepte_reponses(self) -> bool:
        """Open, and its last day (if any) not past."""
        return self.est_ouverte and not self.date_depassee


class Section(models.Model):
    enquete = models.ForeignKey(
        Enquete, on_delete=models.CASCADE, related_name="sections", verbose_name=_("enquête")
    )
    titre = models.CharField(_("titre"), max_length=200)
    ordre = models.PositiveIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["enquete_id", "ordre", "id"]

    def __str__(self):
        return self.titre


class Question(models.Model):
    enquete = models.ForeignKey(
        Enquete, on_delete=models.CASCADE, related_name="questions", verbose_name=_("enquête")
    )
    section = models.ForeignKey(
        Section,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="questions",
        verbose_name=_("section"),
    )
    ordre = models.PositiveIntegerField(_("ordre"), default=0)
    code = models.SlugField(
        _("code"), max_length=60, help_text=_("Nom court (colonne des exports, XLSForm).")
    )
    libelle = models.CharField(_("libellé"), max_length=500)
    aide = models.CharField(_("aide"), max_length=500, blank=True)
    type = models.CharField(_("type"), max_length=20, choices=TypeQuestion.choices)
    obligatoire = models.BooleanField(_("obligatoire"), default=False)
    commentaire = models.BooleanField(
        _("zone de commentaire"), default=False, help_text=_("Un champ libre après la question.")
    )
    autre = models.BooleanField(
        _("« Autre, précisez »"),
        default=False,
        help_text=_("Ajoute un choix « Autre » avec un champ à préciser (choix multiple)."),
    )
    segment = models.BooleanField(
        _("question de segmentation"),
        default=False,
        help_text=_("Les résultats peuvent être ventilés selon les réponses à cette question."),
    )
    echelle_min = models.SmallIntegerField(_("minimum de l'échelle"), default=1)
    echelle_max = models.SmallIntegerField(_("maximum de l'échelle"), default=5)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["enquete_id", "ordre", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["enquete", "code"], name="question_code_unique_par_enquete"
            ),
            models.CheckConstraint(
                condition=Q(echelle_max__gt=models.F("echelle_min")),
                name="question_echelle_ordonnee",
            ),
        ]

    def __str__(self):
        return self.libelle

    @property
    def est_a_choix(self) -> bool:
        return self.type in CHOICE_TYPES

    @property
    def est_numerique(self) -> bool:
        return self.type in NUMERIC_TYPES

    @property
    def est_texte(self) -> bool:
        return self.type in TEXT_TYPES

    @property
    def est_fermee(self) -> bool:
        return self.type in CLOSED_TYPES

    @property
    def max_length(self) -> int:
        return TEXTE_COURT_MAX if self.type == TypeQuestion.TEXTE_COURT else TEXTE_LONG_MAX


class Choix(models.Model):
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="choix", verbose_name=_("question")
    )
    valeur = models.SlugField(_("valeur"), max_length=60)
    libelle = models.CharField(_("libellé"), max_length=300)
    ordre = models.PositiveIntegerField(_("ordre"), default=0)
    est_autre = models.BooleanField(_("choix « autre »"), default=False)

    class Meta:
        verbose_name = _("choix")
        verbose_name_plural = _("choix")
        ordering = ["question_id", "ordre", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["question", "valeur"], name="choix_valeur_unique_par_question"
            )
        ]

    def __str__(self):
        return self.libelle


class Theme(models.Model):
    """A tag used to code the verbatims of one survey."""

    enquete = models.ForeignKey(
        Enquete, on_delete=models.CASCADE, related_name="themes", verbose_name=_("enquête")
    )
    nom = models.CharField(_("nom"), max_length=80)

    class Meta:
        verbose_name = _("thème")
        verbose_name_plural = _("thèmes")
        ordering = ["enquete_id", "nom"]
        constraints = [
            models.UniqueConstraint(fields=["enquete", "nom"], name="theme_nom_unique_par_enquete")
        ]

    def __str__(self):
        return self.nom


class Participation(models.Model):
    """One submission of the form. Holds no IP address and no e-mail."""

    enquete = models.ForeignKey(
        Enquete, on_delete=models.CASCADE, related_name="participations", verbose_name=_("enquête")
    )
    soumise_le = models.DateTimeField(_("soumise le"), db_index=True)
    identite = models.CharField(
        _("nom donné par le·la répondant·e"),
        max_length=150,
        blank=True,
        help_text=_("Seulement pour les enquêtes non anonymes."),
    )

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        ordering = ["enquete_id", "soumise_le", "id"]
        indexes = [models.Index(fields=["enquete", "soumise_le"])]

    def __str__(self):
        return f"{self.enquete} · {self.pk}"


class Reponse(models.Model):
    class Nature(models.TextChoices):
        VALEUR = "valeur", _("Réponse")
        COMMENTAIRE = "commentaire", _("Commentaire")

    participation = models.ForeignKey(
        Participation,
        on_delete=models.CASCADE,
        related_name="reponses",
        verbose_name=_("participation"),
    )
    question = models.ForeignKey(
        Question, on_delete=models.PROTECT, related_name="reponses", verbose_name=_("question")
    )
    nature = models.CharField(
        _("nature"), max_length=12, choices=Nature.choices, default=Nature.VALEUR
    )
    choix = models.ForeignKey(
        Choix,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reponses",
        verbose_name=_("choix"),
    )
    nombre = models.DecimalField(
        _("nombre"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    date = models.DateField(_("date"), null=True, blank=True)
    texte = models.TextField(_("texte"), blank=True)
    # Verbatim handling (free texts only).
    texte_anonymise = models.TextField(_("texte anonymisé"), blank=True)
    citable = models.BooleanField(_("citable"), default=False)
    themes = models.ManyToManyField(Theme, blank=True, related_name="reponses")

    class Meta:
        verbose_name = _("réponse")
        verbose_name_plural = _("réponses")
        ordering = ["participation_id", "id"]
        indexes = [
            models.Index(fields=["question", "choix"]),
            # The few quotable comments among every answer (results page, reports).
            models.Index(
                fields=["question"], condition=Q(citable=True), name="reponse_citable_idx"
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["participation", "question", "choix"],
                condition=Q(choix__isnull=False),
                name="reponse_un_choix_une_fois",
            ),
        ]

    def __str__(self):
        return f"{self.question_id} · {self.participation_id}"

    @property
    def texte_affiche(self) -> str:
        """What may be shown to readers: the anonymised text."""
        return self.texte_anonymise or self.texte


class Invitation(models.Model):
    """A one-time answer link for one person of the contact base.

    The link to the actor only serves to avoid inviting twice; the answers never point back to
    the invitation, so they stay anonymous.
    """

    enquete = models.ForeignKey(
        Enquete, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("enquête")
    )
    acteur = models.ForeignKey(
        "acteurs.Acteur",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitations_enquete",
        verbose_name=_("acteur"),
    )
    jeton = models.CharField(max_length=40, unique=True, default=_jeton, editable=False)
    envoyee_le = models.DateTimeField(_("envoyée le"), null=True, blank=True)
    utilisee_le = models.DateTimeField(_("utilisée le"), null=True, blank=True)
    erreur_envoi = models.CharField(_("erreur d'envoi"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["enquete_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["enquete", "acteur"], name="invitation_unique_par_acteur"
            )
        ]

    def __str__(self):
        return f"{self.enquete} · {self.acteur_id}"
