"""Every page of the menu, for each role, on a 360 px phone: nothing runs off the side of the
screen (no table hides columns behind a sideways scroll) and axe-core finds nothing serious.

The pages are the role's menu entries plus the pages one step from them (a resident, their
progress, a household, a class, its sheet, the calendar, the forms), with data on them.
"""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from households.tests.factories import HamletFactory, HouseholdFactory, ResidentFactory
from lessons.models import Track
from lessons.services.classes import class_create
from lessons.tests.dates import PAST_MONTH
from lessons.tests.factories import LessonFactory
from literacy.accounts.roles import Role
from literacy.audit.services import audit_record
from literacy.navigation import nav_items_for

from .fixtures import axe_check

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE_WIDTH = 360
#: Extra pages (beyond the menu) per role, as (url name, world key of the object or None).
EXTRA_PAGES = {
    Role.PROVINCIAL: [
        ("households:resident_detail", "resident"),
        ("lessons:resident_progress", "resident"),
        ("households:household_detail", "household"),
        ("households:family_todo", None),
        ("lessons:class_detail", "class"),
        ("lessons:class_calendar", None),
        ("lessons:class_sheet", "class"),
        ("lessons:lesson_manage", None),
        ("accounts:user_edit", "official"),
    ],
    Role.WARD_OFFICIAL: [
        ("households:resident_detail", "resident"),
        ("households:resident_create", None),
        ("lessons:resident_progress", "resident"),
        ("households:household_detail", "household"),
        ("households:family_todo", None),
        ("lessons:class_detail", "class"),
        ("lessons:class_edit", "class"),
        ("lessons:class_calendar", None),
        ("lessons:class_sheet", "class"),
        ("areas:hamlet_create", None),
        ("accounts:user_create", None),
    ],
    Role.TEAM_LEAD: [],
    Role.MENTOR: [],
}

_OVERFLOW = """() => {
  const root = document.documentElement;
  const width = root.clientWidth;
  const wide = [];
  if (root.scrollWidth > width) wide.push("page " + root.scrollWidth);
  document.querySelectorAll("table, .table-wrap").forEach((el) => {
    const box = el.getBoundingClientRect();
    if (el.scrollWidth > el.clientWidth + 1 || box.right > width + 1) {
      wide.push((el.className || el.tagName) + " " + el.scrollWidth + ">" + el.clientWidth);
    }
  });
  return wide;
}"""


@pytest.fixture
def world(ward_a, ward_official, make_user):
    """Ward A with hamlets, households, residents, a class held last month, and an audit entry."""
    hamlets = [HamletFactory(ward=ward_a, name=f"Khu phố {n}") for n in (1, 2)]
    household = HouseholdFactory(hamlet=hamlets[0], address="12 Đường Lê Lợi, Phường Phú Cường")
    residents = [
        ResidentFactory(household=household, full_name=f"Nguyễn Thị Người Dân Số {n}")
        for n in range(1, 6)
    ]
    household.head = residents[0]
    household.save()
    HouseholdFactory(hamlet=hamlets[1])
    lessons = [
        LessonFactory(code="vneid", title_vi="Cài đặt và kích hoạt VNeID", track=Track.CORE),
        LessonFactory(code="dvc", title_vi="Dịch vụ công trực tuyến", track=Track.CORE),
        LessonFactory(code="4t", title_vi="Bán hàng trên mạng", track=Track.FOUR_T),
    ]
    last_month = PAST_MONTH  # in the past on any day the suite runs
    held = class_create(
        by=ward_official,
        hamlet=hamlets[0],
        starts_at=timezone.make_aware(
            datetime.datetime.combine(last_month.replace(day=10), datetime.time(18, 30))
        ),
        lessons=lessons[:2],
        attendees=residents[:3],
        venue="Nhà văn hóa khu phố 1",
    )
    audit_record(
        actor=ward_official,
        action="update",
        object_type="resident",
        object_id=residents[0].pk,
        ward_id=ward_a.pk,
        summary=residents[0].full_name,
    )
    return {
        "resident": residents[0],
        "household": household,
        "class": held,
        "official": ward_official,
        "month": last_month.strftime("%Y-%m"),
    }


def _users(ward_a, ward_official, make_user) -> dict:
    return {
        Role.PROVINCIAL: make_user("tinh360", Role.PROVINCIAL),
        Role.WARD_OFFICIAL: ward_official,
        Role.TEAM_LEAD: make_user("totruong360", Role.TEAM_LEAD, wards=[ward_a]),
        Role.MENTOR: make_user("mentor360", Role.MENTOR, wards=[ward_a]),
    }


def _urls(user, role, world) -> list[str]:
    urls = [reverse(item.url_name) for item in nav_items_for(user)]
    for name, key in EXTRA_PAGES[role]:
        urls.append(reverse(name, args=[world[key].pk]) if key else reverse(name))
    return list(dict.fromkeys(urls))


@pytest.mark.parametrize("role", [Role.PROVINCIAL, Role.WARD_OFFICIAL, Role.TEAM_LEAD, Role.MENTOR])
def test_every_page_of_the_menu_fits_a_phone_and_passes_axe(
    page, sign_in_browser, ward_a, ward_official, make_user, world, role, artifacts_dir
):
    user = _users(ward_a, ward_official, make_user)[role]
    sign_in_browser(page, user)
    problems = []
    urls = _urls(user, role, world)
    assert len(urls) >= 2
    for url in urls:
        response = page.goto(url)
        assert response.status == 200, f"{url} as {role}: {response.status}"
        for wide in page.evaluate(_OVERFLOW):
            problems.append(f"{url}: wider than the phone: {wide}")
        for finding in axe_check(page):
            problems.append(f"{url}: {finding['impact']} {finding['id']} at {finding['nodes']}")
    page.screenshot(path=str(artifacts_dir / f"phone-{role}-last-page.png"), full_page=True)
    assert not problems, "\n".join(problems)


def test_public_pages_fit_a_phone_and_pass_axe_without_signing_in(page, world):
    problems = []
    for url in (reverse("home"), reverse("lessons:lesson_list"), reverse("account_login")):
        response = page.goto(url)
        assert response.status == 200, f"{url}: {response.status}"
        problems += [f"{url}: wider than the phone: {wide}" for wide in page.evaluate(_OVERFLOW)]
        problems += [f"{url}: {f['impact']} {f['id']} at {f['nodes']}" for f in axe_check(page)]
    assert not problems, "\n".join(problems)
