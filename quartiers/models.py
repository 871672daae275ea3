from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .querysets import QuartierQuerySet


class Phase(models.IntegerChoices):
    """The five phases of the éco-gestionnaire method."""

    PREPARATION = 0, _("0 · Préparation")
    MOBILISATION = 1, _("1 · Mobilisation des acteurs")
    DIAGNOSTIC = 2, _("2 · Diagnostic partagé et recommandations")
    ACCOMPAGNEMENT = 3, _("3 · Accompagnement à la mise en œuvre")
    EVALUATION = 4, _("4 · Évaluation et valorisation")


class Typologie(models.TextChoices):
    ILOT_PRIVE = "ilot_prive", _("Îlot privé (union de copropriétés)")
    MIXTE = "mixte", _("Mixte (grandes copropriétés et tissu faubourien)")
    RECENT_TERTIAIRE = "recent_tertiaire", _("Récent, majoritairement tertiaire")
    LOGEMENT_SOCIAL = "logement_social", _("Grand ensemble de logement social")
    PAVILLONNAIRE = "pavillonnaire", _("Pavillonnaire")
    AUTRE = "autre", _("Autre")


class Quartier(models.Model):
    organisation = models.ForeignKey(
        "comptes.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="quartiers",
    )
    nom = models.CharField(_("nom"), max_length=200)
    commune = models.CharField(_("commune / arrondissement"), max_length=120, blank=True)
    code_insee = models.CharField(_("code INSEE"), max_length=10, blank=True)
    typologie = models.CharField(
        _("typologie urbaine"), max_length=30, choices=Typologie.choices, blank=True
    )
    description = models.TextField(_("description"), blank=True)
    habitants = models.PositiveIntegerField(_("habitants"), null=True, blank=True)
    logements = models.PositiveIntegerField(_("logements"), null=True, blank=True)
    nombre_ilots = models.PositiveIntegerField(_("nombre d'îlots"), null=True, blank=True)
    qpv = models.BooleanField(
        _("QPV"), default=False, help_text=_("Quartier prioritaire de la politique de la ville")
    )
    qva = models.BooleanField(_("QVA"), default=False, help_text=_("Quartier de veille active"))
    perimetre = models.JSONField(
        _("périmètre"), null=True, blank=True, help_text=_("Polygone GeoJSON (WGS84)")
    )
    phase = models.PositiveSmallIntegerField(
        _("phase actuelle"), choices=Phase.choices, default=Phase.PREPARATION
    )
    membres = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("équipe affectée"),
        related_name="quartiers_affectes",
        blank=True,
        help_text=_("Facilitateur·rices qui l'animent et partenaires qui le consultent."),
    )
    cree_le = models.DateTimeField(_("créé le"), auto_now_add=True)
    modifie_le = models.DateTimeField(_("modifié le"), auto_now=True)

    objects = QuartierQuerySet.as_manager()

    class Meta:
        verbose_name = _("quartier")
        verbose_name_plural = _("quartiers")
        ordering = ["nom"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "nom"], name="quartier_nom_unique_par_organisation"
            )
        ]

    def __str__(self):
        return self.nom

    def get_absolute_url(self):
        return reverse("quartiers:detail", args=[self.pk])


class Ilot(models.Model):
    quartier = models.ForeignKey(
        Quartier, on_delete=models.CASCADE, related_name="ilots", verbose_name=_("quartier")
    )
    nom = models.CharField(_("nom"), max_length=200)
    geometrie = models.JSONField(_("géométrie"), null=True, blank=True)

    class Meta:
        verbose_name = _("îlot")
        verbose_name_plural = _("îlots")
        ordering = ["quartier", "nom"]
        constraints = [
            models.UniqueConstraint(fields=["quartier", "nom"], name="ilot_nom_unique_par_quartier")
        ]

    def __str__(self):
        return self.nom


class AxeTravail(models.Model):
    quartier = models.ForeignKey(
        Quartier, on_delete=models.CASCADE, related_name="axes", verbose_name=_("quartier")
    )
    titre = models.CharField(_("titre"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    ordre = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("axe de travail")
        verbose_name_plural = _("axes de travail")
        ordering = ["quartier", "ordre", "titre"]
        constraints = [
            models.UniqueConstraint(
                fields=["quartier", "titre"], name="axe_titre_unique_par_quartier"
            )
        ]

    def __str__(self):
        return self.titre


class Action(models.Model):
    class Statut(models.TextChoices):
        PREVUE = "prevue", _("Prévue")
        EN_COURS = "en_cours", _("En cours")
        REALISEE = "realisee", _("Réalisée")
        ABANDONNEE = "abandonnee", _("Abandonnée")

    axe = models.ForeignKey(
        AxeTravail, on_delete=models.CASCADE, related_name="actions", verbose_name=_("axe")
    )
    titre = models.CharField(_("titre"), max_length=250)
    statut = models.CharField(
        _("statut"), max_length=20, choices=Statut.choices, default=Statut.PREVUE
    )
    porteur = models.CharField(
        _("porteur"),
        max_length=200,
        blank=True,
        help_text=_("Qui la porte (personne ou structure)"),
    )
    responsable = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsable"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions_quartier",
    )
    echeance = models.DateField(_("échéance"), null=True, blank=True)

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["axe", "echeance", "titre"]

    def __str__(self):
        return self.titre


class EtapePhase(models.Model):
    """When a neighbourhood entered (and left) each phase of the method: its timeline."""

    quartier = models.ForeignKey(
        Quartier, on_delete=models.CASCADE, related_name="etapes", verbose_name=_("quartier")
    )
    phase = models.PositiveSmallIntegerField(_("phase"), choices=Phase.choices)
    debut = models.DateField(_("début"))
    fin = models.DateField(_("fin"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("étape de la méthode")
        verbose_name_plural = _("étapes de la méthode")
        ordering = ["quartier", "phase"]
        constraints = [
            models.UniqueConstraint(
                fields=["quartier", "phase"], name="etape_phase_unique_par_quartier"
            ),
            models.CheckConstraint(
                condition=models.Q(fin__isnull=True) | models.Q(fin__gte=models.F("debut")),
                name="etape_fin_apres_debut",
            ),
        ]

    def __str__(self):
        return f"{self.quartier} · {self.get_phase_display()}"
