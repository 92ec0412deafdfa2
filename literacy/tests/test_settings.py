from __future__ import annotations

import datetime
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

BASE_DIR = Path(__file__).resolve().parents[2]


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    environ = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    environ.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_check_deploy_without_warnings():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY="a-long-random-production-secret-key-" + "x7Gq9Zp2" * 4,
        ALLOWED_HOSTS="portal.example.vn",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    result = _manage("check", DEBUG="0", SECRET_KEY="")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_without_database_url_the_portal_uses_the_embedded_postgresql_and_eager_celery():
    code = (
        "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE','literacy.settings');"
        "django.setup(); from django.conf import settings as s; d = s.DATABASES['default'];"
        "print(d['ENGINE'], d['NAME'], d['OPTIONS']['host'], s.CELERY_TASK_ALWAYS_EAGER)"
    )
    environ = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL"}
    }
    environ["DEBUG"] = "1"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=BASE_DIR, env=environ, capture_output=True, text=True
    )
    assert result.stdout.split() == [
        "django.db.backends.postgresql",
        "literacy",
        str(BASE_DIR / ".pgdata"),
        "True",
    ], result.stderr


@pytest.mark.django_db
def test_home_page_is_vietnamese_by_default_even_for_an_english_browser(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.status_code == 200
    assert 'lang="vi"' in response.content.decode()
    assert "Bình dân học vụ số" in response.content.decode()


@pytest.mark.django_db
def test_language_switch_changes_to_english(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"}, follow=True)
    body = response.content.decode()
    assert 'lang="en"' in body
    assert "Digital Literacy for All" in body


def _production_value(expression: str) -> str:
    code = (
        "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE','literacy.settings');"
        f"django.setup(); from django.conf import settings as s; print({expression})"
    )
    environ = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DATABASE_URL"}}
    environ.update(DEBUG="0", SECRET_KEY="x" * 60, ALLOWED_HOSTS="portal.example.vn")
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=BASE_DIR, env=environ, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_production_sends_the_security_headers():
    values = _production_value(
        "s.SECURE_HSTS_SECONDS, s.SECURE_CONTENT_TYPE_NOSNIFF, s.X_FRAME_OPTIONS,"
        " s.SECURE_REFERRER_POLICY, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE"
    )
    assert values == "31536000 True DENY same-origin True True"


@pytest.mark.django_db
def test_security_headers_on_an_answer(client):
    response = client.get("/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_no_url_carries_a_citizen_id_or_phone_number():
    """CCCD and phone numbers are personal data: never in a path (logs, history, Referer)."""
    from django.urls import URLPattern, URLResolver, get_resolver

    def walk(resolver, prefix=""):
        for pattern in resolver.url_patterns:
            text = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                yield from walk(pattern, text)
            elif isinstance(pattern, URLPattern):
                yield text

    forbidden = ("cccd", "citizen", "phone", "id_number", "national_id")
    offending = [p for p in walk(get_resolver()) if any(word in p.lower() for word in forbidden)]
    assert not offending


def test_every_periodic_task_is_a_registered_task():
    from literacy.celery import app

    app.loader.import_default_modules()  # what a worker does at start: autodiscovery
    schedule = settings.CELERY_BEAT_SCHEDULE
    assert "residents-training-refresh-nightly" in schedule
    for entry in schedule.values():
        assert entry["task"] in app.tasks, entry["task"]


def _setting(cursor, name: str) -> str:
    cursor.execute(f"SHOW {name}")
    return cursor.fetchone()[0]


@pytest.mark.django_db
def test_the_portals_connections_plan_without_jit_or_parallel_workers():
    from django.db import connection

    with connection.cursor() as cursor:
        assert (_setting(cursor, "jit"), _setting(cursor, "max_parallel_workers_per_gather")) == (
            "off",
            "0",
        )


@pytest.mark.django_db(transaction=True)
def test_a_full_roll_up_and_the_training_refresh_ask_for_parallel_workers():
    """Both run whole-province aggregates; the setting is local to their transaction."""
    from django.db import connection

    from lessons.models import Track
    from lessons.services import training
    from lessons.tests.factories import LessonFactory
    from literacy.coverage.rollup import runs

    LessonFactory(track=Track.CORE)

    seen = []

    def spy(execute, sql, params, many, context):
        if "max_parallel_workers_per_gather" in sql:
            seen.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(spy):
        runs.coverage_rollup_full(now=datetime.datetime(2026, 6, 15, 2, 0, tzinfo=datetime.UTC))
        training.residents_training_refresh()
    workers = settings.PARALLEL_WORKERS
    assert seen == [f"SET LOCAL max_parallel_workers_per_gather = {workers}"] * 2
    with connection.cursor() as cursor:
        assert _setting(cursor, "max_parallel_workers_per_gather") == "0"
