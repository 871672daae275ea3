from django.db import models
from django.db.models import Q


class EnqueteQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Staff read every survey of their organisation; partners those of the
        neighbourhoods they are given. Other organisations: nothing."""
        if not user.is_authenticated or user.organisation_id is None:
            return self.none()
        qs = self.filter(organisation_id=user.organisation_id)
        if user.reads_whole_organisation:
            return qs
        return qs.filter(pk__in=self.model.objects.filter(quartiers__membres=user).values("pk"))

    def editable_by(self, user):
        """Administrators edit every survey of their organisation; facilitators those of their
        neighbourhoods and those attached to no neighbourhood; direction and partners none."""
        if not user.is_authenticated or user.organisation_id is None:
            return self.none()
        qs = self.filter(organisation_id=user.organisation_id)
        if user.is_administrateur:
            return qs
        if user.is_facilitateur:
            mine = self.model.objects.filter(quartiers__membres=user).values("pk")
            return qs.filter(Q(pk__in=mine) | Q(quartiers__isnull=True)).distinct()
        return self.none()
