from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AteliersConfig(AppConfig):
    name = "ateliers"
    verbose_name = _("Ateliers et activités")

    def ready(self):
        # Registers the activities in the neighbourhood page's "latest activity" feed.
        from . import quartier_activity  # noqa: F401
