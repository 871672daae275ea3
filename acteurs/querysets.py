from django.db import models
from django.db.models import Count, Q


class ActeurQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The contact base is read by the organisation's staff; partners do not see it."""
        if not user.is_authenticated or not user.reads_whole_organisation:
            return self.none()
        return self.filter(organisation_id=user.organisation_id)

    def editable_by(self, user):
        """Administrators edit the whole base; facilitators the actors of their
        neighbourhoods and those attached to none yet."""
        if not user.is_authenticated or user.organisation_id is None:
            return self.none()
        qs = self.filter(organisation_id=user.organisation_id)
        if user.is_administrateur:
            return qs
        if user.is_facilitateur:
            assigned = user.quartiers_affectes.values("pk")
            return qs.filter(Q(quartiers__in=assigned) | Q(quartiers__isnull=True)).distinct()
        return self.none()

    def with_contact_counts(self):
        return self.annotate(nombre_contacts=Count("contacts", distinct=True))

    def personnes(self):
        return self.filter(nature="personne")

    def sans_consentement(self):
        return self.filter(
            nature="personne", consentement_date__isnull=True, anonymise_le__isnull=True
        )
