"""Fixtures for the audit tests: the database roles set up on the test database by the real
``db_roles`` command, a connection logged in as the app role, and ``SET ROLE`` to the app role
inside a test's transaction."""

from __future__ import annotations

import io
import re
from types import SimpleNamespace

import psycopg2
import pytest
from django.core.management import call_command
from django.db import connection


@pytest.fixture(scope="session")
def db_roles(django_db_setup, django_db_blocker):
    """The owner and app roles of the test database (which pytest-django made as the superuser).
    Roles are shared by the whole server, so they are named after the test database."""
    with django_db_blocker.unblock():
        base = re.sub(r"[^a-z0-9_]", "_", connection.settings_dict["NAME"].lower())[:50]
        roles = SimpleNamespace(owner=f"{base}_owner", app=f"{base}_app")
        call_command("db_roles", owner=roles.owner, app=roles.app, stdout=io.StringIO())
    return roles


@pytest.fixture
def app_connection(db_roles):
    """A connection logged in as the app role, as the portal connects; each statement is tried
    in its own transaction, rolled back afterwards."""
    settings = connection.settings_dict
    conn = psycopg2.connect(
        dbname=settings["NAME"],
        user=db_roles.app,
        host=settings["HOST"] or settings.get("OPTIONS", {}).get("host") or "localhost",
        port=settings["PORT"] or 5432,
    )
    yield conn
    conn.rollback()
    conn.close()


@pytest.fixture
def as_app_role(db, db_roles):
    """The rest of the test's transaction runs as the app role (fixtures made before it were
    written as the superuser); the test's rollback ends it."""
    with connection.cursor() as cursor:
        cursor.execute(f'SET LOCAL ROLE "{db_roles.app}"')
        cursor.execute("SELECT current_user")
        assert cursor.fetchone()[0] == db_roles.app
    return db_roles.app
