"""Register mentors from a spreadsheet: all or nothing, every bad cell named (line, column, why).

The file is read by the roster import's reader (CSV in UTF-8, Excel's Unicode text or XLSX,
told from the content) and reported with its :class:`RowError`/:class:`ImportReport`. Columns:
name, phone, organisation, hamlet, team (header spellings and accents do not matter). Every row
is checked before anything is written; one bad row and nothing is stored. A good file becomes
mentors through ``mentors_create`` (one account and sign-in card each).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from households.importing.columns import Column, header_key
from households.importing.readers import FileError, read_table
from households.importing.report import ImportReport, RowError
from households.importing.values import CellError, clean_text, parse_phone
from literacy.areas.models import Hamlet, Ward
from literacy.text import fold

from .models import CommunityTeam, Mentor, Organisation
from .services.mentors import NewMentor, SignInCard, mentors_create

#: Volunteers come in dozens: a bigger file is most likely the wrong file (a roster).
MAX_ROWS = 500

#: The template's columns. Headers are data (the file format): they stay Vietnamese.
COLUMNS: tuple[Column, ...] = (
    Column("full_name", "Họ và tên", required=True, aliases=("họ tên", "tên")),
    Column("phone", "Số điện thoại", required=True, aliases=("điện thoại", "sđt", "số đt")),
    Column("organisation", "Đơn vị", aliases=("tổ chức", "cơ quan", "đơn vị công tác")),
    Column("hamlet", "Khu phố/Ấp", required=True, aliases=("khu phố", "ấp", "tổ dân phố")),
    Column("team", "Tổ công nghệ số", aliases=("tổ", "tổ công nghệ số cộng đồng", "nhóm")),
)
_KEYS = {header_key(s): c.key for c in COLUMNS for s in (c.header, *c.aliases)}
HEADERS = {c.key: c.header for c in COLUMNS}

#: How organisations are written in the field (folded) → choice.
ORGANISATION_WORDS = {
    Organisation.YOUTH_UNION: ("doan thanh nien", "thanh nien", "doan tn", "youth union"),
    Organisation.WOMENS_UNION: ("hoi phu nu", "phu nu", "hoi lhpn", "lhpn", "women's union"),
    Organisation.VETERANS: ("hoi cuu chien binh", "cuu chien binh", "ccb", "veterans"),
    Organisation.TELECOM: ("vien thong", "viettel", "vnpt", "mobifone", "telecom"),
    Organisation.SCHOOL: ("truong hoc", "truong", "giao vien", "sinh vien", "hoc sinh", "school"),
    Organisation.OTHER: ("khac", "other"),
}


def _organisation(value: str) -> str:
    folded = fold(value)
    if not folded:
        return Organisation.OTHER
    for choice, words in ORGANISATION_WORDS.items():
        if folded == fold(str(choice.label)) or any(folded.startswith(w) for w in words):
            return choice
    raise CellError(
        _("“%(value)s” is not a known organisation. Write one of: %(choices)s.")
        % {"value": value, "choices": ", ".join(str(label) for label in Organisation.labels)}
    )


@dataclass
class MentorImport:
    report: ImportReport
    cards: list[SignInCard] = field(default_factory=list)


def _positions(header: list[str]) -> dict[str, int]:
    positions: dict[str, int] = {}
    errors = []
    for index, cell in enumerate(header):
        key = _KEYS.get(header_key(cell))
        if key is None:
            continue
        if key in positions:
            errors.append(_("The column “%(header)s” appears twice.") % {"header": HEADERS[key]})
        positions[key] = index
    missing = [c.header for c in COLUMNS if c.required and c.key not in positions]
    if missing:
        errors.append(
            _("Required columns are missing: %(columns)s. Download the template to see them.")
            % {"columns": ", ".join(missing)}
        )
    if errors:
        raise FileError(" ".join(errors))
    return positions


class _Rows:
    """Checks each row against the ward's hamlets, teams and mentors (read once)."""

    def __init__(self, ward: Ward):
        self.hamlets = {fold(h.name): h for h in Hamlet.objects.filter(ward=ward)}
        self.teams = {fold(t.name): t for t in CommunityTeam.objects.filter(ward=ward)}
        self.phones = set(Mentor.objects.filter(ward=ward).values_list("phone", flat=True))
        self.seen_phones: dict[str, int] = {}

    def parse(self, line: int, cells: dict[str, str], errors: list[RowError]) -> NewMentor | None:
        def error(key: str, message: str) -> None:
            errors.append(RowError(line, HEADERS[key], message))

        before = len(errors)
        name = clean_text(cells.get("full_name", ""))
        if not name:
            error("full_name", _("The name is missing."))
        elif len(name) > Mentor._meta.get_field("full_name").max_length:
            error("full_name", _("The name is longer than 150 characters."))
        phone = ""
        try:
            phone = parse_phone(cells.get("phone", ""))
        except CellError as exc:
            error("phone", str(exc))
        if phone in self.phones:
            error("phone", _("A mentor of this ward already has the phone number %(phone)s.")
                  % {"phone": phone})  # fmt: skip
        elif phone and phone in self.seen_phones:
            error("phone", _("The phone number %(phone)s is also on line %(line)s.")
                  % {"phone": phone, "line": self.seen_phones[phone]})  # fmt: skip
        self.seen_phones.setdefault(phone, line)
        organisation = Organisation.OTHER
        try:
            organisation = _organisation(cells.get("organisation", ""))
        except CellError as exc:
            error("organisation", str(exc))
        hamlet_name = clean_text(cells.get("hamlet", ""))
        hamlet = self.hamlets.get(fold(hamlet_name))
        if hamlet is None:
            error("hamlet", _("The ward has no hamlet named “%(name)s”.") % {"name": hamlet_name}
                  if hamlet_name else _("The hamlet is missing."))  # fmt: skip
        team_name = clean_text(cells.get("team", ""))
        team = self.teams.get(fold(team_name)) if team_name else None
        if team_name and team is None:
            error("team", _("The ward has no team named “%(name)s”; add it on the teams page "
                            "first.") % {"name": team_name})  # fmt: skip
        if len(errors) > before:
            return None
        return NewMentor(name, phone, organisation, hamlet, team)


def mentors_import(*, by, ward: Ward, file) -> MentorImport:
    """Check every row of ``file``; if all are good, register them all in ``ward``."""
    report = ImportReport()
    try:
        table = read_table(file)
        positions = _positions(table.header)
        rows = _Rows(ward)
        new: list[NewMentor] = []
        for line, cells in table.rows:
            if not any(cell.strip() for cell in cells):
                continue
            report.rows += 1
            if report.rows > MAX_ROWS:
                raise FileError(
                    _("The file has more than %(max)s mentors. Split it into several files.")
                    % {"max": MAX_ROWS}
                )
            values = {key: cells[i] if i < len(cells) else "" for key, i in positions.items()}
            mentor = rows.parse(line, values, report.errors)
            if mentor is not None:
                new.append(mentor)
    except FileError as exc:
        report.errors = [RowError(0, "", str(exc))]
        return MentorImport(report)
    if not report.rows:
        report.errors = [RowError(0, "", _("The file has no mentors under its header."))]
    if not report.ok:
        return MentorImport(report)
    cards = mentors_create(by=by, ward=ward, mentors=new)
    report.created = len(cards)
    return MentorImport(report, cards)


def template_csv() -> str:
    """The empty template with one example row (UTF-8 with BOM so that Excel shows accents)."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([c.header for c in COLUMNS])
    writer.writerow(["Nguyễn Thị Mai", "0901234567", "Đoàn Thanh niên", "Khu phố 1", ""])
    return buffer.getvalue()
