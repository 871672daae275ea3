from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _


class Organisation(models.Model):
    """A structure porteuse (climate agency, ALEC…): owns neighbourhoods, users and their data."""

    nom = models.CharField(_("nom"), max_length=200, unique=True)
    sigle = models.CharField(_("sigle"), max_length=30, blank=True)
    logo = models.ImageField(_("logo"), upload_to="logos/", blank=True)
    cree_le = models.DateTimeField(_("créée le"), auto_now_add=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["nom"]

    def __str__(self):
        return self.nom


class Role(models.TextChoices):
    ADMINISTRATEUR = "administrateur", _("Administrateur·rice")
    DIRECTION = "direction", _("Direction")
    FACILITATEUR = "facilitateur", _("Facilitateur·rice")
    PARTENAIRE = "partenaire", _("Partenaire")


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        extra_fields.setdefault("role", Role.ADMINISTRATEUR)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A platform account: logs in by e-mail, belongs to one organisation with one role."""

    username = None
    email = models.EmailField(_("adresse e-mail"), unique=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="membres",
        null=True,
        blank=True,
    )
    role = models.CharField(
        _("rôle"), max_length=20, choices=Role.choices, default=Role.FACILITATEUR
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []
    objects = UserManager()

    class Meta:
        verbose_name = _("utilisateur·rice")
        verbose_name_plural = _("utilisateur·rices")
        ordering = ["last_name", "first_name", "email"]

    def __str__(self):
        return self.get_full_name() or self.email

    @property
    def is_administrateur(self) -> bool:
        return self.role == Role.ADMINISTRATEUR

    @property
    def is_direction(self) -> bool:
        return self.role == Role.DIRECTION

    @property
    def is_facilitateur(self) -> bool:
        return self.role == Role.FACILITATEUR

    @property
    def is_partenaire(self) -> bool:
        return self.role == Role.PARTENAIRE

    @property
    def reads_whole_organisation(self) -> bool:
        """Everyone but partners reads every neighbourhood of their organisation."""
        return self.organisation_id is not None and self.role != Role.PARTENAIRE

    @property
    def needs_mfa(self) -> bool:
        return self.role in (Role.DIRECTION, Role.ADMINISTRATEUR)


class AuditEntry(models.Model):
    """Who changed what, when: one row per create/update/delete done through a service."""

    class Action(models.TextChoices):
        CREATE = "create", _("création")
        UPDATE = "update", _("modification")
        DELETE = "delete", _("suppression")
        EXPORT = "export", _("export de données personnelles")
        ANONYMISE = "anonymise", _("anonymisation")
        IMPORT = "import", _("import")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+", null=True, blank=True
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    object_type = models.CharField(_("type d'objet"), max_length=100)
    object_id = models.CharField(_("identifiant"), max_length=64, blank=True)
    object_repr = models.CharField(_("objet"), max_length=300, blank=True)
    changes = models.JSONField(_("changements"), default=dict, blank=True)
    created_at = models.DateTimeField(_("date"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("entrée du journal")
        verbose_name_plural = _("journal des modifications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["organisation", "-created_at"])]

    def __str__(self):
        return f"{self.get_action_display()} {self.object_type} {self.object_repr}"

    @property
    def change_lines(self) -> list[dict]:
        """The changes as the journal shows them: a two-item list is ``[before, after]``,
        anything else is a fact about the action (an export's format, a number of rows)."""
        lines = []
        for name, value in self.changes.items():
            if name == "via":  # written by AuditedModelAdmin; said after the changes below
                continue
            champ = self._field_label(name)
            if isinstance(value, list) and len(value) == 2:
                lines.append({"champ": champ, "avant": _shown(value[0]), "apres": _shown(value[1])})
            else:
                lines.append({"champ": champ, "valeur": _shown(value)})
        if "via" in self.changes:
            lines.append({"champ": _("Saisi dans"), "valeur": _("l'administration Django")})
        return lines

    def _field_label(self, name: str) -> str:
        """A field's verbose name ("Événements clés"), or the key itself for other facts."""
        from django.apps import apps
        from django.core.exceptions import FieldDoesNotExist

        try:
            field = apps.get_model(self.object_type)._meta.get_field(name)
        except (LookupError, ValueError, FieldDoesNotExist):
            return name
        return str(getattr(field, "verbose_name", name)).capitalize()


def _shown(value) -> str | None:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return None if value is None else str(value)
