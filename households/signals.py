"""Signals other apps listen to, so that this app need not know them (dependencies point one
way: the mentors app depends on households, not the other way round)."""

from django.dispatch import Signal

#: Sent inside the transaction that moved a resident into another ward, with ``by`` (the user),
#: ``resident`` and ``old_ward_id``. Whoever keeps per-ward links to a resident ends them here.
resident_left_ward = Signal()
