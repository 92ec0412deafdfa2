"""Demo hamlets for the default programme area."""

from __future__ import annotations

import random

from literacy.areas.models import Hamlet, HamletType, Ward
from literacy.bulk_insert import insert_new_rows
from literacy.table_statistics import tables_analyse

HAMLET_NAMES = ["Khu phố 1", "Khu phố 2", "Khu phố 3", "Khu phố 4", "Ấp 1", "Ấp 2"]


def seed_hamlets(
    *, rng: random.Random, residents: int, stdout, hamlets_per_ward: int = 4, workers: int = 1
) -> int:
    """Give every ward a few hamlets (idempotent: existing names are kept)."""
    wards = list(Ward.objects.order_by("code"))
    existing = set(Hamlet.objects.values_list("ward_id", "name"))
    new = []
    for ward in wards:
        kind_is_rural = ward.ward_type != "phuong"
        names = HAMLET_NAMES[4:] + ["Ấp 3", "Ấp 4"] if kind_is_rural else HAMLET_NAMES[:4]
        for name in names[:hamlets_per_ward]:
            if (ward.id, name) not in existing:
                new.append(
                    Hamlet(
                        ward=ward,
                        name=name,
                        hamlet_type=HamletType.AP if kind_is_rural else HamletType.KHU_PHO,
                    )
                )
    # A seed running at the same time may have made some: count what this one wrote.
    created = len(insert_new_rows(Hamlet, new))
    tables_analyse(models=[Hamlet])
    stdout.write(f"Hamlets: {created} created.")
    return created
