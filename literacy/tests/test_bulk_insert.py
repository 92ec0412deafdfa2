"""``insert_new_rows`` says which rows it wrote: those a unique constraint held are left out."""

from __future__ import annotations

from literacy.areas.models import Hamlet
from literacy.bulk_insert import insert_new_rows


def test_only_the_rows_written_come_back_with_the_fields_asked_for(ward_a):
    kept = Hamlet.objects.create(ward=ward_a, name="Ấp 1")
    rows = [Hamlet(ward=ward_a, name=name) for name in ("Ấp 1", "Ấp 2", "Ấp 2", "Ấp 3")]
    written = insert_new_rows(Hamlet, rows, returning=("pk", "name", "ward"))
    assert sorted((row["name"], row["ward"]) for row in written) == [
        ("Ấp 2", ward_a.pk),
        ("Ấp 3", ward_a.pk),
    ]
    assert kept.pk not in {row["pk"] for row in written}
    assert Hamlet.objects.filter(ward=ward_a).count() == 3
    assert all(h.created_at for h in Hamlet.objects.filter(ward=ward_a))  # auto_now_add filled
