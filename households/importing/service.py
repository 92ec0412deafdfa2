"""``residents_import``: the one entry point used by the page, the Celery task and the command."""

from __future__ import annotations

from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from .columns import HeaderError, match_header
from .loader import Rejected, load
from .readers import FileError, read_table
from .report import ImportReport, RowError
from .rows import validate_rows

#: ``progress(done, total)``: rows checked so far and the estimated total (``None`` if unknown).
Progress = Callable[[int, int | None], None]


def residents_import(*, ward, file, by, progress: Progress | None = None) -> ImportReport:
    """Import a roster file into ``ward``: all rows or none. The caller checked that ``by`` may
    manage ``ward``. Never raises for a bad file: the report says what is wrong and where."""
    report = ImportReport()
    try:
        table = read_table(file)
        positions = match_header(table.header)
        total = table.estimated_rows

        def rows_checked(done: int) -> None:
            if progress is not None:
                progress(done, total)

        validated = validate_rows(table.rows, positions, len(table.header), progress=rows_checked)
    except FileError as exc:
        report.errors.append(RowError(0, "", str(exc)))
        return report
    except HeaderError as exc:
        report.errors.extend(RowError(table.header_line, "", message) for message in exc.messages)
        return report
    report.rows = validated.rows
    if not validated.rows:
        report.errors.append(RowError(0, "", _("The file has a header but no rows to import.")))
        return report
    errors = list(validated.errors)
    try:
        with transaction.atomic():
            load(ward=ward, by=by, validated=validated, report=report, check_only=bool(errors))
    except Rejected as exc:
        errors.extend(exc.errors)
    except IntegrityError:
        errors.append(
            RowError(
                0, "", _("The roster was changed by someone else during the import. Try again.")
            )
        )
    if errors:
        errors.sort(key=lambda error: error.line)
        report = ImportReport(rows=report.rows, errors=errors)
    if progress is not None:
        progress(report.rows, report.rows)
    return report
