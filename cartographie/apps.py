from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CartographieConfig(AppConfig):
    name = "cartographie"
    verbose_name = _("Cartographie sensible")
