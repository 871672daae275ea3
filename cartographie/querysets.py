from django.db import models


class _ByQuartierQuerySet(models.QuerySet):
    """Scoped reads through the neighbourhood: ``quartier_path`` leads from the row to it."""

    quartier_path = "quartier"

    def visible_to(self, user):
        from quartiers.models import Quartier

        return self.filter(
            **{f"{self.quartier_path}__in": Quartier.objects.visible_to(user).values("pk")}
        )

    def editable_by(self, user):
        from quartiers.models import Quartier

        return self.filter(
            **{f"{self.quartier_path}__in": Quartier.objects.editable_by(user).values("pk")}
        )


class CarteQuerySet(_ByQuartierQuerySet):
    quartier_path = "quartier"


class AnnotationQuerySet(_ByQuartierQuerySet):
    quartier_path = "carte__quartier"

    def publiees(self):
        return self.filter(statut="publiee")


class ImportQuerySet(_ByQuartierQuerySet):
    quartier_path = "carte__quartier"
