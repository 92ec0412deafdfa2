from __future__ import annotations

from unittest import mock

import pytest


@pytest.mark.django_db
def test_healthz_reports_database_and_broker(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "broker": "ok"}


@pytest.mark.django_db
def test_healthz_says_eager_without_broker(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    assert client.get("/healthz").json()["broker"] == "eager"


@pytest.mark.django_db
def test_healthz_says_broker_down_when_unreachable(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    assert client.get("/healthz").json()["broker"] == "down"


@pytest.mark.django_db
def test_healthz_answers_503_when_database_is_down(client):
    with mock.patch("literacy.views._database_state", return_value="down"):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "down"
