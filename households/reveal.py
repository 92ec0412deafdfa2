"""The one way a full citizen ID (CCCD) reaches an answer: every view of it is audited, once.

Pages show the masked number (``********1234``) except to people who manage the resident. The
full number goes into a page only as a :class:`RevealedCccd`: writing it out (``str()``, which
is what a template or a form widget does) records the view in the audit log, the first time
only. So the record exists exactly when, and as often as, the number is on screen: a page that
has the value but does not print it (a branch not taken) logs nothing, and a page that prints
it twice logs it once. ``literacy/tests/test_cccd_reveals.py`` walks every URL to hold this.
"""

from __future__ import annotations

from .models import Resident
from .services import resident_record_view


class RevealedCccd:
    """A resident's full CCCD on its way into an answer; the view is logged when written out."""

    def __init__(self, *, resident: Resident, by) -> None:
        self._resident = resident
        self._by = by
        self._logged = False

    def __str__(self) -> str:
        if not self._logged:
            resident_record_view(by=self._by, resident=self._resident)
            self._logged = True
        return self._resident.cccd or ""

    def __bool__(self) -> bool:
        return bool(self._resident.cccd)

    def __repr__(self) -> str:  # never the number itself (debug pages, logs)
        return f"<RevealedCccd {self._resident.cccd_masked}>"


def cccd_shown(*, resident: Resident, by, full: bool) -> RevealedCccd | str:
    """What ``by`` sees of the resident's CCCD: the full number when ``full`` (they manage the
    resident; logged when shown), the masked one otherwise ('' when there is none)."""
    if full and resident.cccd:
        return RevealedCccd(resident=resident, by=by)
    return resident.cccd_masked
