"""seed_demo's households step: realistic, valid, deterministic and idempotent."""

from __future__ import annotations

import io
import random

import pytest

from households.models import Household, Resident
from households.validators import cccd_errors
from literacy.demo.areas import seed_hamlets
from literacy.demo.households import REFERENCE_DATE, seed_households

pytestmark = pytest.mark.django_db


def _seed(residents=400, seed=7):
    out = io.StringIO()
    seed_hamlets(rng=random.Random(seed), residents=residents, stdout=out)
    made = seed_households(rng=random.Random(seed), residents=residents, stdout=out)
    return made, out.getvalue()


def _content():
    return sorted(
        Resident.objects.values_list(
            "full_name", "date_of_birth", "gender", "cccd", "phone", "vneid_level",
            "household__code", "household__hamlet__name", "ward__code",
        )
    )  # fmt: skip


def test_seeds_the_asked_number_of_valid_people_in_households(wards):
    made, out = _seed(400)
    assert made == 400 == Resident.objects.count()
    assert "400" in out
    per_household = Resident.objects.count() / Household.objects.count()
    assert 2.8 <= per_household <= 4.2
    for resident in Resident.objects.exclude(cccd=None):
        assert (
            cccd_errors(resident.cccd, date_of_birth=resident.date_of_birth, gender=resident.gender)
            == []
        ), resident
    assert Resident.objects.exclude(cccd=None).count() > 150
    assert Resident.objects.filter(vneid_level=2).exists()
    assert Resident.objects.filter(full_name__startswith="Nguyễn").count() > 60
    assert not Resident.objects.filter(name_folded="").exists()
    assert Resident.objects.filter(name_folded__startswith="nguyen").exists()
    heads = Household.objects.exclude(head=None)
    assert heads.count() == Household.objects.count()
    assert all(h.head.household_id == h.pk for h in heads.select_related("head"))


def test_age_pyramid_has_children_adults_and_elderly(wards):
    _seed(400)
    adults = Resident.objects.adults(today=REFERENCE_DATE)
    elderly = Resident.objects.elderly(today=REFERENCE_DATE)
    assert 0.15 < Resident.objects.exclude(pk__in=adults).count() / 400 < 0.40
    assert 0.45 < adults.exclude(pk__in=elderly).count() / 400 < 0.80
    assert 0.05 < elderly.count() / 400 < 0.30


def test_second_run_adds_nobody(wards):
    _seed(300)
    before = _content()
    made, out = _seed(300)
    assert made == 0
    assert _content() == before


def test_same_seed_gives_the_same_people(wards):
    _seed(300, seed=11)
    first = _content()
    Household.objects.update(head=None)
    Resident.objects.all().delete()
    Household.objects.all().delete()
    _seed(300, seed=11)
    assert _content() == first
