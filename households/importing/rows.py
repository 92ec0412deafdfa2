"""Validate every row in pure Python and write the valid ones as COPY text for the staging table.

One pass, no database access: cell parsing, CCCD rules, duplicates inside the file and the
consistency of each household (one hamlet, one address, one head). The database checks
(CCCDs used in other wards, known people) come later, in :mod:`.loader`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from ..validators import PROVINCE_CODES, cccd_birth_digits, cccd_errors
from .columns import COLUMN_BY_KEY
from .readers import Table
from .report import ErrorLog, RowError
from .values import (
    CellError,
    DateParser,
    clean_text,
    fast_fold,
    masked_cccd_digits,
    normalise_cccd,
    parse_gender,
    parse_head,
    parse_phone,
    parse_segments,
    parse_vneid,
    parse_yes_no,
)

#: Columns of the staging table, in COPY order.
STAGE_COLUMNS = (
    "line",
    "full_name",
    "name_folded",
    "date_of_birth",
    "gender",
    "cccd",
    "phone",
    "household_code",
    "is_head",
    "segments",
    "vneid_level",
    "has_bank_account",
    "has_ewallet",
    "cccd_last4",
)
NULL = "\\N"
_BOOL = {None: NULL, True: "t", False: "f"}


@dataclass
class HouseholdRow:
    line: int
    hamlet_key: int
    address: str
    head_line: int | None = None


@dataclass
class Validated:
    rows: int = 0
    errors: ErrorLog = field(default_factory=ErrorLog)
    #: COPY text (tab separated) of the valid rows.
    stage: list[str] = field(default_factory=list)
    #: Household code → what the file says about the household.
    households: dict[str, HouseholdRow] = field(default_factory=dict)
    #: Distinct hamlets: folded name → (key, name as first written).
    hamlets: dict[str, tuple[int, str]] = field(default_factory=dict)
    #: Line → the CCCD written on it (for the database checks' messages).
    cccd_lines: dict[str, int] = field(default_factory=dict)


def copy_text(value: str) -> str:
    # clean_text already removed tabs and line breaks; only the backslash needs escaping.
    return value.replace("\\", "\\\\") if "\\" in value else value


def _memo(parse):
    """Cells such as "Nam", "có", "2" repeat on every row: parse each distinct text once.

    Returns a lookup ``text → value or CellError`` (the error is returned, not raised: the
    row loop checks for it without a try block per cell)."""
    seen: dict[str, object] = {}

    def parse_cached(text: str):
        try:
            return seen[text]
        except KeyError:
            try:
                result = parse(text)
            except CellError as exc:
                result = exc
            seen[text] = result
            return result

    return parse_cached


def _cached_clean(cache: dict[str, str]):
    """``clean_text`` for columns that repeat (hamlet, household code, address)."""

    def clean(value: str) -> str:
        try:
            return cache[value]
        except KeyError:
            cleaned = cache[value] = clean_text(value)
            return cleaned

    return clean


def _cccd_prefixes() -> tuple[dict[int, tuple[str]], dict[int, tuple[str]], dict[int, tuple]]:
    """Birth year → digits 4–6 of a right CCCD: for men, for women, for either. A quick check
    for the numbers that are right; the others go through ``cccd_errors`` for the messages."""
    men, women, either = {}, {}, {}
    for year in range(1900, 2400):
        men[year] = (cccd_birth_digits(year, "M"),)
        women[year] = (cccd_birth_digits(year, "F"),)
        either[year] = men[year] + women[year]
    return men, women, either


_CCCD_PREFIXES = _cccd_prefixes()


def validate_rows(
    table: Table,
    positions: dict[str, int],
    *,
    progress: Callable[[int], None] | None = None,
    progress_every: int = 5000,
) -> Validated:
    """Check every row; collect the errors (line, column, reason) and the staging text."""
    rows = table.rows
    width = len(table.header)
    out = Validated()
    errors = out.errors
    stage_append = out.stage.append
    households = out.households
    hamlets = out.hamlets
    cccd_lines = out.cccd_lines
    identities: dict[tuple[str, object, str], int] = {}
    parse_date = DateParser()
    parse_gender_ = _memo(parse_gender)
    parse_head_ = _memo(parse_head)
    parse_segments_ = _memo(parse_segments)
    parse_vneid_ = _memo(parse_vneid)
    parse_yes_no_ = _memo(parse_yes_no)
    fold_hamlet = _memo(fast_fold)
    clean_hamlet = _cached_clean({})
    clean_code = _cached_clean({})
    clean_address = _cached_clean({})
    dates = parse_date.cache
    prefixes_m, prefixes_f, prefixes = _CCCD_PREFIXES
    header = {key: column.header for key, column in COLUMN_BY_KEY.items()}
    # Absent optional columns read the always-empty cell at index ``width``.
    p = {key: positions.get(key, width) for key in COLUMN_BY_KEY}
    p_name, p_dob, p_gender, p_cccd, p_phone = (
        p["full_name"],
        p["date_of_birth"],
        p["gender"],
        p["cccd"],
        p["phone"],
    )
    p_hamlet, p_code, p_address, p_head = (
        p["hamlet"],
        p["household_code"],
        p["household_address"],
        p["is_head"],
    )
    p_segments, p_vneid, p_bank, p_wallet = (
        p["segments"],
        p["vneid"],
        p["has_bank_account"],
        p["has_ewallet"],
    )
    padded = width + 1
    blank = [""] * padded
    count = 0
    # Cells that would be lost: under an empty header cell, or right of the header's last one.
    unnamed = [index for index, text in enumerate(table.header) if not text]
    formulas = dict(table.formulas)
    mapped = {position: key for key, position in positions.items()}
    unnamed_cell = _(
        "This cell has no column name in the header row, so it would be lost: delete it or "
        "give its column a name."
    )
    formula_cell = _(
        "A formula without a value; paste values: copy the column, then Paste Special → Values."
    )

    def letter(position: int) -> str:
        return get_column_letter(table.first_column + position + 1)

    def lost_and_formula_cells(line: int, cells: list[str]) -> list[RowError]:
        found = [
            RowError(line, letter(index), unnamed_cell)
            for index in (*unnamed, *range(width, len(cells)))
            if index < len(cells) and cells[index].strip()
        ]
        found += [
            RowError(line, header[mapped[index]], formula_cell)
            for index in formulas.pop(line, ())
            if index in mapped
        ]
        return found

    for line, cells in rows:
        special = (
            lost_and_formula_cells(line, cells)
            if unnamed or len(cells) > width or (formulas and line in formulas)
            else None
        )
        if len(cells) != padded or cells[width]:  # the last cell stays empty (absent columns)
            cells = (cells + blank)[:padded] if len(cells) < padded else cells[:width] + [""]
        if not any(cells):
            if special:  # nothing else on the row: only what would be lost
                errors.extend(special)
            continue
        count += 1
        if progress is not None and count % progress_every == 0:
            progress(count)
        row_errors: list[RowError] = []

        def bad(
            key: str, message: str, kind: str = "", line: int = line, row_errors=row_errors
        ) -> None:
            row_errors.append(RowError(line, header[key], str(message), kind))

        name = clean_text(cells[p_name])
        if not name:
            bad("full_name", _("The name is missing."))
        elif len(name) > 150:
            bad("full_name", _("The name is longer than 150 characters."))
        folded = fast_fold(name)

        raw = cells[p_dob].strip()
        dob = dates.get(raw)
        if dob is None:
            if not raw:
                bad("date_of_birth", _("The date of birth is missing."))
            else:
                try:
                    dob = parse_date(raw)
                except CellError as exc:
                    bad("date_of_birth", str(exc), exc.kind)

        gender = None
        raw = cells[p_gender]
        if raw:
            gender = parse_gender_(raw)
            if gender.__class__ is CellError:
                bad("gender", str(gender), gender.kind)
                gender = None

        cccd = last4 = None
        raw = cells[p_cccd].strip()
        if raw[:1] == "*" and (last4 := masked_cccd_digits(raw)):
            pass  # as exported: unchanged, the person is matched by the other columns
        elif raw:
            cccd = normalise_cccd(raw)
            # The right numbers (nearly all) pass a quick check; the others get the full one,
            # which says which part is wrong.
            if (
                dob is not None
                and len(cccd) == 12
                and cccd.isascii()
                and cccd.isdigit()
                and cccd[:3] in PROVINCE_CODES
                and cccd[3:6]
                in (
                    prefixes[dob.year]
                    if gender is None
                    else (prefixes_m if gender == "M" else prefixes_f)[dob.year]
                )
            ):
                problems = ()
            else:
                problems = cccd_errors(cccd, date_of_birth=dob, gender=gender)
            for problem in problems:
                bad("cccd", problem, "cccd")
            if not problems:
                first = cccd_lines.get(cccd)
                if first is not None:
                    bad(
                        "cccd",
                        _("The same citizen ID is on line %(line)s.") % {"line": first},
                        "twice",
                    )
                else:
                    cccd_lines[cccd] = line

        phone = None
        raw = cells[p_phone].strip()
        if raw:
            try:
                phone = parse_phone(raw)
            except CellError as exc:
                bad("phone", str(exc), exc.kind)

        hamlet = clean_hamlet(cells[p_hamlet])
        hamlet_key = None
        if not hamlet:
            bad("hamlet", _("The neighbourhood/hamlet is missing."))
        elif len(hamlet) > 100:
            bad("hamlet", _("The neighbourhood/hamlet name is longer than 100 characters."))
        else:
            hamlet_folded = fold_hamlet(hamlet)
            known = hamlets.get(hamlet_folded)
            if known is None:
                known = hamlets[hamlet_folded] = (len(hamlets), hamlet)
            hamlet_key = known[0]

        code = clean_code(cells[p_code])
        if not code:
            bad("household_code", _("The household code is missing."))
        elif len(code) > 30:
            bad("household_code", _("The household code is longer than 30 characters."))
            code = ""

        address = clean_address(cells[p_address])
        if len(address) > 255:
            bad("household_address", _("The address is longer than 255 characters."))

        is_head = parse_head_(cells[p_head])
        if is_head.__class__ is CellError:
            bad("is_head", str(is_head), is_head.kind)
            is_head = False
        segments = parse_segments_(cells[p_segments])
        if segments.__class__ is CellError:
            bad("segments", str(segments), segments.kind)
            segments = None
        vneid = parse_vneid_(cells[p_vneid])
        if vneid.__class__ is CellError:
            bad("vneid", str(vneid), vneid.kind)
            vneid = None
        bank = parse_yes_no_(cells[p_bank])
        if bank.__class__ is CellError:
            bad("has_bank_account", str(bank), bank.kind)
            bank = None
        wallet = parse_yes_no_(cells[p_wallet])
        if wallet.__class__ is CellError:
            bad("has_ewallet", str(wallet), wallet.kind)
            wallet = None

        if code and hamlet_key is not None:
            household = households.get(code)
            if household is None:
                households[code] = HouseholdRow(
                    line, hamlet_key, address, line if is_head else None
                )
            else:
                if household.hamlet_key != hamlet_key:
                    bad(
                        "hamlet",
                        _("Household %(code)s is in another neighbourhood/hamlet on line %(line)s.")
                        % {"code": code, "line": household.line},
                        "household_hamlet",
                    )
                if address and household.address and address != household.address:
                    bad(
                        "household_address",
                        _("Household %(code)s has another address on line %(line)s.")
                        % {"code": code, "line": household.line},
                        "household_address",
                    )
                elif address and not household.address:
                    household.address = address
                if is_head:
                    if household.head_line is not None:
                        bad(
                            "is_head",
                            _("Household %(code)s already has its head on line %(line)s.")
                            % {"code": code, "line": household.head_line},
                            "household_head",
                        )
                    else:
                        household.head_line = line

        if name and dob is not None and code:
            identity = (folded, dob, code)
            first = identities.get(identity)
            if first is not None:
                bad(
                    "full_name",
                    _(
                        "The same person (name, date of birth and household) is already on "
                        "line %(line)s."
                    )
                    % {"line": first},
                    "person_twice",
                )
            else:
                identities[identity] = line

        if special:
            # A formula read as blank is reported as a formula, not as a missing value.
            formula_columns = {e.column for e in special if e.message == formula_cell}
            row_errors = special + [e for e in row_errors if e.column not in formula_columns]
        if row_errors:
            errors.extend(row_errors)
            continue
        stage_append(
            f"{line}\t{copy_text(name)}\t{copy_text(folded)}\t{dob.isoformat()}\t"
            f"{gender or NULL}\t{cccd or NULL}\t{phone or NULL}\t{copy_text(code)}\t"
            f"{'t' if is_head else 'f'}\t{NULL if segments is None else segments}\t"
            f"{NULL if vneid is None else vneid}\t{_BOOL[bank]}\t{_BOOL[wallet]}\t"
            f"{last4 or NULL}\n"
        )
    for line in sorted(formulas):  # formula rows past the last cell with a value
        errors.extend(lost_and_formula_cells(line, []))
    out.rows = count
    return out
