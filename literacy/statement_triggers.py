"""The three events of a statement-level trigger with transition tables (django-pgtrigger).

PostgreSQL allows transition tables only on single-event triggers, so a table watched per
statement gets one trigger per event, each seeing its rows as ``new_rows`` and/or ``old_rows``.
"""

from __future__ import annotations

import pgtrigger

#: (event name, operation, transition tables)
EVENTS = (
    ("insert", pgtrigger.Insert, {"new": "new_rows"}),
    ("update", pgtrigger.Update, {"old": "old_rows", "new": "new_rows"}),
    ("delete", pgtrigger.Delete, {"old": "old_rows"}),
)
