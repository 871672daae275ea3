from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class IndicateursConfig(AppConfig):
    name = "indicateurs"
    verbose_name = _("Indicateurs")

    def ready(self):
        # Each app's indicator_sources.py registers the numbers it can compute.
        autodiscover_modules("indicator_sources")
        from . import recalcul

        recalcul.connecter()
