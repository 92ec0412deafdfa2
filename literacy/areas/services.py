"""Writes for the administrative geography."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from vietnam_provinces import Province as PkgProvince
from vietnam_provinces import Ward as PkgWard

from literacy.audit.models import AuditAction
from literacy.audit.services import audit_record

from .models import Hamlet, HamletType, Province, Ward, WardType

_WARD_TYPES = {"phường": WardType.WARD, "xã": WardType.COMMUNE, "đặc khu": WardType.SPECIAL_ZONE}


@dataclass(frozen=True)
class DivisionLoadResult:
    provinces: int
    created: int
    updated: int
    unchanged: int


class UnknownDivisionError(ValueError):
    pass


def _package_wards(*, province_code: int | None, ward_codes: Iterable[int] | None) -> list[PkgWard]:
    if ward_codes is not None:
        wards = []
        for code in ward_codes:
            try:
                wards.append(PkgWard.from_code(int(code)))
            except ValueError as exc:
                raise UnknownDivisionError(f"Unknown ward code: {code}") from exc
        return wards
    try:
        PkgProvince.from_code(province_code)
    except ValueError as exc:
        raise UnknownDivisionError(f"Unknown province code: {province_code}") from exc
    return list(PkgWard.iter_by_province(province_code))


@transaction.atomic
def divisions_load(
    *, province_code: int | None = None, ward_codes: Iterable[int] | None = None
) -> DivisionLoadResult:
    """Load provinces and wards from `vietnam-provinces`, keyed by official code.

    Idempotent: re-running after a package update renames existing rows, never duplicates them.
    """
    package_wards = _package_wards(province_code=province_code, ward_codes=ward_codes)
    provinces: dict[int, Province] = {}
    for code in sorted({int(w.province_code) for w in package_wards}):
        pkg = PkgProvince.from_code(code)
        provinces[code], _ = Province.objects.update_or_create(
            code=code, defaults={"name": pkg.name, "codename": pkg.codename}
        )
    existing = {
        w.code: w for w in Ward.objects.filter(code__in=[int(w.code) for w in package_wards])
    }
    created = updated = unchanged = 0
    for pkg in package_wards:
        values = {
            "name": pkg.name,
            "codename": pkg.codename,
            "ward_type": _WARD_TYPES[pkg.division_type.value],
            "province": provinces[int(pkg.province_code)],
        }
        ward = existing.get(int(pkg.code))
        if ward is None:
            Ward.objects.create(code=int(pkg.code), **values)
            created += 1
        elif any(getattr(ward, k) != v for k, v in values.items()):
            for key, value in values.items():
                setattr(ward, key, value)
            ward.save()
            updated += 1
        else:
            unchanged += 1
    return DivisionLoadResult(len(provinces), created, updated, unchanged)


def default_programme_ward_codes() -> list[int]:
    """The default programme area: the former Binh Duong province (HCMC wards 25747–25987)."""
    from django.conf import settings

    low, high = settings.PROGRAMME_WARD_CODE_RANGE
    return sorted(
        int(w.code)
        for w in PkgWard.iter_by_province(settings.PROGRAMME_PROVINCE_CODE)
        if low <= int(w.code) <= high
    )


def _hamlet_snapshot(hamlet: Hamlet) -> dict:
    return {"name": hamlet.name, "hamlet_type": hamlet.hamlet_type}


def _audit_hamlet(*, by, action: str, hamlet: Hamlet, before=None, after=None) -> None:
    audit_record(
        actor=by,
        action=action,
        object_type="hamlet",
        object_id=hamlet.pk,
        ward_id=hamlet.ward_id,
        summary=hamlet.name,
        before=before,
        after=after,
    )


@transaction.atomic
def hamlet_create(
    *, ward: Ward, name: str, hamlet_type: str = HamletType.KHU_PHO, by=None
) -> Hamlet:
    """Create a hamlet in ``ward`` (names are unique within a ward, spaces tidied)."""
    hamlet = Hamlet(ward=ward, name=" ".join((name or "").split()), hamlet_type=hamlet_type)
    hamlet.full_clean()
    hamlet.save()
    if by is not None:
        after = _hamlet_snapshot(hamlet)
        _audit_hamlet(by=by, action=AuditAction.CREATE, hamlet=hamlet, after=after)
    return hamlet


@transaction.atomic
def hamlet_rename(*, by, hamlet: Hamlet, name: str, hamlet_type: str | None = None) -> Hamlet:
    """Rename a hamlet (or change its type); its households and residents stay with it."""
    before = _hamlet_snapshot(hamlet)
    hamlet.name = " ".join((name or "").split())
    if hamlet_type:
        hamlet.hamlet_type = hamlet_type
    hamlet.full_clean()
    hamlet.save()
    after = _hamlet_snapshot(hamlet)
    if after != before:
        _audit_hamlet(by=by, action=AuditAction.UPDATE, hamlet=hamlet, before=before, after=after)
    return hamlet
