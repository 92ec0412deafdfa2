"""The portal's two database roles, so that the connection it serves requests with cannot rewrite
history (``manage.py db_roles``).

* The **owner** owns the tables, sequences and functions and runs the migrations. It may alter
  anything, so the portal never connects as it.
* The **app** role is what the portal connects as (``DATABASE_URL``): it reads and writes the
  ordinary tables, but may only SELECT and INSERT the audit log. It owns nothing, is no
  superuser and belongs to no role, so it cannot TRUNCATE the log, UPDATE or DELETE rows, alter,
  disable or drop its triggers, replace their functions, or set ``session_replication_role``
  (a superuser-only setting). To keep the planner's statistics fresh after bulk writes it may
  execute ``literacy_analyse(regclass)``, which analyses one of the portal's tables as the owner.

Everything is applied in one transaction by a superuser (or a role with CREATEROLE that may act
for the owner, on managed services) and is idempotent: run it after every ``migrate``, which
also re-grants what later migrations created.
"""

# Identifiers are checked against NAME or quoted by ``_quoted``; values are parameters.
# ruff: noqa: S608

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db import connection, transaction

from literacy.table_statistics import ANALYSE_FUNCTION, portal_tables

from .models import AuditEvent

# The tables the app role may only read and append to.
APPEND_ONLY_TABLES = (AuditEvent._meta.db_table,)
# The tables the app role may only read (it never records migrations).
READ_ONLY_TABLES = ("django_migrations",)
#: Derived tables the app empties whole before rebuilding them (the coverage snapshots, re-read
#: from the raw tables by a full roll-up): TRUNCATE there loses no history.
REBUILT_TABLES = (
    "coverage_residentsnapshot",
    "coverage_householdsnapshot",
    "coverage_mentorsnapshot",
    "coverage_classsnapshot",
)
NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
# ALTER … OWNER TO takes the object's own keyword.
RELATION_KINDS = {
    "r": "TABLE",
    "p": "TABLE",
    "f": "FOREIGN TABLE",
    "v": "VIEW",
    "m": "MATERIALIZED VIEW",
    "S": "SEQUENCE",
}
#: ANALYZE for the app role, which owns no table (``literacy/table_statistics.py``): runs as the
#: function's owner, only on the tables of the portal's models in its schema, with a pinned
#: search_path so no object of the caller's can stand in for a catalog one.
ANALYSE_FUNCTION_SQL = f"""
CREATE OR REPLACE FUNCTION {{schema}}.{ANALYSE_FUNCTION}(target regclass) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $analyse$
BEGIN
    IF NOT EXISTS (
        SELECT 1 FROM pg_class c
        WHERE c.oid = target AND c.relnamespace = %(schema)s::regnamespace
          AND c.relkind IN ('r', 'p') AND c.relname = ANY(%(tables)s::text[])
    ) THEN
        RAISE EXCEPTION '{ANALYSE_FUNCTION}: %% is not one of the portal''s tables', target
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    EXECUTE format('ANALYZE %%s', target);
END;
$analyse$
"""
ROLE_ATTRIBUTES = "LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS"


class RolesError(Exception):
    """The roles cannot be set up as asked (the message says why)."""


@dataclass(frozen=True)
class RolesApplied:
    database: str
    schema: str
    owner: str
    app: str
    transferred: int  # objects whose ownership moved to the owner this time
    restricted: tuple[str, ...]  # the append-only tables that exist (and were restricted)


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _check_names(*, owner: str, app: str) -> None:
    for name in (owner, app):
        if not NAME.match(name):
            raise RolesError(
                f"Role name {name!r}: use lower-case letters, digits and underscores "
                "(at most 63, not starting with a digit)."
            )
    if owner == app:
        raise RolesError("The owner and the app role must be two different roles.")


def _check_caller(cursor, *, owner: str, app: str) -> None:
    cursor.execute(
        "SELECT current_user, rolsuper, rolcreaterole FROM pg_roles WHERE rolname = current_user"
    )
    user, is_superuser, can_create_roles = cursor.fetchone()
    if user in (owner, app):
        raise RolesError(
            f"Connected as {user}, one of the roles being set up: connect as a superuser "
            "(DATABASE_URL=postgres://postgres@…) to run db_roles."
        )
    if not (is_superuser or can_create_roles):
        raise RolesError(
            f"Connected as {user}, which may not create roles: connect as a superuser "
            "(DATABASE_URL=postgres://postgres@…) to run db_roles."
        )


def _ensure_role(cursor, name: str, password: str | None) -> None:
    """Create the role or bring an existing one back to a plain login role (no superuser, no
    memberships: a role it belongs to could lend it the owner's rights)."""
    cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [name])
    verb = "ALTER" if cursor.fetchone() else "CREATE"
    if password:
        cursor.execute(f"{verb} ROLE {_quoted(name)} {ROLE_ATTRIBUTES} PASSWORD %s", [password])
    else:
        cursor.execute(f"{verb} ROLE {_quoted(name)} {ROLE_ATTRIBUTES}")
    cursor.execute(
        """SELECT granted.rolname FROM pg_auth_members m
           JOIN pg_roles granted ON granted.oid = m.roleid
           JOIN pg_roles member ON member.oid = m.member
           WHERE member.rolname = %s""",
        [name],
    )
    for (granted,) in cursor.fetchall():
        cursor.execute(f"REVOKE {_quoted(granted)} FROM {_quoted(name)}")


def _transfer_ownership(cursor, *, owner: str) -> int:
    """Give the owner every table, view, sequence and function of the schema (not those of an
    extension; a sequence that belongs to a column follows its table)."""
    cursor.execute(
        """SELECT c.relkind, quote_ident(n.nspname) || '.' || quote_ident(c.relname)
           FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'f', 'v', 'm', 'S')
             AND c.relowner <> (SELECT oid FROM pg_roles WHERE rolname = %(owner)s)
             AND NOT EXISTS (
                 SELECT 1 FROM pg_depend d
                 WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                   AND (d.deptype = 'e' OR (c.relkind = 'S' AND d.deptype IN ('a', 'i'))))
           ORDER BY c.relkind, c.relname""",
        {"owner": owner},
    )
    relations = cursor.fetchall()
    for kind, name in relations:
        cursor.execute(f"ALTER {RELATION_KINDS[kind]} {name} OWNER TO {_quoted(owner)}")
    cursor.execute(
        """SELECT p.oid::regprocedure::text FROM pg_proc p
           WHERE p.pronamespace = current_schema()::regnamespace
             AND p.proowner <> (SELECT oid FROM pg_roles WHERE rolname = %(owner)s)
             AND NOT EXISTS (
                 SELECT 1 FROM pg_depend d
                 WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
           ORDER BY 1""",
        {"owner": owner},
    )
    routines = cursor.fetchall()
    for (signature,) in routines:
        cursor.execute(f"ALTER ROUTINE {signature} OWNER TO {_quoted(owner)}")
    return len(relations) + len(routines)


def _reclaim_from_app(cursor, *, database: str, schema: str, owner: str, app: str) -> None:
    """A database or schema owned by the app role would let it drop the schema, tables and
    all: they go to the owner."""
    cursor.execute(
        """SELECT (SELECT rolname FROM pg_roles WHERE oid = d.datdba),
                  (SELECT rolname FROM pg_roles WHERE oid = n.nspowner)
           FROM pg_database d, pg_namespace n
           WHERE d.datname = current_database() AND n.nspname = current_schema()"""
    )
    database_owner, schema_owner = cursor.fetchone()
    if database_owner == app:
        cursor.execute(f"ALTER DATABASE {_quoted(database)} OWNER TO {_quoted(owner)}")
    if schema_owner == app:
        cursor.execute(f"ALTER SCHEMA {_quoted(schema)} OWNER TO {_quoted(owner)}")


def _existing_tables(cursor, tables: tuple[str, ...]) -> tuple[str, ...]:
    cursor.execute(
        """SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = current_schema() AND c.relname = ANY(%s) AND c.relkind = 'r'""",
        [list(tables)],
    )
    found = {name for (name,) in cursor.fetchall()}
    return tuple(table for table in tables if table in found)


def _create_analyse_function(cursor, *, schema: str) -> None:
    cursor.execute(
        ANALYSE_FUNCTION_SQL.format(schema=_quoted(schema)),
        {"schema": schema, "tables": portal_tables()},
    )


def _grant(cursor, *, schema: str, owner: str, app: str) -> tuple[str, ...]:
    s, o, a = _quoted(schema), _quoted(owner), _quoted(app)
    cursor.execute(
        f"""
        GRANT USAGE, CREATE ON SCHEMA {s} TO {o};
        GRANT USAGE ON SCHEMA {s} TO {a};
        REVOKE CREATE ON SCHEMA {s} FROM PUBLIC, {a};
        GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {s} TO {a};
        REVOKE TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA {s} FROM {a};
        GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {s} TO {a};
        REVOKE UPDATE ON ALL SEQUENCES IN SCHEMA {s} FROM {a};
        ALTER DEFAULT PRIVILEGES FOR ROLE {o} IN SCHEMA {s}
            GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {a};
        ALTER DEFAULT PRIVILEGES FOR ROLE {o} IN SCHEMA {s}
            GRANT USAGE, SELECT ON SEQUENCES TO {a};
        REVOKE SET, ALTER SYSTEM ON PARAMETER session_replication_role FROM {a};
        REVOKE ALL ON FUNCTION {s}.{ANALYSE_FUNCTION}(regclass) FROM PUBLIC;
        GRANT EXECUTE ON FUNCTION {s}.{ANALYSE_FUNCTION}(regclass) TO {a};
        """
    )
    append_only = _existing_tables(cursor, APPEND_ONLY_TABLES)
    for table in append_only:
        name = f"{s}.{_quoted(table)}"
        cursor.execute(
            f"REVOKE ALL ON {name} FROM PUBLIC, {a}; GRANT SELECT, INSERT ON {name} TO {a}"
        )
    for table in _existing_tables(cursor, READ_ONLY_TABLES):
        name = f"{s}.{_quoted(table)}"
        cursor.execute(f"REVOKE ALL ON {name} FROM PUBLIC, {a}; GRANT SELECT ON {name} TO {a}")
    for table in _existing_tables(cursor, REBUILT_TABLES):
        cursor.execute(f"GRANT TRUNCATE ON {s}.{_quoted(table)} TO {a}")
    return append_only


def database_roles_apply(
    *, owner: str, app: str, owner_password: str | None = None, app_password: str | None = None
) -> RolesApplied:
    """Create or update the owner and app roles for the connected database (see the module)."""
    _check_names(owner=owner, app=app)
    with transaction.atomic(), connection.cursor() as cursor:
        _check_caller(cursor, owner=owner, app=app)
        _ensure_role(cursor, owner, owner_password)
        _ensure_role(cursor, app, app_password)
        cursor.execute("SELECT current_database(), current_schema()")
        database, schema = cursor.fetchone()
        cursor.execute(
            f"GRANT CONNECT, TEMPORARY ON DATABASE {_quoted(database)} "
            f"TO {_quoted(owner)}, {_quoted(app)}"
        )
        _reclaim_from_app(cursor, database=database, schema=schema, owner=owner, app=app)
        _create_analyse_function(cursor, schema=schema)
        transferred = _transfer_ownership(cursor, owner=owner)
        restricted = _grant(cursor, schema=schema, owner=owner, app=app)
    return RolesApplied(
        database=database,
        schema=schema,
        owner=owner,
        app=app,
        transferred=transferred,
        restricted=restricted,
    )
