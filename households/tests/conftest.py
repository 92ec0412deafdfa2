"""Fixtures for the households tests: a hamlet and a household in each ward."""

from __future__ import annotations

import pytest

from .factories import HamletFactory, HouseholdFactory


@pytest.fixture
def hamlet_a(ward_a):
    return HamletFactory(ward=ward_a, name="Khu phố 1")


@pytest.fixture
def hamlet_b(ward_b):
    return HamletFactory(ward=ward_b, name="Khu phố Bên Kia")


@pytest.fixture
def household_a(hamlet_a):
    return HouseholdFactory(hamlet=hamlet_a, code="A-001")


@pytest.fixture
def household_b(hamlet_b):
    return HouseholdFactory(hamlet=hamlet_b, code="B-001")
