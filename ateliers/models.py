import secrets
import uuid
from datetime import datetime, timedelta
from pathlib import PurePosixPath

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from quartiers.models import Phase

from .querysets import (
    AtelierQuerySet,
    ParQuartierQuerySet,
    PieceJointeQuerySet,
    PropositionQuerySet,
    SuiviQuerySet,
)


class TypeActivite(models.Model):
    """The editable list of activity types (seeded by a data migration, edited in the admin)."""

    nom = models.CharField(_("nom"), max_length=120, unique=True)
    code = models.SlugField(_("code"), max_length=60, unique=True)
    ordre = models.PositiveSmallIntegerField(_("ordre"), default=0)
    actif = models.BooleanField(
        _("proposé à la saisie"),
        default=True,
        help_text=_("Décochez pour retirer ce type des formulaires sans perdre l'historique."),
    )

    class Meta:
        verbose_name = _("type d'activité")
        verbose_name_plural = _("types d'activité")
        ordering = ["ordre", "nom"]

    def __str__(self):
        return self.nom


class GroupeTravail(models.Model):
    """A named group that meets repeatedly; its meetings are activities (Atelier.groupe)."""

    quartier = models.ForeignKey(
        "quartiers.Quartier",
        verbose_name=_("quartier"),
        on_delete=models.CASCADE,
        related_name="groupes_travail",
    )
    nom = models.CharField(_("nom"), max_length=200)
    description = models.TextField(_("objet du groupe"), blank=True)
    membres = models.ManyToManyField(
        "acteurs.Acteur", verbose_name=_("membres"), related_name="groupes_travail", blank=True
    )
    actif = models.BooleanField(_("actif"), default=True)
    cree_le = models.DateTimeField(_("créé le"), auto_now_add=True)

    objects = ParQuartierQuerySet.as_manager()

    class Meta:
        verbose_name = _("groupe de travail")
        verbose_name_plural = _("groupes de travail")
        ordering = ["quartier", "nom"]
        constraints = [
            models.UniqueConstraint(
                fields=["quartier", "nom"], name="groupe_nom_unique_par_quartier"
            )
        ]

    def __str__(self):
        return self.nom

    def get_absolute_url(self):
        return reverse("ateliers:groupe_detail", args=[self.pk])


class Atelier(models.Model):
    """One field activity: a workshop, a walk, a meeting, a permanence…"""

    quartier = models.ForeignKey(
        "quartiers.Quartier",
        verbose_name=_("quartier"),
        on_delete=models.CASCADE,
        related_name="ateliers",
    )
    type_activite = models.ForeignKey(
        TypeActivite, verbose_name=_("type"), on_delete=models.PROTECT, related_name="ateliers"
    )
    titre = models.CharField(_("titre"), max_length=250)
    date = models.DateField(_("date"), db_index=True)
    heure_debut = models.TimeField(_("heure de début"), null=True, blank=True)
    duree_minutes = models.PositiveIntegerField(
        _("durée (minutes)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(24 * 60)],
    )
    lieu = models.CharField(
        _("lieu"), max_length=200, blank=True, help_text=_("Ex. : école maternelle Glacière")
    )
    adresse = models.CharField(_("adresse"), max_length=300, blank=True)
    latitude = models.FloatField(
        _("latitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.FloatField(
        _("longitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    axe = models.ForeignKey(
        "quartiers.AxeTravail",
        verbose_name=_("axe de travail"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ateliers",
    )
    phase = models.PositiveSmallIntegerField(
        _("phase"), choices=Phase.choices, null=True, blank=True
    )
    groupe = models.ForeignKey(
        GroupeTravail,
        verbose_name=_("groupe de travail"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reunions",
    )
    animateurs = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("animé par"),
        related_name="ateliers_animes",
        blank=True,
    )
    heures_preparation = models.DecimalField(
        _("heures de préparation"),
        max_digits=5,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0)],
    )
    heures_terrain = models.DecimalField(
        _("heures sur place"),
        max_digits=5,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0)],
    )
    participants = models.PositiveIntegerField(
        _("nombre de participants"),
        default=0,
        help_text=_("Toutes les personnes présentes, connues ou non."),
    )
    acteurs_presents = models.ManyToManyField(
        "acteurs.Acteur",
        verbose_name=_("acteurs présents"),
        related_name="ateliers",
        blank=True,
    )
    compte_rendu = models.TextField(_("compte-rendu"), blank=True)
    cree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    cree_le = models.DateTimeField(_("créé le"), auto_now_add=True)
    modifie_le = models.DateTimeField(_("modifié le"), auto_now=True)

    objects = AtelierQuerySet.as_manager()

    class Meta:
        verbose_name = _("activité")
        verbose_name_plural = _("activités")
        ordering = ["-date", "-heure_debut", "-pk"]
        indexes = [
            models.Index(fields=["quartier", "-date"]),
            models.Index(fields=["quartier", "type_activite", "date"]),
        ]

    def __str__(self):
        return f"{self.titre} ({self.date:%d/%m/%Y})"

    def get_absolute_url(self):
        return reverse("ateliers:detail", args=[self.pk])

    @property
    def organisation(self):
        return self.quartier.organisation

    @property
    def heures_total(self):
        return (self.heures_preparation or 0) + (self.heures_terrain or 0)

    @property
    def debut(self) -> datetime | None:
        """Start as an aware datetime in the project's time zone, when the time is known."""
        if self.heure_debut is None:
            return None
        return timezone.make_aware(datetime.combine(self.date, self.heure_debut))

    @property
    def fin(self) -> datetime | None:
        if self.debut is None:
            return None
        return self.debut + timedelta(minutes=self.duree_minutes or 60)


def _piece_path(instance, filename):
    # A random name: the original one is kept in ``nom``; nothing guessable lands on disk.
    suffix = PurePosixPath(filename).suffix.lower()[:8]
    return f"ateliers/pieces/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


class PieceJointe(models.Model):
    atelier = models.ForeignKey(
        Atelier, verbose_name=_("activité"), on_delete=models.CASCADE, related_name="pieces"
    )
    fichier = models.FileField(_("fichier"), upload_to=_piece_path, max_length=200)
    nom = models.CharField(_("nom du fichier"), max_length=200)
    type_mime = models.CharField(_("type"), max_length=60)
    taille = models.PositiveIntegerField(_("taille (octets)"))
    legende = models.CharField(_("légende"), max_length=200, blank=True)
    ajoute_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    ajoute_le = models.DateTimeField(_("ajouté le"), auto_now_add=True)

    objects = PieceJointeQuerySet.as_manager()

    class Meta:
        verbose_name = _("pièce jointe")
        verbose_name_plural = _("pièces jointes")
        ordering = ["atelier", "ajoute_le"]

    def __str__(self):
        return self.nom

    def get_absolute_url(self):
        return reverse("ateliers:piece", args=[self.atelier_id, self.pk])

    @property
    def organisation(self):
        return self.atelier.quartier.organisation

    @property
    def est_image(self) -> bool:
        return self.type_mime.startswith("image/")


class StatutProposition(models.TextChoices):
    NOUVELLE = "nouvelle", _("Nouvelle")
    RETENUE = "retenue", _("Retenue")
    EN_COURS = "en_cours", _("En cours")
    REALISEE = "realisee", _("Réalisée")
    ABANDONNEE = "abandonnee", _("Abandonnée")


class Proposition(models.Model):
    """An idea or request voiced by residents or actors, followed until something is done."""

    quartier = models.ForeignKey(
        "quartiers.Quartier",
        verbose_name=_("quartier"),
        on_delete=models.CASCADE,
        related_name="propositions",
    )
    atelier = models.ForeignKey(
        Atelier,
        verbose_name=_("activité d'origine"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="propositions",
    )
    note_carte = models.ForeignKey(
        "cartographie.Annotation",
        verbose_name=_("note de carte d'origine"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="propositions",
    )
    texte = models.TextField(_("proposition"))
    theme = models.CharField(_("thème"), max_length=120, blank=True)
    porteur = models.CharField(
        _("portée par"),
        max_length=200,
        blank=True,
        help_text=_("Qui l'a formulée (ex. : habitants de la copropriété du Pressoir)."),
    )
    porteur_acteur = models.ForeignKey(
        "acteurs.Acteur",
        verbose_name=_("acteur porteur"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="propositions",
    )
    statut = models.CharField(
        _("statut"),
        max_length=20,
        choices=StatutProposition.choices,
        default=StatutProposition.NOUVELLE,
    )
    motif = models.TextField(
        _("motif / réponse"),
        blank=True,
        help_text=_("Ce qui a été décidé et pourquoi : c'est ce que les habitants liront."),
    )
    cree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    cree_le = models.DateTimeField(_("créée le"), auto_now_add=True)
    modifie_le = models.DateTimeField(_("modifiée le"), auto_now=True)

    objects = PropositionQuerySet.as_manager()

    class Meta:
        verbose_name = _("proposition")
        verbose_name_plural = _("propositions")
        ordering = ["-cree_le", "-pk"]
        indexes = [models.Index(fields=["quartier", "statut"])]

    def __str__(self):
        return self.texte[:80]

    def get_absolute_url(self):
        return reverse("ateliers:proposition_detail", args=[self.pk])

    @property
    def organisation(self):
        return self.quartier.organisation


class ChangementStatut(models.Model):
    """The status history of a proposition: one row per change, never edited."""

    proposition = models.ForeignKey(
        Proposition,
        verbose_name=_("proposition"),
        on_delete=models.CASCADE,
        related_name="historique",
    )
    ancien = models.CharField(
        _("ancien statut"), max_length=20, choices=StatutProposition.choices, blank=True
    )
    nouveau = models.CharField(
        _("nouveau statut"), max_length=20, choices=StatutProposition.choices
    )
    motif = models.TextField(_("motif"), blank=True)
    par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    le = models.DateTimeField(_("le"), default=timezone.now)

    class Meta:
        verbose_name = _("changement de statut")
        verbose_name_plural = _("historique des statuts")
        ordering = ["proposition", "le", "pk"]

    def __str__(self):
        return f"{self.get_ancien_display() or '—'} → {self.get_nouveau_display()}"


class Suivi(models.Model):
    """A follow-up task spawned by a proposition."""

    proposition = models.ForeignKey(
        Proposition, verbose_name=_("proposition"), on_delete=models.CASCADE, related_name="suivis"
    )
    titre = models.CharField(_("tâche"), max_length=250)
    responsable = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsable"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="suivis",
    )
    echeance = models.DateField(_("échéance"), null=True, blank=True)
    fait_le = models.DateField(_("fait le"), null=True, blank=True)
    cree_le = models.DateTimeField(_("créée le"), auto_now_add=True)

    objects = SuiviQuerySet.as_manager()

    class Meta:
        verbose_name = _("tâche de suivi")
        verbose_name_plural = _("tâches de suivi")
        ordering = ["fait_le", "echeance", "pk"]
        indexes = [models.Index(fields=["responsable", "fait_le", "echeance"])]

    def __str__(self):
        return self.titre

    @property
    def organisation(self):
        return self.proposition.quartier.organisation

    @property
    def fait(self) -> bool:
        return self.fait_le is not None

    @property
    def en_retard(self) -> bool:
        return not self.fait and self.echeance is not None and self.echeance < timezone.localdate()


class PorteeCalendrier(models.TextChoices):
    QUARTIER = "quartier", _("Activités d'un quartier")
    ANIMATEUR = "animateur", _("Mes activités")


def _nouveau_jeton() -> str:
    return secrets.token_urlsafe(32)


class JetonCalendrier(models.Model):
    """A private iCalendar feed address. Regenerating revokes the old address."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("propriétaire"),
        on_delete=models.CASCADE,
        related_name="jetons_calendrier",
    )
    portee = models.CharField(_("contenu"), max_length=20, choices=PorteeCalendrier.choices)
    quartier = models.ForeignKey(
        "quartiers.Quartier",
        verbose_name=_("quartier"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    jeton = models.CharField(max_length=64, unique=True, default=_nouveau_jeton, editable=False)
    cree_le = models.DateTimeField(_("créé le"), auto_now_add=True)
    revoque_le = models.DateTimeField(_("révoqué le"), null=True, blank=True)
    dernier_acces = models.DateTimeField(_("dernier accès"), null=True, blank=True)

    class Meta:
        verbose_name = _("abonnement calendrier")
        verbose_name_plural = _("abonnements calendrier")
        ordering = ["-cree_le"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(portee="quartier") & models.Q(quartier__isnull=False))
                | (models.Q(portee="animateur") & models.Q(quartier__isnull=True)),
                name="jeton_quartier_selon_portee",
            )
        ]

    def __str__(self):
        if self.quartier_id:
            return f"{self.user} · {self.quartier}"
        return f"{self.user} · {self.get_portee_display()}"

    def get_absolute_url(self):
        return reverse("ateliers:ical", args=[self.jeton])

    @property
    def organisation(self):
        return self.user.organisation

    @property
    def actif(self) -> bool:
        return self.revoque_le is None
