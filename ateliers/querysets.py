from django.db import models

from quartiers.models import Quartier


class ParQuartierQuerySet(models.QuerySet):
    """Records that belong to a neighbourhood (through ``quartier_path``) follow its rules:
    read by whoever reads the neighbourhood, changed by whoever edits it."""

    quartier_path = "quartier"

    def visible_to(self, user):
        return self.filter(
            **{f"{self.quartier_path}__in": Quartier.objects.visible_to(user).values("pk")}
        )

    def editable_by(self, user):
        return self.filter(
            **{f"{self.quartier_path}__in": Quartier.objects.editable_by(user).values("pk")}
        )


class AtelierQuerySet(ParQuartierQuerySet):
    def for_log(self):
        """What a log row shows, in a fixed number of queries whatever the number of rows."""
        return (
            self.select_related("type_activite", "quartier", "axe", "groupe")
            .prefetch_related("animateurs")
            .annotate(
                nombre_presents=models.Count("acteurs_presents", distinct=True),
                nombre_propositions=models.Count("propositions", distinct=True),
            )
            .order_by("-date", "-heure_debut", "-pk")
        )


class PropositionQuerySet(ParQuartierQuerySet):
    pass


class SuiviQuerySet(ParQuartierQuerySet):
    quartier_path = "proposition__quartier"


class PieceJointeQuerySet(ParQuartierQuerySet):
    quartier_path = "atelier__quartier"
