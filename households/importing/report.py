"""The outcome of an import: counts, or the bad rows (line, column, reason).

A file can hold millions of mistakes (a zip bomb of one-cell rows made 6 million): the report
keeps the first ``IMPORT_MAX_ERRORS`` in full and counts every error by kind (column and
reason), so its size has a bound whatever the file.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _

#: Distinct kinds counted one by one; any further kind is counted with its column's "others".
MAX_KINDS = 200
OTHER_KIND = "*"


@dataclass(frozen=True)
class RowError:
    #: The line as the spreadsheet shows it (the header is line 1); 0 for the whole file.
    line: int
    #: The column header ("" when the problem is the whole row or file).
    column: str
    message: str
    #: What kind of mistake, for the counts (messages quoting a cell's value differ on every
    #: row); empty when the message itself names the kind.
    kind: str = field(default="", compare=False)


@dataclass
class ErrorKind:
    """How often one kind of mistake occurs, with its first occurrence as the example."""

    column: str
    example: str
    first_line: int
    count: int

    def to_list(self) -> list:
        return [self.column, self.example, self.first_line, self.count]


class ErrorLog:
    """The first ``limit`` errors in full, and a count of all of them by kind."""

    def __init__(self, limit: int | None = None):
        self.limit = settings.IMPORT_MAX_ERRORS if limit is None else limit
        self.kept: list[RowError] = []
        self.total = 0
        self.kinds: dict[tuple[str, str], ErrorKind] = {}

    def __bool__(self) -> bool:
        return self.total > 0

    def __len__(self) -> int:
        return self.total

    def add(self, error: RowError) -> None:
        self.total += 1
        if len(self.kept) < self.limit:
            self.kept.append(error)
        key = (error.column, error.kind or error.message)
        kind = self.kinds.get(key)
        if kind is None and len(self.kinds) >= MAX_KINDS:
            key = (error.column, OTHER_KIND)
            kind = self.kinds.get(key)
        if kind is None:
            self.kinds[key] = ErrorKind(error.column, error.message, error.line, 1)
        else:
            kind.count += 1
            if error.line < kind.first_line:  # database conflicts are found after the rows
                kind.first_line, kind.example = error.line, error.message

    def extend(self, errors: Iterable[RowError]) -> None:
        for error in errors:
            self.add(error)


@dataclass
class ImportReport:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    households_created: int = 0
    households_updated: int = 0
    hamlets_created: int = 0
    #: The first errors (at most ``IMPORT_MAX_ERRORS``), by line.
    errors: list[RowError] = field(default_factory=list)
    #: Every error counted, and the counts by kind (when some are not in ``errors``).
    error_count: int = 0
    error_kinds: list[ErrorKind] = field(default_factory=list)

    @classmethod
    def rejected(cls, *, rows: int, log: ErrorLog) -> ImportReport:
        kinds = sorted(log.kinds.values(), key=lambda kind: (-kind.count, kind.first_line))
        return cls(
            rows=rows,
            errors=sorted(log.kept, key=lambda error: error.line),
            error_count=log.total,
            error_kinds=kinds if log.total > len(log.kept) else [],
        )

    @classmethod
    def failed(cls, message: str, *, line: int = 0, rows: int = 0) -> ImportReport:
        """A report of one problem with the whole file (or its header line)."""
        return cls(rows=rows, errors=[RowError(line, "", message)], error_count=1)

    @property
    def ok(self) -> bool:
        return not self.error_count

    @property
    def unlisted_errors(self) -> int:
        return self.error_count - len(self.errors)

    def error_lines(self) -> list[str]:
        """One line per listed error, for the command line."""
        return [
            _("Line %(line)s, column “%(column)s”: %(message)s")
            % {"line": e.line, "column": e.column, "message": e.message}
            if e.column
            else _("Line %(line)s: %(message)s") % {"line": e.line, "message": e.message}
            if e.line
            else e.message
            for e in self.errors
        ]


def error_rows(
    errors: Iterable[RowError], kinds: Iterable[ErrorKind], unlisted: int
) -> Iterator[list]:
    """The error list as spreadsheet rows (header first); when it was cut, the count of each
    kind follows. The cells quote the user's own values: the CSV writer neutralises them."""
    yield [_("Line"), _("Column"), _("Problem")]
    for error in errors:
        yield [error.line or "", error.column, error.message]
    if unlisted:
        yield [
            "",
            "",
            _("%(count)s more problems are not listed. By kind, with the first line:")
            % {"count": unlisted},
        ]
        for kind in kinds:
            yield [
                kind.first_line or "",
                kind.column,
                _("%(count)s × %(example)s") % {"count": kind.count, "example": kind.example},
            ]
