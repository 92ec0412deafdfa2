from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from literacy.areas.services import hamlet_create


def test_hamlet_names_are_unique_within_a_ward(ward_a, ward_b):
    hamlet_create(ward=ward_a, name="Khu phố 1")
    hamlet_create(ward=ward_b, name="Khu phố 1")
    with pytest.raises(ValidationError):
        hamlet_create(ward=ward_a, name="Khu phố 1")


def test_ward_official_sees_only_hamlets_of_own_ward(ward_a, ward_b, ward_official):
    from literacy.areas.models import Hamlet

    mine = hamlet_create(ward=ward_a, name="Ấp 1")
    hamlet_create(ward=ward_b, name="Ấp 2")
    assert list(Hamlet.objects.visible_to(ward_official)) == [mine]
