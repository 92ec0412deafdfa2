"""The roster's "add" forms sent twice (a double tap, the back button, a resend) create one
record, and both sends land on its page."""

from __future__ import annotations

from django.urls import reverse

from households.models import Household, Resident
from literacy.areas.models import Hamlet
from literacy.audit.models import AuditEvent
from literacy.tests.form_tokens import form_token


def _twice(client, url: str, data: dict):
    data = {**data, "idempotency_token": form_token(client, url)}
    return client.post(url, data), client.post(url, data)


def test_a_double_submitted_resident_form_adds_one_resident(login, ward_official, ward_a):
    url = reverse("households:resident_create")
    first, second = _twice(
        login(ward_official),
        url,
        {
            "ward": ward_a.pk,
            "full_name": "Phạm Văn Mới",
            "date_of_birth": "1958-03-01",
            "gender": "M",
            "vneid_level": "0",
        },  # fmt: skip
    )
    resident = Resident.objects.get()
    page = reverse("households:resident_detail", args=[resident.pk])
    assert (first["Location"], second["Location"]) == (page, page)
    assert AuditEvent.objects.filter(object_type="resident", action="create").count() == 1


def test_a_double_submitted_household_form_adds_one_household(login, ward_official, hamlet_a):
    url = reverse("households:household_create")
    first, second = _twice(login(ward_official), url, {"hamlet": hamlet_a.pk, "code": ""})
    household = Household.objects.get()
    page = reverse("households:household_detail", args=[household.pk])
    assert (first["Location"], second["Location"]) == (page, page)


def test_a_double_submitted_hamlet_form_adds_one_hamlet_without_an_error(
    login, ward_official, ward_a
):
    url = reverse("areas:hamlet_create")
    before = Hamlet.objects.filter(ward=ward_a).count()
    first, second = _twice(
        login(ward_official),
        url,
        {"ward": ward_a.pk, "name": "Khu phố 9", "hamlet_type": "khu_pho"},
    )
    assert Hamlet.objects.filter(ward=ward_a).count() == before + 1
    assert (first.status_code, second.status_code) == (302, 302)


def test_edit_forms_carry_no_token(login, ward_official, household_a):
    body = (
        login(ward_official)
        .get(reverse("households:household_edit", args=[household_a.pk]))
        .content.decode()
    )
    assert 'name="idempotency_token"' not in body
