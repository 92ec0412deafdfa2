"""The Celery application. Broker from settings; eager in-process when no broker is configured."""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "literacy.settings")

app = Celery("literacy")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
