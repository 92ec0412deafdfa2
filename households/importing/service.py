"""``residents_import``: the one entry point used by the import jobs (page, worker, command)."""

from __future__ import annotations

from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from literacy.areas.models import Hamlet
from literacy.audit.models import AuditEvent
from literacy.table_statistics import tables_analyse

from ..models import Household, Resident
from .columns import HeaderError, match_header
from .loader import Rejected, load
from .readers import FileError, read_table
from .report import ImportReport, RowError
from .rows import validate_rows

#: ``progress(done, total)``: rows checked so far and the estimated total (``None`` if unknown).
Progress = Callable[[int, int | None], None]
#: ``finish(report)``: records the outcome, in the transaction that stores the rows.
Finish = Callable[[ImportReport], None]


def residents_import(
    *, ward, file, by, progress: Progress | None = None, finish: Finish | None = None
) -> ImportReport:
    """Import a roster file into ``ward``: all rows or none. The caller checked that ``by`` may
    manage ``ward``. Never raises for a bad file: the report says what is wrong and where.

    ``finish`` runs once, inside the transaction that stores the rows (or stores nothing), so
    the record of the attempt commits with its outcome. The rows are checked before that
    transaction, so ``progress`` can be seen by others while they are."""
    try:
        table = read_table(file)
        positions = match_header(table.header)
        total = table.estimated_rows

        def rows_checked(done: int) -> None:
            if progress is not None:
                progress(done, total)

        validated = validate_rows(table, positions, progress=rows_checked)
    except FileError as exc:
        return _finished(ImportReport.failed(str(exc)), finish)
    except HeaderError as exc:
        errors = [RowError(table.header_line, "", message) for message in exc.messages]
        return _finished(ImportReport(errors=errors, error_count=len(errors)), finish)
    if not validated.rows and not validated.errors:
        return _finished(
            ImportReport.failed(_("The file has a header but no rows to import.")), finish
        )
    log = validated.errors
    with transaction.atomic():
        report = ImportReport(rows=validated.rows)
        try:
            with transaction.atomic():  # a savepoint: a rejected file leaves nothing behind
                load(ward=ward, by=by, validated=validated, report=report, check_only=bool(log))
        except Rejected as exc:
            log.extend(exc.errors)
        except IntegrityError:
            log.add(
                RowError(
                    0, "", _("The roster was changed by someone else during the import. Try again.")
                )
            )
        if log:
            report = ImportReport.rejected(rows=validated.rows, log=log)
        if finish is not None:
            finish(report)
    if report.ok and _wrote_rows(report):
        # After the commit: the planner's statistics cover the new rows (autovacuum may lag far
        # behind a 100,000-row file, or be off), and the ward's pages keep their plans.
        tables_analyse(models=[Resident, Household, Hamlet, AuditEvent])
    if progress is not None:
        progress(report.rows, report.rows)
    return report


def _wrote_rows(report: ImportReport) -> bool:
    return bool(
        report.created
        or report.updated
        or report.households_created
        or report.households_updated
        or report.hamlets_created
    )


def _finished(report: ImportReport, finish: Finish | None) -> ImportReport:
    if finish is not None:
        with transaction.atomic():
            finish(report)
    return report
