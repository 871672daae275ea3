"""Sensitive maps: sessions (cartes) of a neighbourhood, the notes residents and facilitators put
on them, and the editable list of note categories. Geometries are GeoJSON (WGS84) in JSON fields,
checked by ``ecogestion.geometry``."""

import secrets

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .querysets import AnnotationQuerySet, CarteQuerySet, ImportQuerySet

COMMENTAIRE_MAX = 1000
AUTEUR_MAX = 80


def new_token() -> str:
    return secrets.token_urlsafe(18)


class Categorie(models.Model):
    """A kind of note (îlot de chaleur, lieu frais…), with its colour and icon on the map."""

    nom = models.CharField(_("nom"), max_length=80, unique=True)
    slug = models.SlugField(_("code"), max_length=40, unique=True)
    couleur = models.CharField(
        _("couleur"),
        max_length=7,
        validators=[RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Couleur au format #RRVVBB."))],
        help_text=_("Code hexadécimal, par exemple #d62728."),
    )
    icone = models.CharField(
        _("icône"), max_length=4, help_text=_("Un symbole court affiché dans la légende.")
    )
    description = models.CharField(_("description"), max_length=250, blank=True)
    ordre = models.PositiveSmallIntegerField(_("ordre"), default=0)
    active = models.BooleanField(
        _("active"), default=True, help_text=_("Proposée aux habitants et dans les formulaires.")
    )

    class Meta:
        verbose_name = _("catégorie de note")
        verbose_name_plural = _("catégories de notes")
        ordering = ["ordre", "nom"]

    def __str__(self):
        return self.nom


class Echelle(models.TextChoices):
    LOGEMENT = "logement", _("Logement")
    ILOT = "ilot", _("Îlot")
    QUARTIER = "quartier", _("Quartier")


class Saison(models.TextChoices):
    PRINTEMPS = "printemps", _("Printemps")
    ETE = "ete", _("Été")
    AUTOMNE = "automne", _("Automne")
    HIVER = "hiver", _("Hiver")
    TOUTES = "toutes", _("Toute l'année")


class Carte(models.Model):
    """A map session: residents and facilitators put notes on it (usually during a workshop)."""

    quartier = models.ForeignKey(
        "quartiers.Quartier",
        verbose_name=_("quartier"),
        on_delete=models.CASCADE,
        related_name="cartes",
    )
    atelier = models.ForeignKey(
        "ateliers.Atelier",
        verbose_name=_("activité"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cartes",
        help_text=_("L’atelier ou la marche où la carte a été faite (facultatif)."),
    )
    titre = models.CharField(_("titre"), max_length=200)
    echelle = models.CharField(
        _("échelle"), max_length=20, choices=Echelle.choices, default=Echelle.QUARTIER
    )
    saison = models.CharField(
        _("saison"), max_length=20, choices=Saison.choices, default=Saison.TOUTES
    )
    consigne = models.TextField(
        _("consigne"),
        blank=True,
        help_text=_("Affichée aux habitants en haut de la carte publique."),
    )
    ouverte = models.BooleanField(
        _("ouverte aux contributions"),
        default=True,
        help_text=_("Seule une carte ouverte accepte de nouvelles notes par son lien public."),
    )
    moderation = models.BooleanField(
        _("modération avant publication"),
        default=False,
        help_text=_("Les notes des habitants attendent qu'un·e facilitateur·rice les publie."),
    )
    jeton = models.CharField(
        _("jeton du lien public"), max_length=40, unique=True, default=new_token, editable=False
    )
    cree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("créée par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    cree_le = models.DateTimeField(_("créée le"), auto_now_add=True)
    modifie_le = models.DateTimeField(_("modifiée le"), auto_now=True)

    objects = CarteQuerySet.as_manager()

    class Meta:
        verbose_name = _("carte sensible")
        verbose_name_plural = _("cartes sensibles")
        ordering = ["-cree_le"]

    def __str__(self):
        return self.titre

    def get_absolute_url(self):
        return reverse("cartographie:carte_detail", args=[self.pk])

    @property
    def organisation(self):
        return self.quartier.organisation

    def get_public_url(self):
        return reverse("cartographie:public_carte", args=[self.jeton])


class Ressenti(models.TextChoices):
    POSITIF = "positif", _("Positif")
    NEGATIF = "negatif", _("Négatif")
    NEUTRE = "neutre", _("Neutre")


class Statut(models.TextChoices):
    EN_ATTENTE = "en_attente", _("En attente de modération")
    PUBLIEE = "publiee", _("Publiée")
    REJETEE = "rejetee", _("Rejetée")


class Origine(models.TextChoices):
    HABITANT = "habitant", _("Habitant·e (lien public)")
    FACILITATEUR = "facilitateur", _("Saisie par l'équipe")
    IMPORT = "import", _("Import de fichier")


class Annotation(models.Model):
    """One note on a map: a point, line or polygon with a category, a feeling and a comment."""

    carte = models.ForeignKey(
        Carte, verbose_name=_("carte"), on_delete=models.CASCADE, related_name="annotations"
    )
    categorie = models.ForeignKey(
        Categorie, verbose_name=_("catégorie"), on_delete=models.PROTECT, related_name="+"
    )
    ressenti = models.CharField(
        _("ressenti"), max_length=10, choices=Ressenti.choices, default=Ressenti.NEUTRE
    )
    commentaire = models.TextField(_("commentaire"), max_length=COMMENTAIRE_MAX, blank=True)
    auteur = models.CharField(
        _("auteur"),
        max_length=AUTEUR_MAX,
        blank=True,
        help_text=_("Un prénom, un groupe ou rien du tout (facultatif)."),
    )
    geometrie = models.JSONField(_("géométrie"), help_text=_("GeoJSON (WGS84)"))
    # A point on the geometry, for CSV exports, density counts and sorting without parsing JSON.
    lon = models.FloatField(_("longitude"))
    lat = models.FloatField(_("latitude"))
    ilot = models.ForeignKey(
        "quartiers.Ilot",
        verbose_name=_("îlot"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    statut = models.CharField(
        _("statut"), max_length=12, choices=Statut.choices, default=Statut.PUBLIEE
    )
    motif_rejet = models.CharField(_("motif du rejet"), max_length=300, blank=True)
    origine = models.CharField(
        _("origine"), max_length=15, choices=Origine.choices, default=Origine.HABITANT
    )
    saisie_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("saisie par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    moderee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("modérée par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    moderee_le = models.DateTimeField(_("modérée le"), null=True, blank=True)
    cree_le = models.DateTimeField(_("ajoutée le"), auto_now_add=True, db_index=True)
    modifie_le = models.DateTimeField(_("modifiée le"), auto_now=True)

    objects = AnnotationQuerySet.as_manager()

    class Meta:
        verbose_name = _("note de carte")
        verbose_name_plural = _("notes de carte")
        ordering = ["-cree_le", "-pk"]
        indexes = [models.Index(fields=["carte", "statut"], name="annotation_carte_statut")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(statut="rejetee") | ~models.Q(motif_rejet=""),
                name="annotation_rejet_motive",
            )
        ]

    def __str__(self):
        text = self.commentaire[:60] or str(self.categorie)
        return f"{text} ({self.carte})"

    @property
    def organisation(self):
        return self.carte.quartier.organisation


class ImportAnnotations(models.Model):
    """A GeoJSON file waiting for its property mapping and the user's confirmation."""

    carte = models.ForeignKey(
        Carte, verbose_name=_("carte"), on_delete=models.CASCADE, related_name="imports"
    )
    nom_fichier = models.CharField(_("fichier"), max_length=255)
    donnees = models.JSONField(_("contenu GeoJSON"))
    par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("par"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    cree_le = models.DateTimeField(_("déposé le"), auto_now_add=True)
    importe_le = models.DateTimeField(_("importé le"), null=True, blank=True)
    nombre_importees = models.PositiveIntegerField(_("notes importées"), default=0)
    nombre_rejetees = models.PositiveIntegerField(_("entités rejetées"), default=0)
    correspondance = models.JSONField(_("correspondance des propriétés"), default=dict, blank=True)
    # [{"index": n, "raison": "…", "code": "…"}]: the rejects as decided at import time.
    rejets = models.JSONField(_("entités rejetées à l'import"), default=list, blank=True)

    objects = ImportQuerySet.as_manager()

    class Meta:
        verbose_name = _("import de notes")
        verbose_name_plural = _("imports de notes")
        ordering = ["-cree_le"]

    def __str__(self):
        return self.nom_fichier

    @property
    def organisation(self):
        return self.carte.quartier.organisation
