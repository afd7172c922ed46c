"""Celery application: tasks are autodiscovered in every installed app's ``tasks`` module."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "espace_site.settings.dev")

app = Celery("espace_acheteur")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
