"""Load official provinces and wards from the `vietnam-provinces` package.

With no option, loads the default programme area (the former Binh Duong province: the 36 wards
of Ho Chi Minh City with codes 25747–25987). Idempotent; re-running renames, never duplicates.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from literacy.areas.services import (
    UnknownDivisionError,
    default_programme_ward_codes,
    divisions_load,
)


class Command(BaseCommand):
    help = "Load provinces and wards (official codes) from the vietnam-provinces package."

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group()
        group.add_argument("--province", type=int, help="Load every ward of this province code.")
        group.add_argument("--wards", type=int, nargs="+", help="Load only these ward codes.")

    def handle(self, *args, province=None, wards=None, **options):
        if province is None and wards is None:
            wards = default_programme_ward_codes()
        try:
            result = divisions_load(province_code=province, ward_codes=wards)
        except UnknownDivisionError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Wards: {result.created} created, {result.updated} updated, "
            f"{result.unchanged} unchanged ({result.provinces} province(s))."
        )
