"""Registering a mentor one by one (sign-in card), their page, assigning and ending."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.urls import reverse

from households.tests.factories import HouseholdFactory, ResidentFactory
from literacy.accounts.roles import Role
from literacy.audit.models import AuditEvent
from mentors.models import Assignment, Mentor

from .factories import AssignmentFactory, MentorFactory
from .helpers import queries_of


def test_adding_a_mentor_creates_a_mentor_account_and_shows_the_card_once(
    login, ward_official, ward_a, hamlet_a
):
    response = login(ward_official).post(
        reverse("mentors:mentor_create", args=[ward_a.pk]),
        {
            "full_name": "Nguyễn Thị  Mai",
            "phone": "0901 234 567",
            "organisation": "womens_union",
            "home_hamlet": hamlet_a.pk,
        },
    )
    assert response.status_code == 200
    card = response.context["cards"][0]
    mentor = Mentor.objects.get()
    assert (mentor.full_name, mentor.phone, mentor.ward) == ("Nguyễn Thị Mai", "0901234567", ward_a)
    assert mentor.must_change_password and mentor.created_by == ward_official
    user = get_user_model().objects.get(username=card.username)
    assert user.role == Role.MENTOR and list(user.wards.all()) == [ward_a]
    assert user.check_password(card.code) and card.code not in user.password
    assert card.username == "mai.nguyenthi"
    assert card.code in response.content.decode()
    assert AuditEvent.objects.filter(object_type="mentor", action="create").count() == 1


def test_a_bad_phone_number_is_refused_with_a_message_on_the_field(
    login, ward_official, ward_a, hamlet_a
):
    response = login(ward_official).post(
        reverse("mentors:mentor_create", args=[ward_a.pk]),
        {
            "full_name": "Lê Văn B",
            "phone": "12ab",
            "organisation": "other",
            "home_hamlet": hamlet_a.pk,
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["phone"]
    assert not Mentor.objects.exists()


def test_mentor_page_lists_active_mentees_with_progress_in_fixed_queries(
    login, ward_official, mentor, mentee, hamlet_a
):
    client = login(ward_official)
    url = reverse("mentors:mentor_detail", args=[mentor.pk])
    few = queries_of(client, url)
    for _ in range(5):
        AssignmentFactory(
            mentor=mentor, mentee=ResidentFactory(household=HouseholdFactory(hamlet=hamlet_a))
        )
    assert queries_of(client, url) == few
    assert len(client.get(url).context["mentees"]) == 6


def test_official_assigns_an_adult_to_a_mentor_from_the_list(
    login, ward_official, mentor, hamlet_a
):
    person = ResidentFactory(household=HouseholdFactory(hamlet=hamlet_a))
    response = login(ward_official).post(
        reverse("mentors:mentor_assign", args=[mentor.pk]), {"mentee": person.pk}
    )
    assert response.status_code == 302
    assert Assignment.objects.active().get(mentee=person).mentor == mentor


def test_reassigning_from_the_adults_page_keeps_the_history(
    login, ward_official, mentor, mentee, hamlet_a
):
    other = MentorFactory(home_hamlet=hamlet_a)
    client = login(ward_official)
    response = client.post(reverse("mentors:mentee_assign", args=[mentee.pk]), {"mentor": other.pk})
    assert response.status_code == 302
    assert [a.mentor_id for a in Assignment.objects.filter(mentee=mentee).order_by("pk")] == [
        mentor.pk,
        other.pk,
    ]
    assert Assignment.objects.active().get(mentee=mentee).mentor == other


def test_ending_an_assignment_leaves_the_adult_without_mentor(login, ward_official, mentee):
    assignment = Assignment.objects.get(mentee=mentee)
    login(ward_official).post(reverse("mentors:assignment_end", args=[assignment.pk]))
    assignment.refresh_from_db()
    assert assignment.ends_at is not None


def test_a_mentor_who_leaves_has_no_more_active_mentees(login, ward_official, mentor, mentee):
    login(ward_official).post(reverse("mentors:mentor_leave", args=[mentor.pk]))
    mentor.refresh_from_db()
    assert not mentor.is_active
    assert not Assignment.objects.active().filter(mentor=mentor).exists()


def test_a_new_sign_in_code_replaces_the_old_one(login, ward_official, mentor):
    response = login(ward_official).post(reverse("mentors:mentor_new_code", args=[mentor.pk]))
    card = response.context["cards"][0]
    mentor.refresh_from_db()
    mentor.user.refresh_from_db()
    assert mentor.must_change_password
    assert mentor.user.check_password(card.code)
    assert not mentor.user.check_password("pass-12345")


def test_provincial_staff_read_but_do_not_register_mentors(login, provincial_user, ward_a, mentor):
    client = login(provincial_user)
    assert client.get(reverse("mentors:mentor_detail", args=[mentor.pk])).status_code == 200
    assert client.get(reverse("mentors:mentor_create", args=[ward_a.pk])).status_code == 403
