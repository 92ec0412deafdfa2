"""Spreadsheet columns of the coverage tables and lists (CSV and XLSX through the rosters'
formula-safe export helper, ``households.exports``)."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _

from households.exports import Column

from .lists import ListKind


class Rows:
    """A plain list that the export helper can stream like a queryset."""

    def __init__(self, items: Iterable):
        self.items = list(items)

    def iterator(self, chunk_size: int | None = None):
        return iter(self.items)

    def __getitem__(self, index):
        return Rows(self.items[index])


def _date(value) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def _pace(value) -> str:
    return "" if value is None else f"{value:.0f}"


def part_columns() -> list[Column]:
    """The parts of an area (wards of the programme, hamlets of a ward)."""
    return [
        Column(_("Area"), lambda p: p.area.name),
        Column(_("Code"), lambda p: p.area.code),
        Column(_("Residents"), lambda p: p.figures.residents),
        Column(_("Adults (16+)"), lambda p: p.figures.adults),
        Column(_("Trained adults"), lambda p: p.figures.trained_adults),
        Column(_("Target"), lambda p: p.target),
        Column(_("Households"), lambda p: p.figures.households),
        Column(_("Digital Families"), lambda p: p.figures.digital_families),
        Column(_("Adults with VNeID level 2"), lambda p: p.figures.adults_vneid2),
        Column(_("Active mentors"), lambda p: p.figures.active_mentors),
        Column(_("Mentors at quota"), lambda p: p.figures.mentors_at_quota),
        Column(_("Trained per week (last 28 days)"), lambda p: _pace(p.outlook.pace_per_week)),
        Column(_("Needed per week"), lambda p: _pace(p.outlook.needed_per_week)),
        Column(_("Projected date"), lambda p: _date(p.outlook.projected_on)),
        Column(_("Off track"), lambda p: _("Yes") if p.outlook.is_off_track else _("No")),
    ]


def trend_columns() -> list[Column]:
    return [
        Column(_("Day"), lambda d: _date(d.day)),
        Column(_("Residents"), lambda d: d.residents),
        Column(_("Adults (16+)"), lambda d: d.adults),
        Column(_("Trained adults"), lambda d: d.trained_adults),
        Column(_("Digital Families"), lambda d: d.digital_families),
        Column(_("Adults with VNeID level 2"), lambda d: d.adults_vneid2),
        Column(_("Adults with a bank account or e-wallet"), lambda d: d.adults_banked),
        Column(_("Active mentors"), lambda d: d.active_mentors),
        Column(_("Mentors at quota"), lambda d: d.mentors_at_quota),
        Column(_("Mentees"), lambda d: d.mentees),
        Column(_("Adults with no mentor"), lambda d: d.adults_without_mentor),
        Column(_("Classes, last 7 days"), lambda d: d.classes_7d),
        Column(_("Classes, last 30 days"), lambda d: d.classes_30d),
        Column(_("Small traders and farmers"), lambda d: d.four_t_candidates),
        Column(_("4T-track completers"), lambda d: d.four_t_completers),
    ]


def _hidden(value):
    return _("fewer than 10") if value is None else value


def segment_columns() -> list[Column]:
    return [
        Column(_("Segment"), lambda s: s.label),
        Column(_("Adults (16+)"), lambda s: _hidden(s.adults)),
        Column(_("Trained adults"), lambda s: _hidden(s.trained)),
        Column(_("4T-track completers"), lambda s: _hidden(s.four_t_completers)),
    ]


def lesson_columns() -> list[Column]:
    return [
        Column(_("Lesson"), lambda row: row.lesson.title),
        Column(_("Track"), lambda row: row.lesson.get_track_display()),
        Column(_("Completions"), lambda row: row.completions),
    ]


def list_columns(kind: ListKind) -> list[Column]:
    if kind.subject == "households":
        return [
            Column(_("Household code"), lambda h: h.code),
            Column(_("Hamlet"), lambda h: h.hamlet.name),
            Column(_("Address"), lambda h: h.address),
            Column(_("Head of household"), lambda h: h.head.full_name if h.head else ""),
            Column(_("Members"), lambda h: h.member_count),
        ]
    if kind.subject == "mentors":
        return [
            Column(_("Mentor"), lambda m: m.full_name),
            Column(_("Phone number"), lambda m: m.phone),
            Column(_("Home hamlet"), lambda m: m.home_hamlet.name),
            Column(_("Team"), lambda m: m.team.name if m.team else ""),
            Column(_("Active mentees"), lambda m: m.mentee_count),
        ]
    return [
        Column(_("Full name"), lambda r: r.full_name),
        Column(_("Date of birth"), lambda r: _date(r.date_of_birth)),
        Column(_("Hamlet"), lambda r: r.household.hamlet.name if r.household else ""),
        Column(_("Household code"), lambda r: r.household.code if r.household else ""),
        Column(_("Phone number"), lambda r: r.phone),
        Column(_("VNeID status"), lambda r: r.get_vneid_level_display()),
        Column(_("Core lessons completed"), lambda r: r.core_done),
    ]
