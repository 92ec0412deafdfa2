"""Set up the portal's database roles on the database in DATABASE_URL, connected as a superuser.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/literacy python manage.py db_roles \\
        [--owner literacy_owner] [--app literacy_app] [--print-app-url]

Why: a portal connected as a superuser can TRUNCATE the audit log or switch its triggers off.
This creates (or brings back in line) an owner role, which owns the schema and runs the
migrations, and an app role, which the portal connects as and which may only INSERT and SELECT
the audit log (``literacy/audit/roles.py``). Passwords are read from DATABASE_OWNER_PASSWORD and
DATABASE_APP_PASSWORD (never the command line); without them the roles get none, for trust or
peer authentication on a local server. Idempotent: run it after every ``migrate``.
"""

from __future__ import annotations

from urllib.parse import quote

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from literacy.audit.roles import RolesError, database_roles_apply


def _url(role: str) -> str:
    """The connected database's URL for ``role`` (TCP, or a Unix socket folder as libpq's
    ``?host=`` parameter, as the embedded PostgreSQL is reached)."""
    db = connection.settings_dict
    host = db.get("HOST") or db.get("OPTIONS", {}).get("host") or "localhost"
    port = f":{db['PORT']}" if db.get("PORT") else ""
    if host.startswith("/"):
        return f"postgres://{role}@{port}/{db['NAME']}?host={quote(host)}"
    return f"postgres://{role}@{host}{port}/{db['NAME']}"


class Command(BaseCommand):
    help = "Create or update the database owner role and the portal's app role (superuser)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--owner",
            default=settings.DATABASE_OWNER_ROLE,
            help="Owner role: owns the schema, runs migrations (default: DATABASE_OWNER_ROLE, "
            "literacy_owner).",
        )
        parser.add_argument(
            "--app",
            default=settings.DATABASE_APP_ROLE,
            help="App role: what the portal connects as (default: DATABASE_APP_ROLE, "
            "literacy_app).",
        )
        parser.add_argument(
            "--print-app-url",
            action="store_true",
            help="Print only the app role's DATABASE_URL (no password), for scripts: "
            'DATABASE_URL="$(manage.py db_roles --print-app-url)" manage.py runserver',
        )

    def handle(self, *args, owner: str, app: str, print_app_url: bool, **options):
        try:
            applied = database_roles_apply(
                owner=owner,
                app=app,
                owner_password=settings.DATABASE_OWNER_PASSWORD or None,
                app_password=settings.DATABASE_APP_PASSWORD or None,
            )
        except RolesError as error:
            raise CommandError(str(error)) from error
        if print_app_url:
            self.stdout.write(_url(app))
            return
        self.stdout.write(
            f"Database {applied.database}, schema {applied.schema}: owner role {owner} owns "
            f"its tables, sequences and functions ({applied.transferred} handed over now)."
        )
        if applied.restricted:
            tables = ", ".join(applied.restricted)
            self.stdout.write(
                f"App role {app} reads and writes the portal's tables; {tables}: SELECT and "
                "INSERT only."
            )
        else:
            self.stdout.write(
                self.style.WARNING(
                    f"App role {app} set up, but the audit log's table does not exist yet: run "
                    "migrate, then db_roles again."
                )
            )
        self.stdout.write(f"Serve the portal with DATABASE_URL={_url(app)}")
        self.stdout.write(f"Run migrations with DATABASE_URL={_url(owner)}, then db_roles again.")
