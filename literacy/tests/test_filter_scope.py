"""Filters do not tell another ward's objects from objects that do not exist.

Every id filter of every API list and page is tried with an id in the caller's scope (it
filters), an id of another ward and an id that does not exist: the last two must get the same
answer (status and body, the echoed id aside). The router's filters are read, not listed: a new
API filter naming objects fails here until it has a case below.
"""

from __future__ import annotations

import datetime
import re
import uuid
from dataclasses import dataclass
from types import SimpleNamespace

import django_filters
import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from django.utils import timezone
from django_filters.filters import QuerySetRequestMixin
from rest_framework.relations import ManyRelatedField, RelatedField

from households.models import Resident
from households.tests.factories import HamletFactory, HouseholdFactory, ResidentFactory
from lessons.models import Completion
from lessons.services.classes import class_create
from lessons.tests.factories import LessonFactory
from literacy.accounts.roles import Role
from literacy.api_urls import router
from literacy.scoped_choices import (
    ScopedFilterBackend,
    ScopedFilterSet,
    ScopedModelChoiceFilter,
    ScopedPrimaryKeyField,
)
from mentors.models import Assignment, Tick
from mentors.tests.factories import CommunityTeamFactory, MentorFactory, MentorUserFactory

MISSING = 987_654_321


def _ward_objects(ward, tag: str, lesson) -> SimpleNamespace:
    hamlet = HamletFactory(ward=ward, name=f"Khu phố {tag}")
    household = HouseholdFactory(hamlet=hamlet, code=f"HO-{tag}")
    resident = ResidentFactory(household=household, full_name=f"Nguyễn Văn {tag}")
    session = class_create(
        by=None,
        hamlet=hamlet,
        starts_at=timezone.now() - datetime.timedelta(days=1),
        lessons=[lesson],
        attendees=[resident],
        venue=f"Nhà văn hóa {tag}",
    )
    lead = MentorUserFactory(username=f"lead_{tag}", role=Role.TEAM_LEAD, wards=[ward])
    team = CommunityTeamFactory(ward=ward, name=f"Tổ {tag}", lead=lead)
    mentor = MentorFactory(home_hamlet=hamlet, team=team, full_name=f"Lê Thị {tag}")
    Assignment.objects.create(mentor=mentor, mentee=resident, starts_at=session.starts_at)
    tick = Tick.objects.create(
        key=uuid.uuid4(),
        mentor=mentor,
        resident=resident,
        ward_id=resident.ward_id,
        lesson=lesson,
        ticked_at=session.starts_at,
        received_at=session.starts_at,
    )
    return SimpleNamespace(
        ward=ward,
        hamlet=hamlet,
        household=household,
        resident=resident,
        class_session=session,
        completion=Completion.objects.get(resident=resident),
        team=team,
        lead=lead,
        mentor=mentor,
        mentee=resident,
        tick_key=str(tick.key),
        marker=tag,
    )


@pytest.fixture
def world(ward_a, ward_b):
    lesson = LessonFactory()
    return SimpleNamespace(
        a=_ward_objects(ward_a, "TrongPhamVi", lesson),
        b=_ward_objects(ward_b, "NgoaiPhamVi", lesson),
    )


@dataclass(frozen=True)
class Case:
    url: str  # a URL name
    param: str
    #: the attribute of a ward's objects the filter names (``hamlet``, ``resident``…)
    target: str
    api: bool = False
    query: tuple = ()  # more of the query string
    #: the attribute of a ward's objects that a filtered answer shows (a list of ticks shows
    #: their keys, not names)
    shown: str = "marker"

    @property
    def id(self) -> str:
        return f"{self.url}?{self.param}"


API_CASES = [
    Case("api:resident-list", "ward", "ward", api=True),
    Case("api:resident-list", "hamlet", "hamlet", api=True),
    Case("api:resident-list", "household", "household", api=True),
    Case("api:household-list", "ward", "ward", api=True),
    Case("api:household-list", "hamlet", "hamlet", api=True),
    Case("api:hamlet-list", "ward", "ward", api=True),
    Case("api:class-list", "ward", "ward", api=True),
    Case("api:class-list", "hamlet", "hamlet", api=True),
    Case("api:completion-list", "resident", "resident", api=True),
    Case("api:completion-list", "class_session", "class_session", api=True),
    Case("api:mentor-list", "ward", "ward", api=True),
    Case("api:mentor-list", "team", "team", api=True),
    Case("api:mentor-list", "home_hamlet", "hamlet", api=True),
    Case("api:team-list", "ward", "ward", api=True),
    Case("api:team-list", "lead", "lead", api=True),
    Case("api:assignment-list", "mentor", "mentor", api=True),
    Case("api:assignment-list", "mentee", "mentee", api=True),
    Case("api:tick-list", "resident", "resident", api=True, shown="tick_key"),
]
#: Filters naming objects every signed-in user sees (the lesson catalogue): nothing to leak.
PUBLIC_CHOICES = {("completion", "lesson"), ("tick", "lesson")}

PAGE_CASES = [
    Case("households:resident_list", "ward", "ward"),
    Case("households:resident_list", "hamlet", "hamlet"),
    Case("households:resident_list", "household", "household"),
    Case("households:resident_export_csv", "hamlet", "hamlet"),
    Case("households:household_list", "ward", "ward"),
    Case("households:household_list", "hamlet", "hamlet"),
    Case("households:household_export_csv", "hamlet", "hamlet"),
    Case("households:family_todo", "hamlet", "hamlet"),
    Case("households:identity_todo", "hamlet", "hamlet"),
    Case("lessons:class_list", "ward", "ward"),
    Case("lessons:class_list", "hamlet", "hamlet"),
    Case("lessons:class_calendar", "ward", "ward"),
    Case("lessons:class_calendar", "hamlet", "hamlet"),
    Case("lessons:attendee_search", "ward", "ward", query=(("q", "nguyen"),)),
]


def _get(client, case: Case, value):
    return client.get(reverse(case.url), {case.param: value, **dict(case.query)})


def _text(response) -> str:
    if response.streaming:  # the CSV exports
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def _normalised(response, case: Case, value) -> str:
    """The body without what differs between two requests anyway: the id it echoes, the CSRF
    token, a CSP nonce."""
    text = _text(response)
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", text)
    text = re.sub(r'nonce="[^"]*"', "", text)
    text = re.sub(rf"\b{case.param}={value}(?!\d)", f"{case.param}=ID", text)
    return re.sub(rf'name="{case.param}" value="{value}"', f'name="{case.param}" value="ID"', text)


def _shows(text: str, objects, case: Case) -> bool:
    return getattr(objects, case.shown) in text


@pytest.mark.parametrize("case", API_CASES + PAGE_CASES, ids=lambda case: case.id)
def test_an_out_of_scope_id_answers_like_a_missing_one(case, world, login, ward_official):
    client = login(ward_official)
    if case.url == "lessons:class_calendar":  # the classes were yesterday: show their month
        yesterday = timezone.localdate() - datetime.timedelta(days=1)
        case = Case(case.url, case.param, case.target, query=(("month", f"{yesterday:%Y-%m}"),))
    inside = _get(client, case, getattr(world.a, case.target).pk)
    assert inside.status_code == 200
    assert _shows(_text(inside), world.a, case), "an in-scope id filters to the ward's objects"

    out_id = getattr(world.b, case.target).pk
    outside, missing = _get(client, case, out_id), _get(client, case, MISSING)
    assert outside.status_code == missing.status_code
    body = _normalised(outside, case, out_id)
    assert body == _normalised(missing, case, MISSING)
    assert not _shows(body, world.b, case)


@pytest.mark.parametrize("case", API_CASES, ids=lambda case: case.id)
def test_the_api_refuses_both_with_the_same_field_error(case, world, login, ward_official):
    client = login(ward_official)
    response = _get(client, case, getattr(world.b, case.target).pk)
    assert response.status_code == 400
    assert list(response.json()) == [case.param]


def test_every_api_id_filter_has_a_case():
    found = set()
    for _prefix, viewset, basename in router.registry:
        view = viewset()
        meta = getattr(viewset.serializer_class, "Meta", None)
        if meta is None:  # not a model's endpoint (coverage figures): nothing to filter by id
            assert not getattr(viewset, "filterset_class", None)
            assert not getattr(viewset, "filterset_fields", None)
            continue
        filterset = ScopedFilterBackend().get_filterset_class(view, meta.model.objects.none())
        if filterset is None:
            continue
        found |= {
            (basename, name)
            for name, filter_ in filterset.base_filters.items()
            if isinstance(filter_, QuerySetRequestMixin)
        }
    tested = {
        (case.url.removeprefix("api:").removesuffix("-list"), case.param) for case in API_CASES
    }
    assert found == tested | PUBLIC_CHOICES


def test_a_filterset_with_an_unscoped_choice_is_refused(db):
    class Leaky(ScopedFilterSet):
        ward = django_filters.ModelChoiceFilter(queryset=Resident.objects.all())

        class Meta:
            model = Resident
            fields: list[str] = []

    with pytest.raises(ImproperlyConfigured, match="ScopedModelChoiceFilter"):
        Leaky(queryset=Resident.objects.none())


def test_the_api_backend_refuses_a_filterset_that_is_not_scoped():
    class Plain(django_filters.FilterSet):
        class Meta:
            model = Resident
            fields: list[str] = []

    view = SimpleNamespace(filterset_class=Plain)
    with pytest.raises(ImproperlyConfigured, match="ScopedFilterSet"):
        ScopedFilterBackend().get_filterset_class(view, Resident.objects.none())


def test_generated_filters_choose_from_the_scope():
    class Generated(ScopedFilterSet):
        class Meta:
            model = Completion
            fields = ["resident", "class_session"]

    assert all(isinstance(f, ScopedModelChoiceFilter) for f in Generated.base_filters.values())


def _writable_relations(serializer) -> dict:
    relations = {}
    for name, field in serializer.get_fields().items():
        if isinstance(field, ManyRelatedField):
            field = field.child_relation
        if isinstance(field, RelatedField) and not field.read_only:
            relations[name] = field
    return relations


def test_every_writable_related_field_of_the_api_is_scoped():
    unscoped = [
        f"{viewset.serializer_class.__name__}.{name}"
        for _prefix, viewset, _basename in router.registry
        for name, field in _writable_relations(viewset.serializer_class(context={})).items()
        if not isinstance(field, ScopedPrimaryKeyField)
    ]
    assert not unscoped, f"use ScopedPrimaryKeyField for: {unscoped}"


def _class_body(world, **ids) -> dict:
    return {
        "hamlet": world.a.hamlet.pk,
        "lessons": [world.a.completion.lesson_id],
        "starts_at": (timezone.now() - datetime.timedelta(hours=1)).isoformat(),
        **ids,
    }


#: (URL name, field, body naming ``value`` there)
WRITE_CASES = [
    ("api:class-list", "hamlet", lambda world, value: _class_body(world, hamlet=value)),
    ("api:class-list", "attendees", lambda world, value: _class_body(world, attendees=[value])),
    ("api:resident-list", "household", lambda world, value: {"full_name": "A", "household": value}),
    ("api:household-list", "hamlet", lambda world, value: {"hamlet": value, "code": "HO-X"}),
    ("api:hamlet-list", "ward", lambda world, value: {"ward": value, "name": "Ấp X"}),
    ("api:mentor-list", "ward", lambda world, value: _mentor_body(world, ward=value)),
    ("api:mentor-list", "home_hamlet", lambda world, value: _mentor_body(world, home_hamlet=value)),
    ("api:mentor-list", "team", lambda world, value: _mentor_body(world, team=value)),
    ("api:team-list", "ward", lambda world, value: {"ward": value, "name": "Tổ X"}),
    (
        "api:team-list",
        "lead",
        lambda world, value: {"ward": world.a.ward.pk, "name": "Tổ X", "lead": value},
    ),
    (
        "api:assignment-list",
        "mentor",
        lambda world, value: {"mentor": value, "mentee": world.a.resident.pk},
    ),
    (
        "api:assignment-list",
        "mentee",
        lambda world, value: {"mentor": world.a.mentor.pk, "mentee": value},
    ),
]
WRITE_TARGETS = {
    "hamlet": "hamlet",
    "attendees": "resident",
    "household": "household",
    "home_hamlet": "hamlet",
    "mentee": "resident",
}


def _mentor_body(world, **ids) -> dict:
    return {
        "ward": world.a.ward.pk,
        "full_name": "Trần Văn X",
        "phone": "0987654321",
        "home_hamlet": world.a.hamlet.pk,
        **ids,
    }


@pytest.mark.parametrize(
    ("url", "field", "body"), WRITE_CASES, ids=[f"{u}:{f}" for u, f, _b in WRITE_CASES]
)
def test_a_write_naming_another_wards_object_answers_like_a_missing_one(
    url, field, body, world, login, ward_official
):
    client = login(ward_official)
    out_id = getattr(world.b, WRITE_TARGETS.get(field, field)).pk
    answers = [
        client.post(reverse(url), body(world, value), content_type="application/json")
        for value in (out_id, MISSING)
    ]
    assert [a.status_code for a in answers] == [400, 400]
    texts = [
        a.content.decode().replace(str(value), "ID")
        for a, value in zip(answers, (out_id, MISSING), strict=True)
    ]
    assert texts[0] == texts[1]
    assert field in answers[0].json()


def test_a_tick_naming_a_retired_lesson_answers_like_a_missing_one(world, login):
    """A mentor's lesson choice is the active lessons: a retired one is out of scope."""
    client = login(world.a.mentor.user)
    retired = LessonFactory(is_active=False)
    answers = [
        client.post(
            reverse("api:tick-list"),
            {"key": str(uuid.uuid4()), "resident": world.a.resident.pk, "lesson": value},
            content_type="application/json",
        )
        for value in (retired.pk, MISSING)
    ]
    assert [a.status_code for a in answers] == [400, 400]
    texts = [
        a.content.decode().replace(str(value), "ID")
        for a, value in zip(answers, (retired.pk, MISSING), strict=True)
    ]
    assert texts[0] == texts[1]
    assert list(answers[0].json()) == ["lesson"]
    assert not Tick.objects.filter(lesson=retired).exists()
