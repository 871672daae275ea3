"""Reads for the neighbourhood pages: list rows, detail data and the latest activity feed.

The latest activity is assembled from *activity sources*: functions registered with
``@activity_source`` that return ``ActivityItem`` objects for one neighbourhood. Other apps
(ateliers…) add theirs by importing this module and decorating a function, e.g. in their
``AppConfig.ready()``::

    from quartiers.selectors import ActivityItem, activity_source

    @activity_source
    def ateliers_recents(quartier, user, limit):
        return [ActivityItem(quand=a.debut, categorie=_("Atelier"), titre=a.titre, url=...)
                for a in Atelier.objects.visible_to(user).filter(quartier=quartier)[:limit]]

Each source must cost a constant number of queries and respect what ``user`` may read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db.models import CharField, Count, Prefetch, Q, QuerySet, prefetch_related_objects
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _

from comptes.models import AuditEntry, User

from .models import Action, AxeTravail, EtapePhase, Ilot, Phase, Quartier


def quartier_list(user) -> QuerySet[Quartier]:
    """The neighbourhoods a user may read, with what the list shows (constant queries)."""
    return (
        Quartier.objects.visible_to(user)
        .annotate(nombre_axes=Count("axes", distinct=True))
        .order_by("nom", "pk")
    )


def prefetch_detail(quartier: Quartier) -> Quartier:
    """Load what the neighbourhood page shows in a fixed number of queries."""
    prefetch_related_objects(
        [quartier],
        Prefetch(
            "axes",
            queryset=AxeTravail.objects.prefetch_related(
                Prefetch("actions", queryset=Action.objects.select_related("responsable"))
            ),
        ),
        Prefetch("etapes", queryset=EtapePhase.objects.order_by("phase")),
        Prefetch("ilots", queryset=Ilot.objects.order_by("nom")),
        Prefetch("membres", queryset=User.objects.order_by("role", "last_name", "first_name")),
    )
    return quartier


@dataclass(frozen=True)
class PhaseRow:
    phase: int
    label: str
    debut: date | None
    fin: date | None
    note: str
    etat: str  # "done", "current" or "future"


def phase_timeline(quartier: Quartier) -> list[PhaseRow]:
    """The five phases of the method, each with its dates (if any) and its state."""
    etapes = {e.phase: e for e in quartier.etapes.all()}
    rows = []
    for value, label in Phase.choices:
        etape = etapes.get(value)
        if value < quartier.phase:
            etat = "done"
        elif value == quartier.phase:
            etat = "current"
        else:
            etat = "future"
        rows.append(
            PhaseRow(
                phase=value,
                label=str(label),
                debut=etape.debut if etape else None,
                fin=etape.fin if etape else None,
                note=etape.note if etape else "",
                etat=etat,
            )
        )
    return rows


def map_data(quartier: Quartier) -> dict:
    """What quartiers-map.js draws: perimeter, îlots and tile settings."""
    return {
        "perimetre": quartier.perimetre,
        "nom": quartier.nom,
        "ilots": [
            {"nom": ilot.nom, "geometrie": ilot.geometrie}
            for ilot in quartier.ilots.all()
            if ilot.geometrie
        ],
        "tiles": {"url": settings.MAP_TILES_URL, "attribution": settings.MAP_TILES_ATTRIBUTION},
    }


# --- Latest activity -------------------------------------------------------------------------


@dataclass(frozen=True)
class ActivityItem:
    quand: date | datetime
    categorie: str
    titre: str
    detail: str = ""
    url: str = ""
    par: str = ""

    @property
    def sort_key(self) -> datetime:
        """A naive local datetime, so that dates and datetimes of any source compare."""
        if isinstance(self.quand, datetime):
            if timezone.is_aware(self.quand):
                return timezone.localtime(self.quand).replace(tzinfo=None)
            return self.quand
        return datetime.combine(self.quand, time.max)

    @property
    def jour(self) -> date:
        return self.sort_key.date()


ActivitySource = Callable[[Quartier, object, int], Iterable[ActivityItem]]
ACTIVITY_SOURCES: list[ActivitySource] = []


def activity_source(func: ActivitySource) -> ActivitySource:
    """Register a function as a source of the neighbourhood's latest activity."""
    if func not in ACTIVITY_SOURCES:
        ACTIVITY_SOURCES.append(func)
    return func


def latest_activity(quartier: Quartier, user, *, limit: int = 8) -> list[ActivityItem]:
    """The most recent items of every registered source, newest first."""
    items: list[ActivityItem] = []
    for source in ACTIVITY_SOURCES:
        items.extend(source(quartier, user, limit))
    items.sort(key=lambda item: item.sort_key, reverse=True)
    return items[:limit]


@activity_source
def contacts_recents(quartier: Quartier, user, limit: int) -> list[ActivityItem]:
    """Contacts logged with the neighbourhood's actors (only for those who read the base)."""
    from acteurs.models import Acteur, Contact

    acteurs = Acteur.objects.visible_to(user).filter(quartiers=quartier)
    contacts = (
        Contact.objects.filter(acteur__in=acteurs)
        .select_related("acteur", "par")
        .order_by("-date", "-id")[:limit]
    )
    return [
        ActivityItem(
            quand=contact.date,
            categorie=_("Contact"),
            titre=str(contact.acteur),
            detail=contact.get_canal_display(),
            url=contact.acteur.get_absolute_url(),
            par=str(contact.par) if contact.par else "",
        )
        for contact in contacts
    ]


MODELS = {
    "quartiers.quartier": Quartier,
    "quartiers.axetravail": AxeTravail,
    "quartiers.action": Action,
    "quartiers.etapephase": EtapePhase,
}


def _field_label(object_type: str, name: str) -> str:
    model = MODELS.get(object_type)
    try:
        return str(model._meta.get_field(name).verbose_name) if model else name
    except FieldDoesNotExist:  # free-form keys ("axe", "étape") are shown as they are
        return name


def _detail(entry: AuditEntry) -> str:
    if entry.action == AuditEntry.Action.UPDATE and entry.changes:
        labels = ", ".join(_field_label(entry.object_type, name) for name in entry.changes)
        return _("Modifié : %(champs)s") % {"champs": labels}
    return ""


def _ids_as_text(queryset: QuerySet) -> QuerySet:
    return queryset.annotate(pk_text=Cast("pk", CharField())).values("pk_text")


@activity_source
def modifications_recentes(quartier: Quartier, user, limit: int) -> list[ActivityItem]:
    """Audit entries about the neighbourhood, its axes, actions and phase steps."""
    about = (
        Q(object_type="quartiers.quartier", object_id=str(quartier.pk))
        | Q(
            object_type="quartiers.axetravail",
            object_id__in=_ids_as_text(AxeTravail.objects.filter(quartier=quartier)),
        )
        | Q(
            object_type="quartiers.action",
            object_id__in=_ids_as_text(Action.objects.filter(axe__quartier=quartier)),
        )
        | Q(
            object_type="quartiers.etapephase",
            object_id__in=_ids_as_text(EtapePhase.objects.filter(quartier=quartier)),
        )
    )
    entries = (
        AuditEntry.objects.filter(about, organisation_id=quartier.organisation_id)
        .select_related("user")
        .order_by("-created_at", "-id")[:limit]
    )
    labels = {
        "quartiers.quartier": _("Quartier"),
        "quartiers.axetravail": _("Axe de travail"),
        "quartiers.action": _("Action"),
        "quartiers.etapephase": _("Étape de la méthode"),
    }
    return [
        ActivityItem(
            quand=entry.created_at,
            categorie=labels.get(entry.object_type, _("Modification")),
            titre=f"{entry.get_action_display().capitalize()} · {entry.object_repr}",
            detail=_detail(entry),
            par=str(entry.user) if entry.user else _("système"),
        )
        for entry in entries
    ]


@dataclass(frozen=True)
class HubLink:
    """One entry of the neighbourhood hub: a page of another app about this neighbourhood."""

    titre: str
    url: str
    detail: str = ""


def hub_links(quartier: Quartier, user) -> list[HubLink]:
    """The pages about ``quartier`` that ``user`` may open, with a count where it helps.

    Every target view reads the neighbourhood through ``visible_to``; only the actor map needs
    the contact base (partners never see it). Costs a constant number of queries.
    """
    from django.urls import reverse

    from ateliers.models import Atelier, GroupeTravail, Proposition, StatutProposition
    from cartographie.models import Carte

    pk = quartier.pk
    activites = Atelier.objects.filter(quartier=quartier).count()
    ouvertes = (
        Proposition.objects.filter(quartier=quartier)
        .exclude(statut__in=[StatutProposition.REALISEE, StatutProposition.ABANDONNEE])
        .count()
    )
    groupes = GroupeTravail.objects.filter(quartier=quartier).count()
    cartes = Carte.objects.filter(quartier=quartier).count()
    links = [
        HubLink(
            _("Journal des activités"),
            reverse("ateliers:journal_quartier", args=[pk]),
            _("%(n)s activité(s)") % {"n": activites},
        ),
        HubLink(
            _("Propositions"),
            reverse("ateliers:propositions", args=[pk]),
            _("%(n)s à suivre") % {"n": ouvertes},
        ),
        HubLink(_("Calendrier"), reverse("ateliers:calendrier") + f"?quartier={pk}"),
        HubLink(
            _("Groupes de travail"),
            reverse("ateliers:groupes_quartier", args=[pk]),
            _("%(n)s groupe(s)") % {"n": groupes},
        ),
        HubLink(
            _("Cartographie sensible"),
            reverse("cartographie:quartier_carte", args=[pk]),
            _("%(n)s carte(s)") % {"n": cartes},
        ),
    ]
    if user.reads_whole_organisation:
        links.append(HubLink(_("Carte des acteurs"), reverse("acteurs:carte", args=[pk])))
    links.append(
        HubLink(_("Tableau de bord"), reverse("indicateurs:quartier", args=[pk]), _("Indicateurs"))
    )
    return links


def hub_enquetes(quartier: Quartier, user, *, limit: int = 10):
    """The surveys of the neighbourhood that ``user`` may read, newest first."""
    from enquetes.models import Enquete

    return list(
        Enquete.objects.visible_to(user)
        .filter(quartiers=quartier)
        .order_by("-cree_le", "-pk")[:limit]
    )
