"""Train residents in the tests' curriculum: both core lessons, ticked by a mentor."""

from __future__ import annotations

from lessons.models import CompletionSource
from lessons.services.completions import completions_record


def train(people, curriculum) -> None:
    completions_record(
        residents=people,
        lessons=[curriculum.vneid, curriculum.scams],
        by=None,
        source=CompletionSource.MENTOR,
    )
