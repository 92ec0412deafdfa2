"""Benchmark of the roster import: ``make bench`` runs it against the bench database.

Measured in one run, on the same generated roster (valid Vietnamese people, ~3.5 per household):

* the import service end to end (read + validate + COPY + set-based upsert + audit) on a
  100,000-row CSV (UTF-8 with BOM, CRLF), first import into an empty ward, then the same file
  again (idempotent: nothing changes);
* two baselines without validation or audit, run on a sample and extrapolated to rows/s: a plain
  per-row ORM ``save()`` loop and ``bulk_create``;
* a 20,000-row XLSX through the import service.

Usage: ``python households/benchmarks/bench_import.py [--fresh] [--rows 100000]
[--xlsx-rows 20000]``.
Creates the database named in DATABASE_URL if missing and migrates it; ``--fresh`` drops it
first, so that every run starts from the same empty, migrated database (``make bench`` does).
"""

# SQL is assembled from model metadata (table names) only; values are parameters.
# ruff: noqa: S608

from __future__ import annotations

import argparse
import csv
import io
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "literacy.settings")
os.environ.setdefault("DEBUG", "1")


def ensure_database(*, fresh: bool = False) -> None:
    """Create the bench database if it does not exist yet (PostgreSQL only); ``fresh``: drop
    it first."""
    import environ
    import psycopg2

    config = environ.Env.db_url_config(os.environ["DATABASE_URL"])
    if "postgresql" not in config["ENGINE"]:
        sys.exit("The benchmark needs PostgreSQL: set DATABASE_URL.")
    admin = psycopg2.connect(
        dbname="postgres",
        user=config["USER"],
        password=config["PASSWORD"],
        host=config["HOST"],
        port=config["PORT"] or 5432,
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        if fresh:
            cursor.execute(f'DROP DATABASE IF EXISTS "{config["NAME"]}"')
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]])
        if not cursor.fetchone():
            cursor.execute(f'CREATE DATABASE "{config["NAME"]}"')
    admin.close()


def roster(count: int, *, seed: int = 4, slot: int = 999) -> list[list[str]]:
    """``count`` template rows of valid, distinct people (the demo generator's people)."""
    from households.importing.columns import COLUMNS
    from literacy.demo.households import PeopleMaker

    segment_names = ["Công nhân", "Tiểu thương", "Nông dân", "Dân tộc thiểu số", "Người khuyết tật"]
    maker = PeopleMaker(random.Random(seed), ward_slot=slot, rural=False)
    hamlets = [(0, f"Khu phố {n}") for n in range(1, 9)]
    rows = []
    for household in maker.households(residents=count, hamlets=hamlets):
        code = household.code.replace("DEMO-", "HB-")
        for index, p in enumerate(household.members):
            rows.append(
                [
                    p.full_name,
                    p.date_of_birth.strftime("%d/%m/%Y"),
                    "Nam" if p.gender == "M" else "Nữ",
                    p.cccd or "",
                    p.phone,
                    household.hamlet_name,
                    code,
                    household.address,
                    "x" if index == 0 else "",
                    ", ".join(n for bit, n in enumerate(segment_names) if p.segments >> bit & 1),
                    str(p.vneid_level),
                    "có" if p.has_bank_account else "không",
                    "có" if p.has_ewallet else "không",
                ]
            )
    assert len(rows[0]) == len(COLUMNS)
    return rows


def csv_bytes(rows: list[list[str]]) -> bytes:
    from households.importing.columns import COLUMNS

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([c.header for c in COLUMNS])
    writer.writerows(rows)
    return ("\ufeff" + buffer.getvalue()).encode()


def xlsx_bytes(rows: list[list[str]]) -> bytes:
    import openpyxl

    from households.importing.columns import COLUMNS

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Danh sách")
    sheet.append([c.header for c in COLUMNS])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def clear_ward(ward) -> None:
    from households.models import Household, Resident

    Household.objects.filter(ward=ward).update(head=None)
    Resident.objects.filter(ward=ward).delete()
    Household.objects.filter(ward=ward).delete()


def vacuum() -> None:
    """Start from a vacuumed, analysed database, as autovacuum keeps a production one, and from
    a fresh checkpoint, so that no run pays for the WAL of the ones before (runs vary less)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE households_resident, households_household")
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        if cursor.fetchone()[0]:
            cursor.execute("CHECKPOINT")


def timed(function):
    started = time.perf_counter()
    result = function()
    return result, time.perf_counter() - started


def person(row: list[str]) -> dict:
    """A template row as Resident field values, parsed the plain way (the baselines' parse)."""
    import datetime

    day, month, year = row[1].split("/")
    return {
        "full_name": row[0],
        "date_of_birth": datetime.date(int(year), int(month), int(day)),
        "gender": "M" if row[2] == "Nam" else "F",
        "cccd": row[3] or None,
        "phone": row[4],
        "vneid_level": int(row[10]),
        "has_bank_account": row[11] == "có",
        "has_ewallet": row[12] == "có",
    }


def baseline_save_loop(data: bytes, ward, hamlet) -> float:
    """Rows/s of a plain loop: parse each row, get-or-create its household, ``save()`` it."""
    from households.models import Household, Resident

    households = {}
    reader = csv.reader(io.StringIO(data.decode("utf-8-sig")))
    next(reader)
    started = time.perf_counter()
    count = 0
    for row in reader:
        code = row[6]
        if code not in households:
            households[code] = Household.objects.create(ward=ward, hamlet=hamlet, code=code)
        Resident(ward=ward, household=households[code], **person(row)).save()
        count += 1
    return count / (time.perf_counter() - started)


def baseline_bulk_create(data: bytes, ward, hamlet) -> float:
    """Rows/s of ``bulk_create`` (households, then residents), parse included."""
    from households.models import Household, Resident
    from literacy.text import fold

    started = time.perf_counter()
    reader = csv.reader(io.StringIO(data.decode("utf-8-sig")))
    next(reader)
    rows = list(reader)
    codes = sorted({row[6] for row in rows})
    households = {
        h.code: h
        for h in Household.objects.bulk_create(
            [Household(ward=ward, hamlet=hamlet, code=code) for code in codes], batch_size=5000
        )
    }
    residents = []
    for row in rows:
        residents.append(
            Resident(
                ward=ward, household=households[row[6]], name_folded=fold(row[0]), **person(row)
            )
        )
    Resident.objects.bulk_create(residents, batch_size=5000)
    return len(rows) / (time.perf_counter() - started)


def floor_bare_write(rows: list[list[str]], ward, hamlet) -> float:
    """Rows/s of the database alone, the bound no import can beat on the machine at hand.

    The same people, already parsed (not timed), are COPYed into a temporary table and written
    with two ``INSERT … SELECT`` (households, then residents) in one committed transaction: the
    tables' indexes and foreign-key checks, nothing else (no validation, matching or audit).
    """

    from django.db import connection, transaction

    from households.models import Household, Resident
    from literacy.text import fold

    lines = []
    for row in rows:
        p = person(row)
        cccd = p["cccd"] or "\\N"
        lines.append(
            f"{p['full_name']}\t{fold(p['full_name'])}\t{p['date_of_birth']}\t{p['gender']}\t"
            f"{cccd}\t{p['phone']}\t{row[6]}\n"
        )
    text = "".join(lines)
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE floor_stage (full_name text, name_folded text, date_of_birth date,"
            " gender text, cccd text, phone text, code text) ON COMMIT DROP"
        )
        cursor.copy_expert("COPY floor_stage FROM STDIN", io.StringIO(text))
        cursor.execute(
            f"""INSERT INTO {Household._meta.db_table}
                    (ward_id, hamlet_id, code, address, created_at, updated_at)
                SELECT DISTINCT %(ward)s, %(hamlet)s, code, '', now(), now() FROM floor_stage""",
            {"ward": ward.pk, "hamlet": hamlet.pk},
        )
        cursor.execute(
            f"""INSERT INTO {Resident._meta.db_table}
                    (ward_id, household_id, full_name, name_folded, date_of_birth, gender, phone,
                     cccd, is_worker, is_small_trader, is_farmer, is_ethnic_minority,
                     has_disability, vneid_level, has_bank_account, has_ewallet, consent_purpose,
                     is_trained, created_at, updated_at)
                SELECT %(ward)s, h.id, s.full_name, s.name_folded, s.date_of_birth, s.gender,
                       s.phone, s.cccd, false, false, false, false, false, 0, false, false, '',
                       false, now(), now()
                FROM floor_stage s
                JOIN {Household._meta.db_table} h ON h.ward_id = %(ward)s AND h.code = s.code""",
            {"ward": ward.pk},
        )
    return len(rows) / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--fresh", action="store_true", help="drop and recreate the database before the run"
    )
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--xlsx-rows", type=int, default=20_000)
    parser.add_argument("--save-sample", type=int, default=3_000)
    parser.add_argument("--bulk-sample", type=int, default=20_000)
    args = parser.parse_args()

    ensure_database(fresh=args.fresh)
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from households.importing.service import residents_import
    from literacy.areas.models import Hamlet, Ward

    call_command("migrate", verbosity=0)
    if Ward.objects.count() < 4:
        with open(os.devnull, "w") as devnull:
            call_command("load_divisions", stdout=devnull)
    # The last wards by code: the demo data (seed_demo) fills the first ones.
    ward_csv, ward_xlsx, ward_save, ward_bulk = Ward.objects.order_by("-code")[:4]
    settings.IMPORT_MAX_UPLOAD_BYTES = 200 * 1024 * 1024

    rows = roster(args.rows)
    data = csv_bytes(rows)
    print(f"Roster: {len(rows):,} rows, CSV {len(data) / 1e6:.1f} MB")
    for ward in (ward_csv, ward_xlsx, ward_save, ward_bulk):
        clear_ward(ward)
    vacuum()

    report, seconds = timed(lambda: residents_import(ward=ward_csv, file=io.BytesIO(data), by=None))
    assert report.ok and report.created == len(rows), report.errors[:5]
    first = len(rows) / seconds
    print(f"import, first (all new)     {seconds:7.2f} s  {first:>10,.0f} rows/s")
    vacuum()
    report, seconds = timed(lambda: residents_import(ward=ward_csv, file=io.BytesIO(data), by=None))
    assert report.ok and report.unchanged == len(rows), report
    again = len(rows) / seconds
    print(f"import, same file again     {seconds:7.2f} s  {again:>10,.0f} rows/s  (0 changes)")
    for row in rows[::10]:  # one person in ten changes their VNeID level
        row[10] = "2" if row[10] != "2" else "1"
    changed = csv_bytes(rows)
    vacuum()
    report, seconds = timed(
        lambda: residents_import(ward=ward_csv, file=io.BytesIO(changed), by=None)
    )
    assert report.ok and report.updated == len(rows[::10]), report
    print(f"import, 10% updated         {seconds:7.2f} s  {len(rows) / seconds:>10,.0f} rows/s")

    vacuum()
    hamlet_save = Hamlet.objects.get_or_create(ward=ward_save, name="Bench")[0]
    hamlet_bulk = Hamlet.objects.get_or_create(ward=ward_bulk, name="Bench")[0]
    sample = roster(max(args.save_sample, args.bulk_sample), seed=6, slot=998)
    save_rate = baseline_save_loop(csv_bytes(sample[: args.save_sample]), ward_save, hamlet_save)
    print(
        f"baseline ORM save() loop    {args.save_sample:,} rows sample  {save_rate:>10,.0f} rows/s"
    )
    for row in sample:  # other people than the save loop's (CCCD numbers are unique)
        row[3] = ""
    bulk_rate = baseline_bulk_create(csv_bytes(sample[: args.bulk_sample]), ward_bulk, hamlet_bulk)
    print(
        f"baseline bulk_create        {args.bulk_sample:,} rows sample {bulk_rate:>10,.0f} rows/s"
    )
    print(
        f"import vs save loop: {first / save_rate:.0f}×, vs bulk_create: {first / bulk_rate:.1f}×"
    )
    clear_ward(ward_save)
    floor_rows = roster(args.rows, seed=7, slot=996)
    for row in floor_rows:  # other people than the import's (CCCD numbers are unique)
        row[3] = ""
    vacuum()
    floor_rate = floor_bare_write(floor_rows, ward_save, hamlet_save)
    print(
        f"floor: bare INSERT of {args.rows:,} parsed rows, no validation/audit "
        f"{floor_rate:>10,.0f} rows/s  (import reaches {first / floor_rate:.0%} of it)"
    )

    xlsx = xlsx_bytes(roster(args.xlsx_rows, seed=5, slot=997))
    vacuum()
    report, seconds = timed(
        lambda: residents_import(ward=ward_xlsx, file=io.BytesIO(xlsx), by=None)
    )
    assert report.ok and report.created == args.xlsx_rows, report.errors[:5]
    print(
        f"import XLSX {args.xlsx_rows:,} rows ({len(xlsx) / 1e6:.1f} MB) {seconds:7.2f} s  "
        f"{args.xlsx_rows / seconds:>10,.0f} rows/s"
    )
    failures = []
    if first < 100_000:
        failures.append(
            "CSV import below 100,000 rows/s"
            + (
                f" (the bare database write alone reaches only {floor_rate:,.0f} rows/s here)"
                if floor_rate < 100_000
                else ""
            )
        )
    if first < 30 * save_rate:
        failures.append(
            "CSV import below 30× the save loop"
            + (" (so is the bare database write)" if floor_rate < 30 * save_rate else "")
        )
    if first < 3 * bulk_rate:
        failures.append("CSV import below 3× bulk_create")
    if args.xlsx_rows / seconds < 10_000:
        failures.append("XLSX import below 10,000 rows/s")
    for ward in (ward_save, ward_bulk):
        clear_ward(ward)
    print("targets met" if not failures else "TARGETS MISSED: " + "; ".join(failures))


if __name__ == "__main__":
    main()
