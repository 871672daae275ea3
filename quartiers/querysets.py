from django.db import models


class QuartierQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Neighbourhoods a user may read: the whole organisation, or only assigned ones
        for partners. Anonymous users and users without an organisation see nothing."""
        if not user.is_authenticated or user.organisation_id is None:
            return self.none()
        qs = self.filter(organisation_id=user.organisation_id)
        if user.reads_whole_organisation:
            return qs
        return qs.filter(membres=user)

    def editable_by(self, user):
        """Neighbourhoods a user may change: administrators all of their organisation,
        facilitators those assigned to them; direction and partners none."""
        if not user.is_authenticated or user.organisation_id is None:
            return self.none()
        qs = self.filter(organisation_id=user.organisation_id)
        if user.is_administrateur:
            return qs
        if user.is_facilitateur:
            return qs.filter(membres=user)
        return self.none()
