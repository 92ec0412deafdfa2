"""The outcome of an import: counts, or every bad row (line, column, reason)."""

from __future__ import annotations

import csv
import io
from dataclasses import asdict, dataclass, field

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class RowError:
    #: The line as the spreadsheet shows it (the header is line 1); 0 for the whole file.
    line: int
    #: The column header ("" when the problem is the whole row or file).
    column: str
    message: str


@dataclass
class ImportReport:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    households_created: int = 0
    households_updated: int = 0
    hamlets_created: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def bad_lines(self) -> int:
        return len({error.line for error in self.errors})

    def to_dict(self) -> dict:
        data = asdict(self)
        data["errors"] = [[e.line, e.column, e.message] for e in self.errors]
        return data

    @classmethod
    def from_dict(cls, data: dict) -> ImportReport:
        data = dict(data)
        errors = [RowError(*error) for error in data.pop("errors", [])]
        return cls(**data, errors=errors)

    def errors_csv(self) -> str:
        """The error list as CSV (UTF-8 with BOM so that Excel shows the accents)."""
        buffer = io.StringIO()
        buffer.write("\ufeff")
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow([_("Line"), _("Column"), _("Problem")])
        for error in self.errors:
            # Messages quote the user's own cell values: neutralise formula starters.
            writer.writerow([error.line or "", error.column, _neutralise(error.message)])
        return buffer.getvalue()

    def error_lines(self) -> list[str]:
        """One line per error, for the command line."""
        return [
            _("Line %(line)s, column “%(column)s”: %(message)s")
            % {"line": e.line, "column": e.column, "message": e.message}
            if e.column
            else _("Line %(line)s: %(message)s") % {"line": e.line, "message": e.message}
            if e.line
            else e.message
            for e in self.errors
        ]


def _neutralise(value: str) -> str:
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value
