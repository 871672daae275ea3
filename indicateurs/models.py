"""Impact indicators, their targets, manual values, stored snapshots, objectives and reports.

Periods are calendar years for targets, objectives and reports; snapshots are stored per month
(the trend) and per year (the key figure), so dashboards only read precomputed numbers.
"""

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

MANUEL = "manuel"


class Sens(models.TextChoices):
    HAUSSE = "hausse", _("Plus c'est haut, mieux c'est")
    BAISSE = "baisse", _("Plus c'est bas, mieux c'est")


class Periodicite(models.TextChoices):
    MENSUELLE = "mensuelle", _("Mensuelle")
    TRIMESTRIELLE = "trimestrielle", _("Trimestrielle")
    ANNUELLE = "annuelle", _("Annuelle")


class Agregation(models.TextChoices):
    SOMME = "somme", _("Somme (les valeurs s'additionnent)")
    MOYENNE = "moyenne", _("Moyenne (taux, dernière valeur connue)")


class Axe(models.TextChoices):
    MOBILISATION = "mobilisation", _("Mobilisation des acteurs")
    PARTICIPATION = "participation", _("Participation et concertation")
    ENERGIE = "energie", _("Énergie et rénovation")
    CLIMAT = "climat", _("Climat et carbone")
    VEGETALISATION = "vegetalisation", _("Végétalisation et îlots de fraîcheur")
    MOBILITE = "mobilite", _("Mobilités")
    SATISFACTION = "satisfaction", _("Satisfaction et appropriation")


class Indicateur(models.Model):
    organisation = models.ForeignKey(
        "comptes.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="indicateurs",
    )
    code = models.SlugField(_("code"), max_length=80)
    nom = models.CharField(_("nom"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    unite = models.CharField(_("unité"), max_length=40, blank=True)
    sens = models.CharField(_("sens"), max_length=10, choices=Sens.choices, default=Sens.HAUSSE)
    periodicite = models.CharField(
        _("périodicité"), max_length=15, choices=Periodicite.choices, default=Periodicite.ANNUELLE
    )
    source = models.CharField(
        _("source"),
        max_length=80,
        default=MANUEL,
        help_text=_(
            "« manuel » pour une saisie avec justificatif, sinon le code d'une source calculée."
        ),
    )
    params = models.JSONField(_("paramètres de la source"), default=dict, blank=True)
    agregation = models.CharField(
        _("agrégation"), max_length=10, choices=Agregation.choices, default=Agregation.SOMME
    )
    axe = models.CharField(_("axe"), max_length=20, choices=Axe.choices, blank=True)
    cle = models.BooleanField(
        _("indicateur clé"), default=False, help_text=_("Montré sur le tableau de bord Direction.")
    )
    ordre = models.PositiveSmallIntegerField(_("ordre"), default=0)
    actif = models.BooleanField(_("actif"), default=True)

    class Meta:
        verbose_name = _("indicateur")
        verbose_name_plural = _("indicateurs")
        ordering = ["ordre", "nom"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "code"], name="indicateur_code_unique_par_organisation"
            )
        ]

    def __str__(self):
        return self.nom

    @property
    def est_manuel(self) -> bool:
        return self.source == MANUEL

    def clean(self):
        from .sources import REGISTRY

        if self.source != MANUEL and self.source not in REGISTRY:
            raise ValidationError(
                {"source": _("Source inconnue : « %(code)s ».") % {"code": self.source}},
                code="unknown_source",
            )
        if self.source in REGISTRY:
            missing = [p for p in REGISTRY[self.source].params if p not in (self.params or {})]
            if missing:
                raise ValidationError(
                    {
                        "params": _("Paramètres manquants : %(noms)s.")
                        % {"noms": ", ".join(missing)}
                    },
                    code="missing_params",
                )


class Cible(models.Model):
    """Target and baseline of an indicator for one year, per neighbourhood or for the programme."""

    indicateur = models.ForeignKey(
        Indicateur, on_delete=models.CASCADE, related_name="cibles", verbose_name=_("indicateur")
    )
    quartier = models.ForeignKey(
        "quartiers.Quartier",
        on_delete=models.CASCADE,
        related_name="cibles_indicateurs",
        verbose_name=_("quartier"),
        null=True,
        blank=True,
        help_text=_("Vide : cible pour l'ensemble du programme."),
    )
    annee = models.PositiveSmallIntegerField(
        _("année"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    valeur_cible = models.DecimalField(
        _("cible"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    valeur_reference = models.DecimalField(
        _("valeur de référence"), max_digits=14, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = _("cible")
        verbose_name_plural = _("cibles")
        ordering = ["indicateur", "annee"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicateur", "quartier", "annee"],
                condition=Q(quartier__isnull=False),
                name="cible_unique_par_quartier",
            ),
            models.UniqueConstraint(
                fields=["indicateur", "annee"],
                condition=Q(quartier__isnull=True),
                name="cible_unique_programme",
            ),
        ]

    def __str__(self):
        return f"{self.indicateur} · {self.quartier or _('programme')} · {self.annee}"


def justificatif_path(instance, filename: str) -> str:
    # A random name: the file is only served through a permission-checked view.
    suffix = PurePosixPath(filename).suffix.lower()[:8]
    return f"indicateurs/justificatifs/{uuid.uuid4().hex}{suffix}"


class ValeurManuelle(models.Model):
    indicateur = models.ForeignKey(
        Indicateur,
        on_delete=models.CASCADE,
        related_name="valeurs_manuelles",
        verbose_name=_("indicateur"),
    )
    quartier = models.ForeignKey(
        "quartiers.Quartier",
        on_delete=models.CASCADE,
        related_name="valeurs_indicateurs",
        verbose_name=_("quartier"),
    )
    date = models.DateField(_("date"), help_text=_("Date à laquelle la valeur se rapporte."))
    valeur = models.DecimalField(_("valeur"), max_digits=14, decimal_places=2)
    note = models.TextField(
        _("justification"), blank=True, help_text=_("Source, méthode de calcul, document…")
    )
    justificatif = models.FileField(
        _("pièce justificative"), upload_to=justificatif_path, blank=True
    )
    justificatif_nom = models.CharField(_("nom du fichier"), max_length=200, blank=True)
    saisi_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("saisi par"),
    )
    saisi_le = models.DateTimeField(_("saisi le"), auto_now_add=True)

    class Meta:
        verbose_name = _("valeur saisie")
        verbose_name_plural = _("valeurs saisies")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["indicateur", "quartier", "date"])]

    def __str__(self):
        return f"{self.indicateur} · {self.quartier} · {self.date}"

    def clean(self):
        if not self.note.strip() and not self.justificatif:
            raise ValidationError(
                _("Indiquez une justification ou joignez une pièce justificative."),
                code="evidence_required",
            )
        if self.indicateur_id and not self.indicateur.est_manuel:
            raise ValidationError(
                _("Cet indicateur est calculé : il ne se saisit pas à la main."), code="computed"
            )


class Granularite(models.TextChoices):
    MOIS = "mois", _("Mois")
    ANNEE = "annee", _("Année")


class Snapshot(models.Model):
    """A stored value of an indicator for one neighbourhood and one period (computed by Celery)."""

    indicateur = models.ForeignKey(
        Indicateur, on_delete=models.CASCADE, related_name="snapshots", verbose_name=_("indicateur")
    )
    quartier = models.ForeignKey(
        "quartiers.Quartier",
        on_delete=models.CASCADE,
        related_name="snapshots_indicateurs",
        verbose_name=_("quartier"),
    )
    granularite = models.CharField(_("granularité"), max_length=5, choices=Granularite.choices)
    debut = models.DateField(_("début"))
    fin = models.DateField(_("fin"))
    valeur = models.DecimalField(_("valeur"), max_digits=14, decimal_places=2, null=True)
    calcule_le = models.DateTimeField(_("calculé le"), auto_now=True)

    class Meta:
        verbose_name = _("valeur calculée")
        verbose_name_plural = _("valeurs calculées")
        ordering = ["indicateur", "quartier", "debut"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicateur", "quartier", "granularite", "debut"],
                name="snapshot_unique_par_periode",
            )
        ]
        indexes = [models.Index(fields=["granularite", "debut"])]

    def __str__(self):
        return f"{self.indicateur} · {self.quartier} · {self.debut}"


class Objectif(models.Model):
    organisation = models.ForeignKey(
        "comptes.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="objectifs",
    )
    titre = models.CharField(_("titre"), max_length=250)
    description = models.TextField(_("description"), blank=True)
    ordre = models.PositiveSmallIntegerField(_("ordre"), default=0)
    indicateurs = models.ManyToManyField(
        Indicateur, through="ObjectifIndicateur", related_name="objectifs", blank=True
    )
    taux_force = models.DecimalField(
        _("atteinte retenue (%)"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("Laisser vide pour utiliser le taux calculé à partir des indicateurs."),
    )
    justification = models.TextField(
        _("justification"),
        blank=True,
        help_text=_("Obligatoire lorsque l'atteinte est fixée à la main."),
    )

    class Meta:
        verbose_name = _("objectif")
        verbose_name_plural = _("objectifs")
        ordering = ["ordre", "titre"]

    def __str__(self):
        return self.titre

    def clean(self):
        if self.taux_force is not None and not self.justification.strip():
            raise ValidationError(
                {"justification": _("Justifiez l'atteinte fixée à la main.")},
                code="justification_required",
            )


class ObjectifIndicateur(models.Model):
    objectif = models.ForeignKey(
        Objectif, on_delete=models.CASCADE, related_name="liens", verbose_name=_("objectif")
    )
    indicateur = models.ForeignKey(
        Indicateur, on_delete=models.CASCADE, related_name="+", verbose_name=_("indicateur")
    )
    poids = models.PositiveSmallIntegerField(
        _("poids"), default=1, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )

    class Meta:
        verbose_name = _("indicateur de l'objectif")
        verbose_name_plural = _("indicateurs de l'objectif")
        ordering = ["objectif", "-poids", "indicateur__nom"]
        constraints = [
            models.UniqueConstraint(
                fields=["objectif", "indicateur"], name="objectif_indicateur_unique"
            )
        ]

    def __str__(self):
        return f"{self.objectif} · {self.indicateur} ({self.poids})"


class Bilan(models.Model):
    """The narrative of a neighbourhood for a year, written by its facilitators (fact sheet)."""

    quartier = models.ForeignKey(
        "quartiers.Quartier",
        on_delete=models.CASCADE,
        related_name="bilans",
        verbose_name=_("quartier"),
    )
    annee = models.PositiveSmallIntegerField(
        _("année"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    chiffres_cles = models.TextField(_("chiffres clés"), blank=True)
    evenements_cles = models.TextField(_("événements clés"), blank=True)
    reussites = models.TextField(_("réussites"), blank=True)
    difficultes = models.TextField(_("difficultés"), blank=True)
    prochaines_etapes = models.TextField(_("prochaines étapes"), blank=True)
    modifie_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("modifié par"),
    )
    modifie_le = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        verbose_name = _("bilan de quartier")
        verbose_name_plural = _("bilans de quartier")
        ordering = ["quartier", "-annee"]
        constraints = [
            models.UniqueConstraint(fields=["quartier", "annee"], name="bilan_unique_par_annee")
        ]

    def __str__(self):
        return f"{self.quartier} · {self.annee}"


class TypeRapport(models.TextChoices):
    FICHE_QUARTIER = "fiche_quartier", _("Fiche quartier")
    BILAN_PROGRAMME = "bilan_programme", _("Bilan du programme")


class EtatRapport(models.TextChoices):
    EN_ATTENTE = "en_attente", _("En attente")
    EN_COURS = "en_cours", _("En cours")
    PRET = "pret", _("Prêt")
    ECHEC = "echec", _("Échec")


class RapportQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Programme reviews for the organisation's staff; fact sheets for whoever may see the
        neighbourhood."""
        from quartiers.models import Quartier

        if not user.is_authenticated or user.organisation_id is None:
            return self.none()
        qs = self.filter(organisation_id=user.organisation_id)
        if user.reads_whole_organisation:
            return qs
        return qs.filter(quartier__in=Quartier.objects.visible_to(user))


class Rapport(models.Model):
    organisation = models.ForeignKey(
        "comptes.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="rapports",
    )
    type_rapport = models.CharField(_("type"), max_length=20, choices=TypeRapport.choices)
    annee = models.PositiveSmallIntegerField(_("année"))
    quartier = models.ForeignKey(
        "quartiers.Quartier",
        on_delete=models.CASCADE,
        related_name="rapports",
        verbose_name=_("quartier"),
        null=True,
        blank=True,
    )
    etat = models.CharField(
        _("état"), max_length=12, choices=EtatRapport.choices, default=EtatRapport.EN_ATTENTE
    )
    progression = models.PositiveSmallIntegerField(_("progression (%)"), default=0)
    etape = models.CharField(_("étape"), max_length=200, blank=True)
    raison = models.TextField(_("raison de l'échec"), blank=True)
    fichier = models.FileField(_("fichier"), blank=True)
    demande_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("demandé par"),
    )
    planification = models.ForeignKey(
        "PlanificationRapport",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="rapports",
        verbose_name=_("planification"),
    )
    task_id = models.CharField(_("tâche"), max_length=64, blank=True)
    tentatives = models.PositiveSmallIntegerField(_("tentatives"), default=0)
    cree_le = models.DateTimeField(_("demandé le"), auto_now_add=True)
    # Set at each request and retry: how long the current attempt has waited for a worker.
    mis_en_file_le = models.DateTimeField(_("mis en file le"), null=True, blank=True)
    commence_le = models.DateTimeField(_("commencé le"), null=True, blank=True)
    termine_le = models.DateTimeField(_("terminé le"), null=True, blank=True)

    objects = RapportQuerySet.as_manager()

    class Meta:
        verbose_name = _("rapport")
        verbose_name_plural = _("rapports")
        ordering = ["-cree_le", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(type_rapport="bilan_programme") | Q(quartier__isnull=False),
                name="rapport_fiche_a_un_quartier",
            )
        ]

    def __str__(self):
        if self.quartier_id:
            return f"{self.get_type_rapport_display()} · {self.quartier} · {self.annee}"
        return f"{self.get_type_rapport_display()} · {self.annee}"

    @property
    def termine(self) -> bool:
        return self.etat in (EtatRapport.PRET, EtatRapport.ECHEC)

    @property
    def nom_fichier(self) -> str:
        from django.utils.text import slugify

        parts = [self.get_type_rapport_display(), str(self.quartier or ""), str(self.annee)]
        return slugify("-".join(p for p in parts if p)) + ".pdf"


class PlanificationRapport(models.Model):
    """A monthly report that beat builds and e-mails (set by Direction)."""

    organisation = models.ForeignKey(
        "comptes.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="planifications_rapports",
    )
    type_rapport = models.CharField(_("type"), max_length=20, choices=TypeRapport.choices)
    quartier = models.ForeignKey(
        "quartiers.Quartier",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("quartier"),
        null=True,
        blank=True,
    )
    destinataires = models.TextField(
        _("destinataires"),
        help_text=_("Adresses e-mail, une par ligne ou séparées par des virgules."),
    )
    actif = models.BooleanField(_("active"), default=True)
    cree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("créée par"),
    )
    dernier_mois = models.DateField(_("dernier envoi (mois)"), null=True, blank=True)

    class Meta:
        verbose_name = _("rapport mensuel planifié")
        verbose_name_plural = _("rapports mensuels planifiés")
        ordering = ["type_rapport", "id"]

    def __str__(self):
        return f"{self.get_type_rapport_display()} · {self.quartier or _('programme')}"

    @property
    def adresses(self) -> list[str]:
        import re

        return [a for a in re.split(r"[\s,;]+", self.destinataires) if a]

    def clean(self):
        from django.core.validators import validate_email

        if self.type_rapport == TypeRapport.FICHE_QUARTIER and not self.quartier_id:
            raise ValidationError({"quartier": _("Choisissez le quartier de la fiche.")})
        if not self.adresses:
            raise ValidationError({"destinataires": _("Indiquez au moins une adresse e-mail.")})
        for adresse in self.adresses:
            try:
                validate_email(adresse)
            except ValidationError:
                raise ValidationError(
                    {"destinataires": _("Adresse e-mail invalide : %(a)s") % {"a": adresse}}
                ) from None
