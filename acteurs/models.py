from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .querysets import ActeurQuerySet


class Nature(models.TextChoices):
    ORGANISATION = "organisation", _("Organisation")
    PERSONNE = "personne", _("Personne")


class TypeActeur(models.TextChoices):
    COPROPRIETE = "copropriete", _("Copropriété")
    CONSEIL_SYNDICAL = "conseil_syndical", _("Conseil syndical")
    SYNDIC = "syndic", _("Syndic")
    BAILLEUR_SOCIAL = "bailleur_social", _("Bailleur social")
    ASSOCIATION = "association", _("Association")
    COMMERCE = "commerce", _("Commerce / entreprise")
    SERVICE_VILLE = "service_ville", _("Service de la Ville")
    ELU = "elu", _("Élu·e")
    EDL = "edl", _("Équipe de développement local (EDL)")
    CENTRE_SOCIAL = "centre_social", _("Centre social")
    ECOLE = "ecole", _("École")
    BUREAU_ETUDES = "bureau_etudes", _("Bureau d'études")
    HABITANT = "habitant", _("Habitant·e")
    AUTRE = "autre", _("Autre")


class RoleProgramme(models.TextChoices):
    SUPERVISEUR = "superviseur", _("Superviseur")
    PARTENAIRE = "partenaire", _("Partenaire")
    BENEFICIAIRE_PARTICULIER = "beneficiaire_particulier", _("Bénéficiaire particulier")
    BENEFICIAIRE_PROFESSIONNEL = "beneficiaire_professionnel", _("Bénéficiaire professionnel")


class Famille(models.TextChoices):
    """Families of the actor map (cartographie des acteurs) used in the experiment."""

    EXPERTISE = "expertise", _("Expertise")
    INSTANCES_LOCALES = "instances_locales", _("Instances locales")
    ACTIONS_TERRAIN = "actions_terrain", _("Actions terrain")
    SOUTIEN_TERRAIN = "soutien_terrain", _("Soutien terrain")
    SUPPORT_PROJETS = "support_projets", _("Support projets")
    SOUTIENS_INSTITUTIONNELS = "soutiens_institutionnels", _("Soutiens institutionnels")
    SOUTIENS_LOGISTIQUES = "soutiens_logistiques", _("Soutiens logistiques")
    GRAND_PUBLIC = "grand_public", _("Grand public")


class StadeDiffusion(models.TextChoices):
    """Everett Rogers' diffusion of innovations curve, used to rank relay people."""

    PIONNIER = "pionnier", _("Pionnier·e")
    PREMIER_ADOPTANT = "premier_adoptant", _("Premier·e adoptant·e")
    MAJORITE_PRECOCE = "majorite_precoce", _("Majorité précoce")
    MAJORITE_TARDIVE = "majorite_tardive", _("Majorité tardive")
    RETARDATAIRE = "retardataire", _("Retardataire")


class Acteur(models.Model):
    organisation = models.ForeignKey(
        "comptes.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="acteurs",
    )
    nature = models.CharField(
        _("nature"), max_length=20, choices=Nature.choices, default=Nature.ORGANISATION
    )
    type_acteur = models.CharField(_("type"), max_length=30, choices=TypeActeur.choices)
    nom = models.CharField(_("nom"), max_length=200)
    prenom = models.CharField(_("prénom"), max_length=120, blank=True)
    structure = models.ForeignKey(
        "self",
        verbose_name=_("structure de rattachement"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="personnes",
        limit_choices_to={"nature": Nature.ORGANISATION},
    )
    fonction = models.CharField(_("fonction"), max_length=200, blank=True)
    role_programme = models.CharField(
        _("rôle dans le programme"), max_length=30, choices=RoleProgramme.choices, blank=True
    )
    famille = models.CharField(
        _("famille (carte des acteurs)"), max_length=30, choices=Famille.choices, blank=True
    )
    quartiers = models.ManyToManyField(
        "quartiers.Quartier", verbose_name=_("quartiers"), related_name="acteurs", blank=True
    )
    email = models.EmailField(_("e-mail"), blank=True)
    telephone = models.CharField(_("téléphone"), max_length=40, blank=True)
    adresse = models.CharField(_("adresse"), max_length=300, blank=True)
    site_web = models.URLField(_("site web"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    est_relais = models.BooleanField(
        _("personne-relais"), default=False, help_text=_("Aide à mobiliser d'autres acteurs.")
    )
    stade_diffusion = models.CharField(
        _("stade de diffusion"), max_length=30, choices=StadeDiffusion.choices, blank=True
    )
    consentement_date = models.DateField(_("date du consentement"), null=True, blank=True)
    consentement_source = models.CharField(
        _("source du consentement"),
        max_length=200,
        blank=True,
        help_text=_("Ex. : fiche signée en atelier, e-mail."),
    )
    consentement_finalite = models.CharField(
        _("finalité consentie"),
        max_length=300,
        blank=True,
        help_text=_("Ex. : être informé·e des ateliers."),
    )
    anonymise_le = models.DateTimeField(_("anonymisé le"), null=True, blank=True)
    cree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    cree_le = models.DateTimeField(_("créé le"), auto_now_add=True)
    modifie_le = models.DateTimeField(_("modifié le"), auto_now=True)

    objects = ActeurQuerySet.as_manager()

    class Meta:
        verbose_name = _("acteur")
        verbose_name_plural = _("acteurs")
        ordering = ["nom", "prenom"]
        indexes = [
            models.Index(fields=["organisation", "nom"]),
            models.Index(fields=["organisation", "email"]),
        ]

    def __str__(self):
        return self.nom_complet

    def get_absolute_url(self):
        return reverse("acteurs:detail", args=[self.pk])

    @property
    def nom_complet(self) -> str:
        if self.nature == Nature.PERSONNE and self.prenom:
            return f"{self.prenom} {self.nom}"
        return self.nom

    @property
    def est_personne(self) -> bool:
        return self.nature == Nature.PERSONNE

    @property
    def est_anonymise(self) -> bool:
        return self.anonymise_le is not None

    @property
    def sans_consentement(self) -> bool:
        """A person whose consent to keep their data was never recorded."""
        return self.est_personne and not self.est_anonymise and self.consentement_date is None


class TypeRelation(models.TextChoices):
    RELAIS_INFOS = "relais_infos", _("Relais d'informations")
    ORGANISATION_VISITE = "organisation_visite", _("Organisation de visite")
    FINANCEMENT = "financement", _("Financement")
    PARTENARIAT = "partenariat", _("Partenariat")
    MEMBRE = "membre", _("Membre de")
    PRESTATION = "prestation", _("Prestation / expertise")
    MOBILISATION = "mobilisation", _("Mobilisation")
    AUTRE = "autre", _("Autre")


class Relation(models.Model):
    """A typed, directed link between two actors (source → cible)."""

    source = models.ForeignKey(
        Acteur, on_delete=models.CASCADE, related_name="relations_sortantes", verbose_name=_("de")
    )
    cible = models.ForeignKey(
        Acteur, on_delete=models.CASCADE, related_name="relations_entrantes", verbose_name=_("vers")
    )
    type_relation = models.CharField(
        _("type de relation"), max_length=30, choices=TypeRelation.choices
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    cree_le = models.DateTimeField(_("créée le"), auto_now_add=True)

    class Meta:
        verbose_name = _("relation")
        verbose_name_plural = _("relations")
        ordering = ["source", "type_relation"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "cible", "type_relation"], name="relation_unique"
            ),
            models.CheckConstraint(
                condition=~models.Q(source=models.F("cible")), name="relation_pas_vers_soi"
            ),
        ]

    def __str__(self):
        return f"{self.source} → {self.cible} ({self.get_type_relation_display()})"


class Canal(models.TextChoices):
    RENCONTRE = "rencontre", _("Rencontre")
    TELEPHONE = "telephone", _("Téléphone")
    EMAIL = "email", _("E-mail")
    COURRIER = "courrier", _("Courrier")
    ATELIER = "atelier", _("Atelier / activité")
    PERMANENCE = "permanence", _("Permanence")
    VISITE = "visite", _("Visite")
    AUTRE = "autre", _("Autre")


class Contact(models.Model):
    """One contact with an actor: the history from which "reached more than once" is counted."""

    acteur = models.ForeignKey(
        Acteur, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("acteur")
    )
    date = models.DateField(_("date"))
    canal = models.CharField(_("canal"), max_length=20, choices=Canal.choices)
    par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True)
    # Set by other apps that create contacts (e.g. "atelier:42"), so re-saving an activity
    # updates its contacts instead of adding them twice.
    source_key = models.CharField(max_length=60, blank=True, editable=False)
    # The field activity whose attendance created this contact (its page is linked from the
    # history); set and removed with the contact by the ateliers app.
    atelier = models.ForeignKey(
        "ateliers.Atelier",
        verbose_name=_("activité"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="contacts",
    )
    cree_le = models.DateTimeField(_("créé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("historique des contacts")
        ordering = ["-date", "-id"]
        # The latest contacts of a whole organisation (home page) walk this index newest first
        # instead of sorting every contact.
        indexes = [models.Index(fields=["-date", "-id"], name="contact_recents_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["acteur", "source_key"],
                condition=~models.Q(source_key=""),
                name="contact_unique_par_source",
            )
        ]

    def __str__(self):
        return f"{self.acteur} · {self.date:%d/%m/%Y} · {self.get_canal_display()}"

    @property
    def gere_ailleurs(self) -> bool:
        """Created by another app ("atelier:42"): changed or removed there, not here. The demo
        loader's keys ("demo:3") only make reloading idempotent."""
        return bool(self.source_key) and not self.source_key.startswith("demo:")


class ImportActeurs(models.Model):
    """One confirmed import of the contact base from a CSV/XLSX file (for the audit trail)."""

    organisation = models.ForeignKey(
        "comptes.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="imports_acteurs",
    )
    par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    fichier = models.CharField(_("fichier"), max_length=255)
    lignes = models.PositiveIntegerField(_("lignes lues"), default=0)
    crees = models.PositiveIntegerField(_("acteurs créés"), default=0)
    ignores = models.PositiveIntegerField(_("doublons ignorés"), default=0)
    cree_le = models.DateTimeField(_("importé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("import d'acteurs")
        verbose_name_plural = _("imports d'acteurs")
        ordering = ["-cree_le"]

    def __str__(self):
        return f"{self.fichier} ({self.cree_le:%d/%m/%Y})"
