"""Project-level pages: the home page and the health check."""

from __future__ import annotations

import functools

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from literacy.areas.models import Ward
from literacy.coverage.views.dashboards import home_dashboard


def home(request: HttpRequest) -> HttpResponse:
    """Provincial staff land on the programme's coverage, ward officials on their ward's, team
    leads on their team; everyone else on the programme's welcome page."""
    dashboard = home_dashboard(request) if request.user.is_authenticated else None
    if dashboard is not None:
        return dashboard
    return render(request, "home.html", {"ward_count": Ward.objects.count()})


def _database_state() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any driver error means the database does not answer
        return "down"
    return "ok"


@functools.cache
def _broker_client(url: str):
    """One client (and its connection pool) per process: a probe every few seconds must not
    open a new connection each time."""
    import redis

    return redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)


def _broker_state() -> str:
    if settings.CELERY_TASK_ALWAYS_EAGER or not settings.CELERY_BROKER_URL:
        return "eager"
    try:
        _broker_client(settings.CELERY_BROKER_URL).ping()
    except Exception:  # unreachable, refused, timed out, bad auth: all "down"
        return "down"
    return "ok"


def healthz(request: HttpRequest) -> JsonResponse:
    """Database and broker state; 503 when the database does not answer."""
    database = _database_state()
    body = {"database": database, "broker": _broker_state()}
    return JsonResponse(body, status=200 if database == "ok" else 503)
