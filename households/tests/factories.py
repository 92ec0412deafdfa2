"""Factories for residents, households and hamlets (factory-boy). B2's import tests use them too."""

from __future__ import annotations

import datetime

import factory

from households.models import Household, Resident
from literacy.areas.models import Hamlet


class HamletFactory(factory.django.DjangoModelFactory):
    """A hamlet; pass ``ward=`` (wards come from the ``wards`` fixture, loaded from the package)."""

    class Meta:
        model = Hamlet
        django_get_or_create = ("ward", "name")

    name = factory.Sequence(lambda n: f"Khu phố {n + 1}")


class HouseholdFactory(factory.django.DjangoModelFactory):
    """A household; its ward follows its hamlet unless given."""

    class Meta:
        model = Household

    hamlet = factory.SubFactory(HamletFactory)
    ward = factory.LazyAttribute(lambda o: o.hamlet.ward)
    code = factory.Sequence(lambda n: f"HO{n + 1:05d}")
    address = factory.Sequence(lambda n: f"{n + 1} Đường Lê Lợi")


class ResidentFactory(factory.django.DjangoModelFactory):
    """A resident; pass ``household=`` (ward follows it) or ``ward=`` (no household)."""

    class Meta:
        model = Resident

    household = None
    ward = factory.LazyAttribute(lambda o: o.household.ward if o.household else None)
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Người {n + 1}")
    date_of_birth = datetime.date(1980, 5, 17)
    gender = "M"
