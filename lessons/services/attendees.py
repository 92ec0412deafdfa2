"""A newcomer registered at a class: a resident with a birth date, in a household of the hamlet.

Without a household the person belongs to no hamlet (the hamlet's register, to-do lists and
Digital Family all go through the household), and without a birth date they never count as an
adult; so the quick-add at the venue asks for both, and makes a new household in the class's
hamlet when the person's household is not on the roster yet.
"""

from __future__ import annotations

import datetime

from django.db import transaction

from households.models import Household, Resident
from households.services import household_create, resident_create
from literacy.areas.models import Hamlet


@transaction.atomic
def attendee_register(
    *,
    by,
    hamlet: Hamlet,
    full_name: str,
    date_of_birth: datetime.date,
    household: Household | None = None,
) -> Resident:
    """Add the resident to ``household``, or to a new household of ``hamlet`` when None."""
    if household is None:
        household = household_create(by=by, hamlet=hamlet)
    return resident_create(
        by=by,
        ward=hamlet.ward,
        household=household,
        full_name=full_name,
        date_of_birth=date_of_birth,
    )
