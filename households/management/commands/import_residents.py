"""Import a roster file into a ward, or write the empty template.

    python manage.py import_residents FILE --ward CODE [--by USERNAME]
    python manage.py import_residents --template OUT.xlsx|OUT.csv

The same checks and all-or-nothing rule as the upload page, and the same record of the attempt
(an import job and its audit row): when a row is wrong, the problems are printed (line, column,
reason), nothing is stored and the command exits with status 1.
"""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from households.importing.jobs import job_import_now
from households.importing.template import template_csv, template_xlsx
from literacy.areas.models import Ward


class Command(BaseCommand):
    help = "Import residents and households from a CSV/XLSX roster into a ward."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="The roster file (XLSX, CSV, Unicode text).")
        parser.add_argument("--ward", type=int, help="Official code of the ward/commune.")
        parser.add_argument("--by", help="Username recorded in the audit log as the importer.")
        parser.add_argument("--template", metavar="OUT", help="Write the template (.xlsx or .csv).")

    def handle(self, *args, file=None, ward=None, by=None, template=None, **options):
        if template:
            self._write_template(Path(template))
            return
        if not file or ward is None:
            raise CommandError(_("Give a FILE and --ward CODE, or --template OUT."))
        try:
            target = Ward.objects.get(code=ward)
        except Ward.DoesNotExist as exc:
            raise CommandError(
                _("No ward/commune has the code %(code)s.") % {"code": ward}
            ) from exc
        user = None
        if by:
            user = get_user_model().objects.filter(username=by).first()
            if user is None:
                raise CommandError(_("No user is called %(name)s.") % {"name": by})
        try:
            handle = open(file, "rb")  # noqa: SIM115 - closed below
        except OSError as exc:
            message = _("Cannot open %(file)s: %(error)s") % {"file": file, "error": exc}
            raise CommandError(message) from exc
        with handle:
            job = job_import_now(ward=target, by=user, file=handle, filename=Path(file).name)
        report = job.report()
        if not report.ok:
            for line in report.error_lines():
                self.stdout.write(line)
            if report.unlisted_errors:
                self.stdout.write(
                    _("…and %(count)s more problems.") % {"count": report.unlisted_errors}
                )
            raise CommandError(
                _("Nothing was imported: %(count)s problem(s).") % {"count": report.error_count}
            )
        self.stdout.write(
            _(
                "Imported %(rows)s rows into %(ward)s: %(created)s added, %(updated)s updated, "
                "%(unchanged)s unchanged; households %(hh_created)s new, %(hh_updated)s updated; "
                "%(hamlets)s new hamlets."
            )
            % {
                "rows": report.rows,
                "ward": target.name,
                "created": report.created,
                "updated": report.updated,
                "unchanged": report.unchanged,
                "hh_created": report.households_created,
                "hh_updated": report.households_updated,
                "hamlets": report.hamlets_created,
            }
        )

    def _write_template(self, path: Path) -> None:
        suffix = path.suffix.lower()
        if suffix not in (".xlsx", ".csv"):
            raise CommandError(_("The template file must end in .xlsx or .csv."))
        path.write_bytes(template_xlsx() if suffix == ".xlsx" else template_csv())
        self.stdout.write(_("Template written to %(path)s.") % {"path": path})
