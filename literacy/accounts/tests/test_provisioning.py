from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from literacy.accounts.roles import Role
from literacy.audit.models import AuditEvent

User = get_user_model()


def test_ward_official_creates_a_mentor_in_their_ward(login, ward_official, ward_a):
    client = login(ward_official)
    response = client.post(
        reverse("accounts:user_create"),
        {
            "username": "new_mentor",
            "email": "new_mentor@example.vn",
            "first_name": "Lan",
            "last_name": "Nguyễn",
            "role": Role.MENTOR,
            "wards": [ward_a.pk],
        },
    )
    assert response.status_code == 302
    mentor = User.objects.get(username="new_mentor")
    assert mentor.role == Role.MENTOR
    assert list(mentor.wards.all()) == [ward_a]
    assert not mentor.has_usable_password()
    event = AuditEvent.objects.get(object_type="user", object_id=str(mentor.pk))
    assert event.action == "create"
    assert event.actor == ward_official
    assert event.ward == ward_a


def test_ward_officials_choices_offer_only_their_wards_and_roles(login, ward_official, ward_b):
    client = login(ward_official)
    form = client.get(reverse("accounts:user_create")).context["form"]
    assert list(form.fields["wards"].queryset) == list(ward_official.wards.all())
    assert {value for value, _label in form.fields["role"].choices} == {"mentor", "team_lead"}


def test_ward_official_cannot_create_an_account_in_another_ward(login, ward_official, ward_b):
    client = login(ward_official)
    response = client.post(
        reverse("accounts:user_create"),
        {"username": "sneaky", "email": "s@example.vn", "role": "mentor", "wards": [ward_b.pk]},
    )
    assert response.status_code == 200
    assert "wards" in response.context["form"].errors
    assert not User.objects.filter(username="sneaky").exists()


def test_ward_official_cannot_create_a_ward_official(login, ward_official, ward_a):
    client = login(ward_official)
    client.post(
        reverse("accounts:user_create"),
        {
            "username": "boss",
            "email": "b@example.vn",
            "role": "ward_official",
            "wards": [ward_a.pk],
        },
    )
    assert not User.objects.filter(username="boss").exists()


def test_provincial_staff_create_a_ward_official_with_a_password(login, provincial_user, wards):
    client = login(provincial_user)
    response = client.post(
        reverse("accounts:user_create"),
        {
            "username": "official_new",
            "email": "official_new@example.vn",
            "role": Role.WARD_OFFICIAL,
            "wards": [w.pk for w in wards],
            "password": "a-Long-pass-2026",
        },
    )
    assert response.status_code == 302
    official = User.objects.get(username="official_new")
    assert official.check_password("a-Long-pass-2026")
    assert set(official.wards.all()) == set(wards)


def test_editing_keeps_wards_outside_the_editors_scope(
    login, ward_official, make_user, ward_a, ward_b
):
    mentor = make_user("two_wards", Role.MENTOR, wards=[ward_a, ward_b])
    client = login(ward_official)
    response = client.post(
        reverse("accounts:user_edit", args=[mentor.pk]),
        {"email": "x@example.vn", "first_name": "X", "role": "team_lead", "wards": [ward_a.pk]},
    )
    assert response.status_code == 302
    mentor.refresh_from_db()
    assert mentor.role == Role.TEAM_LEAD
    assert set(mentor.wards.all()) == {ward_a, ward_b}
    event = AuditEvent.objects.get(action="update", object_id=str(mentor.pk))
    assert event.before["role"] == "mentor" and event.after["role"] == "team_lead"


def test_other_wards_accounts_answer_404(login, ward_official, make_user, ward_b):
    mentor_b = make_user("mentor_b", Role.MENTOR, wards=[ward_b])
    client = login(ward_official)
    assert client.get(reverse("accounts:user_edit", args=[mentor_b.pk])).status_code == 404
    assert client.post(reverse("accounts:user_deactivate", args=[mentor_b.pk])).status_code == 404
    mentor_b.refresh_from_db()
    assert mentor_b.is_active


@pytest.mark.parametrize("fixture", ["mentor_user", "team_lead_user"])
def test_mentors_and_team_leads_provision_no_one(request, login, fixture):
    client = login(request.getfixturevalue(fixture))
    assert client.get(reverse("accounts:user_list")).status_code == 403
    assert client.get(reverse("accounts:user_create")).status_code == 403


def test_deactivation_ends_sessions_and_tokens_at_once(client, login, ward_official, mentor_user):
    from django.contrib.sessions.models import Session
    from django.test import Client
    from rest_framework.authtoken.models import Token

    mentor_client = Client()
    mentor_client.force_login(mentor_user)
    mentor_client.get("/")
    token = Token.objects.create(user=mentor_user)
    assert mentor_user.login_sessions.count() == 1

    official_client = login(ward_official)
    response = official_client.post(reverse("accounts:user_deactivate", args=[mentor_user.pk]))
    assert response.status_code == 302

    mentor_user.refresh_from_db()
    assert not mentor_user.is_active
    assert not Token.objects.filter(pk=token.pk).exists()
    assert not mentor_user.login_sessions.exists()
    session_key = mentor_client.cookies["sessionid"].value
    assert not Session.objects.filter(session_key=session_key).exists()
    assert mentor_client.get(reverse("accounts:user_list")).status_code == 302  # signed out
    api = Client(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert api.get("/api/v1/").status_code == 401
    event = AuditEvent.objects.filter(object_id=str(mentor_user.pk)).latest("id")
    assert event.after["is_active"] is False


def test_deactivating_in_the_admin_also_ends_sessions(mentor_user):
    from django.contrib.sessions.models import Session
    from django.test import Client

    mentor_client = Client()
    mentor_client.force_login(mentor_user)
    session_key = mentor_client.cookies["sessionid"].value
    assert Session.objects.filter(session_key=session_key).exists()
    assert mentor_user.login_sessions.count() == 1
    mentor_user.is_active = False
    mentor_user.save()
    assert not mentor_user.login_sessions.exists()
    assert not Session.objects.filter(session_key=session_key).exists()


def test_list_shows_scope_with_a_fixed_number_of_queries(
    login, ward_official, make_user, ward_a, ward_b, django_assert_max_num_queries
):
    for i in range(5):
        make_user(f"m{i}", Role.MENTOR, wards=[ward_a])
    make_user("mentor_b", Role.MENTOR, wards=[ward_b])
    client = login(ward_official)
    with django_assert_max_num_queries(15):
        body = client.get(reverse("accounts:user_list")).content.decode()
    assert "m4" in body
    assert "mentor_b" not in body


def test_an_account_made_without_a_password_sets_one_by_email(
    client, login, ward_official, ward_a, mailoutbox
):
    login(ward_official).post(
        reverse("accounts:user_create"),
        {"username": "no_pw", "email": "no_pw@example.vn", "role": "mentor", "wards": [ward_a.pk]},
    )
    client.logout()
    response = client.post(reverse("account_reset_password"), {"email": "no_pw@example.vn"})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert "/accounts/password/reset/key/" in mailoutbox[0].body
