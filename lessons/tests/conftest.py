"""Fixtures for the lessons tests: a throwaway MEDIA_ROOT and a resident already trained."""

from __future__ import annotations

import pytest
from django.utils import timezone

from households.models import Resident
from households.tests.factories import ResidentFactory
from lessons.models import Completion, CompletionSource
from lessons.services.training import residents_training_refresh

from .factories import LessonFactory


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def trained_resident(ward_a):
    """A resident who completed both core lessons (and is therefore trained)."""
    resident = ResidentFactory(ward=ward_a)
    for lesson in (LessonFactory(), LessonFactory()):
        Completion.objects.create(
            resident=resident,
            lesson=lesson,
            completed_at=timezone.now(),
            source=CompletionSource.CLASS,
        )
    residents_training_refresh()
    assert Resident.objects.trained().count() == 1
    return resident
