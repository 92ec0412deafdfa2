"""The embedded PostgreSQL of `make run`: a fresh folder, reuse of its data, a clean stop."""

from __future__ import annotations

import subprocess
import sys

import psycopg2
import pytest

from literacy import embedded_postgres


def _query(data_dir, sql: str, database: str = "literacy"):
    connection = psycopg2.connect(
        host=str(embedded_postgres.socket_dir(data_dir)), user="postgres", dbname=database
    )
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql)
            return cursor.fetchall() if cursor.description else None
    finally:
        connection.close()


@pytest.fixture
def data_dir(tmp_path):
    folder = tmp_path / "pgdata"
    yield folder
    if (folder / "postmaster.pid").exists():  # a failed test must not leave a server behind
        server = embedded_postgres.start(folder)
        embedded_postgres.stop(server)


def test_a_fresh_folder_gets_a_database_with_the_portals_extensions(data_dir):
    server = embedded_postgres.start(data_dir)
    try:
        url = embedded_postgres.ensure_database(data_dir)
        assert (data_dir / "PG_VERSION").exists()
        assert url == f"postgres://postgres@/literacy?host={data_dir}"
        assert embedded_postgres.answers(url)
        extensions = {row[0] for row in _query(data_dir, "SELECT extname FROM pg_extension")}
        assert {"pg_trgm", "unaccent"} <= extensions
    finally:
        embedded_postgres.stop(server)


def test_stop_shuts_the_server_down_and_a_second_start_reuses_the_data(data_dir):
    server = embedded_postgres.start(data_dir)
    url = embedded_postgres.ensure_database(data_dir)
    _query(data_dir, "CREATE TABLE kept (note text); INSERT INTO kept VALUES ('still here')")
    embedded_postgres.stop(server)
    assert not embedded_postgres.answers(url)
    assert not (data_dir / "postmaster.pid").exists()

    server = embedded_postgres.start(data_dir)
    try:
        assert embedded_postgres.ensure_database(data_dir) == url
        assert _query(data_dir, "SELECT note FROM kept") == [("still here",)]
    finally:
        embedded_postgres.stop(server)


def test_run_gives_the_command_the_embedded_database_and_stops_after_it(data_dir):
    command = [
        sys.executable,
        "-c",
        "import os, psycopg2; c = psycopg2.connect(os.environ['DATABASE_URL']);"
        "cur = c.cursor(); cur.execute('SELECT current_database()'); print(cur.fetchone()[0])",
    ]
    result = subprocess.run(
        [sys.executable, "-m", "literacy.embedded_postgres", "run", "--data-dir", str(data_dir)]
        + ["--prefer", "postgres://postgres@127.0.0.1:1/nothing", "--", *command],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("No PostgreSQL answers at 127.0.0.1:1: using the embedded")
    assert lines[-1] == "literacy"
    assert not (data_dir / "postmaster.pid").exists()  # stopped with the command


def _the_suites_server_url() -> str:
    """The server this test run uses (the one at TEST_DATABASE_URL, or an embedded one)."""
    from django.db import connection

    config = connection.settings_dict
    socket_folder = config.get("OPTIONS", {}).get("host")
    if socket_folder:
        return f"postgres://{config['USER']}@/postgres?host={socket_folder}"
    return f"postgres://{config['USER']}@{config['HOST']}:{config['PORT'] or 5432}/postgres"


def test_run_prefers_a_server_that_answers(data_dir):
    url = _the_suites_server_url()
    result = subprocess.run(
        [sys.executable, "-m", "literacy.embedded_postgres", "run", "--data-dir", str(data_dir)]
        + [
            "--prefer",
            url,
            "--",
            sys.executable,
            "-c",
            "import os; print(os.environ['DATABASE_URL'])",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == url
    assert not data_dir.exists()  # nothing started
