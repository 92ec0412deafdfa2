"""Suggest assignments: the official reviews, edits and confirms in one step, all or nothing."""

from __future__ import annotations

from django.urls import reverse

from households.tests.factories import HouseholdFactory, ResidentFactory
from literacy.audit.models import AuditEvent
from mentors.models import Assignment

from .factories import AssignmentFactory, MentorFactory


def _adults(hamlet, count):
    return [ResidentFactory(household=HouseholdFactory(hamlet=hamlet)) for _ in range(count)]


def _post_rows(rows, *, drop=(), mentor_of=None) -> dict:
    data = {"mentee": [p.mentee_id for p, _r, _k in rows]}
    for proposal, _resident, _keep in rows:
        data[f"mentor-{proposal.mentee_id}"] = (mentor_of or {}).get(
            proposal.mentee_id, proposal.mentor_id
        )
        if proposal.mentee_id not in drop:
            data[f"keep-{proposal.mentee_id}"] = "1"
    return data


def test_the_proposal_is_shown_for_review_and_nothing_is_stored(
    login, ward_official, ward_a, hamlet_a
):
    MentorFactory(home_hamlet=hamlet_a)
    _adults(hamlet_a, 3)
    response = login(ward_official).get(reverse("mentors:suggest", args=[ward_a.pk]))
    assert response.status_code == 200
    assert len(response.context["rows"]) == 3
    assert not Assignment.objects.exists()


def test_confirming_applies_the_kept_and_edited_rows_at_once_and_audits_each(
    login, ward_official, ward_a, hamlet_a
):
    first, second = MentorFactory(home_hamlet=hamlet_a), MentorFactory(home_hamlet=hamlet_a)
    people = _adults(hamlet_a, 4)
    client = login(ward_official)
    url = reverse("mentors:suggest", args=[ward_a.pk])
    rows = client.get(url).context["rows"]
    response = client.post(
        url,
        _post_rows(rows, drop={people[0].pk}, mentor_of={people[1].pk: second.pk}),
    )
    assert response.status_code == 302
    active = dict(Assignment.objects.active().values_list("mentee_id", "mentor_id"))
    assert people[0].pk not in active
    assert active[people[1].pk] == second.pk
    assert len(active) == 3
    assert AuditEvent.objects.filter(object_type="mentee_assignment").count() == 3
    assert first.pk in active.values() or second.pk in active.values()


def test_a_row_someone_assigned_meanwhile_makes_nothing_apply(
    login, ward_official, ward_a, hamlet_a
):
    mentor = MentorFactory(home_hamlet=hamlet_a)
    people = _adults(hamlet_a, 3)
    client = login(ward_official)
    url = reverse("mentors:suggest", args=[ward_a.pk])
    rows = client.get(url).context["rows"]
    AssignmentFactory(mentor=MentorFactory(home_hamlet=hamlet_a), mentee=people[2])
    response = client.post(url, _post_rows(rows))
    assert response.status_code == 400
    assert response.context["error"]
    assert not Assignment.objects.filter(mentor=mentor).exists()


def test_an_edit_above_the_cap_is_refused_and_the_edits_come_back(
    login, ward_official, ward_a, hamlet_a
):
    mentor = MentorFactory(home_hamlet=hamlet_a)
    other = MentorFactory(home_hamlet=hamlet_a)
    _adults(hamlet_a, 4)
    client = login(ward_official)
    url = reverse("mentors:suggest", args=[ward_a.pk]) + "?cap=3&limit=100"
    rows = client.get(url).context["rows"]
    everyone_to_one = {p.mentee_id: mentor.pk for p, _r, _k in rows}
    response = client.post(url, _post_rows(rows, mentor_of=everyone_to_one))
    assert response.status_code == 400
    assert mentor.full_name in response.context["error"]
    assert {p.mentor_id for p, _r, _k in response.context["rows"]} == {mentor.pk}
    assert not Assignment.objects.exists()
    assert other.pk != mentor.pk


def test_mentors_of_another_ward_cannot_be_slipped_into_the_confirmation(
    login, ward_official, ward_a, ward_b, hamlet_a
):
    from households.tests.factories import HamletFactory

    MentorFactory(home_hamlet=hamlet_a)
    outsider = MentorFactory(home_hamlet=HamletFactory(ward=ward_b, name="Ấp B"))
    person = _adults(hamlet_a, 1)[0]
    response = login(ward_official).post(
        reverse("mentors:suggest", args=[ward_a.pk]),
        {"mentee": [person.pk], f"mentor-{person.pk}": outsider.pk, f"keep-{person.pk}": "1"},
    )
    assert response.status_code == 400
    assert not Assignment.objects.exists()


def test_a_full_page_of_rows_is_confirmed_within_the_form_field_limits(
    login, ward_official, ward_a, hamlet_a
):
    for _ in range(25):
        MentorFactory(home_hamlet=hamlet_a)
    _adults(hamlet_a, 250)
    client = login(ward_official)
    url = reverse("mentors:suggest", args=[ward_a.pk]) + "?cap=10&limit=250"
    rows = client.get(url).context["rows"]
    assert len(rows) == 250
    response = client.post(url, _post_rows(rows))
    assert response.status_code == 302
    assert Assignment.objects.active().count() == 250
