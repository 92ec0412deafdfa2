from __future__ import annotations

from django.core.management import call_command
from django.urls import reverse

from households.tests.factories import HouseholdFactory
from literacy.areas.models import Hamlet
from literacy.areas.services import hamlet_create
from literacy.audit.models import AuditAction, AuditEvent


def test_ward_official_lists_only_own_wards_hamlets(login, ward_official, ward_a, ward_b):
    hamlet_create(ward=ward_a, name="Ấp Của Tôi")
    hamlet_create(ward=ward_b, name="Ấp Người Khác")
    body = login(ward_official).get(reverse("areas:hamlet_list")).content.decode()
    assert "Ấp Của Tôi" in body and "Ấp Người Khác" not in body


def test_ward_official_creates_a_hamlet_in_own_ward(login, ward_official, ward_a):
    response = login(ward_official).post(
        reverse("areas:hamlet_create"),
        {"ward": ward_a.pk, "name": "  Khu phố   5 ", "hamlet_type": "khu_pho"},
    )
    assert response.status_code == 302
    hamlet = Hamlet.objects.get()
    assert hamlet.name == "Khu phố 5" and hamlet.ward == ward_a
    assert AuditEvent.objects.get(object_type="hamlet").action == AuditAction.CREATE


def test_duplicate_name_is_refused_whatever_the_case(login, ward_official, ward_a):
    hamlet_create(ward=ward_a, name="Ấp Một")
    response = login(ward_official).post(
        reverse("areas:hamlet_create"),
        {"ward": ward_a.pk, "name": "ấp một", "hamlet_type": "ap"},
    )
    assert response.status_code == 200 and "name" in response.context["form"].errors
    assert Hamlet.objects.count() == 1


def test_rename_is_logged(login, ward_official, ward_a):
    hamlet = hamlet_create(ward=ward_a, name="Tên Cũ")
    response = login(ward_official).post(
        reverse("areas:hamlet_edit", args=[hamlet.pk]), {"name": "Tên Mới", "hamlet_type": "ap"}
    )
    assert response.status_code == 302
    hamlet.refresh_from_db()
    assert (hamlet.name, hamlet.hamlet_type) == ("Tên Mới", "ap")
    event = AuditEvent.objects.get(object_type="hamlet", action=AuditAction.UPDATE)
    assert event.before["name"] == "Tên Cũ" and event.after["name"] == "Tên Mới"


def test_provincial_staff_read_but_cannot_create(login, provincial_user, ward_a):
    hamlet_create(ward=ward_a, name="Ấp Xem")
    client = login(provincial_user)
    assert "Ấp Xem" in client.get(reverse("areas:hamlet_list")).content.decode()
    assert client.get(reverse("areas:hamlet_create")).status_code == 403


def test_mentors_cannot_open_hamlets(login, mentor_user):
    assert login(mentor_user).get(reverse("areas:hamlet_list")).status_code == 403


def test_api_create_lands_in_the_officials_ward(login, ward_official, ward_a):
    response = login(ward_official).post(
        reverse("api:hamlet-list"), {"name": "Ấp API"}, content_type="application/json"
    )
    assert response.status_code == 201, response.content
    assert Hamlet.objects.get(name="Ấp API").ward == ward_a


def test_api_create_in_another_ward_answers_400(login, ward_official, ward_b):
    response = login(ward_official).post(
        reverse("api:hamlet-list"),
        {"name": "Ấp Xâm Nhập", "ward": ward_b.pk},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert not Hamlet.objects.exists()


def test_household_counts_are_the_rollups_latest_figures(login, ward_official, ward_a):
    hamlet = hamlet_create(ward=ward_a, name="Ấp Đếm")
    HouseholdFactory(hamlet=hamlet)
    client = login(ward_official)
    (before,) = client.get(reverse("areas:hamlet_list")).context["page"]
    call_command("rollup_coverage", "--full")
    HouseholdFactory(hamlet=hamlet)  # after the run: counted by the next one
    (after,) = client.get(reverse("areas:hamlet_list")).context["page"]
    assert (before.household_count, after.household_count) == (0, 1)
