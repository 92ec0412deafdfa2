"""A full CCCD reaches a page only through households.reveal: each page that shows it leaves one
audit record of the view; a page that does not show it leaves none."""

from __future__ import annotations

from django.urls import reverse

from households.reveal import RevealedCccd, cccd_shown
from literacy.audit.models import AuditAction, AuditEvent

from .factories import ResidentFactory

CCCD = "074058001234"


def _views():
    return list(
        AuditEvent.objects.filter(action=AuditAction.VIEW).values_list("actor", "object_id")
    )


def test_the_edit_form_shows_the_full_cccd_and_logs_one_view(login, ward_official, household_a):
    resident = ResidentFactory(household=household_a, cccd=CCCD)
    body = login(ward_official).get(reverse("households:resident_edit", args=[resident.pk]))
    assert f'value="{CCCD}"' in body.content.decode()
    assert _views() == [(ward_official.pk, str(resident.pk))]


def test_a_refused_edit_logs_no_new_view(login, ward_official, household_a):
    resident = ResidentFactory(household=household_a, cccd=CCCD)
    response = login(ward_official).post(
        reverse("households:resident_edit", args=[resident.pk]),
        {"full_name": "", "gender": "M", "vneid_level": "0", "cccd": CCCD},
    )
    assert response.status_code == 200 and "full_name" in response.context["form"].errors
    assert _views() == []  # the input holds what the browser sent, not the stored number


def test_a_saved_edit_keeps_the_cccd(login, ward_official, household_a):
    resident = ResidentFactory(household=household_a, cccd=CCCD)
    login(ward_official).post(
        reverse("households:resident_edit", args=[resident.pk]),
        {
            "full_name": "Tên Mới",
            "date_of_birth": "1958-03-01",
            "gender": "M",
            "vneid_level": "0",
            "cccd": CCCD,
        },
    )
    resident.refresh_from_db()
    assert (resident.full_name, resident.cccd) == ("Tên Mới", CCCD)


def test_residents_without_a_cccd_log_no_view(login, ward_official, household_a):
    resident = ResidentFactory(household=household_a, cccd=None)
    client = login(ward_official)
    client.get(reverse("households:resident_detail", args=[resident.pk]))
    client.get(reverse("households:resident_edit", args=[resident.pk]))
    assert _views() == []


def test_the_number_written_twice_is_logged_once(ward_official, household_a):
    resident = ResidentFactory(household=household_a, cccd=CCCD)
    revealed = cccd_shown(resident=resident, by=ward_official, full=True)
    assert isinstance(revealed, RevealedCccd)
    assert bool(revealed) and _views() == []  # deciding whether to print it is not a view
    assert f"{revealed} {revealed}" == f"{CCCD} {CCCD}"
    assert len(_views()) == 1
    assert CCCD not in repr(revealed)


def test_people_who_do_not_manage_the_resident_get_the_masked_number(provincial_user, household_a):
    resident = ResidentFactory(household=household_a, cccd=CCCD)
    assert cccd_shown(resident=resident, by=provincial_user, full=False) == "********1234"
    assert _views() == []
