from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnquetesConfig(AppConfig):
    name = "enquetes"
    verbose_name = _("Enquêtes")
