from importlib import import_module

from django.contrib.admin.apps import SimpleAdminConfig


class EcogestionAdminConfig(SimpleAdminConfig):
    """The admin, autodiscovering every app's admin module except django-leaflet's.

    ``leaflet.admin`` imports GeoDjango forms, which need GDAL; this platform stores geometry as
    GeoJSON and does not install GDAL.
    """

    def ready(self):
        super().ready()
        from django.apps import apps

        for config in apps.get_app_configs():
            if config.name == "leaflet":
                continue
            try:
                import_module(f"{config.name}.admin")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.admin":
                    raise
