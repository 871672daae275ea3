import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ecogestion.settings")

app = Celery("ecogestion")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
