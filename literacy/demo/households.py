"""Demo data: households and residents at scale (``seed_demo --residents N``).

Households of ~3.5 people spread over the hamlets ``seed_hamlets`` made, with Vietnam's age
pyramid, Vietnamese names, segments, VNeID status, phones and CCCD numbers that agree with each
person's date of birth and gender. Rows are generated per ward and streamed with COPY in chunks,
so 3,000,000 residents fit in minutes and little memory. Idempotent: a ward that already has demo
households (code ``DEMO-…``) is skipped. Deterministic: each ward draws from its own generator
seeded from ``--seed`` and the ward's code, and ages are taken on a fixed reference date.
"""

from __future__ import annotations

import datetime
import random
import time
from bisect import bisect
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import accumulate

from django.db import connection, transaction
from django.utils import timezone

from households.models import ADULT_AGE, ELDERLY_AGE, SEGMENT_FIELDS, Household, Resident
from households.validators import cccd_birth_digits
from literacy.areas.models import Hamlet, Ward, WardType
from literacy.coverage.models import CoverageChange
from literacy.table_statistics import tables_analyse
from literacy.text import fold

from .bulk import copy_in, copy_text, for_each_ward, reserve_ids

DEMO_CODE_PREFIX = "DEMO-"
REFERENCE_DATE = datetime.date(2025, 7, 1)
#: Residents written per COPY (bounded memory whatever --residents is).
CHUNK = 50_000

# Family names with their rough shares in Vietnam (%).
FAMILY_NAMES = {
    "Nguyễn": 38, "Trần": 11, "Lê": 9.5, "Phạm": 7, "Hoàng": 4, "Huỳnh": 4, "Phan": 4.5,
    "Vũ": 3.9, "Võ": 3.5, "Đặng": 2.1, "Bùi": 2, "Đỗ": 1.4, "Hồ": 1.3, "Ngô": 1.3,
    "Dương": 1, "Lý": 0.5, "Trương": 1, "Đinh": 0.8, "Lâm": 0.6, "Mai": 0.5,
}  # fmt: skip
MIDDLE_NAMES = {
    "M": ["Văn", "Văn", "Văn", "Đức", "Minh", "Hữu", "Quốc", "Công", "Thanh", "Hoàng", "Gia"],
    "F": ["Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Kim", "Mỹ", "Bảo", "Phương", "Hồng"],
}
GIVEN_NAMES = {
    "M": ["An", "Bình", "Cường", "Dũng", "Hùng", "Hải", "Long", "Minh", "Nam", "Phong", "Quang",
          "Sơn", "Tâm", "Thắng", "Tuấn", "Việt", "Khoa", "Đạt", "Huy", "Phúc", "Khang", "Lộc",
          "Trung", "Hiếu", "Tài", "Thành", "Vinh", "Bảo", "Duy", "Kiên"],
    "F": ["Anh", "Chi", "Dung", "Giang", "Hà", "Hạnh", "Hoa", "Hương", "Lan", "Linh", "Mai",
          "Ngân", "Nhung", "Phương", "Thảo", "Trang", "Tuyết", "Vy", "Yến", "Hằng", "My", "Nga",
          "Oanh", "Quyên", "Thủy", "Trâm", "Uyên", "Xuân", "Loan", "Diệp"],
}  # fmt: skip
# Vietnam's population by 5-year age band, 0–4 … 85+ (% of the population, GSO 2024, rounded).
AGE_BANDS = [7.0, 7.8, 7.6, 7.0, 6.9, 7.4, 8.0, 8.1, 7.6, 7.0, 6.3, 5.4, 4.5, 3.5, 2.3, 1.4,
             0.9, 0.8]  # fmt: skip
# Household sizes 1…7 (%), mean ≈ 3.5.
HOUSEHOLD_SIZES = [11, 19, 22, 24, 14, 7, 3]
STREETS = ["Lê Lợi", "Trần Hưng Đạo", "Nguyễn Trãi", "Cách Mạng Tháng Tám", "Bạch Đằng",
           "Yersin", "Phú Lợi", "Đại lộ Bình Dương", "Ngô Quyền", "Hùng Vương"]  # fmt: skip
#: Province of birth registration for CCCD numbers: mostly born locally.
BIRTH_PROVINCES = ["074"] * 14 + ["079"] * 3 + ["075", "072", "070", "052", "040", "038"]
PHONE_PREFIXES = [
    "090", "091", "093", "094", "096", "097", "098", "086", "088", "070", "077", "079",
    "081", "083", "084", "085", "032", "033",
]  # fmt: skip

_FAMILY = list(FAMILY_NAMES)
_FAMILY_CUM = list(accumulate(FAMILY_NAMES.values()))
_AGE_CUM = list(accumulate(AGE_BANDS))
_SIZE_CUM = list(accumulate(HOUSEHOLD_SIZES))
_SEGMENT_BITS = {field: 1 << bit for bit, field in enumerate(SEGMENT_FIELDS)}


@dataclass(slots=True)
class Person:
    full_name: str
    name_folded: str
    date_of_birth: datetime.date
    gender: str
    cccd: str | None
    phone: str
    segments: int
    vneid_level: int
    has_bank_account: bool
    has_ewallet: bool


@dataclass(slots=True)
class DemoHousehold:
    hamlet_id: int
    hamlet_name: str
    code: str
    address: str
    members: list[Person]


class PeopleMaker:
    """Draws people and households for one ward from its own random generator."""

    def __init__(self, rng: random.Random, *, ward_slot: int, rural: bool):
        self.rng = rng
        self.ward_slot = ward_slot % 1000
        self.rural = rural
        self.serials: dict[str, int] = {}
        self.folded: dict[str, str] = {}

    def _pick(self, items: list, cumulative: list) -> object:
        return items[bisect(cumulative, self.rng.random() * cumulative[-1])]

    def _fold(self, part: str) -> str:
        folded = self.folded.get(part)
        if folded is None:
            folded = self.folded[part] = fold(part)
        return folded

    def age(self) -> int:
        band = bisect(_AGE_CUM, self.rng.random() * _AGE_CUM[-1])
        return band * 5 + self.rng.randrange(5 if band < len(AGE_BANDS) - 1 else 15)

    def cccd(self, born: datetime.date, gender: str) -> str | None:
        """A number valid for this birth and gender, unique: the serial holds the ward's slot."""
        province = BIRTH_PROVINCES[self.rng.randrange(len(BIRTH_PROVINCES))]
        prefix = f"{province}{cccd_birth_digits(born.year, gender)}"
        serial = self.serials.get(prefix, 0)
        if serial >= 1000:
            return None
        self.serials[prefix] = serial + 1
        return f"{prefix}{self.ward_slot:03d}{serial:03d}"

    def person(self, *, family: str, age: int, gender: str) -> Person:
        rng = self.rng
        middle = MIDDLE_NAMES[gender][rng.randrange(len(MIDDLE_NAMES[gender]))]
        given = GIVEN_NAMES[gender][rng.randrange(len(GIVEN_NAMES[gender]))]
        born = datetime.date.fromordinal(
            REFERENCE_DATE.toordinal() - age * 365 - age // 4 - rng.randrange(1, 365)
        )
        adult = age >= ADULT_AGE
        cccd = self.cccd(born, gender) if age >= 14 and rng.random() < 0.88 else None
        segments = 0
        if 18 <= age <= 55 and rng.random() < (0.12 if self.rural else 0.3):
            segments |= _SEGMENT_BITS["is_worker"]
        if 25 <= age <= 70 and rng.random() < 0.08:
            segments |= _SEGMENT_BITS["is_small_trader"]
        if 18 <= age <= 75 and rng.random() < (0.35 if self.rural else 0.03):
            segments |= _SEGMENT_BITS["is_farmer"]
        if rng.random() < 0.015:
            segments |= _SEGMENT_BITS["has_disability"]
        vneid = 0
        if cccd:
            draw = rng.random() * (1.6 if age >= 70 else 1.0)
            vneid = 2 if draw < 0.62 else 1 if draw < 0.78 else 0
        elderly = age >= ELDERLY_AGE
        return Person(
            full_name=f"{family} {middle} {given}",
            name_folded=f"{self._fold(family)} {self._fold(middle)} {self._fold(given)}",
            date_of_birth=born,
            gender=gender,
            cccd=cccd,
            phone=(
                f"{PHONE_PREFIXES[rng.randrange(len(PHONE_PREFIXES))]}{rng.randrange(10**7):07d}"
                if adult and rng.random() < 0.85
                else ""
            ),
            segments=segments,
            vneid_level=vneid,
            has_bank_account=adult and rng.random() < (0.4 if elderly else 0.72),
            has_ewallet=adult and rng.random() < (0.15 if elderly else 0.48),
        )

    def household(self, *, number: int, hamlets: list[tuple[int, str]], size: int):
        """A household: ages drawn from the pyramid; the oldest adult heads it (listed first)."""
        rng = self.rng
        family = self._pick(_FAMILY, _FAMILY_CUM)
        ages = sorted((self.age() for _ in range(size)), reverse=True)
        if ages[0] < 20:  # nobody runs a household at 12: make the oldest a parent
            ages[0] = 20 + rng.randrange(40)
        minority = rng.random() < 0.025
        members = []
        for index, age in enumerate(ages):
            gender = "M" if rng.random() < 0.5 else "F"
            # The second adult is usually the spouse: the other gender, the spouse's family name.
            spouse = index == 1 and age >= 20 and rng.random() < 0.8
            if spouse:
                gender = "F" if members[0].gender == "M" else "M"
            person = self.person(
                family=self._pick(_FAMILY, _FAMILY_CUM) if spouse else family,
                age=age,
                gender=gender,
            )
            if minority:
                person.segments |= _SEGMENT_BITS["is_ethnic_minority"]
            members.append(person)
        hamlet_id, hamlet_name = hamlets[rng.randrange(len(hamlets))]
        street = STREETS[rng.randrange(len(STREETS))]
        return DemoHousehold(
            hamlet_id=hamlet_id,
            hamlet_name=hamlet_name,
            code=f"{DEMO_CODE_PREFIX}{number:06d}",
            address=f"{rng.randrange(1, 400)} {street}, {hamlet_name}",
            members=members,
        )

    def households(self, *, residents: int, hamlets: list[tuple[int, str]]):
        """Households until ``residents`` people are drawn (the last one is trimmed to fit)."""
        made, number = 0, 0
        while made < residents:
            number += 1
            size = 1 + bisect(_SIZE_CUM, self.rng.random() * _SIZE_CUM[-1])
            household = self.household(
                number=number, hamlets=hamlets, size=min(size, residents - made)
            )
            made += len(household.members)
            yield household


def ward_rng(base: int, ward_code: int) -> random.Random:
    return random.Random(base * 1_000_003 + ward_code)


def split(total: int, wards: int, rng: random.Random) -> list[int]:
    """Share ``total`` residents among wards, unevenly (wards differ in size)."""
    weights = [0.5 + rng.random() for _ in range(wards)]
    shares = [int(total * w / sum(weights)) for w in weights]
    if shares:
        shares[-1] += total - sum(shares)
    return shares


# --- writing -----------------------------------------------------------------------------------


def _resident_row_template() -> tuple[list[str], list[str]]:
    """Columns of Resident in COPY order, and the constant text of those the demo does not set."""
    columns, constants = [], []
    generated = {"id", "ward_id", "household_id", "full_name", "name_folded", "date_of_birth"}
    generated |= {"gender", "phone", "cccd", "vneid_level", "has_bank_account", "has_ewallet"}
    generated |= set(SEGMENT_FIELDS) | {"created_at", "updated_at"}
    for field in Resident._meta.concrete_fields:
        columns.append(field.column)
        if field.column not in generated:
            constants.append(copy_text(field.get_db_prep_save(field.get_default(), connection)))
    return columns, constants


def _write_chunk(cursor, *, ward: Ward, households: list[DemoHousehold], now: str) -> int:
    """COPY one chunk: households (with their heads' ids, reserved up front), then residents."""
    people = sum(len(h.members) for h in households)
    household_ids = reserve_ids(cursor, Household._meta.db_table, len(households))
    resident_ids = iter(reserve_ids(cursor, Resident._meta.db_table, people))
    columns, constants = _resident_row_template()
    household_lines, resident_lines = [], []
    for household, household_id in zip(households, household_ids, strict=True):
        head_id = None
        for person in household.members:
            resident_id = next(resident_ids)
            head_id = head_id or resident_id
            values = {
                "id": resident_id,
                "ward_id": ward.pk,
                "household_id": household_id,
                "full_name": person.full_name,
                "name_folded": person.name_folded,
                "date_of_birth": person.date_of_birth.isoformat(),
                "gender": person.gender,
                "phone": person.phone,
                "cccd": person.cccd,
                "vneid_level": person.vneid_level,
                "has_bank_account": person.has_bank_account,
                "has_ewallet": person.has_ewallet,
                "created_at": now,
                "updated_at": now,
            }
            for field, bit in _SEGMENT_BITS.items():
                values[field] = bool(person.segments & bit)
            constant = iter(constants)
            resident_lines.append(
                "\t".join(copy_text(values[c]) if c in values else next(constant) for c in columns)
                + "\n"
            )
        household_lines.append(
            f"{household_id}\t{ward.pk}\t{household.hamlet_id}\t{copy_text(household.code)}\t"
            f"{copy_text(household.address)}\t{head_id}\t{now}\t{now}\n"
        )
    copy_in(
        cursor,
        f"COPY {Household._meta.db_table} (id, ward_id, hamlet_id, code, address, head_id, "
        "created_at, updated_at) FROM STDIN",
        "".join(household_lines),
    )
    copy_in(
        cursor,
        f"COPY {Resident._meta.db_table} ({', '.join(columns)}) FROM STDIN",
        "".join(resident_lines),
    )
    return people


def _chunks(households: Iterator[DemoHousehold]) -> Iterator[list[DemoHousehold]]:
    chunk, size = [], 0
    for household in households:
        chunk.append(household)
        size += len(household.members)
        if size >= CHUNK:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


def seed_households(*, rng: random.Random, residents: int, stdout, workers: int = 1) -> int:
    """Generate ``residents`` demo residents in households over every ward's hamlets
    (``workers`` wards at a time, see :func:`.bulk.for_each_ward`)."""
    started = time.monotonic()
    wards = list(Ward.objects.order_by("code"))
    base = rng.getrandbits(48)
    shares = split(residents, len(wards), rng)
    seeded = set(
        Household.objects.filter(code__startswith=DEMO_CODE_PREFIX)
        .values_list("ward_id", flat=True)
        .distinct()
    )
    hamlets: dict[int, list[tuple[int, str]]] = {}
    for hamlet_id, ward_id, name in Hamlet.objects.order_by("name").values_list(
        "id", "ward_id", "name"
    ):
        hamlets.setdefault(ward_id, []).append((hamlet_id, name))
    now = timezone.now().isoformat()
    todo = []
    skipped = 0
    for slot, (ward, share) in enumerate(zip(wards, shares, strict=True)):
        if ward.pk in seeded or share <= 0 or not hamlets.get(ward.pk):
            skipped += ward.pk in seeded
            continue
        todo.append((slot, ward, share))

    def seed_ward(item: tuple[int, Ward, int]) -> int:
        slot, ward, share = item
        maker = PeopleMaker(
            ward_rng(base, ward.code), ward_slot=slot, rural=ward.ward_type != WardType.WARD
        )
        made = 0
        with transaction.atomic(), connection.cursor() as cursor:
            for chunk in _chunks(maker.households(residents=share, hamlets=hamlets[ward.pk])):
                made += _write_chunk(cursor, ward=ward, households=chunk, now=now)
        return made

    made = sum(for_each_ward(todo, seed_ward, workers=workers))
    if made:
        # Fresh statistics for the steps that follow (classes read each ward's adults), rather
        # than plans made for tables autovacuum has not looked at yet.
        tables_analyse(models=[Household, Resident, CoverageChange])
    stdout.write(
        f"Residents: {made} created in {time.monotonic() - started:.1f} s"
        + (f" ({skipped} wards already had demo residents)." if skipped else ".")
    )
    return made
